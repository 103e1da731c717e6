"""The rule catalogue. Importing this package registers every rule family."""

from powerctl.rules import disclosure, files, flowchart, meetings, org, refs, risks, waivers
from powerctl.rules.base import CATALOG, Rule

__all__ = [
    "CATALOG",
    "Rule",
    "disclosure",
    "files",
    "flowchart",
    "meetings",
    "org",
    "refs",
    "risks",
    "waivers",
]

"""The rule catalogue. Importing this package registers every rule family."""

from powerctl.rules import files, flowchart, refs, waivers
from powerctl.rules.base import CATALOG, Rule

__all__ = ["CATALOG", "Rule", "files", "flowchart", "refs", "waivers"]

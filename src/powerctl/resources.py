"""Where the shipped schemas and templates are: inside the installed package (the wheel carries
them, see pyproject.toml), or at the top of a source checkout."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def resource_dir(name: str) -> Path:
    packaged = Path(str(resources.files("powerctl"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"powerctl is installed without its {name}/ folder")


def schema_dir() -> Path:
    return resource_dir("schemas")


def template_dir() -> Path:
    return resource_dir("templates")

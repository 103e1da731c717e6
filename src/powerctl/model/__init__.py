"""Plain dataclasses for the registry (STYLE.md), built once per run by `build_registry`."""

from powerctl.model.build import build_registry
from powerctl.model.registry import Registry

__all__ = ["Registry", "build_registry"]

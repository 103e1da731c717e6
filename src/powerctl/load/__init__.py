"""Files -> parsed documents with source positions (STYLE.md: load -> model -> check -> report)."""

from powerctl.load.document import Document, Kind
from powerctl.load.registry import LoadedRegistry, load_registry

__all__ = ["Document", "Kind", "LoadedRegistry", "load_registry"]

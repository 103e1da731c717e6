"""Files -> parsed documents with source positions (STYLE.md: load -> model -> check -> report)."""

from typing import TYPE_CHECKING, Any

from powerctl.load.document import Document, Kind

if TYPE_CHECKING:
    from powerctl.load.registry import LoadedRegistry


def __getattr__(name: str) -> Any:
    # the parsers are imported only by commands that read records (start-up, benchmarks.md B7)
    if name == "LoadedRegistry":
        from powerctl.load.registry import LoadedRegistry

        return LoadedRegistry
    raise AttributeError(name)


__all__ = ["Document", "Kind", "LoadedRegistry"]

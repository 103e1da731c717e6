"""The render cache (`<registry>/.powerctl-cache/render/`): rendered public output (pages, SVG
flowcharts, the feed, search index shards) keyed by a content hash of everything that made it.

Rules (benchmarks.md B4): safe to delete at any time; never wrong (a key covers the inputs, the
templates, the powerctl code and version, and the language; a damaged entry is a miss, never an
error); written atomically; private (folder 0700, files 0600), because even public records are
the registry's data. It only ever holds output made from the PublicView, so nothing internal can
be read from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from powerctl import __version__
from powerctl.resources import template_dir
from powerctl.scaffold.files import atomic_write

log = logging.getLogger(__name__)

_MODEL = "powerctl.model"  # its dataclasses are records: hashed whole, once each
_MAGIC = b"powerctl-render-cache 1\n"
_DIGEST = 32  # sha256 of the payload, stored after the magic: a truncated entry is a miss


class BlobCache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


def digest(*parts: str | bytes) -> str:
    """sha256 over length-prefixed parts (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(raw).to_bytes(8, "little"))
        h.update(raw)
    return h.hexdigest()


@cache
def code_key() -> str:
    """The version, the powerctl source and the site templates: a change to any of them (even
    without a version bump, as in a checkout) makes every entry a miss."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(package.rglob("*.py")) + sorted((template_dir() / "site").glob("*"))
    parts: list[str | bytes] = [__version__]
    for path in files:
        if path.is_file():
            parts += [path.name, path.read_bytes()]
    return digest(*parts)


class RenderCache:
    """Blobs under `folder`, one file per key (fanned out by the key's first two characters)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self._ready = False

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            return None
        head = len(_MAGIC) + _DIGEST
        if len(raw) < head or not raw.startswith(_MAGIC):
            return None
        payload = raw[head:]
        if hashlib.sha256(payload).digest() != raw[len(_MAGIC) : head]:
            return None  # truncated or damaged: a miss
        return payload

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        path = self._path(key)
        try:
            self._private_folder(path.parent)
            atomic_write(path, _MAGIC + hashlib.sha256(data).digest() + data)
            os.chmod(path, 0o600)
        except OSError as exc:  # a cache that cannot be written is no cache, not a failure
            log.info("render cache: %s", exc)

    def _private_folder(self, folder: Path) -> None:
        if not self._ready:
            for parent in (self.folder.parent, self.folder):
                parent.mkdir(mode=0o700, exist_ok=True)
                os.chmod(parent, 0o700)
            self._ready = True
        if not folder.is_dir():
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)

    def prune(self, keep_factor: int = 3) -> None:
        """Drop entries this run did not use once they outnumber the used ones `keep_factor`
        times (a few languages and dates stay warm; a cache does not grow without bound)."""
        if not self.folder.is_dir():
            return
        entries = [p for sub in self.folder.iterdir() if sub.is_dir() for p in sub.iterdir()]
        if len(entries) <= keep_factor * max(len(self.used), 1):
            return
        for path in entries:
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def open_cache(cache_dir: Path | None) -> RenderCache | None:
    return None if cache_dir is None else RenderCache(Path(cache_dir) / "render")


# --- a stable digest of what a template is given ----------------------------------------------


class Undigestable(TypeError):
    """A value whose content cannot be hashed (a function that is not a recorded lookup): the
    page is rendered, not cached."""


def _pickled(value: Any) -> bytes:
    """A record's content as bytes: pickle without its memo (`fast`), so the bytes depend only on
    the values, never on which equal strings happen to be the same object."""
    buffer = _Buffer()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: shared and copied values give the same bytes
    pickler.dump(value)
    return buffer.value()


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def value(self) -> bytes:
        return b"".join(self.parts)


class Digester:
    """Content digests of template inputs. Records from the model are hashed once each (by
    identity, for this run only: the objects do not change while a site is built); containers
    and page-level dataclasses are walked. Functions must be named lookups (`Lookups`)."""

    _SCALARS = (str, int, float, bool, type(None), bytes, dt.date, dt.datetime)

    def __init__(self, functions: Mapping[int, str] | None = None) -> None:
        self.functions = dict(functions or {})  # id(function) -> its name
        self._memo: dict[int, tuple[Any, str]] = {}  # keeps the object alive with its digest

    def of(self, value: Any) -> str:
        h = hashlib.sha256()
        self._feed(h, value)
        return h.hexdigest()

    def _once(self, value: Any, walk: Callable[[Any, Any], None]) -> str:
        """The digest of a tuple or a page-level dataclass, walked once per object: the pages
        share them (one history entry appears on the history rows of every power it touched),
        and nothing changes them while the site is written."""
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        h = hashlib.sha256()
        walk(h, value)
        text = h.hexdigest()
        self._memo[id(value)] = (value, text)
        return text

    def _walk_tuple(self, h: Any, value: tuple[Any, ...]) -> None:
        h.update(f"{type(value).__qualname__}{len(value)}".encode())
        for item in value:
            self._feed(h, item)

    def _walk_dataclass(self, h: Any, value: Any) -> None:
        kind = type(value)
        h.update(f"{kind.__module__}.{kind.__qualname__}".encode())
        for spec in dataclasses.fields(value):
            self._feed(h, getattr(value, spec.name))

    def _record(self, value: Any) -> str:
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        try:
            text = hashlib.sha256(_pickled(value)).hexdigest()
        except Exception as exc:
            raise Undigestable(f"{type(value).__name__}: {exc}") from exc
        self._memo[id(value)] = (value, text)
        return text

    def _feed(self, h: Any, value: Any) -> None:
        kind = type(value)
        if isinstance(value, self._SCALARS) and not isinstance(value, enum.Enum):
            h.update(f"\x00{kind.__module__}.{kind.__qualname__}\x00{value!r}".encode())
        elif kind.__module__.startswith(_MODEL) and dataclasses.is_dataclass(value):
            h.update(b"\x01" + self._record(value).encode())
        elif isinstance(value, Mapping):
            h.update(f"\x02{kind.__qualname__}{len(value)}".encode())
            for key, item in value.items():
                self._feed(h, key)
                self._feed(h, item)
        elif isinstance(value, tuple):
            h.update(b"\x08" + self._once(value, self._walk_tuple).encode())
        elif isinstance(value, list):
            h.update(f"\x03{len(value)}".encode())
            for item in value:
                self._feed(h, item)
        elif isinstance(value, set | frozenset):
            h.update(f"\x04{len(value)}".encode())
            for text in sorted(self.of(item) for item in value):
                h.update(text.encode())
        elif isinstance(value, enum.Enum):
            h.update(f"\x05{kind.__qualname__}.{value.name}".encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            h.update(b"\x06" + self._once(value, self._walk_dataclass).encode())
        elif callable(value) and id(value) in self.functions:
            h.update(f"\x07{self.functions[id(value)]}".encode())
        else:
            raise Undigestable(f"cannot digest a {kind.__qualname__}")


# --- look-ups by id, recorded per page -------------------------------------------------------


class Lookups:
    """The registry look-ups templates make by id (a person's name, a power's title, ...).
    While a page renders, every call and its answer is recorded; a cached page is reused only
    when each recorded call still gives the same answer. A page's output thus depends on its
    context (digested) and on these answers: an edit to one person's name re-renders only the
    pages that show that name."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]], digester: Digester) -> None:
        self.functions = dict(functions)
        self.digester = digester
        self.calls: dict[tuple[str, tuple[str, ...]], str] | None = None
        self.wrapped = {name: self._wrap(name, fn) for name, fn in self.functions.items()}

    def _wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: str) -> Any:
            answer = fn(*args)
            if self.calls is not None:
                key = (name, tuple(args))
                if key not in self.calls:
                    self.calls[key] = self.digester.of(answer)
            return answer

        return call

    def record(self) -> None:
        self.calls = {}

    def stop(self) -> list[list[Any]]:
        calls, self.calls = self.calls or {}, None
        return [[name, list(args), answer] for (name, args), answer in calls.items()]

    def still_valid(self, calls: Iterable[Any]) -> bool:
        try:
            for name, args, answer in calls:
                fn = self.functions.get(name)
                if fn is None or self.digester.of(fn(*args)) != answer:
                    return False
        except Exception:  # a malformed entry: a miss
            return False
        return True

"""`.powerctl-cache/`: results of earlier runs, keyed on content hashes (benchmarks.md).

Never wrong, safe to delete:
- every entry is keyed on what produced it (file bytes, powerctl version, schemas, settings), so
  a changed input is a miss, never a stale hit;
- entries are pickles, and a registry is written by many hands (a pull request could add a
  `.powerctl-cache/` folder): every entry carries an HMAC made with a key that lives in the
  user's own cache folder (~/.cache/powerctl/key, 0600), outside the registry. An entry that does
  not verify is ignored, never unpickled;
- the folder is 0700 and its files 0600, since records that are not public pass through it;
- a folder that is a symbolic link, or not ours, is not used; writes are atomic; any problem
  reading or writing only costs speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import pickle
import stat
from pathlib import Path
from typing import Any

from powerctl.atomic import atomic_write

log = logging.getLogger(__name__)

CACHE_DIR = ".powerctl-cache"
_KEY_BYTES = 32
_MAC_BYTES = 32


def digest(*parts: bytes | str) -> str:
    """A short, stable hash of `parts` for keys and file names."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _user_cache_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "powerctl"


_key_memo: bytes | None = None


def signing_key() -> bytes:
    """The per-user key that signs cache entries; made on first use. If it cannot be stored,
    a per-process key is used (the cache then only helps within one run)."""
    global _key_memo
    if _key_memo is not None:
        return _key_memo
    home = _user_cache_home()
    path = home / "key"
    try:
        data = path.read_bytes()
        info = os.stat(path)
        if len(data) == _KEY_BYTES and info.st_uid == os.getuid() and not info.st_mode & 0o077:
            _key_memo = data
            return data
    except OSError:
        pass
    import secrets

    key = secrets.token_bytes(_KEY_BYTES)
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, key, private=True)
    except OSError as exc:
        log.debug("cannot store the cache key in %s: %s", home, exc)
    _key_memo = key
    return key


def cache_folder(root: Path, create: bool = True) -> Path | None:
    """`root/.powerctl-cache`, when it is (or can be made) a private folder of ours."""
    folder = root / CACHE_DIR
    try:
        if create and not os.path.lexists(folder):
            folder.mkdir(mode=0o700)
            ignore = folder / ".gitignore"  # a cache never belongs in the records' history
            atomic_write(ignore, "*\n", private=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return None  # a symbolic link or someone else's folder: not ours to read or write
    if info.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError:
            return None
    return folder


def _own_file(info: os.stat_result) -> bool:
    """A regular file (not a link, not a device) that we own: the only kind of entry we read."""
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()


class Store:
    """Signed pickles in one cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.key = signing_key()

    def _path(self, name: str) -> Path:
        return self.folder / name

    def load(self, name: str) -> Any | None:
        path = self._path(name)
        try:
            info = os.lstat(path)
            if not _own_file(info):
                return None
            blob = path.read_bytes()
        except OSError:
            return None
        mac, payload = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
        expected = hmac.new(self.key, payload, hashlib.sha256).digest()
        if len(mac) != _MAC_BYTES or not hmac.compare_digest(mac, expected):
            log.debug("cache entry %s does not verify; ignored", path)
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # a signed but unreadable entry (another powerctl version): a miss
            return None

    def store(self, name: str, value: Any) -> None:
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            mac = hmac.new(self.key, payload, hashlib.sha256).digest()
            atomic_write(self._path(name), mac + payload, private=True)
        except (OSError, pickle.PicklingError, RecursionError) as exc:
            log.debug("cannot write cache entry %s: %s", name, exc)

    def touch(self, name: str) -> None:
        """Mark an entry as recently used (pruning keeps the most recent)."""
        with contextlib.suppress(OSError):
            os.utime(self._path(name))

    def prune(self, prefix: str, newest: str, keep: int = 1) -> None:
        """Keep `newest` and the `keep - 1` most recently used other entries `prefix*`; older
        ones (another powerctl version, other schemas, old settings) go."""
        try:
            others = [
                p for p in self.folder.glob(f"{prefix}*") if p.name != newest and p.suffix != ".tmp"
            ]
            others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for path in others[keep - 1 :]:
                path.unlink(missing_ok=True)
        except OSError:
            pass


_MAGIC = b"PCPACK1\n"
_LEN = 4


class PackWriter:
    """A pack of entries `(name, digest) -> body`, written as a stream (bodies are pickled one at
    a time, never all at once), signed at the end and moved into place atomically."""

    def __init__(self, store: Store, name: str) -> None:
        import tempfile

        self.store = store
        self.target = store.folder / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=store.folder)
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb")
        self.mac = hmac.new(store.key, digestmod=hashlib.sha256)
        self._write(_MAGIC)

    def _write(self, data: bytes) -> None:
        self.handle.write(data)
        self.mac.update(data)

    def add_raw(self, name: str, key: str, body: bytes) -> None:
        header = pickle.dumps((name, key), protocol=pickle.HIGHEST_PROTOCOL)
        self._write(len(header).to_bytes(_LEN, "little") + header)
        self._write(len(body).to_bytes(_LEN, "little"))
        self._write(body)

    def add(self, name: str, key: str, value: Any) -> None:
        self.add_raw(name, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def commit(self) -> None:
        try:
            self.handle.write(self.mac.digest())
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.tmp, self.target)
        except OSError as exc:
            log.debug("cannot write cache pack %s: %s", self.target, exc)
            self.abort()

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        self.tmp.unlink(missing_ok=True)


class Pack:
    """A verified pack, read from its open file one entry at a time (never all of it in
    memory: a county archive's pack is tens of MB)."""

    def __init__(self, fd: int, size: int) -> None:
        self.fd = fd
        self.index: dict[str, tuple[str, int, int]] = {}  # name -> (digest, start, end)
        at = len(_MAGIC)
        end = size - _MAC_BYTES
        while at < end:
            size_of = int.from_bytes(os.pread(fd, _LEN, at), "little")
            name, key = pickle.loads(os.pread(fd, size_of, at + _LEN))
            at += _LEN + size_of
            size_of = int.from_bytes(os.pread(fd, _LEN, at), "little")
            self.index[name] = (key, at + _LEN, at + _LEN + size_of)
            at += _LEN + size_of

    @classmethod
    def open(cls, store: Store, name: str) -> Pack | None:
        path = store.folder / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not _own_file(info):
                raise ValueError("not a cache file of ours")
            if info.st_size < len(_MAGIC) + _MAC_BYTES or os.pread(fd, 8, 0) != _MAGIC:
                raise ValueError("not a pack")
            # verify everything before unpickling anything (entries are read from this same
            # open file afterwards, so a replaced file cannot slip in)
            mac = hmac.new(store.key, digestmod=hashlib.sha256)
            at, end = 0, info.st_size - _MAC_BYTES
            while at < end:
                chunk = os.pread(fd, min(1 << 20, end - at), at)
                if not chunk:
                    raise ValueError("truncated")
                mac.update(chunk)
                at += len(chunk)
            if not hmac.compare_digest(os.pread(fd, _MAC_BYTES, end), mac.digest()):
                raise ValueError("does not verify")
            return cls(fd, info.st_size)
        except Exception as exc:  # unreadable, foreign or unsigned: a miss, never an error
            log.debug("cache pack %s ignored: %s", path, exc)
            os.close(fd)
            return None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def body(self, name: str) -> bytes:
        _key, start, end = self.index[name]
        return os.pread(self.fd, end - start, start)

    def load(self, name: str) -> Any | None:
        try:
            return pickle.loads(self.body(name))
        except Exception:  # a signed entry this version cannot read: a miss
            return None

"""The per-file half of a run: read, parse and schema-check every record file.

Each file is judged on its own bytes, so this half is cached by content hash (cache.py) and spread
over a process pool on multi-core machines; the cross-record half (the model and the rules) runs
afterwards in the main process on the results, in the registry's file order, so neither the cache
nor the pool can change a finding (tests/test_equivalence.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powerctl import __version__
from powerctl.cache import Pack, PackWriter, Store, cache_folder, digest
from powerctl.findings import DocPath, Finding, Loc, Position, Severity
from powerctl.i18n import Msg
from powerctl.load.discover import Entry
from powerctl.load.document import Document, Kind
from powerctl.load.registry import (
    Plan,
    compose_document,
    plan_registry,
    read_entry,
)
from powerctl.load.source import SourceError, read_bytes
from powerctl.resources import schema_dir
from powerctl.settings import FileOptions

# Below this many files to parse, a pool costs more (start-up, moving results between
# processes) than it saves (bench/results.md).
POOL_MIN_FILES = 400
_CACHE_PREFIX = "files-"


@dataclass(slots=True)
class Checked:
    """One file's load problems and schema findings; `invalid` holds the record keys
    (schema.record_key) with schema errors, None for the whole file."""

    doc: Document
    findings: list[Finding]
    invalid: set[DocPath | None]


def check_document(doc: Document) -> Checked:
    try:
        return _check_document(doc)
    finally:
        doc.settle()


def _check_document(doc: Document) -> Checked:
    findings = list(doc.problems)
    if doc.source is not None and doc.data is None and not doc.problems:
        findings.append(
            Finding(
                "PC100",
                Severity.ERROR,
                Loc(doc.rel),
                Msg(
                    "文件是空的（只有注释或空白）：请写入记录，或删除这个文件。",
                    "the file is empty (only comments or blank lines): write the record or delete "
                    "the file.",
                ),
                position=Position(1, 1),
            )
        )
        return Checked(doc, findings, {None})
    if not doc.usable or doc.problems:
        # A file with a YAML problem is not checked further: fix what PC105 says first.
        return Checked(doc, findings, {None})
    from powerctl.schema import validate_document

    result = validate_document(doc)
    findings.extend(result.findings)
    body = doc.source.body if doc.source else None
    if body and body.strip() and isinstance(doc.data, dict) and "notes" in doc.data:
        findings.append(
            Finding(
                "PC100",
                Severity.ERROR,
                Loc(doc.rel, ("notes",)),
                Msg(
                    "Markdown 正文就是这条记录的 notes：头信息里不要再写 notes，请删除其中一处。",
                    "the Markdown body is this record's notes: do not also put `notes` in the "
                    "front matter; delete one of them.",
                ),
            )
        )
    return Checked(doc, findings, result.invalid)


# (root, rel, path, kind, size limit, fast path?): the file is read again by whoever runs the job
_Job = tuple[str, str, str, Kind, int, bool]


def _check_job(job: _Job) -> tuple[Checked, str | None]:
    """Read, parse and schema-check one file; returns the digest of the bytes it judged."""
    root, rel, path, kind, limit, fast = job
    entry = Entry(rel, Path(path), kind)
    raw = read_entry(Path(root), entry, kind, limit)
    if isinstance(raw, Document):
        return check_document(raw), None
    return check_document(compose_document(rel, Path(path), kind, raw, fast)), digest(raw)


def _schemas_digest() -> str:
    folder = schema_dir()
    parts: list[bytes | str] = []
    for path in sorted(folder.glob("*.schema.json")):
        parts += [path.name, path.read_bytes()]
    return digest(*parts)


def _cache_name(options: FileOptions) -> str:
    key = digest(__version__, sys.version, _schemas_digest(), f"fast={options.fast}")
    return f"{_CACHE_PREFIX}{key}.pickle"


@dataclass
class Inputs:
    """What a run reads, hashed once: the plan, each record file's digest (or the Document
    saying why it could not be read), and a digest over all of it (`key`)."""

    root: Path
    plan: Plan
    reads: list[str | Document]  # one per file slot of the plan, in order
    key: str
    store: Store | None
    stable: bool = True  # False when a file changed while the run read it


def read_inputs(root: Path, max_bytes: int | None, options: FileOptions) -> Inputs:
    plan = plan_registry(root, max_bytes)
    reads: list[str | Document] = []
    parts: list[bytes | str] = [__version__, sys.version, _schemas_digest(), str(plan.limit)]
    for slot in plan.slots:
        if isinstance(slot, Document):
            parts += [slot.rel, _config_digest(root / slot.rel, slot, plan.limit)]
            continue
        entry, kind = slot
        raw = read_entry(root, entry, kind, plan.limit)
        read = raw if isinstance(raw, Document) else digest(raw)
        reads.append(read)
        parts += [entry.rel, read if isinstance(read, str) else "unreadable"]
    # folders and files that are not records (PC105, PC108) are findings too
    parts += [f"{f.code}:{f.file}" for f in plan.loaded.findings]
    store = None
    if options.cache and (folder := cache_folder(root)) is not None:
        store = Store(folder)
    return Inputs(root, plan, reads, digest(*parts), store)


def _config_digest(path: Path, config: Document, limit: int) -> str:
    """The digest of powerctl.yaml as read now (bounded like any record file), or of nothing
    when it could not be read then or now."""
    if config.source is None:
        return digest(b"")
    try:
        return digest(read_bytes(path, limit))
    except (SourceError, OSError):
        return digest(b"unreadable")


def iter_checked(inputs: Inputs, options: FileOptions) -> Iterator[Checked]:
    """Every document of the registry, checked, in the plan's order: unchanged files from the
    cache, the others parsed (in a process pool when there are many). One at a time, so the
    caller can build each into the model and let its data go."""
    name = _cache_name(options)
    pack = Pack.open(inputs.store, name) if inputs.store is not None else None
    writer = None
    if inputs.store is not None:
        try:
            writer = PackWriter(inputs.store, name)
        except OSError:
            writer = None
    files = [slot for slot in inputs.plan.slots if not isinstance(slot, Document)]
    jobs: list[_Job] = []
    for (entry, kind), read in zip(files, inputs.reads, strict=True):
        if isinstance(read, str) and not _hit(pack, entry.rel, read):
            jobs.append(_job(inputs, entry, kind, options))
    results = _run_jobs(jobs, options)
    complete = False
    try:
        reads = iter(inputs.reads)
        for slot in inputs.plan.slots:
            if isinstance(slot, Document):
                yield check_document(slot)
                continue
            entry, kind = slot
            read = next(reads)
            if isinstance(read, Document):
                yield check_document(read)
                continue
            if pack is not None and _hit(pack, entry.rel, read):
                checked = pack.load(entry.rel)
                if isinstance(checked, Checked):
                    checked.doc.path = entry.path
                    if writer is not None:
                        writer.add_raw(entry.rel, read, pack.body(entry.rel))
                    yield checked
                    continue
                # an entry this version cannot read: check the file after all
                found, seen = _check_job(_job(inputs, entry, kind, options))
            else:
                found, seen = next(results)
            if seen != read:
                inputs.stable = False  # changed since we hashed it: do not cache this run
            elif writer is not None:
                writer.add(entry.rel, read, found)
            yield found
        complete = True
    finally:
        if pack is not None:
            pack.close()
        if writer is not None:
            if complete and inputs.stable and (jobs or pack is None or _removed(pack, files)):
                writer.commit()
            else:
                writer.abort()


def _job(inputs: Inputs, entry: Entry, kind: Kind, options: FileOptions) -> _Job:
    root = str(inputs.root)
    return (root, entry.rel, str(entry.path), kind, inputs.plan.limit, options.fast)


def _hit(pack: Pack | None, rel: str, key: str) -> bool:
    """Does the pack hold this file's result for exactly these bytes? (A file's kind follows
    from its path, so the same path and bytes mean the same result.)"""
    if pack is None:
        return False
    found = pack.index.get(rel)
    return found is not None and found[0] == key


def _removed(pack: Pack, files: list[tuple[Entry, Kind]]) -> bool:
    return pack.index.keys() != {entry.rel for entry, _ in files}


def _workers(options: FileOptions, count: int) -> int:
    if options.jobs is not None:
        return max(1, options.jobs)
    if count < POOL_MIN_FILES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return min(cores, 8)


def _run_jobs(jobs: list[_Job], options: FileOptions) -> Iterator[tuple[Checked, str | None]]:
    """The jobs' results in order, lazily."""
    workers = _workers(options, len(jobs))
    if workers <= 1 or len(jobs) < 2:
        return (_check_job(job) for job in jobs)
    return _pooled(jobs, workers)


def _pooled(jobs: list[_Job], workers: int) -> Iterator[tuple[Checked, str | None]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context: Any = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for result in pool.map(_check_job, jobs, chunksize=chunk):
                done += 1
                yield result
    except (BrokenProcessPool, OSError):
        # a worker died (out of memory?) or processes cannot be made: finish here instead
        for job in jobs[done:]:
            yield _check_job(job)

"""The per-file half of a run: read, parse and schema-check every record file.

Each file is judged on its own bytes, so this half is cached by content hash (cache.py) and spread
over a process pool on multi-core machines; the cross-record half (the model and the rules) runs
afterwards in the main process on the results, in the registry's file order, so neither the cache
nor the pool can change a finding (tests/test_equivalence.py).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powerctl import __version__
from powerctl.cache import Store, cache_folder, digest
from powerctl.findings import DocPath, Finding, Loc, Position, Severity
from powerctl.i18n import Msg
from powerctl.load.document import Document, Kind
from powerctl.load.registry import (
    LoadedRegistry,
    Plan,
    compose_document,
    plan_registry,
    read_entry,
)
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


_Job = tuple[str, str, Kind, bytes, bool]


def _check_job(job: _Job) -> Checked:
    rel, path, kind, raw, fast = job
    return check_document(compose_document(rel, Path(path), kind, raw, fast))


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
    """Every input of a run, read once: the plan, each file's bytes (or the Document saying why
    it could not be read), and a digest over all of it (`key`)."""

    root: Path
    plan: Plan
    reads: list[bytes | Document]  # one per file slot of the plan, in order
    digests: list[str | None]
    key: str
    store: Store | None


def read_inputs(root: Path, max_bytes: int | None, options: FileOptions) -> Inputs:
    plan = plan_registry(root, max_bytes)
    reads: list[bytes | Document] = []
    digests: list[str | None] = []
    parts: list[bytes | str] = [__version__, sys.version, _schemas_digest(), str(plan.limit)]
    for slot in plan.slots:
        if isinstance(slot, Document):
            config = (root / slot.rel).read_bytes() if slot.source is not None else b""
            parts += [slot.rel, digest(config)]
            continue
        entry, kind = slot
        raw = read_entry(root, entry, kind, plan.limit)
        reads.append(raw)
        key = None if isinstance(raw, Document) else digest(raw)
        digests.append(key)
        parts += [entry.rel, key or "unreadable"]
    # folders and files that are not records (PC105, PC108) are findings too
    parts += [f"{f.code}:{f.file}" for f in plan.loaded.findings]
    store = None
    if options.cache and (folder := cache_folder(root)) is not None:
        store = Store(folder)
    return Inputs(root, plan, reads, digests, digest(*parts), store)


def load_checked(
    root: Path, max_bytes: int | None, options: FileOptions, inputs: Inputs | None = None
) -> tuple[LoadedRegistry, list[Checked]]:
    """Load and schema-check every record file of the registry at `root`, in order."""
    inputs = inputs or read_inputs(root, max_bytes, options)
    checked = iter(check_files(inputs, options))
    results = [
        check_document(slot) if isinstance(slot, Document) else next(checked)
        for slot in inputs.plan.slots
    ]
    inputs.plan.loaded.documents = [result.doc for result in results]
    return inputs.plan.loaded, results


def check_files(inputs: Inputs, options: FileOptions) -> list[Checked]:
    """Every record file, in order; unchanged files come from the cache."""
    store = inputs.store
    name = _cache_name(options)
    cached: dict[str, tuple[str, Checked]] = {}
    if store is not None:
        loaded = store.load(name)
        if isinstance(loaded, dict):
            cached = loaded
    files = [slot for slot in inputs.plan.slots if not isinstance(slot, Document)]
    results: list[Checked | None] = []
    todo: list[tuple[int, _Job]] = []
    fresh: dict[str, tuple[str, Checked]] = {}
    keys: dict[str, str] = {}
    for (entry, kind), raw, key in zip(files, inputs.reads, inputs.digests, strict=True):
        if isinstance(raw, Document) or key is None:
            assert isinstance(raw, Document)
            results.append(check_document(raw))
            continue
        hit = cached.get(entry.rel)
        if hit is not None and hit[0] == key and hit[1].doc.kind is kind:
            hit[1].doc.path = entry.path
            results.append(hit[1])
            fresh[entry.rel] = hit
            continue
        keys[entry.rel] = key
        todo.append((len(results), (entry.rel, str(entry.path), kind, raw, options.fast)))
        results.append(None)
    inputs.reads = []  # the bytes are no longer needed; let them go before the model is built
    jobs = [job for _, job in todo]
    for (index, job), checked in zip(todo, _run_jobs(jobs, options), strict=True):
        results[index] = checked
        fresh[job[0]] = (keys[job[0]], checked)
    del jobs, todo
    if store is not None and (keys or fresh.keys() != cached.keys()):
        store.store(name, fresh)
        store.prune(_CACHE_PREFIX, name)
    return [checked for checked in results if checked is not None]


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


def _run_jobs(jobs: list[_Job], options: FileOptions) -> list[Checked]:
    workers = _workers(options, len(jobs))
    if workers <= 1 or len(jobs) < 2:
        return [_check_job(job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context: Any = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_check_job, jobs, chunksize=chunk))
    except (BrokenProcessPool, OSError):
        # a worker died (out of memory?) or processes cannot be made: do it here instead
        return [_check_job(job) for job in jobs]

"""powerctl's benchmark: the figures B1-B7 of design/benchmarks.md, written to bench/results.md.

    python bench/run.py --scale 80 --runs 5 --runs-slow 5 --work /tmp/powerctl-bench \
        --out bench/results.md [--only B1,B7] [--keep] [--registry DIR]

Every target is a ratio of two medians measured in this one run, so the machine's speed cancels
out. Registries come from bench/gen.py (reused from --work when scale, seed and gen.py are the
same); `--registry DIR` measures an existing registry instead (B6 then has no 2x registry and is
skipped). The two sides of a ratio are run alternately, after one unmeasured warm-up each, so a
slow minute on a shared machine hits both.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from parse_baseline import record_files

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "bench" / "gen.py"
BASELINE = ROOT / "bench" / "parse_baseline.py"
EXAMPLE = ROOT / "examples" / "township"
TODAY = "2026-11-23"  # examples/township is lint-clean as of this date (Makefile EXAMPLE_TODAY)
CACHE = ".powerctl-cache"
FIGURE_IDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7")
# Arguments per check-jsonschema call: well under Linux's ARG_MAX (2 MB with the environment).
ARG_BYTES = 512 * 1024


class BenchFailure(Exception):
    """A measured command crashed (exit code 2 or more, or a traceback): no figure from it."""


class BenchSkip(Exception):
    """A figure this run cannot measure (B6 with --registry): reported, not an error."""


@dataclass
class Series:
    label: str
    values: list[float]
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.values)


@dataclass
class Check:
    label: str
    value: float
    op: str = "<="
    target: float | None = None  # None: shown for information, no target
    unit: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.op == "<=" else self.value >= self.target


TITLES = {
    "B1": "cold lint / parsing the same files with libyaml",
    "B2": "check-jsonschema / powerctl validate",
    "B3": "lint after editing one file / cold lint",
    "B4": "render: full / cold lint; incremental / full",
    "B5": "peak RSS of cold powerctl lint",
    "B6": "cold lint at 2x scale / at 1x",
    "B7": "validate examples/township / import typer",
}


@dataclass
class Figure:
    id: str
    series: list[Series] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None

    @property
    def title(self) -> str:
        return TITLES[self.id]


@dataclass
class Side:
    """One side of a comparison: `prepare(run)` (untimed, run -1 is the warm-up), then `measure()`."""

    label: str
    measure: Callable[[], float]
    prepare: Callable[[int], None] = lambda run: None
    unit: str = "s"


def bench_env() -> dict[str, str]:
    env = dict(os.environ, CI="true", NO_COLOR="1", TERM="dumb", COLUMNS="200")
    env.pop("GITHUB_ACTIONS", None)  # would switch lint's output format
    return env


def check_exit(cmd: Sequence[str | Path], code: int, stderr: bytes, ok: Sequence[int]) -> None:
    if code not in ok or b"Traceback (most recent call last)" in stderr:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-12:]
        shown = " ".join(str(part) for part in cmd)
        raise BenchFailure(f"`{shown}` exited {code}: " + " | ".join(tail))


def timed(cmd: Sequence[str | Path], cwd: Path | None = None, ok: Sequence[int] = (0, 1)) -> float:
    """Wall seconds of one command; exit 1 is a verdict (findings), not a failure."""
    start = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=cwd, env=bench_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    seconds = time.perf_counter() - start
    check_exit(cmd, done.returncode, done.stderr, ok)
    return seconds


def output(cmd: Sequence[str | Path], ok: Sequence[int] = (0, 1)) -> str:
    done = subprocess.run(cmd, env=bench_env(), capture_output=True)
    check_exit(cmd, done.returncode, done.stderr, ok)
    return done.stdout.decode("utf-8", "replace")


def alternate(runs: int, sides: Sequence[Side]) -> list[Series]:
    """Warm each side up once, then run the sides in turn `runs` times."""
    for side in sides:
        side.prepare(-1)
        side.measure()
    values: list[list[float]] = [[] for _ in sides]
    for run in range(runs):
        for side, collected in zip(sides, values, strict=True):
            side.prepare(run)
            collected.append(side.measure())
    return [Series(s.label, v, s.unit) for s, v in zip(sides, values, strict=True)]


# --- peak memory of a process tree ------------------------------------------------------------


@dataclass
class Memory:
    """Peaks in kB. `tree_kb`: summed PSS of the command and all its descendants (sampled; never
    below `largest_kb`): pages a forked worker shares with its parent count once, split between
    them, which is what the tree really uses; `rss_sum_kb`: summed RSS (counts shared pages once
    per process, so it errs high); `largest_kb`: exact, the largest single process of the tree
    (wait4's ru_maxrss); `parent_kb`: the command's own peak (VmHWM)."""

    tree_kb: int
    largest_kb: int
    parent_kb: int
    workers: int
    rss_sum_kb: int = 0


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _tree(root: int) -> list[int]:
    parents = _parents()
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree.extend(frontier)
    return tree


def _pss_kb(pid: int) -> int:
    """Proportional set size of a live process (0 once it is gone or without smaps_rollup)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a live process, (0, 0) once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
    return int(found.get("VmRSS", 0)), int(found.get("VmHWM", 0))


def peak_memory(cmd: Sequence[str | Path]) -> Memory:
    """Sample /proc every 10 ms (no child-list file in this kernel: scan ppids) and reap with wait4."""
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(cmd, env=bench_env(), stdout=subprocess.DEVNULL, stderr=stderr)
        tree_kb, rss_sum_kb, hwm = 0, 0, dict[int, int]()
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            total = pss = 0
            for member in _tree(proc.pid):
                rss, peak = _rss_kb(member)
                total += rss
                pss += _pss_kb(member) or rss
                hwm[member] = max(hwm.get(member, 0), peak)
            rss_sum_kb = max(rss_sum_kb, total)
            tree_kb = max(tree_kb, pss)
            time.sleep(0.01)
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        check_exit(cmd, proc.returncode, stderr.read(), (0, 1))
    largest = int(usage.ru_maxrss)  # kB on Linux
    return Memory(
        max(tree_kb, largest), largest, hwm.get(proc.pid, 0), len(hwm) - 1, max(rss_sum_kb, largest)
    )


# --- the workload ---------------------------------------------------------------------------


def generator_hash() -> str:
    """gen.py and its helper modules (gen_*.py): a changed generator means a new workload."""
    digest = hashlib.sha256()
    for path in sorted(GEN.parent.glob("gen*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def generated(work: Path, scale: float, seed: int, made: list[Path]) -> Path:
    """A registry from gen.py, reused when scale, seed and gen.py itself are unchanged."""
    if not GEN.exists():
        raise BenchFailure("bench/gen.py does not exist yet: pass --registry DIR")
    folder = work / f"scale-{scale:g}-seed-{seed}"
    registry, stamp = folder / "registry", folder / "stamp.json"
    wanted = {"scale": scale, "seed": seed, "generator": generator_hash()}
    if registry.is_dir() and stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        print(f"reusing {registry}", file=sys.stderr)
        return registry
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    made.append(folder)
    print(f"generating scale {scale:g} into {registry} ...", file=sys.stderr)
    options: list[str | Path] = [
        "--scale",
        f"{scale:g}",
        "--seed",
        str(seed),
        "--out",
        registry,
        "--force",
    ]
    timed([sys.executable, GEN, *options, "--manifest", folder / "manifest.json"], ok=(0,))
    stamp.write_text(json.dumps(wanted))
    return registry


def kind_of(rel: PurePosixPath) -> str | None:
    """The schema a YAML file is checked against (powerctl.load.discover.kind_of, YAML only)."""
    fixed = {"powerctl.yaml": "config", "org/people.yaml": "people", "org/bodies.yaml": "bodies"}
    if rel.as_posix() in fixed:
        return fixed[rel.as_posix()]
    if rel.parts[0] == "meetings" and len(rel.parts) >= 2:
        return "meeting"
    if len(rel.parts) == 2 and rel.parts[0] in ("powers", "risks", "disclosures", "feedback"):
        return {"powers": "power"}.get(rel.parts[0], rel.parts[0])
    return None


@dataclass
class JsonSchemaBatches:
    argvs: list[list[str]]
    files: int
    markdown_skipped: int


def jsonschema_batches(tool: Path, registry: Path, schemas: Path) -> JsonSchemaBatches:
    """One check-jsonschema call per schema (more when the argument list is long), paths relative."""
    by_kind: dict[str, list[str]] = {}
    files = markdown = 0
    for path in record_files(registry):
        rel = PurePosixPath(path.relative_to(registry).as_posix())
        kind = kind_of(rel)
        if rel.suffix == ".md":
            markdown += 1
        elif kind is not None:
            by_kind.setdefault(kind, []).append(rel.as_posix())
            files += 1
    argvs: list[list[str]] = []
    for kind, rels in sorted(by_kind.items()):
        head = [str(tool), "--schemafile", str(schemas / f"{kind}.schema.json")]
        chunk: list[str] = []
        size = 0
        for name in rels:
            if chunk and size + len(name) > ARG_BYTES:
                argvs.append(head + chunk)
                chunk, size = [], 0
            chunk.append(name)
            size += len(name) + 1
        argvs.append(head + chunk)
    return JsonSchemaBatches(argvs, files, markdown)


_TITLE = re.compile(r"^(?P<lead>[ \t-]*title:[ \t]*)(?P<value>\S.*?)[ \t]*$", re.MULTILINE)


class OneFileEdit:
    """A data change in one public meeting file: an item's title gets a suffix that differs every
    run, so a content-hash cache has never seen the text; run -1 restores the original."""

    def __init__(self, registry: Path) -> None:
        meetings = sorted((registry / "meetings").rglob("*.yaml"))
        public = [p for p in meetings if re.search(r"^secrecy: public", p.read_text("utf-8"), re.M)]
        for path in public + meetings:
            if self._edited(path.read_text("utf-8"), 0) is not None:
                self.path, self.original = path, path.read_bytes()
                self.rel = path.relative_to(registry).as_posix()
                return
        raise BenchFailure("no meeting file with a plain item title to edit")

    @staticmethod
    def _edited(text: str, run: int) -> str | None:
        mark = f"（基准测试修订{run}）"
        for found in _TITLE.finditer(text):
            value = found["value"]
            if value[0] in "\"'" and len(value) > 1 and value.endswith(value[0]):
                new = value[:-1] + mark + value[-1]
            elif value[0] in "|>[{&*!#" or " #" in value:
                continue
            else:
                new = value + mark
            return text[: found.start("value")] + new + text[found.end("value") :]
        return None

    def apply(self, run: int) -> None:
        if run < 0:
            self.path.write_bytes(self.original)
        else:
            edited = self._edited(self.original.decode("utf-8"), run)
            assert edited is not None
            self.path.write_bytes(edited.encode("utf-8"))


@contextmanager
def one_file_edit(registry: Path) -> Iterator[OneFileEdit]:
    edit = OneFileEdit(registry)
    try:
        yield edit
    finally:
        edit.apply(-1)


# --- the figures ----------------------------------------------------------------------------


def manifest_summary(path: Path) -> str:
    """What gen.py says it wrote: {"files", "records": {kind: N, "total"}, "planted": {code: N}}."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        records, planted = manifest["records"], sum(manifest["planted"].values())
        return (
            f"; gen.py: {manifest['files']} files, {records['total']} records "
            f"(+{records.get('items', 0)} meeting items), {planted} planted defects"
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ""


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def find_tool(scripts: Path, name: str) -> Path | None:
    """Beside this interpreter (the venv's scripts), else on PATH."""
    if (scripts / name).exists():
        return scripts / name
    found = shutil.which(name)
    return Path(found) if found else None


class Bench:
    """Tools, registries and the cold-lint medians shared by several figures."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        scripts = Path(sys.executable).parent
        self.python = Path(sys.executable)
        powerctl = find_tool(scripts, "powerctl")
        if powerctl is None:
            sys.exit("powerctl is not installed: run bench/run.py with the venv's python")
        self.powerctl = powerctl
        self.jsonschema = find_tool(scripts, "check-jsonschema")
        self.run_dir = Path(args.work) / "run"
        shutil.rmtree(self.run_dir, ignore_errors=True)
        self.run_dir.mkdir(parents=True)
        self.made: list[Path] = [self.run_dir]
        self.no_cache = {
            cmd: "--no-cache" in output([self.powerctl, cmd, "--help"], ok=(0,))
            for cmd in ("lint", "validate", "render")
        }
        self.registries: dict[float, Path] = {}
        self.cold: dict[Path, Series] = {}
        self.counts: dict[float, str] = {}
        self.load = load_average()

    def registry(self, factor: int = 1) -> Path:
        scale = self.args.scale * factor
        if scale not in self.registries:
            if self.args.registry and factor == 1:
                self.registries[scale] = Path(self.args.registry).resolve()
            elif self.args.registry:
                raise BenchSkip("--registry gives one registry; B6 needs gen.py for the 2x one")
            else:
                self.registries[scale] = generated(
                    Path(self.args.work), scale, self.args.seed, self.made
                )
            self.counts[scale] = output([self.python, BASELINE, self.registries[scale]]).strip()
            self.counts[scale] += manifest_summary(self.registries[scale].parent / "manifest.json")
        return self.registries[scale]

    def flag(self, command: str) -> list[str]:
        return ["--no-cache"] if self.no_cache[command] else []

    def lint(self, registry: Path, cold: bool) -> list[str | Path]:
        cmd: list[str | Path] = [self.powerctl, "lint", registry, "--today", TODAY]
        return [*cmd, "--exit-zero", "-q", *(self.flag("lint") if cold else [])]

    def cold_lint_side(self, registry: Path) -> Side:
        return Side(
            "cold `powerctl lint`",
            lambda: timed(self.lint(registry, cold=True)),
            lambda run: shutil.rmtree(registry / CACHE, ignore_errors=True),
        )

    def cold_lint(self, registry: Path) -> Series:
        if registry not in self.cold:
            (self.cold[registry],) = alternate(self.args.runs, [self.cold_lint_side(registry)])
        return self.cold[registry]


def ratio(check: str, top: Series, bottom: Series, op: str, target: float | None) -> Check:
    return Check(check, top.median / bottom.median, op, target)


def figure_b1(bench: Bench) -> Figure:
    registry = bench.registry()
    baseline = Side(
        "`parse_baseline.py` (PyYAML CSafeLoader)",
        lambda: timed([bench.python, BASELINE, registry]),
    )
    lint, parse = alternate(bench.args.runs, [bench.cold_lint_side(registry), baseline])
    bench.cold[registry] = lint
    return Figure(
        "B1",
        [lint, parse],
        [ratio("cold lint / CSafeLoader parse", lint, parse, "<=", 2.0)],
    )


def figure_b2(bench: Bench) -> Figure:
    if bench.jsonschema is None:
        raise BenchFailure("check-jsonschema is not installed: pip install -e '.[bench]'")
    registry, schemas = bench.registry(), bench.run_dir / "schemas"
    timed([bench.powerctl, "schema", "--out", schemas], ok=(0,))
    batches = jsonschema_batches(bench.jsonschema, registry, schemas)
    validate: list[str | Path] = [bench.powerctl, "validate", registry, "-q"]
    validate += bench.flag("validate")
    sides = [
        Side(
            "`check-jsonschema` (sum of its calls)",
            lambda: sum(timed(argv, cwd=registry) for argv in batches.argvs),
        ),
        Side(
            "cold `powerctl validate`",
            lambda: timed(validate),
            lambda run: shutil.rmtree(registry / CACHE, ignore_errors=True),
        ),
    ]
    checker, ours = alternate(bench.args.runs_slow, sides)
    return Figure(
        "B2",
        [checker, ours],
        [ratio("check-jsonschema / validate", checker, ours, ">=", 3.0)],
        [
            f"check-jsonschema: {len(batches.argvs)} calls over {batches.files} YAML files; "
            f"{batches.markdown_skipped} Markdown records are validated by powerctl only "
            "(check-jsonschema cannot read front matter), which favours check-jsonschema."
        ],
    )


def figure_b3(bench: Bench) -> Figure:
    registry = bench.registry()
    cold = bench.cold_lint(registry)
    with one_file_edit(registry) as edit:
        warm = Side(
            "`powerctl lint` after one edit",
            lambda: timed(bench.lint(registry, cold=False)),
            edit.apply,
        )
        (edited,) = alternate(bench.args.runs, [warm])
    return Figure(
        "B3",
        [edited, cold],
        [ratio("edit-one-file lint / cold lint", edited, cold, "<=", 0.10)],
        [f"edited file: {edit.rel} (one item title, different text every run)"],
    )


def figure_b4(bench: Bench) -> Figure:
    registry, site = bench.registry(), bench.run_dir / "site"
    cold = bench.cold_lint(registry)
    render: list[str | Path] = [bench.powerctl, "render", registry, "--format", "html"]
    render += ["--out", site, "--today", TODAY, "-q"]

    def fresh(run: int) -> None:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(registry / CACHE, ignore_errors=True)

    (full,) = alternate(
        bench.args.runs,
        [Side("full `powerctl render`", lambda: timed([*render, *bench.flag("render")]), fresh)],
    )
    with one_file_edit(registry) as edit:
        (incremental,) = alternate(
            bench.args.runs,
            [Side("incremental render after one edit", lambda: timed(render), edit.apply)],
        )
    return Figure(
        "B4",
        [full, incremental, cold],
        [
            ratio("full render / cold lint", full, cold, "<=", 3.0),
            ratio("incremental render / full render", incremental, full, "<=", 0.10),
        ],
        [
            f"full: fresh output folder and no {CACHE}; incremental: same output folder and "
            f"cache as the previous render, then one edit in {edit.rel}"
        ],
    )


def figure_b5(bench: Bench) -> Figure:
    registry = bench.registry()
    samples: list[Memory] = []
    for _ in range(bench.args.runs):
        shutil.rmtree(registry / CACHE, ignore_errors=True)
        samples.append(peak_memory(bench.lint(registry, cold=True)))
    mb = 1 / 1024
    tree = Series("peak PSS, command + children (summed)", [m.tree_kb * mb for m in samples], "MB")
    rss_sum = Series(
        "peak RSS, command + children (summed; shared pages counted per process)",
        [m.rss_sum_kb * mb for m in samples],
        "MB",
    )
    largest = Series("peak RSS, largest single process", [m.largest_kb * mb for m in samples], "MB")
    parent = Series("peak RSS, the lint process itself", [m.parent_kb * mb for m in samples], "MB")
    return Figure(
        "B5",
        [tree, rss_sum, largest, parent],
        [Check("peak RSS (MB), process tree", tree.median, "<=", 400.0, "MB")],
        [f"worker processes seen: {max(m.workers for m in samples)}"],
    )


def figure_b6(bench: Bench) -> Figure:
    small, large = bench.registry(), bench.registry(2)
    once = bench.cold_lint(small)
    (twice,) = alternate(bench.args.runs, [bench.cold_lint_side(large)])
    twice.label = f"cold lint at scale {bench.args.scale * 2:g}"
    return Figure(
        "B6",
        [twice, once],
        [ratio("lint 2S / lint S", twice, once, "<=", 2.2)],
        [f"scale {bench.args.scale * 2:g}: {bench.counts[bench.args.scale * 2]}"],
    )


NO_FLAG = " (validate has no --no-cache option; if it keeps no cache, warm and cold are alike)."


def figure_b7(bench: Bench) -> Figure:
    # two copies: the cold side deletes its cache before every run, the warm side keeps its own
    copies = [bench.run_dir / "township-warm", bench.run_dir / "township-cold"]
    for copy in copies:
        shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(CACHE))
    warm_cmd: list[str | Path] = [bench.powerctl, "validate", copies[0], "-q"]
    cold_cmd: list[str | Path] = [
        bench.powerctl,
        "validate",
        copies[1],
        "-q",
        *bench.flag("validate"),
    ]
    runs = bench.args.runs_short or max(10, bench.args.runs)
    warm, cold, typer = alternate(
        runs,
        [
            Side("warm `powerctl validate examples/township`", lambda: timed(warm_cmd)),
            Side(
                "cold `powerctl validate examples/township`",
                lambda: timed(cold_cmd),
                lambda run: shutil.rmtree(copies[1] / CACHE, ignore_errors=True),
            ),
            Side('`python -c "import typer"`', lambda: timed([bench.python, "-c", "import typer"])),
        ],
    )
    return Figure(
        "B7",
        [warm, cold, typer],
        [
            ratio("warm validate / import typer", warm, typer, "<=", 1.5),
            ratio("cold validate / import typer (no target)", cold, typer, "<=", None),
        ],
        [
            "The target figure is the warm one: a clerk's second run, with the cache of the "
            "first (the warm-up run writes it). Cold deletes the cache first"
            + (" and passes --no-cache." if bench.no_cache["validate"] else NO_FLAG)
        ],
    )


FIGURES: dict[str, Callable[[Bench], Figure]] = {
    "B1": figure_b1,
    "B2": figure_b2,
    "B3": figure_b3,
    "B4": figure_b4,
    "B5": figure_b5,
    "B6": figure_b6,
    "B7": figure_b7,
}


# --- the report -----------------------------------------------------------------------------


def _first(path: str, pattern: str) -> str:
    try:
        found = re.search(pattern, Path(path).read_text(), re.MULTILINE)
    except OSError:
        return "?"
    return found.group(1).strip() if found else "?"


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else "?"


def about(bench: Bench) -> list[tuple[str, str]]:
    memory_kb = _first("/proc/meminfo", r"^MemTotal:\s+(\d+)")
    ram = f"{int(memory_kb) / 1024 / 1024:.1f} GB" if memory_kb.isdigit() else "?"
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = ""
    if commit != "?" and _git("status", "--porcelain", "--untracked-files=no"):
        dirty = " (dirty: uncommitted changes)"
    cpu = _first("/proc/cpuinfo", r"^model name\s*:(.*)")
    system = _first("/etc/os-release", r'^PRETTY_NAME="?([^"\n]*)')
    rows = [
        ("date", datetime.now().astimezone().isoformat(timespec="seconds")),
        ("machine", f"{cpu}, {os.cpu_count()} cores, {ram} RAM"),
        ("OS", f"{system}, {platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("commit", commit + dirty),
        ("powerctl", output([bench.powerctl, "version"], ok=(0,)).strip()),
        ("--no-cache", ", ".join(c for c, has in bench.no_cache.items() if has) or "none"),
        ("load average (1, 5, 15 min) at start / end", f"{bench.load} / {load_average()}"),
        ("runs", f"{bench.args.runs} (check-jsonschema side of B2: {bench.args.runs_slow})"),
    ]
    for scale, counts in sorted(bench.counts.items()):
        where = bench.registries[scale]
        if bench.args.registry:
            rows.append(("registry", f"{counts} ({where}, given with --registry)"))
        else:
            rows.append((f"scale {scale:g}", f"{counts} (seed {bench.args.seed}, {where})"))
    return rows


def fmt_value(value: float, unit: str) -> str:
    return (
        f"{value:.1f} MB" if unit == "MB" else f"{value:.3f} s" if unit == "s" else f"{value:.3f}"
    )


def summary_rows(figures: Sequence[Figure]) -> list[list[str]]:
    rows: list[list[str]] = []
    for figure in figures:
        if figure.error:
            rows.append([figure.id, figure.title, "FAILED", "", "no"])
        if figure.skipped:
            rows.append([figure.id, figure.title, "skipped", "", "—"])
        for check in figure.checks:
            target = "—" if check.target is None else f"{check.op} {check.target:g}"
            met = {True: "yes", False: "no", None: "—"}[check.met]
            rows.append([figure.id, check.label, fmt_value(check.value, check.unit), target, met])
    return rows


HOW = """\
- Wall time: `time.perf_counter()` around `subprocess.run`, output to DEVNULL (stderr kept to
  detect crashes), `CI=true`, no network. Exit code 1 (findings) is normal; 2 or a traceback fails
  the figure. Each side runs once unmeasured first; then the sides of a ratio alternate, and a
  figure is the ratio of the two medians.
- Cold: `.powerctl-cache/` deleted before every run, plus `--no-cache` where the command has it.
  Lint runs `--today 2026-11-23 --exit-zero -q`.
- B1's baseline `bench/parse_baseline.py` finds the same files as powerctl (dot folders and the
  top-level assets/site folders skipped, front matter of Markdown records) and parses each with
  `yaml.load(text, Loader=yaml.CSafeLoader)`, one process.
- B2: schemas from `powerctl schema --out`; one `check-jsonschema --schemafile KIND.schema.json`
  call per record kind (split when the argument list passes 512 KB), paths relative to the
  registry; one run is the sum of its calls. validate is cold.
- B3/B4 edits: one item title of one public meeting file gets a suffix that differs every run
  (so a content-hash cache has never seen it); the file is restored afterwards. The warm-up run
  of the edit series builds the cache from the unedited registry.
- B5: the cold lint runs under a sampler that sums PSS (/proc/PID/smaps_rollup) over the
  process and all its descendants every 10 ms; the figure is the larger of that peak and wait4's
  exact `ru_maxrss` (the largest single process of the tree). PSS splits the pages a forked
  worker shares with its parent between them; the summed RSS, which counts them once per
  process and so errs high, is listed beside it.
- B6: a second registry generated at twice the scale with the same seed.
- B7: two copies of examples/township, one keeping its cache (warm, the target figure) and one
  whose cache is deleted before every run (cold); `python` is this venv's interpreter.
"""


NOISY = 1.3


def spread(series: Series) -> float:
    return max(series.values) / min(series.values)


def markdown(bench: Bench, figures: Sequence[Figure]) -> str:
    lines = [
        "# powerctl benchmark results",
        "",
        "Written by `bench/run.py`; targets from "
        "design/benchmarks.md. Every figure is a ratio of medians measured in this one run.",
        "",
    ]
    lines += [f"- {key}: {value}" for key, value in about(bench)]
    lines += [
        "",
        "## Summary",
        "",
        "| id | figure | value | target | met |",
        "|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in summary_rows(figures)]
    for figure in figures:
        lines += ["", f"## {figure.id}: {figure.title}", ""]
        if figure.error or figure.skipped:
            lines += [
                f"**Failed:** {figure.error}" if figure.error else f"Skipped: {figure.skipped}"
            ]
            continue
        lines += ["| measured | median | min | max | runs |", "|---|---|---|---|---|"]
        for s in figure.series:
            cells = [fmt_value(v, s.unit) for v in (s.median, min(s.values), max(s.values))]
            lines.append(f"| {s.label} | " + " | ".join(cells) + f" | {len(s.values)} |")
        notes = list(figure.notes)
        noisy = [s.label for s in figure.series if min(s.values) > 0 and spread(s) > NOISY]
        if noisy:
            notes.append(
                f"Noisy (slowest run over {NOISY:g}x the fastest): {', '.join(noisy)}; "
                "the machine was busy, rerun for a firmer figure."
            )
        lines += ["", *notes]
    lines += ["", "## How measured", "", HOW]
    return "\n".join(lines)


def show(figures: Sequence[Figure]) -> None:
    header = ["id", "figure", "value", "target", "met"]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        for row in [header, *summary_rows(figures)]:
            print("  ".join(cell.ljust(12) for cell in row))
        return
    table = Table(*header, title="powerctl benchmark")
    for row in summary_rows(figures):
        table.add_row(*row, style={"no": "red", "yes": "green"}.get(row[-1]))
    Console().print(table)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=80.0, help="gen.py scale (80: ~20,000 files)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="measured runs per side (median)")
    parser.add_argument("--runs-slow", type=int, default=5, help="runs for B2 (check-jsonschema)")
    parser.add_argument(
        "--runs-short",
        type=int,
        default=0,
        help="runs for B7's short commands (default: max(10, --runs))",
    )
    parser.add_argument("--work", default="/tmp/powerctl-bench", help="registries and outputs")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--only", default=",".join(FIGURE_IDS), help="e.g. B1,B7")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep what this run generated in --work (reused next time)",
    )
    parser.add_argument(
        "--registry",
        help="measure this registry instead of generating one "
        "(copy it first: B3/B4 edit one file and restore it); skips B6",
    )
    args = parser.parse_args(argv)
    args.only = [f.strip().upper() for f in args.only.split(",") if f.strip()]
    unknown = set(args.only) - set(FIGURE_IDS)
    if unknown:
        parser.error(f"unknown figures: {', '.join(sorted(unknown))}")
    if min(args.runs, args.runs_slow) < 1:
        parser.error("--runs and --runs-slow must be at least 1")
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    bench = Bench(args)
    figures: list[Figure] = []
    try:
        for figure_id in (f for f in FIGURE_IDS if f in args.only):
            print(f"{figure_id} ...", file=sys.stderr)
            try:
                figures.append(FIGURES[figure_id](bench))
            except BenchFailure as failure:
                figures.append(Figure(figure_id, error=str(failure)))
            except BenchSkip as reason:
                figures.append(Figure(figure_id, skipped=str(reason)))
        Path(args.out).write_text(markdown(bench, figures), encoding="utf-8")
    finally:
        if not args.keep:
            for folder in bench.made:
                shutil.rmtree(folder, ignore_errors=True)
    show(figures)
    print(f"written: {args.out}", file=sys.stderr)
    return 1 if any(f.error for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

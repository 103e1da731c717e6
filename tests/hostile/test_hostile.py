"""Issue 7: every input of the hostile corpus (cases.py, README.md) through the real CLI.

For each case: `validate` (Chinese) and `lint --lang en`, plus `render --format html` and
`render --format md` for cases about rendering. Every command must end with the expected exit
status within 10 s and 500 MB (peak RSS of the process and its children, from wait4) and print no
traceback; the report must name the file (and line) of each expected finding; nothing may change
outside the output folder, the registry's `.powerctl-cache/` and `$XDG_CACHE_HOME/powerctl/key`.
Cases run two at a time in threads (each command is a subprocess)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import RegistryBuilder
from hostile.cases import BY_NAME, CASES, Case
from hostile.harness import (
    RSS_LIMIT,
    TODAY,
    WALL_LIMIT,
    CaseRun,
    Layout,
    Outcome,
    overlay,
    run_cli,
    snapshot,
    unexpected_changes,
)
from hostile.payloads import markdown_problems, site_problems

FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>PC\d{3}) ", re.M)
WORKERS = 4
# Contents that must never reach a rendered board (files outside the registry).
OUTSIDE_CONTENT = ("outside the registry", "root:x:0:0")


def _is_root() -> bool:
    return os.geteuid() == 0


def _skip_reason(case: Case) -> str | None:
    if case.needs_root and not _is_root():
        return "making a character device needs root"
    return None


def prepare(case: Case, base: Path) -> Layout:
    layout = Layout(base)
    layout.make()
    RegistryBuilder(layout.root).write()
    for rel in case.remove:
        (layout.root / rel).unlink()
    if case.overlay:
        overlay(layout, case.overlay)
    if case.setup:
        case.setup(layout)
    return layout


def execute(case: Case, parent: Path) -> CaseRun:
    reason = _skip_reason(case)
    if reason:
        return CaseRun(Layout(parent), skipped=reason)
    base = parent / case.name
    base.mkdir()
    layout = prepare(case, base)
    # root reads through mode 000: permission cases run without the capabilities that allow it
    drop_dac = case.obey_modes and _is_root()
    watched = (layout.base,)
    before = snapshot(*watched)
    root = str(layout.root)
    commands = {
        "validate": ["validate", root],
        "lint": ["lint", root, "--lang", "en", "--today", TODAY],
    }
    if case.render:
        commands["html"] = ["render", root, "--out", str(layout.out / "html"), "-q"]
        commands["html"] += ["--today", TODAY]
        commands["md"] = ["render", root, "--format", "md", "--out", str(layout.out / "md")]
        commands["md"] += ["--today", TODAY]
    result = CaseRun(layout)
    for name, args in commands.items():
        try:
            result.outcomes[name] = run_cli(args, layout, drop_dac=drop_dac)
        except PermissionError as exc:
            return CaseRun(layout, skipped=f"running as root, and {exc}: mode 000 cannot be tested")
    result.changes = unexpected_changes(before, snapshot(*watched), layout)
    return result


def _selected_cases(session: pytest.Session) -> list[Case]:
    names: list[str] = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if item.path == Path(__file__) and callspec and "name" in callspec.params:
            names.append(callspec.params["name"])
    return [BY_NAME[n] for n in dict.fromkeys(names)]


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[CaseRun]]]:
    """Every selected case, started at once on a small pool (slowest first); each test waits
    for its own."""
    parent = tmp_path_factory.mktemp("hostile")
    selected = _selected_cases(request.session)
    slow_first = sorted(selected, key=lambda c: (not c.render, c.setup is None))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {case.name: pool.submit(execute, case, parent) for case in slow_first}
        yield futures
    report = os.environ.get("HOSTILE_REPORT")
    if report:
        _write_report(Path(report), futures)


def _write_report(path: Path, futures: dict[str, Future[CaseRun]]) -> None:
    rows = {}
    for name, future in futures.items():
        if future.exception() is None and not future.result().skipped:
            rows[name] = {
                label: {"exit": o.exit_code, "wall": round(o.wall, 3), "rss_mb": o.max_rss >> 20}
                for label, o in future.result().outcomes.items()
            }
    path.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


def findings_in(output: str) -> list[tuple[str, int, str, str]]:
    """(file, line, code, the whole line) of every finding of a text report."""
    found = []
    for match in FINDING.finditer(output):
        end = output.find("\n", match.start())
        line = output[match.start() : end if end >= 0 else None]
        found.append((match["file"], int(match["line"]), match["code"], line))
    return found


def check_bounds(outcome: Outcome, output_limit: int = 100_000) -> None:
    shown = f"{outcome.label}: {outcome.output[-3000:]}"
    assert not outcome.hung, f"{outcome.label} hung (killed after the hang limit)"
    assert "Traceback" not in outcome.output, shown
    assert "internal error" not in outcome.output and "内部错误" not in outcome.output, shown
    assert outcome.wall < WALL_LIMIT, f"{outcome.label} took {outcome.wall:.1f} s"
    assert outcome.max_rss < RSS_LIMIT, f"{outcome.label} peaked at {outcome.max_rss >> 20} MB"
    # a 2 MB line or a 50 MB file must not come back as megabytes of terminal output
    assert len(outcome.output) < output_limit, f"{outcome.label} printed {len(outcome.output)} chars"


def check_report(case: Case, outcome: Outcome, english: bool) -> None:
    shown = f"{outcome.label}: {outcome.output[-3000:]}"
    expected_exit = case.lint_status if english else case.exit
    assert outcome.exit_code == expected_exit, shown
    found = findings_in(outcome.output)
    codes = {code for _, _, code, _ in found}
    expected_codes = case.lint_code_set if english else case.validate_codes
    assert codes == expected_codes, shown
    for want in case.findings:
        file, _, line = want.where.partition(":")
        matches = [
            text
            for f, n, code, text in found
            if f == file and code == want.code and (not line or n == int(line))
        ]
        assert matches, f"no {want.code} at {want.where} in\n{shown}"
        fragment = want.en if english else want.zh
        assert any(fragment in text for text in matches), f"{fragment!r} not in {matches}"
    if case.text:
        assert case.text[1 if english else 0] in outcome.output, shown
    if outcome.exit_code == 1:
        assert found, f"exit 1 without a finding that names a file: {shown}"


def check_render(case: Case, run: CaseRun, label: str) -> None:
    outcome = run.outcomes[label]
    expected = case.exit if case.render_exit is None else case.render_exit
    assert outcome.exit_code == expected, f"{outcome.label}: {outcome.output[-3000:]}"
    folder = run.layout.out / label
    if expected != 2:
        index = folder / ("index.html" if label == "html" else "README.md")
        assert index.is_file(), f"{outcome.label} wrote no {index.name}"
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            for secret in OUTSIDE_CONTENT:
                assert secret.encode() not in data, f"{path} holds a file from outside"
    if case.payload:
        problems = list(site_problems(folder) if label == "html" else markdown_problems(folder))
        assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_hostile_input(name: str, runs: dict[str, Future[CaseRun]]) -> None:
    case = BY_NAME[name]
    run = runs[name].result()
    if run.skipped:
        pytest.skip(run.skipped)
    for outcome in run.outcomes.values():
        check_bounds(outcome, case.output_limit)
    check_report(case, run.outcomes["validate"], english=False)
    check_report(case, run.outcomes["lint"], english=True)
    if case.render:
        check_render(case, run, "html")
        check_render(case, run, "md")
    assert not run.changes, f"written outside the output folder and the cache: {run.changes}"


def test_corpus_is_documented() -> None:
    """README.md has one line per case (input, expected outcome); issue 7 asks for 40 or more."""
    assert len(CASES) >= 40
    readme = (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
    missing = [
        c.name
        for c in CASES
        if f"| `{c.name}` | {c.input.replace('|', chr(92) + '|')} |" not in readme
    ]
    assert not missing, f"not (or differently) described in tests/hostile/README.md: {missing}"

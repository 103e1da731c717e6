"""Fuzzing the whole pipeline (issue 7, part 2): structurally valid registries (strategies.py),
then mutated ones, through validate, lint and every report format, `due`, the exports, the
Markdown and HTML boards and the printed (PDF) board (harness.py). The only allowed outcomes are
findings and outputs: never an exception. Every finding has a PCxxx code, a position inside its
file and a message in both languages.

Default: small (the module stays well under 90 s). Scale with PIPELINE_FUZZ_EXAMPLES (examples of
the validate/lint/Markdown test; HTML runs a quarter of them, spreadsheets and the CLI a tenth) and
PIPELINE_FUZZ_PDF (PDF examples), e.g.
`PIPELINE_FUZZ_EXAMPLES=2000 PIPELINE_FUZZ_PDF=50 .venv/bin/python -m pytest -q tests/fuzz`.
A failing case prints its records and the mutations applied; PIPELINE_FUZZ_SHRINK=1 also shrinks
it (minutes). Long campaigns: tests/fuzz/campaign.py (CAMPAIGN.md).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fuzz.harness import check_core, check_html, check_pdf, check_spreadsheets, pipeline
from fuzz.strategies import Case, mutated, registries
from powerctl.cli import app
from powerctl.i18n import Lang

EXAMPLES = int(os.environ.get("PIPELINE_FUZZ_EXAMPLES", "60"))
PDF_EXAMPLES = int(os.environ.get("PIPELINE_FUZZ_PDF", "3"))
SHRINK = os.environ.get("PIPELINE_FUZZ_SHRINK", "") == "1"
FLOOR = 0.9  # share of generated (unmutated) registries without any PC1xx finding


def fuzz_settings(examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=max(1, examples),
        deadline=None,
        database=None,  # no .hypothesis/ folder in the repository
        # a failing case prints its records and its mutations; shrinking it takes minutes
        phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


def test_generated_registries_are_valid() -> None:
    """The unmutated registries validate: at least FLOOR of them without any PC1xx finding
    (in practice all of them)."""
    outcomes: list[list[str]] = []

    @fuzz_settings(max(20, EXAMPLES // 2))
    @given(registries())
    def one(case: Case) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = case.write(Path(folder) / "registry")
            report = pipeline(root, case, ("PC1",)).report
            outcomes.append([f"{f.code} {f.file} {f.message.en}" for f in report.findings])

    one()
    clean = sum(not codes for codes in outcomes)
    problems = [codes for codes in outcomes if codes][:3]
    assert clean >= FLOOR * len(outcomes), (clean, len(outcomes), problems)


@fuzz_settings(EXAMPLES)
@given(case=mutated(), lang=st.sampled_from([Lang.ZH, Lang.EN]))
def test_mutated_registry_validate_lint_markdown(case: Case, lang: Lang) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_core(case, Path(folder), lang)


@fuzz_settings(max(3, EXAMPLES // 10))
@given(case=mutated())
def test_mutated_registry_spreadsheets(case: Case) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_spreadsheets(case, Path(folder))


@fuzz_settings(max(3, EXAMPLES // 4))
@given(case=mutated(), lang=st.sampled_from([Lang.ZH, Lang.EN]))
def test_mutated_registry_html(case: Case, lang: Lang) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_html(case, Path(folder), lang)


@pytest.mark.skipif(PDF_EXAMPLES <= 0, reason="PIPELINE_FUZZ_PDF=0")
@fuzz_settings(PDF_EXAMPLES)
@given(
    case=mutated(),
    lang=st.sampled_from([Lang.ZH, Lang.EN]),
    paper=st.sampled_from(["A4", "A3"]),
)
def test_mutated_registry_pdf(case: Case, lang: Lang, paper: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_pdf(case, Path(folder), lang, paper)


@fuzz_settings(max(3, EXAMPLES // 10))
@given(case=mutated(), fmt=st.sampled_from(["text", "json", "github", "sarif", "gitlab", "junit"]))
def test_mutated_registry_cli(case: Case, fmt: str) -> None:
    """validate, lint (each format) and due through the CLI: exit 0 or 1, never a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        root = case.write(Path(tmp) / "registry")
        runner = CliRunner()
        env = {"POWERCTL_LANG": "", "GITHUB_ACTIONS": ""}
        today = case.today.isoformat()
        for args in (
            ["validate", str(root), "--no-cache"],
            ["lint", str(root), "--format", fmt, "--today", today, "--no-cache", "--exit-zero"],
            ["due", str(root), "--on", today],
        ):
            result = runner.invoke(app, args, env=env)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args,
                case.applied,
                result.exception,
            )
            assert result.exit_code in (0, 1), (args, result.output)
            assert "Traceback" not in result.output

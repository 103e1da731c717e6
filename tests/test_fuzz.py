"""Property tests: whatever the files hold, `validate` reports findings and never crashes.

Each example writes the minimal registry (conftest.py) into a fresh temporary folder and
replaces one file with random bytes, random YAML-ish text, or random structured data. The
invariants: `pipeline.run` does not raise; every finding is a PC1xx code with a 1-based
position inside the file and a message in both languages.

The default run is small (well under a minute). Scale it with FUZZ_EXAMPLES, e.g.
`FUZZ_EXAMPLES=3000 .venv/bin/python -m pytest -q tests/test_fuzz.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import RegistryBuilder, dump_yaml, minimal_records
from powerctl.cli import app
from powerctl.findings import Finding
from powerctl.pipeline import run
from powerctl.settings import Settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
TODAY = dt.date(2026, 6, 1)
CODE = re.compile(r"^PC1\d\d$")


def fuzz_settings(share: float = 1.0) -> Callable[[Any], Any]:
    return settings(
        max_examples=max(1, int(EXAMPLES * share)),
        deadline=None,
        database=None,  # no .hypothesis/ folder in the repository
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


KIND_FILES = [
    "powerctl.yaml",
    "org/people.yaml",
    "org/bodies.yaml",
    "powers/DW-001.yaml",
    "risks/DW-001.yaml",
    "meetings/2026/M-01.yaml",
    "disclosures/2026.yaml",
    "feedback/2026.yaml",
]


def lines_of(path: Path) -> list[str] | None:
    """The file's lines as an editor counts them (CRLF, CR, LF; not U+2028), or None when the
    file is not text."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


def check(root: Path) -> list[Finding]:
    """Run the pipeline on `root` and assert the invariants of every finding."""
    findings = run(root, Settings(today=TODAY)).report.findings
    for finding in findings:
        assert CODE.match(finding.code), finding
        assert finding.position is not None, finding
        assert finding.position.line >= 1, finding
        assert finding.position.column >= 1, finding
        assert finding.message.zh.strip(), finding
        assert finding.message.en.strip(), finding
        assert finding.file
        assert not Path(finding.file).is_absolute()
        lines = lines_of(root / finding.file)
        if lines is not None:  # the position is inside the file
            assert finding.position.line <= len(lines), (finding, len(lines))
            line = lines[finding.position.line - 1]
            assert finding.position.column <= len(line) + 1, (finding, line)
    return findings


def registry_with(tmp: str, raw: dict[str, str | bytes], drop: tuple[str, ...] = ()) -> Path:
    builder = RegistryBuilder(Path(tmp) / "registry")
    for name in (*raw, *drop):
        builder.records.pop(name, None)
    builder.raw.update(raw)
    return builder.write()


# --- (a) random bytes -----------------------------------------------------------------------

YAML_BYTES = st.one_of(
    st.binary(max_size=400),
    # mostly-text bytes: UTF-8 Chinese and YAML punctuation mixed with stray bytes
    st.lists(
        st.sampled_from(
            [
                "重大".encode(),
                "重大".encode("gbk"),
                b"\xef\xbb\xbf",
                b"\xff\xfe",
                b"\x00",
                b"\r\n",
                b"\n",
                b"id: ",
                b"- ",
                b": ",
                b"  ",
                b"\t",
                b"'",
                b'"',
                b"\x85",
                "\u2028".encode(),
                b"\x80",
                b"\xe9",
            ]
        ),
        max_size=60,
    ).map(b"".join),
)


@fuzz_settings(0.5)
@given(data=YAML_BYTES, where=st.sampled_from(["powers/DW-001.yaml", "org/people.yaml"]))
def test_random_bytes(data: bytes, where: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_with(tmp, {where: data})
        check(root)


@fuzz_settings(0.25)
@given(data=YAML_BYTES)
def test_random_bytes_as_markdown(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_with(
            tmp, {"powers/DW-001.md": b"---\n" + data}, drop=("powers/DW-001.yaml",)
        )
        check(root)


# --- (b) YAML-ish text ----------------------------------------------------------------------

CJK = st.text(alphabet="镇党委会议纪要张书记王镇长河堤加固工程重大事项决定", min_size=1, max_size=6)
FRAGMENTS = st.one_of(
    st.sampled_from(
        [
            "id",
            "body",
            "date",
            "chair",
            "items",
            "attendance",
            "present",
            "vote",
            "ballots",
            "person",
            "secrecy",
            "public",
            "committee",
            "p-shu",
            "M-01",
            "2026-03-12",
            "2026-02-30",
            ":",
            ": ",
            "- ",
            "\n",
            "\n  ",
            "\n    ",
            "\n- ",
            "  ",
            "\t",
            "'",
            '"',
            "&a ",
            "*a",
            "&b ",
            "*b",
            "!!str ",
            "!!int ",
            "!!python/object:os.system ",
            "!custom ",
            "!!map ",
            "<<: ",
            "[",
            "]",
            "{",
            "}",
            ", ",
            "# 注释",
            "---\n",
            "...\n",
            "? ",
            "|\n  ",
            ">-\n  ",
            "%YAML 1.2\n",
            "~",
            "yes",
            "no",
            "0x1F",
            "1e3",
            ".nan",
            "\u2028",
            "\x85",
            "\ufeff",
            "\x07",
        ]
    ),
    CJK,
    st.text(max_size=4),
)
YAMLISH = st.lists(FRAGMENTS, max_size=80).map("".join)


@fuzz_settings(1.0)
@given(text=YAMLISH)
def test_yamlish_meeting(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_with(tmp, {"meetings/2026/M-01.yaml": text})
        check(root)


@fuzz_settings(0.25)
@given(text=YAMLISH, body=st.text(max_size=40))
def test_yamlish_markdown_meeting(text: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = {"meetings/2026/M-01.md": f"---\n{text}\n---\n{body}"}
        root = registry_with(tmp, raw, drop=("meetings/2026/M-01.yaml",))
        check(root)


# --- (c) structured data --------------------------------------------------------------------

FIELD_NAMES = sorted(
    {
        "id",
        "name",
        "title",
        "body",
        "date",
        "chair",
        "recorder",
        "items",
        "steps",
        "next",
        "kind",
        "attendance",
        "present",
        "absent",
        "vote",
        "ballots",
        "person",
        "option",
        "result",
        "power",
        "category",
        "holder",
        "secrecy",
        "scope",
        "people",
        "bodies",
        "memberships",
        "role",
        "waivers",
        "rule",
        "reason",
        "photo",
        "notes",
        "limits",
        "max_file_mb",
        "policy",
        "rules",
        "subject",
        "meeting",
        "item",
        "about",
        "status",
        "scores",
        "controls",
    }
)
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), CJK, st.text(max_size=8))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    CJK,
    st.sampled_from(["p-shu", "committee", "DW-001", "M-01", "s1", "public", "passed", "PC301"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=30,
)


@fuzz_settings(1.0)
@given(data=DATA, where=st.sampled_from(KIND_FILES))
def test_structured_data_in_each_kind(data: Any, where: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_with(tmp, {where: dump_yaml(data)})
        check(root)


def replace_somewhere(record: Any, draw: Callable[[Any], Any], value: Any) -> Any:
    """Replace one node of `record` (chosen by `draw`) with `value`; the root if none."""
    if not isinstance(record, dict | list) or not record or draw(st.booleans()):
        return value
    if isinstance(record, dict):
        key = draw(st.sampled_from(sorted(record)))
        record[key] = replace_somewhere(record[key], draw, value)
    else:
        index = draw(st.integers(0, len(record) - 1))
        record[index] = replace_somewhere(record[index], draw, value)
    return record


@fuzz_settings(1.0)
@given(choice=st.data(), where=st.sampled_from(KIND_FILES), value=DATA)
def test_minimal_records_with_one_node_replaced(
    choice: st.DataObject, where: str, value: Any
) -> None:
    """Mostly valid records reach the reference and rule checks, not only the schemas."""
    record = replace_somewhere(minimal_records()[where], choice.draw, value)
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_with(tmp, {where: dump_yaml(record)})
        check(root)


def mappings_in(node: Any) -> list[dict[str, Any]]:
    """Every mapping inside `node`, outermost first."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop(0)
        if isinstance(current, dict):
            found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


@fuzz_settings(0.25)
@given(choice=st.data(), where=st.sampled_from(KIND_FILES), key=KEYS, value=DATA)
def test_minimal_records_with_one_key_added(
    choice: st.DataObject, where: str, key: str, value: Any
) -> None:
    record = minimal_records()[where]
    target = choice.draw(st.sampled_from(mappings_in(record)))
    target[key] = value
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_with(tmp, {where: dump_yaml(record)})
        check(root)


# --- the CLI --------------------------------------------------------------------------------


@fuzz_settings(0.25)
@given(text=YAMLISH, data=DATA, lang=st.sampled_from(["zh", "en"]))
def test_cli_exit_code_is_0_or_1(text: str, data: Any, lang: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_with(
            tmp, {"meetings/2026/M-01.yaml": text, "powers/DW-001.yaml": dump_yaml(data)}
        )
        result = CliRunner().invoke(app, ["validate", str(root), "--lang", lang])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        error = "[错误]" if lang == "zh" else "[error]"
        assert (error in result.output) is (result.exit_code == 1), result.output


def test_clean_registry_passes_the_invariants() -> None:
    """The harness itself: the minimal registry has no finding, a broken one has."""
    with tempfile.TemporaryDirectory() as tmp:
        assert check(registry_with(tmp, {})) == []
    with tempfile.TemporaryDirectory() as tmp:
        codes = [f.code for f in check(registry_with(tmp, {"powers/DW-001.yaml": b"\x00"}))]
        assert codes == ["PC105"]

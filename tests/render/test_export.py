"""`powerctl export`: the 报送 tables as xlsx and csv, public content only unless asked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from conftest import EXAMPLES, RegistryBuilder
from powerctl.export import HEADERS, export, export_internal, export_public, neutralize
from powerctl.model.registry import Registry
from powerctl.pipeline import run
from powerctl.render.public import PublicView, public_view
from powerctl.settings import Settings

AS_OF = dt.date(2026, 11, 23)
SHEETS = {
    "powers": "职权目录",
    "risks": "廉政风险点",
    "ledger": "公开台账",
    "decisions": "决策公开",
}
INTERNAL = ["QS-DW-015", "QS-DW-017", "党员纪律处分决定权", "QS-SJ-2026-07", "QS-M-2026-07"]


@pytest.fixture(scope="module")
def township_registry() -> Registry:
    return run(EXAMPLES / "township", Settings()).registry


@pytest.fixture(scope="module")
def township(township_registry: Registry) -> PublicView:
    return public_view(township_registry, AS_OF)


@pytest.fixture(scope="module")
def xlsx(township: PublicView, tmp_path_factory: pytest.TempPathFactory) -> Path:
    (path,) = export_public(township, "xlsx", out=tmp_path_factory.mktemp("xlsx"))
    return path


def expected_rows(view: PublicView) -> dict[str, int]:
    reg = view.registry
    return {
        "powers": len(reg.powers),
        "risks": sum(max(1, len(r.controls)) for r in reg.risks),  # one row per control
        "ledger": sum(1 for d in reg.disclosures if d.published_on and d.published_on <= AS_OF),
        "decisions": sum(len(m.items) for m in reg.meetings.values()),
    }


def test_xlsx_sheets_headers_and_rows(xlsx: Path, township: PublicView) -> None:
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == list(SHEETS.values())
    rows = expected_rows(township)
    for key, title in SHEETS.items():
        sheet = book[title]
        assert tuple(c.value for c in sheet[1]) == HEADERS[key]
        assert sheet.max_row - 1 == rows[key], key
        assert sheet.freeze_panes == "A2"
        assert all(c.font.bold for c in sheet[1])
    assert rows == {"powers": 26, "risks": rows["risks"], "ledger": 45, "decisions": 76}


def test_xlsx_cells(xlsx: Path) -> None:
    book = openpyxl.load_workbook(xlsx)
    powers = book["职权目录"]
    row = next(r for r in powers.iter_rows(min_row=2, values_only=True) if r[1] == "QS-DW-003")
    assert row[2:5] == ("重大工程项目安排决定权", "重大项目安排", "镇党委会")
    assert "《中华人民共和国招标投标法》第三条" in row[5]
    ledger = book["公开台账"]
    first = next(ledger.iter_rows(min_row=2, max_row=2))
    assert first[9].is_date and first[9].value.date() == dt.date(2026, 1, 12)
    assert first[9].number_format == "yyyy-mm-dd"
    assert first[7].value == "镇党委会（QS-M-2026-01）"
    decisions = book["决策公开"]
    assert decisions["C2"].is_date


def test_xlsx_widths_fit_chinese(xlsx: Path) -> None:
    sheet = openpyxl.load_workbook(xlsx)["职权目录"]
    title = sheet.column_dimensions["C"].width  # 权力事项名称: up to ~15 CJK characters
    assert 20 <= title <= 60
    assert sheet.column_dimensions["A"].width < title


def test_risk_rows_merge_per_risk(xlsx: Path, township: PublicView) -> None:
    sheet = openpyxl.load_workbook(xlsx)["廉政风险点"]
    several = sum(1 for r in township.registry.risks if len(r.controls) > 1)
    merged = [str(r) for r in sheet.merged_cells.ranges]
    assert len(merged) == several * 6
    assert all(m[0] in "ABCDEF" for m in merged)


def test_csv_has_bom_and_parses(township: PublicView, tmp_path: Path) -> None:
    written = export_public(township, "csv", out=tmp_path)
    assert [p.name for p in written] == ["powers.csv", "risks.csv", "ledger.csv", "decisions.csv"]
    rows = expected_rows(township)
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert tuple(table[0]) == HEADERS[path.stem]
        assert len(table) - 1 == rows[path.stem]


def test_what_selects_and_orders(township: PublicView, tmp_path: Path) -> None:
    written = export(township, "csv", ["risks", "powers", "risks"], tmp_path)
    assert [p.name for p in written] == ["risks.csv", "powers.csv"]
    with pytest.raises(ValueError, match="unknown table"):
        export(township, "csv", ["minutes"], tmp_path)
    with pytest.raises(ValueError, match="unknown format"):
        export(township, "ods", ["powers"], tmp_path)


def scan(folder: Path) -> str:
    """Every byte under `folder` as text, xlsx opened up (its XML is compressed)."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(n).decode("utf-8") for n in archive.namelist()]
        elif path.is_file():
            parts.append(path.read_bytes().decode("utf-8"))
    return "\n".join(parts)


def test_public_export_has_nothing_internal(township: PublicView, tmp_path: Path) -> None:
    export_public(township, "xlsx", out=tmp_path)
    export_public(township, "csv", out=tmp_path)
    text = scan(tmp_path)
    assert "QS-DW-003" in text
    for secret in INTERNAL:
        assert secret not in text, secret


def test_internal_export_only_when_asked(township_registry: Registry, tmp_path: Path) -> None:
    written = export_internal(township_registry, "csv", out=tmp_path, as_of=AS_OF)
    assert all(p.stem.endswith("-internal") for p in written)
    text = scan(tmp_path)
    for secret in INTERNAL:
        assert secret in text, secret
    (xlsx,) = export(township_registry, "xlsx", ["powers"], tmp_path)
    assert xlsx.name == "powerctl-export-internal.xlsx"
    assert openpyxl.load_workbook(xlsx).sheetnames == ["职权目录（内部）"]


def test_personnel_counts_only_internally(
    township: PublicView, township_registry: Registry, tmp_path: Path
) -> None:
    (public,) = export_public(township, "csv", ["decisions"], tmp_path)
    (internal,) = export_internal(township_registry, "csv", ["decisions"], tmp_path, AS_OF)

    def personnel(path: Path) -> list[str]:
        rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        return [r[5] for r in rows if r[4] == "重要人事任免"]

    assert personnel(public) and all("赞成" not in r for r in personnel(public))
    assert any("无记名投票：赞成" in r for r in personnel(internal))


HOSTILE = ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def test_formula_injection_is_neutralized(registry: RegistryBuilder, tmp_path: Path) -> None:
    power = registry["powers/DW-001.yaml"]
    power["title"] = HOSTILE[0]
    power["conditions"] = HOSTILE[1]
    registry["risks/DW-001.yaml"][0]["description"] = HOSTILE[2]
    registry["risks/DW-001.yaml"][0]["post"] = HOSTILE[3]
    registry["meetings/2026/M-01.yaml"]["items"][0]["title"] = HOSTILE[4]
    registry["disclosures/2026.yaml"][0]["title"] = HOSTILE[5]
    registry.write()
    view = public_view(run(registry.root, Settings()).registry, AS_OF)
    (xlsx,) = export_public(view, "xlsx", out=tmp_path)
    values = [
        cell
        for sheet in openpyxl.load_workbook(xlsx)
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    for hostile in HOSTILE:
        assert "'" + hostile in values, hostile
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    book = openpyxl.load_workbook(xlsx)
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)
    for path in export_public(view, "csv", out=tmp_path):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_neutralize() -> None:
    assert neutralize("=1") == "'=1"
    assert neutralize("清水镇") == "清水镇"
    assert neutralize(-3) == -3  # numbers are numbers
    assert neutralize(None) is None
    assert neutralize("\x07=1") == "'=1"  # control characters go before the check


def test_control_characters_do_not_break_xlsx(registry: RegistryBuilder, tmp_path: Path) -> None:
    registry["powers/DW-001.yaml"]["title"] = "决定权\x07\x1b"
    registry.write()
    view = public_view(run(registry.root, Settings()).registry, AS_OF)
    (xlsx,) = export_public(view, "xlsx", out=tmp_path)
    assert openpyxl.load_workbook(xlsx)["职权目录"]["C2"].value == "决定权"


def test_same_bytes_and_no_rewrite(township: PublicView, tmp_path: Path) -> None:
    (first,) = export_public(township, "xlsx", out=tmp_path / "a")
    (second,) = export_public(township, "xlsx", out=tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    csvs = export_public(township, "csv", out=tmp_path / "a")
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in [first, *csvs]}
    export_public(township, "xlsx", out=tmp_path / "a")
    export_public(township, "csv", out=tmp_path / "a")
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in before} == before

"""`powerctl export`: the power list, risk register, disclosure ledger and decisions as spreadsheets
with Chinese column headers, the way offices submit such tables to the level above (报送).

Public content only (`export_public`, from the PublicView, render/public.py) unless the clerk asks
for the internal tables explicitly (`export_internal`, `--internal`): those files say so in their
names and sheet names, so nobody posts one by mistake.

Every text cell that a spreadsheet could read as a formula (=, +, -, @, tab, CR in front) gets a
leading apostrophe (OWASP "CSV injection"); CSV is UTF-8 with a BOM, which Excel on Chinese Windows
needs to read UTF-8 at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from powerctl.i18n import Lang
from powerctl.model.records import Control, Disclosure, Risk
from powerctl.model.registry import Registry
from powerctl.render.markdown import holder_name, meeting_label, vote_text
from powerctl.render.public import PublicView
from powerctl.render.site_data import published
from powerctl.render.site_text import label, xml_text
from powerctl.scaffold.files import atomic_write, write_if_changed

Cell = str | int | dt.date | None
FORMATS = ("xlsx", "csv")
TABLES = ("powers", "risks", "ledger", "decisions")

HEADERS: dict[str, tuple[str, ...]] = {
    "powers": (
        "序号",
        "编号",
        "权力事项名称",
        "类别",
        "行使主体",
        "法律依据",
        "行使条件",
        "公开方式",
    ),
    "risks": (
        "序号",
        "编号",
        "所属权力事项",
        "风险岗位",
        "风险表现",
        "风险等级",
        "防控措施",
        "责任人",
        "完成时限",
    ),
    "ledger": (
        "序号",
        "编号",
        "公开事项",
        "类别",
        "公开范围",
        "公开渠道",
        "拟定日期",
        "审定会议",
        "审签人",
        "公开日期",
    ),
    "decisions": ("序号", "会议", "日期", "议题", "类别", "表决结果"),
}
SHEETS = {
    "powers": "职权目录",
    "risks": "廉政风险点",
    "ledger": "公开台账",
    "decisions": "决策公开",
}
# a risk point with several controls takes one row per control; its own columns are merged
RISK_COLUMNS = 6
SCOPE = {"public": "向社会公开", "party": "党内公开", "internal": "内部", "confidential": "秘密"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    key: str
    sheet: str
    headers: tuple[str, ...]
    rows: list[list[Cell]] = field(default_factory=list)
    # (first row, row count) of each record spread over several rows, for merged cells in xlsx
    blocks: list[tuple[int, int]] = field(default_factory=list)
    merge_columns: int = 0


def neutralize(value: Cell) -> Cell:
    """OWASP: a leading apostrophe keeps a spreadsheet from reading text as a formula. Control
    characters go first (XML cannot hold them, and `\x07=1` would otherwise become `=1`)."""
    if not isinstance(value, str):
        return value
    value = xml_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


# --- tables --------------------------------------------------------------------------------------


def _powers(reg: Registry) -> Table:
    table = Table("powers", SHEETS["powers"], HEADERS["powers"])
    for n, power in enumerate(sorted(reg.powers.values(), key=lambda p: p.id), start=1):
        basis = "；".join(b.title + (b.article or "") for b in power.basis)
        disclosure = "，".join(
            x
            for x in (
                SCOPE.get(power.disclosure_scope or "", power.disclosure_scope or ""),
                label("timing", power.disclosure_timing, Lang.ZH),
            )
            if x
        )
        table.rows.append(
            [
                n,
                power.id,
                power.title,
                label("category", power.category, Lang.ZH),
                holder_name(reg, power.holder),
                basis,
                power.conditions,
                disclosure,
            ]
        )
    return table


def _risks(reg: Registry) -> Table:
    table = Table("risks", SHEETS["risks"], HEADERS["risks"], merge_columns=RISK_COLUMNS)
    risks: list[Risk] = sorted(reg.risks, key=lambda r: r.id)
    for n, risk in enumerate(risks, start=1):
        power = reg.powers.get(risk.power)
        head: list[Cell] = [
            n,
            risk.id,
            f"{power.title}（{power.id}）" if power else risk.power,
            risk.post,
            risk.description,
            label("level", risk.level, Lang.ZH),
        ]
        controls: list[Control | None] = [*risk.controls] or [None]
        first = len(table.rows)
        for control in controls:
            if control is None:
                table.rows.append([*head, None, None, None])
                continue
            owner = reg.person_name(control.owner) if control.owner else None
            table.rows.append([*head, control.measure, owner, control.due])
        if len(controls) > 1:
            table.blocks.append((first, len(controls)))
    return table


def _ledger(reg: Registry, as_of: dt.date | None, public: bool) -> Table:
    """The public ledger lists what is published on the board date, as the boards do."""
    table = Table("ledger", SHEETS["ledger"], HEADERS["ledger"])
    entries: list[Disclosure] = [
        d for d in reg.disclosures if not public or as_of is None or published(d, as_of)
    ]
    entries.sort(key=lambda d: (d.published_on or dt.date.max, d.id))
    for n, entry in enumerate(entries, start=1):
        meeting = reg.meetings.get(entry.reviewed_at or "")
        # an internal meeting's id must not reach a public table even when a ledger entry names it
        reviewed = (
            meeting_label(reg, meeting) if meeting else (None if public else entry.reviewed_at)
        )
        table.rows.append(
            [
                n,
                entry.id,
                entry.title,
                label("disclosure_kind", entry.kind, Lang.ZH),
                SCOPE.get(entry.scope, entry.scope),
                "、".join(label("channel", c, Lang.ZH) for c in entry.channels),
                entry.drafted_on,
                reviewed,
                reg.person_name(entry.signed_by) if entry.signed_by else None,
                entry.published_on,
            ]
        )
    return table


def _decisions(reg: Registry) -> Table:
    table = Table("decisions", SHEETS["decisions"], HEADERS["decisions"])
    meetings = sorted(reg.meetings.values(), key=lambda m: (m.date, m.id))
    rows = [(m, item) for m in meetings for item in m.items]
    for n, (meeting, item) in enumerate(rows, start=1):
        result = label("result", item.result, Lang.ZH)
        if item.vote is not None:
            result += f"（{vote_text(item, Lang.ZH)}）"
        table.rows.append(
            [
                n,
                meeting_label(reg, meeting),
                meeting.date,
                item.title,
                label("category", item.category, Lang.ZH),
                result,
            ]
        )
    return table


def build_tables(
    reg: Registry, what: Sequence[str], *, public: bool, as_of: dt.date | None = None
) -> list[Table]:
    unknown = [w for w in what if w not in TABLES]
    if unknown:
        raise ValueError(f"unknown table(s): {', '.join(unknown)}; choose from {', '.join(TABLES)}")
    builders = {
        "powers": lambda: _powers(reg),
        "risks": lambda: _risks(reg),
        "ledger": lambda: _ledger(reg, as_of, public),
        "decisions": lambda: _decisions(reg),
    }
    tables = [builders[key]() for key in dict.fromkeys(what)]
    if not public:
        for table in tables:
            table.sheet += "（内部）"
    return tables


# --- writers -------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def csv_text(table: Table) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_cell_text(neutralize(v)) for v in row])
    return "\ufeff" + stream.getvalue()


def xlsx_bytes(tables: Sequence[Table], title: str, as_of: dt.date) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    book.properties.creator = "powerctl"
    book.properties.title = xml_text(title)  # the unit's name: XML like the cells
    book.properties.created = book.properties.modified = stamp
    for table in tables:
        sheet = book.create_sheet(table.sheet[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths = [display_width(h) for h in table.headers]
        for row in table.rows:
            values = [neutralize(v) for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                lines = _cell_text(value).splitlines() or [""]
                widths[i] = max(widths[i], *(display_width(line) for line in lines))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, 60)
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        for first, count in table.blocks:
            for col in range(1, table.merge_columns + 1):
                sheet.merge_cells(
                    start_row=first + 2, end_row=first + count + 1, start_column=col, end_column=col
                )
        sheet.freeze_panes = "A2"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_zip_times(raw.getvalue(), stamp)


_ZIP_FIRST = dt.datetime(1980, 1, 1)
_ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58)


def _fixed_zip_times(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the zip with one fixed timestamp, so the same tables give the same bytes (a zip
    timestamp lies in 1980..2107: a stamp outside is moved to the nearest end)."""
    stamp = min(max(stamp, _ZIP_FIRST), _ZIP_LAST)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def write_tables(
    tables: Sequence[Table], fmt: str, out: Path, *, internal: bool, title: str, as_of: dt.date
) -> list[Path]:
    suffix = "-internal" if internal else ""
    if fmt == "xlsx":
        path = out / f"powerctl-export{suffix}.xlsx"
        write_if_changed(path, xlsx_bytes(tables, title, as_of))
        return [path]
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt}; choose xlsx or csv")
    paths = []
    for table in tables:
        path = out / f"{table.key}{suffix}.csv"
        text = csv_text(table)
        if not (path.is_file() and path.read_bytes() == text.encode("utf-8")):
            atomic_write(path, text)
        paths.append(path)
    return paths


# --- entry points --------------------------------------------------------------------------------


def export_public(
    view: PublicView, fmt: str, what: Sequence[str] = TABLES, out: Path = Path(".")
) -> list[Path]:
    """The public tables, from the public view only."""
    tables = build_tables(view.registry, what, public=True, as_of=view.as_of)
    title = f"{view.unit_name} 报送表 {view.as_of.isoformat()}"
    return write_tables(tables, fmt, out, internal=False, title=title, as_of=view.as_of)


def export_internal(
    reg: Registry,
    fmt: str,
    what: Sequence[str] = TABLES,
    out: Path = Path("."),
    as_of: dt.date | None = None,
) -> list[Path]:
    """Every record, public or not: only for `powerctl export --internal`."""
    day = as_of or dt.date.today()
    tables = build_tables(reg, what, public=False, as_of=day)
    title = f"{reg.config.unit.name} 报送表（内部）{day.isoformat()}"
    return write_tables(tables, fmt, out, internal=True, title=title, as_of=day)


def export(
    view_or_registry: PublicView | Registry,
    fmt: str,
    what: Sequence[str] = TABLES,
    out: Path = Path("."),
) -> list[Path]:
    """A PublicView exports public tables; a raw Registry exports internal ones (`--internal`)."""
    if isinstance(view_or_registry, PublicView):
        return export_public(view_or_registry, fmt, what, out)
    return export_internal(view_or_registry, fmt, what, out)


__all__ = [
    "HEADERS",
    "TABLES",
    "Table",
    "build_tables",
    "export",
    "export_internal",
    "export_public",
]

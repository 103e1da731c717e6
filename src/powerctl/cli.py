"""The `powerctl` command: parses options, calls one function per command, sets the exit code.

Only this module prints. Heavy modules are imported inside the commands so `powerctl --help`
starts fast (benchmarks.md B7).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from powerctl import __version__
from powerctl.exitcodes import ExitCode
from powerctl.i18n import Lang, Msg, default_lang

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from powerctl.findings import Report
    from powerctl.render.public import PublicView
    from powerctl.settings import FileOptions

app = typer.Typer(
    name="powerctl",
    help="权力公开透明运行登记册工具 / power-transparency records: validate, lint, render.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        envvar="POWERCTL_LANG",
        help="输出语言 zh(默认)或 en / output language.",
        case_sensitive=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        envvar="POWERCTL_NO_CACHE",
        help="不读写 .powerctl-cache/（结果不变，只是更慢）/ do not use the cache.",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="并行进程数（默认按 CPU 核数，文件少时不并行）/ worker processes.",
    ),
]
_DEBUG = False


def _file_options(no_cache: bool, jobs: int | None) -> FileOptions:
    from powerctl.settings import FileOptions

    return FileOptions(cache=not no_cache, jobs=jobs)


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False, emoji=False)


def fail(message: Msg, lang: Lang, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    _console(stderr=True).print(f"powerctl: {message.get(lang)}", style="bold red", markup=False)
    raise typer.Exit(int(code))


def _registry_root(paths: list[Path], lang: Lang) -> Path:
    from powerctl.load.discover import find_root

    for path in paths:
        if not path.exists():
            fail(Msg(f"路径不存在：{path}", f"no such path: {path}"), lang)
    root = find_root(paths[0].resolve())
    if root is None:
        fail(
            Msg(
                f"{paths[0]} 不在登记册中（找不到 powerctl.yaml）：请进入登记册目录，或用 powerctl init 新建登记册。",
                f"{paths[0]} is not in a registry (no powerctl.yaml found): cd into one, or "
                "create one with powerctl init.",
            ),
            lang,
        )
    for path in paths[1:]:
        if find_root(path.resolve()) != root:
            fail(
                Msg(
                    f"{path} 与 {paths[0]} 不在同一个登记册中。",
                    f"{path} is not in the same registry as {paths[0]}.",
                ),
                lang,
            )
    return root


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="登记册目录，或其中的文件/子目录（默认当前目录）/ registry or files in it."
        ),
    ] = None,
    lang: LangOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="只输出问题数量 / print only the counts.")
    ] = False,
    max_file_mb: Annotated[
        float | None,
        typer.Option(
            "--max-file-mb",
            help="单个文件大小上限（MB，默认也是最大 5）/ file size limit (at most 5).",
            min=0.001,
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
) -> None:
    """校验格式与引用(PC100-PC108)/ check schemas and references."""
    from powerctl.load.source import limit_bytes
    from powerctl.pipeline import check
    from powerctl.report.text import format_text
    from powerctl.settings import Settings

    lang = lang or default_lang()
    targets = paths or [Path(".")]
    root = _registry_root(targets, lang)
    only = tuple(p.resolve() for p in targets) if paths else ()
    if only == (root.resolve(),):
        only = ()
    settings = Settings(
        lang=lang,
        max_bytes=limit_bytes(max_file_mb) if max_file_mb else None,
        only=only,
        files=_file_options(no_cache, jobs),
    )
    report = check(root, settings)
    _console().print(format_text(report, lang, quiet=quiet))
    raise typer.Exit(int(ExitCode.FINDINGS if report.errors else ExitCode.OK))


def _codes(values: list[str] | None) -> list[str]:
    """`--select PC3,PC101 --select PC2` -> ["PC3", "PC101", "PC2"]."""
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def _parse_day(value: str | None, lang: Lang, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(
            Msg(
                f"{option} 的日期“{value}”无效，请写 YYYY-MM-DD。",
                f'{option}: invalid date "{value}"; write YYYY-MM-DD.',
            ),
            lang,
        )


FORMATS = ("text", "json", "github", "sarif", "gitlab", "junit")


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="登记册目录，或其中的文件/子目录（默认当前目录）/ registry or files in it."
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="text | json | github | sarif | gitlab | junit(在 GitHub Actions 中默认 github)",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="只检查这些规则（代码或前缀，如 PC3,PC101）/ rules to run."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="不检查这些规则（代码或前缀）/ rules to skip."),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="error(默认)或 warning:达到该级别即返回 1 / exit 1 from this level.",
        ),
    ] = "error",
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="总是返回 0 / always exit 0.")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="按这一天判断期限(默认今天)/ judge deadlines as of this date."
        ),
    ] = None,
    lang: LangOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="只输出问题数量 / print only the counts.")
    ] = False,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="可公开的报告：只给位置、规则和改法，不引用记录内容 / no record content, "
            "for public CI logs.",
        ),
    ] = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
) -> None:
    """检查格式、引用和全部程序规则 / validate, then every procedural rule."""
    from powerctl.pipeline import check
    from powerctl.rules import CATALOG
    from powerctl.settings import Settings

    lang = lang or default_lang()
    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen not in FORMATS:
        fail(
            Msg(
                f"不支持的输出格式“{chosen}”，可选：{'、'.join(FORMATS)}",
                f'unknown format "{chosen}"; choose one of: {", ".join(FORMATS)}',
            ),
            lang,
        )
    if fail_on not in ("error", "warning"):
        fail(
            Msg("--fail-on 只能是 error 或 warning。", "--fail-on must be error or warning."), lang
        )
    selected, ignored = _codes(select) or ["PC"], _codes(ignore)
    for code in selected + ignored:
        if not any(rule.startswith(code) for rule in CATALOG.rules):
            fail(
                Msg(
                    f"没有以“{code}”开头的规则（powerctl rules 列出全部规则）。",
                    f'no rule code starts with "{code}" (powerctl rules lists them).',
                ),
                lang,
            )
    targets = paths or [Path(".")]
    root = _registry_root(targets, lang)
    only = tuple(p.resolve() for p in targets) if paths else ()
    settings = Settings(
        lang=lang,
        only=() if only == (root.resolve(),) else only,
        today=_parse_day(today, lang, "--today"),
        files=_file_options(no_cache, jobs),
    )
    registry = None
    if public:
        # which records are public needs the model, which the report cache does not keep
        from powerctl.pipeline import run

        result = run(root, settings, select=selected, ignore=ignored)
        report, registry = result.report, result.registry
    else:
        report = check(root, settings, select=selected, ignore=ignored)
    # every finding counts, also those a --public report leaves out
    failing = report.errors + (report.warnings if fail_on == "warning" else 0)
    if registry is not None:
        from powerctl.report.public import public_report

        report = public_report(report, registry, settings.today or dt.date.today())
    for notice in report.notices:
        _console(stderr=True).print(notice.get(lang), style="yellow", markup=False)
    if chosen in ("github", "sarif", "gitlab", "junit"):
        # CI tools place annotations by repository path; the registry may be a subfolder.
        report = with_prefix(report, _repository_prefix(root))
    _emit(report, chosen, lang, quiet)
    raise typer.Exit(int(ExitCode.FINDINGS if failing and not exit_zero else ExitCode.OK))


def with_prefix(report: Report, prefix: str) -> Report:
    """The same report with every file path under `prefix`."""
    if not prefix:
        return report
    import dataclasses

    from powerctl.findings import Loc

    def moved(file: str) -> str:
        return f"{prefix}/{file}"

    findings = [
        dataclasses.replace(f, loc=Loc(moved(f.loc.file), f.loc.path)) for f in report.findings
    ]
    return dataclasses.replace(
        report,
        findings=findings,
        files=[moved(f) for f in report.files],
        sources={moved(k): v for k, v in report.sources.items()},
    )


def _emit(report: Report, chosen: str, lang: Lang, quiet: bool) -> None:
    if chosen == "text":
        from powerctl.report.text import format_text

        _console().print(format_text(report, lang, quiet=quiet, by_rule_table=True))
        return
    if chosen == "json":
        from powerctl.report import json_report

        text = json_report.render(report, lang)
    elif chosen == "github":
        from powerctl.report import github

        text = github.render(report, lang)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            github.write_step_summary(report, lang, Path(summary))
    elif chosen == "sarif":
        from powerctl.report import sarif

        text = sarif.render(report, lang, tool_version=__version__)
    elif chosen == "gitlab":
        from powerctl.report import gitlab

        text = gitlab.render(report, lang)
    else:
        from powerctl.report import junit

        text = junit.render(report, lang)
    # machine-readable output is UTF-8 whatever the console's encoding (a GBK console included)
    sys.stdout.flush()
    sys.stdout.buffer.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
    sys.stdout.buffer.flush()


def _repository_prefix(root: Path) -> str:
    """The registry's folder relative to the top of its git repository ("" at the top)."""
    top = root.resolve()
    for folder in (top, *top.parents):
        if (folder / ".git").exists():
            rel = top.relative_to(folder).as_posix()
            return "" if rel == "." else rel
    return ""


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="规则代码,如 PC303 / a rule code.")] = None,
    lang: LangOption = None,
) -> None:
    """列出规则目录，或解释一条规则 / list the rules, or explain one."""
    from powerctl.ruledocs import catalogue_lines, entry_markdown
    from powerctl.rules import CATALOG
    from powerctl.rules.base import did_you_mean

    lang = lang or default_lang()
    console = _console()
    if code is None:
        for line in catalogue_lines(lang):
            console.print(line, markup=False)
        return
    rule = CATALOG.rules.get(code.upper())
    if rule is None:
        hint = did_you_mean(code.upper(), CATALOG.rules)
        fail(Msg(f"没有规则“{code}”。{hint.zh}", f'no rule "{code}".{hint.en}'), lang)
    console.print(entry_markdown(rule, lang), markup=False)


@app.command()
def due(
    path: Annotated[Path, typer.Argument(help="登记册目录（默认当前目录）/ the registry.")] = Path(
        "."
    ),
    on: Annotated[
        str | None, typer.Option("--on", help="按这一天列出（默认今天）/ as of this date.")
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="列出多少天内到期的事项 / horizon in days.", min=1)
    ] = 30,
    lang: LangOption = None,
) -> None:
    """待办事项：公开日、待公开决策、任前公示、待答复意见、到期整改 / the clerk's to-do list."""
    from powerctl.calendar import WorkCalendar
    from powerctl.due import compute_due, format_due
    from powerctl.pipeline import run
    from powerctl.rules.base import Context
    from powerctl.settings import Settings

    lang = lang or default_lang()
    root = _registry_root([path], lang)
    day = _parse_day(on, lang, "--on") or dt.date.today()
    registry = run(root, Settings(lang=lang, today=day)).registry
    config = registry.config
    context = Context(today=day, calendar=WorkCalendar(config.holidays, config.workdays))
    entries = compute_due(registry, context, on=day, horizon_days=days)
    _console().print(format_due(entries, lang))
    for notice in context.calendar.notices():
        _console(stderr=True).print(notice.get(lang), style="yellow", markup=False)


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(help="只输出一种记录的 Schema(如 meeting)/ print one schema to stdout."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="把全部 Schema 写入这个目录 / write all schemas here."),
    ] = None,
    lang: LangOption = None,
) -> None:
    """输出记录格式的 JSON Schema / write the JSON Schemas."""
    from powerctl.load.document import Kind
    from powerctl.resources import schema_dir
    from powerctl.scaffold.files import write_schemas
    from powerctl.schema import schema_file

    lang = lang or default_lang()
    if kind is not None:
        if kind not in {k.value for k in Kind}:
            fail(
                Msg(
                    f"没有“{kind}”这种记录，可选：{'、'.join(k.value for k in Kind)}",
                    f'no record kind "{kind}"; choose one of: {", ".join(k.value for k in Kind)}',
                ),
                lang,
            )
        sys.stdout.write((schema_dir() / schema_file(Kind(kind))).read_text(encoding="utf-8"))
        return
    if out is None:
        for k in Kind:
            print(schema_dir() / schema_file(k))
        return
    written = write_schemas(out)
    _console().print(
        Msg(
            f"已写入 {len(written)} 个 Schema 到 {out}", f"wrote {len(written)} schemas to {out}"
        ).get(lang)
    )


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="新登记册目录（默认当前目录）/ where to create it.")
    ] = Path("."),
    unit_name: Annotated[str, typer.Option("--name", help="单位名称 / unit name.")] = "示例镇党委",
    unit_id: Annotated[str, typer.Option("--unit-id", help="单位 id / unit id.")] = "example-town",
    lang: LangOption = None,
) -> None:
    """新建登记册 / create a new registry."""
    from powerctl.scaffold.init import RegistryExists, create_registry

    lang = lang or default_lang()
    try:
        created = create_registry(
            directory, unit_id=unit_id, unit_name=unit_name, today=dt.date.today()
        )
    except RegistryExists as exc:
        fail(
            Msg(
                f"{exc.path} 已经存在，不会覆盖已有的登记册：请换一个空目录。",
                f"{exc.path} already exists; an existing registry is never overwritten: choose an "
                "empty folder.",
            ),
            lang,
        )
    console = _console()
    console.print(
        Msg(
            f"已在 {directory} 新建登记册（{len(created)} 个文件）。下一步：",
            f"created a registry in {directory} ({len(created)} files). Next:",
        ).get(lang)
    )
    console.print(f"  cd {directory}\n  powerctl validate", markup=False)


@app.command()
def new(
    kind: Annotated[str, typer.Argument(help="meeting | power | risk | disclosure | feedback")],
    registry: Annotated[
        Path, typer.Option("--registry", "-r", help="登记册目录 / registry.")
    ] = Path("."),
    record_id: Annotated[
        str | None, typer.Option("--id", help="指定 id / the id (default: next free).")
    ] = None,
    body: Annotated[str | None, typer.Option("--body", help="会议机构 id / meeting body.")] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="日期 YYYY-MM-DD(默认今天)/ date (default today)."),
    ] = None,
    lang: LangOption = None,
) -> None:
    """按模板新增一条记录 / add a record from a template."""
    from powerctl.scaffold.new import KINDS, NewRecordError, new_record

    lang = lang or default_lang()
    if kind not in KINDS:
        fail(
            Msg(
                f"不能新建“{kind}”，可选：{'、'.join(KINDS)}",
                f'cannot create "{kind}"; choose one of: {", ".join(KINDS)}',
            ),
            lang,
        )
    root = _registry_root([registry], lang)
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        fail(
            Msg(
                f"日期“{date}”无效，请写 YYYY-MM-DD。", f'invalid date "{date}"; write YYYY-MM-DD.'
            ),
            lang,
        )
    try:
        path, rid = new_record(root, kind, record_id=record_id, body=body, day=day)
    except NewRecordError as exc:
        fail(exc.message, lang)
    _console().print(
        Msg(f"已新建 {kind} {rid}:{path}", f"created {kind} {rid}: {path}").get(lang), markup=False
    )


_RECORD_FOLDERS = ("org", "powers", "risks", "meetings", "disclosures", "feedback", "assets")


def _output_folder(root: Path, out: Path, lang: Lang, allow_root: bool = False) -> Path:
    """Output never goes into the records (a render must not be able to overwrite them)."""
    target = out.resolve()
    protected = [root.resolve() / name for name in _RECORD_FOLDERS]
    if not allow_root:
        protected.append(root.resolve())
    for folder in protected:
        if target == folder or (folder != root.resolve() and folder in target.parents):
            fail(
                Msg(
                    f"输出目录 {out} 位于登记册的记录或附件目录中：请换一个目录，例如 site/。",
                    f"the output folder {out} is inside the registry's records or assets: choose "
                    "another one, e.g. site/.",
                ),
                lang,
            )
    return target


def _public_view(
    path: Path, today: str | None, lang: Lang, files: FileOptions | None = None
) -> tuple[Path, PublicView, ExitCode]:
    """The public view of the registry, and the exit code the command ends with once its output
    is written: FINDINGS when records have errors (they are left out of the board, so CI and the
    clerk must hear of it), else OK."""
    from powerctl.pipeline import run
    from powerctl.render.public import public_view
    from powerctl.settings import FileOptions, Settings

    root = _registry_root([path], lang)
    as_of = _parse_day(today, lang, "--today") or dt.date.today()
    checked = run(root, Settings(lang=lang, today=as_of, files=files or FileOptions()))
    report = checked.report
    if report.errors:
        _warn_left_out(report, lang)
    code = ExitCode.FINDINGS if report.errors else ExitCode.OK
    return root, public_view(checked.registry, as_of), code


_LISTED_ERRORS = 10


def _warn_left_out(report: Report, lang: Lang) -> None:
    """Records that fail validation are not built, so they are missing from the board: say so,
    and at a clerk's terminal also where. A render's log may be public (a CI job that publishes
    the board), and an error's message can quote a record that is not public, so without a
    terminal, or under CI, only the count is given."""
    from powerctl.findings import Severity

    console = _console(stderr=True)
    console.print(
        Msg(
            f"注意：登记册有 {report.errors} 个格式或引用错误，出错的记录不会出现在公开栏上"
            "（公开栏仍会生成，命令返回 1）。请运行 powerctl validate 查看并改正。",
            f"note: the registry has {report.errors} schema or reference errors; records with "
            "errors are left out of the board (it is still built; the command exits 1). Run "
            "powerctl validate to see and fix them.",
        ).get(lang),
        style="yellow",
        markup=False,
    )
    if not console.is_terminal or os.environ.get("CI"):
        return
    errors = [f for f in report.active if f.severity is Severity.ERROR]
    for finding in sorted(errors, key=lambda f: f.sort_key())[:_LISTED_ERRORS]:
        pos = finding.position
        where = f"{finding.file}:{pos.line}:{pos.column}" if pos else finding.file
        console.print(f"  {where}: {finding.code} {finding.message.get(lang)}", markup=False)
    if len(errors) > _LISTED_ERRORS:
        more = len(errors) - _LISTED_ERRORS
        console.print(Msg(f"  …… 另有 {more} 个", f"  ... and {more} more").get(lang), markup=False)


def _warn_without_dot(lang: Lang) -> None:
    from powerctl.render.flowchart import dot_available

    if not dot_available():
        _console(stderr=True).print(
            Msg(
                "未找到 Graphviz（dot）：流程图以步骤列表代替。安装方法：apt-get install graphviz",
                "Graphviz (dot) not found: flowcharts are shown as step lists. Install it with "
                "apt-get install graphviz.",
            ).get(lang),
            style="yellow",
            markup=False,
        )


@app.command()
def render(
    path: Annotated[Path, typer.Argument(help="登记册目录（默认当前目录）/ the registry.")] = Path(
        "."
    ),
    output_format: Annotated[str, typer.Option("--format", help="html | md")] = "html",
    out: Annotated[Path, typer.Option("--out", help="输出目录 / output folder.")] = Path("site"),
    today: Annotated[
        str | None, typer.Option("--today", help="公开栏日期（默认今天）/ the board's date.")
    ] = None,
    lang: LangOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="不显示进度 / no progress bar.")
    ] = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
) -> None:
    """生成公开栏网站或 Markdown(只含公开内容)/ build the disclosure board from public records."""
    lang = lang or default_lang()
    if output_format not in ("html", "md"):
        fail(Msg("--format 只能是 html 或 md。", "--format must be html or md."), lang)
    files = _file_options(no_cache, jobs)
    root, view, code = _public_view(path, today, lang, files)
    from powerctl.cache import cache_folder

    cache_dir = cache_folder(root) if files.cache else None
    target = _output_folder(root, out, lang)
    _warn_without_dot(lang)
    from powerctl.render.html import SiteOutputError, render_html
    from powerctl.render.markdown import BoardOutputError, render_markdown

    try:
        if output_format == "md":
            written = render_markdown(view, target, lang=lang)
        else:
            written = _with_progress(
                lambda progress: render_html(
                    view,
                    target,
                    assets_root=root,
                    lang=lang,
                    progress=progress,
                    cache_dir=cache_dir,
                ),
                quiet,
                Msg("生成页面", "rendering pages").get(lang),
            )
    except (SiteOutputError, BoardOutputError) as exc:
        fail(
            Msg(
                f"不会写入 {out}：它不是空目录，也不是 powerctl 生成的公开栏（或者是当前目录、"
                "其上级目录、符号链接）。请指定一个空目录，或以前由 powerctl 生成的目录。",
                f"will not write into {out}: {exc}. Name an empty folder, or one powerctl "
                "built before.",
            ),
            lang,
        )
    index = target / ("index.html" if output_format == "html" else "README.md")
    _console().print(
        Msg(f"已生成 {len(written)} 个文件：{index}", f"wrote {len(written)} files: {index}").get(
            lang
        ),
        markup=False,
    )
    raise typer.Exit(int(code))


def _with_progress(
    job: Callable[[Callable[[int, int], None] | None], list[Path]], quiet: bool, label: str
) -> list[Path]:
    """A rich progress bar on a terminal; none with --quiet or without a TTY (CI)."""
    console = _console(stderr=True)
    if quiet or not console.is_terminal:
        return job(None)
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return job(progress)


SHEETS = ("leaders", "powers", "risks", "flows", "disclosures")


@app.command(name="print")
def print_board(
    path: Annotated[Path, typer.Argument(help="登记册目录（默认当前目录）/ the registry.")] = Path(
        "."
    ),
    paper: Annotated[str, typer.Option("--paper", help="A4 | A3")] = "A4",
    out: Annotated[Path, typer.Option("--out", help="PDF 文件 / the PDF file.")] = Path(
        "board.pdf"
    ),
    sheets: Annotated[
        str, typer.Option("--sheets", help="leaders,powers,risks,flows,disclosures")
    ] = ",".join(SHEETS),
    today: Annotated[
        str | None, typer.Option("--today", help="公开日期(默认今天)/ the disclosure date.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """打印公开栏(PDF,内嵌中文字体)/ printable notice-board sheets as PDF."""
    lang = lang or default_lang()
    if paper.upper() not in ("A4", "A3"):
        fail(Msg("--paper 只能是 A4 或 A3。", "--paper must be A4 or A3."), lang)
    chosen = [s.strip() for s in sheets.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SHEETS]
    if unknown or not chosen:
        fail(
            Msg(f"--sheets 可选:{'、'.join(SHEETS)}", f"--sheets: choose from {', '.join(SHEETS)}"),
            lang,
        )
    root, view, code = _public_view(path, today, lang)
    _output_folder(root, out.resolve().parent, lang, allow_root=True)
    _warn_without_dot(lang)
    from powerctl.render.pdf import render_pdf

    try:
        written = render_pdf(
            view, out, paper=paper.upper(), sheets=chosen, assets_root=root, lang=lang
        )
    except ValueError as exc:
        fail(Msg(f"无法打印：{exc}", f"cannot print: {exc}"), lang)
    _console().print(Msg(f"已生成 {written}", f"wrote {written}").get(lang), markup=False)
    raise typer.Exit(int(code))


@app.command()
def export(
    path: Annotated[Path, typer.Argument(help="登记册目录（默认当前目录）/ the registry.")] = Path(
        "."
    ),
    output_format: Annotated[str, typer.Option("--format", help="xlsx | csv")] = "xlsx",
    what: Annotated[
        str, typer.Option("--what", help="powers,risks,ledger,decisions")
    ] = "powers,risks,ledger,decisions",
    out: Annotated[Path, typer.Option("--out", help="输出目录 / output folder.")] = Path("export"),
    internal: Annotated[
        bool,
        typer.Option(
            "--internal", help="包含非公开内容（仅供内部报送）/ include non-public records."
        ),
    ] = False,
    today: Annotated[str | None, typer.Option("--today", help="日期 / as of this date.")] = None,
    lang: LangOption = None,
) -> None:
    """导出报送表格(xlsx/csv,默认只含公开内容)/ spreadsheets for reporting upwards."""
    from powerctl.export import TABLES, export_internal, export_public

    lang = lang or default_lang()
    if output_format not in ("xlsx", "csv"):
        fail(Msg("--format 只能是 xlsx 或 csv。", "--format must be xlsx or csv."), lang)
    tables = [t.strip() for t in what.split(",") if t.strip()]
    if not tables or any(t not in TABLES for t in tables):
        fail(
            Msg(f"--what 可选：{'、'.join(TABLES)}", f"--what: choose from {', '.join(TABLES)}"),
            lang,
        )
    root, view, code = _public_view(path, today, lang)
    target = _output_folder(root, out, lang)
    if internal:
        from powerctl.pipeline import run
        from powerctl.settings import Settings

        registry = run(root, Settings(lang=lang)).registry
        written = export_internal(registry, output_format, tables, target, as_of=view.as_of)
    else:
        written = export_public(view, output_format, tables, target)
    for file in written:
        _console().print(str(file), markup=False)
    raise typer.Exit(int(code))


@app.command()
def diff(
    rev: Annotated[str, typer.Argument(help="旧版本（默认 HEAD）/ the old revision.")] = "HEAD",
    rev2: Annotated[
        str | None,
        typer.Argument(help="新版本（默认工作区）/ the new revision (default: working tree)."),
    ] = None,
    registry: Annotated[
        Path, typer.Option("--registry", "-r", help="登记册目录 / registry.")
    ] = Path("."),
    output_format: Annotated[str, typer.Option("--format", help="text | md | json")] = "text",
    public: Annotated[
        bool,
        typer.Option("--public", help="只比较公开内容（用于公开的评论）/ public content only."),
    ] = False,
    lang: LangOption = None,
) -> None:
    """按记录比较两个版本（权力事项、风险点、会议、任职、公开）/ semantic diff between revisions."""
    from powerctl.gitdiff import DiffError, diff_revisions, format_diff

    lang = lang or default_lang()
    if output_format not in ("text", "md", "json"):
        fail(Msg("--format 只能是 text、md 或 json。", "--format must be text, md or json."), lang)
    root = _registry_root([registry], lang)
    try:
        changes = diff_revisions(root, ".", rev=rev, rev2=rev2, public=public)
    except DiffError as exc:
        fail(exc.message, lang)
    text = format_diff(changes, output_format, lang)
    if output_format == "text":
        _console().print(text, markup=False, highlight=False)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
        sys.stdout.buffer.flush()


@app.command()
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="登记册目录，或其中的文件/子目录（默认当前目录）/ registry or files in it."
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="只列出需要整理的文件，不修改 / list, do not write.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """统一记录文件的格式（保留注释）/ canonical formatting that keeps comments."""
    from powerctl.fmt import format_registry

    lang = lang or default_lang()
    targets = paths or [Path(".")]
    root = _registry_root(targets, lang)
    chosen = [p.resolve() for p in targets] if paths else None
    result = format_registry(root, chosen, check=check)
    console = _console()
    for rel in result.changed:
        label = Msg("需要整理", "would reformat") if check else Msg("已整理", "reformatted")
        console.print(f"{label.get(lang)}: {rel}", markup=False)
    for rel, message in [*result.broken, *result.skipped]:
        _console(stderr=True).print(f"{rel}: {message.get(lang)}", style="yellow", markup=False)
    summary = (
        Msg(
            f"{len(result.changed)} 个文件需要整理，{len(result.broken)} 个文件无法解析（未修改）",
            f"{len(result.changed)} file(s) would change, {len(result.broken)} cannot be parsed (untouched)",
        )
        if check
        else Msg(
            f"整理了 {len(result.changed)} 个文件，{len(result.broken)} 个文件无法解析（未修改）",
            f"reformatted {len(result.changed)} file(s), {len(result.broken)} cannot be parsed (untouched)",
        )
    )
    console.print(summary.get(lang), markup=False)
    failed = bool(result.broken) or (check and bool(result.changed))
    raise typer.Exit(int(ExitCode.FINDINGS if failed else ExitCode.OK))


@app.command()
def version() -> None:
    """显示版本 / show the version."""
    print(f"powerctl {__version__}")


def _safe_streams() -> None:
    """Never crash on a console that cannot show a character (GBK consoles, LANG=C)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _argv_lang() -> Lang:
    """--lang from the command line when click could not parse it (a usage error)."""
    args = sys.argv[1:]
    for n, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and n + 1 < len(args):
            value = args[n + 1]
        if value and value.lower() in ("zh", "en"):
            return Lang(value.lower())
    return default_lang()


def _kinds(exc: BaseException) -> set[str]:
    # by class name: typer 0.28 carries its own copy of click (typer._click), a private module
    return {cls.__name__ for cls in type(exc).__mro__}


def usage_message(exc: Any) -> Msg:
    """click's usage errors (unknown option or command, missing argument, bad value) in the
    clerk's language, with where to read the usage."""
    kinds = _kinds(exc)
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "powerctl"
    text = str(exc.format_message())
    param = getattr(exc, "param", None)
    if "NoSuchOption" in kinds:
        maybe = list(exc.possibilities or ())
        zh = f"没有选项 {exc.option_name}" + (f"（是不是 {'、'.join(maybe)}？）" if maybe else "")
        en = f"no such option: {exc.option_name}" + (
            f" (did you mean {', '.join(maybe)}?)" if maybe else ""
        )
    elif "MissingParameter" in kinds:
        name = param.human_readable_name if param is not None else ""
        zh, en = f"缺少参数 {name}", f"missing argument {name}"
    elif "BadParameter" in kinds:
        hint = exc.param_hint
        if hint is None and param is not None and ctx is not None:
            hint = param.get_error_hint(ctx)
        hint = hint if isinstance(hint, str) else " / ".join(hint or ())
        zh, en = f"{hint} 的值无效（{exc.message}）", f"invalid value for {hint}: {exc.message}"
    elif text.startswith("No such command"):
        zh, en = f"没有这个命令：{text[len('No such command') :].strip(' .')}", text.rstrip(".")
    else:
        zh, en = f"用法有误：{text}", text.rstrip(".")
    return Msg(
        f"{zh}。运行 {command} --help 查看用法。",
        f"{en}. Run {command} --help to see the usage.",
    )


def main() -> None:
    """The console script: the single top-level handler. A usage mistake, a file that cannot
    be read or written, or an unexpected exception becomes a short message (exit 2), never a
    Python stack; --debug (or POWERCTL_DEBUG=1) shows the stack of an unexpected one."""
    global _DEBUG
    _safe_streams()
    if "--debug" in sys.argv:
        sys.argv.remove("--debug")
        _DEBUG = True
    _DEBUG = _DEBUG or os.environ.get("POWERCTL_DEBUG") == "1"
    try:
        code = app(standalone_mode=False)
    except (KeyboardInterrupt, BrokenPipeError, typer.Abort):
        sys.exit(130)
    except OSError as exc:
        if _DEBUG:
            raise
        where = exc.filename or ""
        reason = exc.strerror or str(exc)
        print(
            Msg(
                f"powerctl: 无法读写 {where}：{reason}。请检查路径是否正确、有没有权限、磁盘是否已满。",
                f"powerctl: cannot read or write {where}: {reason}. Check the path, its "
                "permissions and the free disk space.",
            ).get(_argv_lang()),
            file=sys.stderr,
        )
        sys.exit(int(ExitCode.USAGE))
    except Exception as exc:  # a clerk never sees a stack trace
        if "NoArgsIsHelpError" in _kinds(exc):
            sys.exit(int(ExitCode.USAGE))  # the help is already on the screen
        if "UsageError" in _kinds(exc):
            print(f"powerctl: {usage_message(exc).get(_argv_lang())}", file=sys.stderr)
            sys.exit(int(ExitCode.USAGE))
        if _DEBUG:
            raise
        message = Msg(
            f"powerctl 内部错误（{type(exc).__name__}: {exc}）。请加 --debug 重新运行查看详细信息，并把输出报告给维护者。",
            f"powerctl internal error ({type(exc).__name__}: {exc}). Re-run with --debug to see "
            "the details, and report them to the maintainers.",
        )
        print(message.get(_argv_lang()), file=sys.stderr)
        sys.exit(int(ExitCode.USAGE))
    sys.exit(code if isinstance(code, int) else 0)

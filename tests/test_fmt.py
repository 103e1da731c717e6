"""`powerctl fmt`: canonical formatting keeps data and comments, is idempotent, never touches a
broken file."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, CliResult
from powerctl.fmt import FormatError, format_registry, format_text
from powerctl.load.discover import walk
from powerctl.load.document import Kind
from powerctl.load.parse import parse
from powerctl.load.source import split_front_matter

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "township"


def comments(text: str) -> Counter[str]:
    """Comment lines as a reader sees them: whole-line comments, and what follows ` #` on a line
    (the example's values contain no ` #`)."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            found[stripped] += 1
        elif " #" in line:
            found[line[line.index(" #") :].strip()] += 1
    return found


def yaml_part(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return split_front_matter(text).text if path.suffix == ".md" else text


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "township"
    shutil.copytree(EXAMPLE, root)
    return root


def unformat(root: Path) -> None:
    """Make two files non-canonical: an unneeded quote, and keys out of the contract's order."""
    config = root / "powerctl.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("quorum: 2/3", 'quorum: "2/3"'), encoding="utf-8")
    (root / "powers" / "QS-DW-099.yaml").write_text(POWER, encoding="utf-8")


def record_files(root: Path) -> list[Path]:
    return [e.path for e in walk(root).entries if e.kind is not None]


def test_example_is_idempotent_and_keeps_data_and_comments(registry: Path) -> None:
    before = {p: p.read_text(encoding="utf-8") for p in record_files(registry)}
    first = format_registry(registry, None, check=False)
    assert first.broken == []
    second = format_registry(registry, None, check=False)
    assert second.changed == [] and second.broken == []
    for path, old in before.items():
        new = path.read_text(encoding="utf-8")
        assert comments(new) == comments(old), path
        old_yaml = split_front_matter(old).text if path.suffix == ".md" else old
        assert parse(yaml_part(path)).data == parse(old_yaml).data, path
        assert new.endswith("\n") and not new.endswith("\n\n")


def test_check_lists_and_writes_nothing(registry: Path) -> None:
    # unneeded quotes and a key out of the contract's order, in two files
    config = registry / "powerctl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("quorum: 2/3", 'quorum: "2/3"'), encoding="utf-8"
    )
    (registry / "powers" / "QS-DW-099.yaml").write_text(POWER, encoding="utf-8")
    stamps = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in record_files(registry)}
    result = format_registry(registry, None, check=True)
    assert sorted(result.changed) == ["powerctl.yaml", "powers/QS-DW-099.yaml"]
    for path, (data, mtime) in stamps.items():
        assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime
    written = format_registry(registry, None, check=False)
    assert written.changed == result.changed
    assert format_registry(registry, None, check=True).changed == []


POWER = """\
# yaml-language-server: $schema=../.powerctl/schemas/power.schema.json
# 权力事项（键的顺序被打乱）
title: 某项权力   # 标题
# 编号的说明
id: QS-DW-099  # 编号
steps:   # 流程
  - {name: 审批, id: s1, actor: 党政办, next: [s2]}   # 第一步
  - {id: s2, name: 结束, kind: end}
  # 流程到此为止

# 类别说明
category: ordinary
holder: party-committee
disclosure: {timing: immediate, scope: public}
zz_custom: 1
aa_custom: 2
# 文末注释
"""


def test_scrambled_record_is_put_in_contract_order_with_its_comments() -> None:
    out = format_text(POWER, Kind.POWER)
    keys = [line.split(":")[0] for line in out.splitlines() if line[:1].isalpha()]
    assert keys == [
        "id",
        "title",
        "category",
        "holder",
        "steps",
        "disclosure",
        "zz_custom",  # unknown keys after the known ones, as written
        "aa_custom",
    ]
    lines = out.splitlines()
    assert lines[0].startswith("# yaml-language-server:")  # the modeline stays first
    assert lines[lines.index("id: QS-DW-099  # 编号") - 1] == "# 编号的说明"
    assert lines[lines.index("category: ordinary") - 1] == "# 类别说明"
    assert "title: 某项权力   # 标题" in lines
    # flow mappings stay flow, their keys in order too
    assert "  - {id: s1, name: 审批, actor: 党政办, next: [s2]}   # 第一步" in lines
    assert "disclosure: {scope: public, timing: immediate}" in lines
    assert lines[-1] == "# 文末注释"
    assert comments(out) == comments(POWER)
    assert parse(out).data == parse(POWER).data
    assert format_text(out, Kind.POWER) == out


def test_nested_objects_and_top_level_lists_are_ordered() -> None:
    risks = """\
# 风险点
- power: QS-DW-001
  # 编号写在前面
  id: QS-R-1
  level: low
  scores: {likelihood: 1, importance: 1, frequency: 1}
  description: 描述
- id: QS-R-2
  power: QS-DW-001
  description: 描述二
  scores: {importance: 1, frequency: 1, likelihood: 1}
  level: low
"""
    out = format_text(risks, Kind.RISKS)
    assert out.splitlines()[:4] == [
        "# 风险点",
        "# 编号写在前面",
        "- id: QS-R-1",
        "  power: QS-DW-001",
    ]
    assert "  scores: {importance: 1, frequency: 1, likelihood: 1}" in out
    meeting = """\
id: M1
items:
  - result: passed
    id: "1"
    vote:
      counts: {yes: 3, no: 0, abstain: 0}
      method: secret
    title: 议题
    category: ordinary
    presenter: p-li
body: party-committee
date: 2026-01-01
chair: p-zhang
attendance:
  absent: []
  present: [p-zhang]
"""
    out = format_text(meeting, Kind.MEETING)
    assert out.index("body:") < out.index("attendance:") < out.index("items:")
    assert out.index("present:") < out.index("absent:")
    assert out.index('  - id: "1"') < out.index("    title:") < out.index("    result:")
    assert out.index("method: secret") < out.index("counts:")
    assert parse(out).data == parse(meeting).data


def test_quotes_only_where_needed() -> None:
    text = """\
people:
  - id: '1'
    name: "张三"
    phone: "13800000000"
    photo: "yes"
    title: no
    duties: 'true'
    start: "2026-01-01"
    note: "0771-5820118"
    other: 2026-03-01
    empty: null
"""
    out = format_text(text, Kind.PEOPLE)
    assert '  - id: "1"' in out  # would be a number
    assert "    name: 张三" in out
    assert '    phone: "13800000000"' in out
    assert "    photo: yes" in out and "    title: no" in out  # YAML 1.2: plain strings
    assert '    duties: "true"' in out
    assert '    start: "2026-01-01"' in out  # a string that would read as a date
    assert "    note: 0771-5820118" in out
    assert "    other: 2026-03-01" in out  # a date stays a date
    assert "    empty: null" in out
    assert "%YAML" not in out
    data = parse(out).data
    assert data == parse(text).data
    assert data["people"][0]["photo"] == "yes" and data["people"][0]["title"] == "no"


def test_long_chinese_lines_are_not_wrapped() -> None:
    text = "id: QS-DW-001\ntitle: 权力\ndescription: " + "研究决定本镇重大事项，" * 60 + "\n"
    assert format_text(text, Kind.POWER) == text


def test_bom_and_crlf_become_utf8_lf(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "powerctl.yaml", tmp_path / "powerctl.yaml")
    people = tmp_path / "org" / "people.yaml"
    people.parent.mkdir()
    source = (
        '# 人员\r\npeople:\r\n  - id: p-li   # 李\r\n    name: 李四\r\n    phone: "13800000000"\r\n'
    )
    people.write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    result = format_registry(tmp_path, [people], check=False)
    assert result.changed == ["org/people.yaml"] and result.broken == []
    assert people.read_bytes() == source.replace("\r\n", "\n").encode("utf-8")


def test_markdown_body_is_kept(tmp_path: Path) -> None:
    body = "## 运行说明\n\nid: 这不是键   # 也不是注释\n\n- 列表项 \n\n\n"
    text = f"---\n# 权力\ntitle: 权力\nid: QS-DW-001\n---\n{body}"
    out = format_text(text, Kind.POWER, markdown=True)
    assert out == f"---\n# 权力\nid: QS-DW-001\ntitle: 权力\n---\n{body}"
    assert format_text(out, Kind.POWER, markdown=True) == out


def test_broken_file_is_left_untouched_and_reported(registry: Path) -> None:
    broken = registry / "powers" / "QS-DW-001.yaml"
    broken.write_text('id: QS-DW-001\ntitle: "未闭合\ncategory: ordinary\n', encoding="utf-8")
    os.utime(broken, ns=(1_000_000_000, 1_000_000_000))
    data = broken.read_bytes()
    result = format_registry(registry, None, check=False)
    assert [rel for rel, _ in result.broken] == ["powers/QS-DW-001.yaml"]
    assert "line 2" in result.broken[0][1].en and "第 2 行" in result.broken[0][1].zh
    assert "powers/QS-DW-001.yaml" not in result.changed
    assert broken.read_bytes() == data
    assert broken.stat().st_mtime_ns == 1_000_000_000
    with pytest.raises(FormatError):
        format_text(data.decode("utf-8"), Kind.POWER)


def test_duplicate_keys_count_as_not_parsing() -> None:
    with pytest.raises(FormatError):
        format_text("id: a\nid: b\ntitle: t\n", Kind.POWER)


def test_paths_select_files_and_folders(registry: Path) -> None:
    unformat(registry)
    result = format_registry(registry, [registry / "powers"], check=True)
    assert result.changed and all(rel.startswith("powers/") for rel in result.changed)
    outside = registry.parent / "elsewhere.yaml"
    outside.write_text("a: 1\n", encoding="utf-8")
    result = format_registry(
        registry, [registry / "powerctl.yaml", registry / "README.yaml", outside], check=True
    )
    assert result.changed == ["powerctl.yaml"]
    assert [shown for shown, _ in result.skipped] == [
        (registry / "README.yaml").as_posix(),
        outside.as_posix(),
    ]


def test_file_mode_is_kept(registry: Path) -> None:
    unformat(registry)
    target = registry / "powerctl.yaml"
    target.chmod(0o644)
    assert format_registry(registry, [target], check=False).changed == ["powerctl.yaml"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_the_example_registry_is_canonical(cli: Callable[..., CliResult]) -> None:
    """A records repository's CI runs `powerctl fmt --check`; the showcase passes it."""
    result = cli("fmt", EXAMPLES / "township", "--check")
    assert result.exit_code == 0, result.stdout
    assert "0 个文件需要整理" in result.stdout

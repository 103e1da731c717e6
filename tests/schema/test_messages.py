"""PC100 messages: what a clerk reads when a record does not match its schema. Each test writes
the minimal registry, makes one edit to a file's text exactly as a clerk would type it, and
checks the message (Chinese and English) and where it points."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import RegistryBuilder, at, dump_yaml
from conftest import where as locate
from powerctl.findings import Finding, Severity
from powerctl.pipeline import run
from powerctl.settings import Settings

MEETING = "meetings/2026/M-01.yaml"
PEOPLE = "org/people.yaml"
POWER = "powers/DW-001.yaml"


def where(registry: RegistryBuilder, file: str, needle: str, after: str = "") -> tuple[int, int]:
    """(line, column) of the first `needle` right after `after` in `file` as written."""
    return locate(registry, file, needle, after=after)


def edit(registry: RegistryBuilder, file: str, old: str, new: str) -> list[Finding]:
    """Write the registry, replace `old` (which must occur once) by `new` in `file`, validate."""
    root = registry.write()
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return run(root, Settings()).report.findings


def schema_errors(findings: list[Finding], file: str) -> list[Finding]:
    """The findings, after asserting they are all PC100 errors in `file`."""
    assert findings, "expected PC100"
    for f in findings:
        assert (f.code, f.file, f.severity) == ("PC100", file, Severity.ERROR), f.message.en
    return findings


def says(finding: Finding, zh: list[str], en: list[str]) -> None:
    for text in zh:
        assert text in finding.message.zh, finding.message.zh
    for text in en:
        assert text in finding.message.en, finding.message.en


def test_an_unquoted_phone_number_says_to_quote_it(registry: RegistryBuilder) -> None:
    findings = edit(registry, PEOPLE, "  name: 张书记\n", "  name: 张书记\n  phone: 13800000000\n")
    (f,) = schema_errors(findings, PEOPLE)
    assert at(f) == where(registry, PEOPLE, "13800000000")
    says(
        f,
        zh=["phone", "手机号码", "应为文本", "实际是数字", "加引号", '"13800000000"'],
        en=["phone", "must be text", "Quote the value", '"13800000000"'],
    )


def test_a_misspelt_category_lists_the_values_and_suggests_one(registry: RegistryBuilder) -> None:
    findings = edit(registry, POWER, "category: major_project\n", "category: major_projects\n")
    (f,) = schema_errors(findings, POWER)
    assert at(f) == where(registry, POWER, "major_projects")
    allowed = ["major_decision", "personnel", "major_project", "large_funds", "emergency"]
    says(
        f,
        zh=["major_projects", "不在允许范围内", "是不是“major_project”", *allowed, "ordinary"],
        en=["major_projects", "not allowed", 'Did you mean "major_project"?', *allowed],
    )


def test_a_misspelt_key_is_an_unknown_field_with_a_suggestion(registry: RegistryBuilder) -> None:
    findings = edit(
        registry, POWER, "title: 重大工程项目安排决定权", "titel: 重大工程项目安排决定权"
    )
    unknown, missing = sorted(
        schema_errors(findings, POWER), key=lambda f: "titel" not in f.message.en
    )
    # the unknown key is reported at the key itself, where the clerk typed it
    assert at(unknown) == where(registry, POWER, "titel:")
    says(
        unknown,
        zh=["不认识的字段“titel”", "是不是拼错了“title”"],
        en=['unknown field "titel"', 'did you mean "title"?'],
    )
    # and title is now missing
    says(missing, zh=["缺少必填字段“title”"], en=['lacks the required field "title"'])


def test_a_misspelt_key_inside_an_item(registry: RegistryBuilder) -> None:
    findings = edit(registry, MEETING, "  presenter: p-zhen\n", "  presentor: p-zhen\n")
    found = schema_errors(findings, MEETING)
    (unknown,) = [f for f in found if "presentor" in f.message.en]
    assert at(unknown) == where(registry, MEETING, "presentor:")
    says(unknown, zh=["是不是拼错了“presenter”"], en=['did you mean "presenter"?'])


def test_a_missing_required_field_is_named(registry: RegistryBuilder) -> None:
    findings = edit(registry, POWER, "holder: committee\n", "")
    (f,) = schema_errors(findings, POWER)
    says(
        f,
        zh=["缺少必填字段“holder”", "行使主体"],
        en=['lacks the required field "holder"'],
    )
    assert at(f) == (1, 1)  # a top-level field: the file as a whole


def test_two_missing_fields_are_two_findings(registry: RegistryBuilder) -> None:
    registry[POWER].pop("title")
    registry[POWER].pop("holder")
    findings = schema_errors(registry.findings(), POWER)
    assert len(findings) == 2
    named = sorted(
        field for f in findings for field in ("title", "holder") if field in f.message.en
    )
    assert named == ["holder", "title"]
    assert findings[0].message != findings[1].message


def test_a_missing_field_of_an_item_points_at_the_item(registry: RegistryBuilder) -> None:
    findings = edit(registry, MEETING, "  result: passed\n", "")
    (f,) = schema_errors(findings, MEETING)
    says(f, zh=["items[0]", "缺少必填字段“result”"], en=['"items[0]" lacks the required field'])
    assert at(f)[0] == where(registry, MEETING, "- category: major_project")[0]


@pytest.mark.parametrize("written", ["2026-3-12", "2026-02-30"])
def test_an_invalid_date_explains_the_format(registry: RegistryBuilder, written: str) -> None:
    findings = edit(registry, MEETING, "date: 2026-03-12\n", f"date: {written}\n")
    (f,) = schema_errors(findings, MEETING)
    assert at(f) == where(registry, MEETING, written, after="date: ")
    says(
        f,
        zh=[written, "不是有效日期", "YYYY-MM-DD", "2026-03-12"],
        en=[written, "not a valid date", "YYYY-MM-DD"],
    )


def test_yes_is_not_a_boolean_in_yaml_1_2(registry: RegistryBuilder) -> None:
    findings = edit(registry, PEOPLE, "  name: 张书记\n", "  name: 张书记\n  publish_phone: yes\n")
    (f,) = schema_errors(findings, PEOPLE)
    assert at(f) == where(registry, PEOPLE, "yes", after="publish_phone: ")
    says(
        f,
        zh=["publish_phone", "YAML 1.2", "只有 true 和 false 是布尔值", "“yes”是文本"],
        en=["publish_phone", "YAML 1.2", "only true and false are booleans", '"yes" is text'],
    )


def test_an_unquoted_item_id_says_to_quote_it(registry: RegistryBuilder) -> None:
    findings = edit(registry, MEETING, "  id: '1'\n", "  id: 1\n")
    (f,) = schema_errors(findings, MEETING)
    assert at(f) == where(registry, MEETING, "1", after="  id: ")
    says(f, zh=["items[0].id", "加引号", '"1"'], en=["items[0].id", "quote", '"1"'])


def test_a_secret_vote_with_ballots_points_at_the_ballots(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"]["method"] = "secret"
    item["vote"]["counts"] = {"yes": 5, "no": 0, "abstain": 0}
    (f,) = schema_errors(registry.findings(), MEETING)
    assert at(f) == where(registry, MEETING, "ballots:")
    says(f, zh=["无记名投票", "ballots", "counts"], en=["secret ballot", "ballots", "counts"])


def test_positions_count_from_the_top_of_a_markdown_file(registry: RegistryBuilder) -> None:
    power = registry.records.pop(POWER)
    registry.raw["powers/DW-001.md"] = (
        "---\n"
        f"id: {power['id']}\n"
        f"title: {power['title']}\n"
        "category: major_projects\n"
        "holder: committee\n"
        "steps:\n"
        "  - {id: s1, name: 调研论证, next: [s2]}\n"
        "  - {id: s2, name: 集体讨论决定, kind: decision, next: {passed: s3, rejected: s1}}\n"
        "  - {id: s3, name: 公示实施, kind: end}\n"
        "---\n"
        "权力运行说明。\n"
    )
    (f,) = schema_errors(registry.findings(), "powers/DW-001.md")
    assert at(f) == (4, 11)


def test_an_ascii_comma_in_a_flow_mapping_gets_a_comma_hint(registry: RegistryBuilder) -> None:
    """`{person: p-zhen, position: support, summary: 同意,但须补充材料}`: the ASCII comma ends the
    value and the rest becomes an unknown key; the message names the real cause."""
    registry.raw["meetings/2026/M-01.yaml"] = dump_yaml(
        registry["meetings/2026/M-01.yaml"]
    ).replace(
        "  - person: p-zhen\n    position: support\n",
        "  - {person: p-zhen, position: support, summary: 同意,但须补充材料}\n",
        1,
    )
    del registry.records["meetings/2026/M-01.yaml"]
    (finding,) = [f for f in registry.findings() if f.code == "PC100"]
    assert "但须补充材料" in finding.message.zh
    assert "英文逗号" in finding.message.zh and "full-width comma" in finding.message.en

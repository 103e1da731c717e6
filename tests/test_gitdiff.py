"""`powerctl diff`: the semantic diff of a registry between git revisions, on real temporary
repositories with several commits built from the minimal registry of conftest.py."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult, RegistryBuilder
from powerctl.gitdiff import (
    Change,
    DiffError,
    RegistryDiff,
    diff_revisions,
    format_diff,
    registry_at,
)
from powerctl.i18n import Lang

REG = "registry"


class Repo:
    """A git repository whose `registry/` folder is the minimal registry."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reg = RegistryBuilder(root / REG)
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")
        self.git("config", "user.name", "测试文书")
        self.git("config", "user.email", "clerk@example.org")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, check=True, text=True
        )
        return done.stdout

    def __getitem__(self, name: str) -> Any:
        return self.reg[name]

    def remove(self, name: str) -> None:
        del self.reg.records[name]
        (self.reg.root / name).unlink()

    def commit(self, message: str) -> None:
        self.reg.write()
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def diff(
        self, rev: str | None = "HEAD~1", rev2: str | None = "HEAD", **kw: Any
    ) -> RegistryDiff:
        return diff_revisions(self.root, REG, rev, rev2, **kw)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "repo")
    r.commit("初始登记")
    return r


def find(changes: list[Change], kind: str, rid: str) -> Change:
    matches = [c for c in changes if c.kind == kind and c.id == rid]
    assert len(matches) == 1, f"{kind} {rid}: {changes}"
    return matches[0]


def fields(change: Change) -> dict[str, tuple[Any, Any]]:
    return {f.field: (f.old, f.new) for f in change.fields}


def power(pid: str, title: str, secrecy: str = "public") -> dict[str, Any]:
    return {
        "id": pid,
        "title": title,
        "category": "ordinary",
        "holder": "committee",
        "secrecy": secrecy,
        "steps": [{"id": "s1", "name": "办理", "kind": "end"}],
    }


# --- records -----------------------------------------------------------------------------------


def test_nothing_changed_between_identical_commits(repo: Repo) -> None:
    repo.commit("空提交")
    diff = repo.diff()
    assert diff.empty
    assert "没有记录变更" in format_diff(diff, "text", Lang.ZH)


def test_power_fields_and_flowchart_steps(repo: Repo) -> None:
    p = repo["powers/DW-001.yaml"]
    p["title"] = "重大工程项目安排决定权（修订）"
    p["steps"][1]["name"] = "党委会集体讨论表决"
    p["steps"][2] = {"id": "s3", "name": "公示实施", "next": ["s4"]}
    p["steps"].append({"id": "s4", "name": "归档", "kind": "end"})
    p["supervision"] = [{"step": "s3", "by": "镇纪委", "how": "跟踪监督"}]
    repo.reg.records["powers/DW-002.yaml"] = power("DW-002", "一般事项决定权")
    repo.commit("修订流程")

    changes = repo.diff().changes
    assert find(changes, "power", "DW-002").change == "added"
    dw1 = find(changes, "power", "DW-001")
    assert dw1.change == "changed"
    assert fields(dw1) == {"title": ("重大工程项目安排决定权", "重大工程项目安排决定权（修订）")}
    steps = {c.id: c for c in dw1.children if c.kind == "step"}
    assert steps["s4"].change == "added"
    assert fields(steps["s2"]) == {"name": ("集体讨论决定", "党委会集体讨论表决")}
    assert fields(steps["s3"]) == {"kind": ("end", "action"), "next": ((), ("s4",))}
    assert "s1" not in steps
    supervision = {c.id: c.change for c in dw1.children if c.kind == "supervision"}
    assert supervision == {"s3/镇纪委": "added", "s2/镇纪委": "removed"}

    text = format_diff(repo.diff(), "text", Lang.ZH)
    assert "+ DW-002 一般事项决定权" in text
    assert "~ 流程步骤 s2" in text and "名称：集体讨论决定 → 党委会集体讨论表决" in text
    assert "+ 流程步骤 s4 归档" in text

    repo.remove("powers/DW-002.yaml")
    repo.commit("删除事项")
    assert [(c.kind, c.id, c.change) for c in repo.diff().changes] == [
        ("power", "DW-002", "removed")
    ]


def test_renamed_file_keeps_the_record(repo: Repo) -> None:
    repo.git("mv", f"{REG}/powers/DW-001.yaml", f"{REG}/powers/001-major.yaml")
    repo.git("mv", f"{REG}/meetings/2026/M-01.yaml", f"{REG}/meetings/2026/三月党委会.yaml")
    repo.git("commit", "-q", "-m", "改文件名")
    assert repo.diff().empty

    path = repo.root / REG / "powers/001-major.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 重大工程", "title: 重点工程"),
        encoding="utf-8",
    )
    changes = repo.diff("HEAD", None).changes
    assert [(c.kind, c.id, c.change) for c in changes] == [("power", "DW-001", "changed")]
    assert "title" in fields(changes[0])


def test_risk_level_raised_and_lowered(repo: Repo) -> None:
    risks = repo["risks/DW-001.yaml"]
    risks[0]["scores"] = {"importance": 2, "frequency": 2, "likelihood": 2}
    risks[0]["level"] = "medium"
    repo.commit("风险下调")
    repo.reg.records["risks/DW-001.yaml"] = [
        {**risks[0], "scores": {"importance": 3, "frequency": 2, "likelihood": 2}, "level": "high"},
        {
            "id": "R-002",
            "power": "DW-001",
            "description": "公示走过场",
            "scores": {"importance": 1, "frequency": 1, "likelihood": 1},
            "level": "low",
        },
    ]
    repo.reg.records["risks/DW-001.yaml"][0]["controls"][0]["done"] = True
    repo.commit("风险上调")

    lowered = find(repo.diff("HEAD~2", "HEAD~1").changes, "risk", "R-001")
    assert lowered.events == ["level_lowered"]
    changes = repo.diff().changes
    raised = find(changes, "risk", "R-001")
    assert raised.events == ["level_raised"]
    assert fields(raised) == {"scores.importance": (2, 3), "level": ("medium", "high")}
    assert [(c.kind, c.change, fields(c)) for c in raised.children] == [
        ("control", "changed", {"done": (False, True)})
    ]
    assert find(changes, "risk", "R-002").change == "added"
    assert "[风险等级上调]" in format_diff(repo.diff(), "text", Lang.ZH)


def test_meetings_and_items(repo: Repo) -> None:
    m1 = repo["meetings/2026/M-01.yaml"]
    m1["items"][0]["result"] = "deferred"
    m1["items"].append({**m1["items"][0], "id": "2", "title": "关于村道硬化的议题"})
    m2 = {**m1, "id": "M-02", "date": dt.date(2026, 5, 14)}
    repo.reg.records["meetings/2026/M-02.yaml"] = m2
    repo.commit("五月党委会")

    changes = repo.diff().changes
    added = find(changes, "meeting", "M-02")
    assert added.change == "added"
    assert added.label == "2026-05-14 镇党委会"
    assert [(c.kind, c.id, c.change) for c in added.children] == [
        ("item", "1", "added"),
        ("item", "2", "added"),
    ]
    changed = find(changes, "meeting", "M-01")
    assert changed.fields == []
    item1, item2 = changed.children
    assert (item1.id, item1.change, fields(item1)) == (
        "1",
        "changed",
        {"result": ("passed", "deferred")},
    )
    assert (item2.id, item2.change) == ("2", "added")
    assert repo.diff().counts()["item"] == {"added": 3, "removed": 0, "changed": 1}


def test_membership_ending_portfolios_and_people(repo: Repo) -> None:
    committee = repo["org/bodies.yaml"]["bodies"][0]
    zu = next(m for m in committee["memberships"] if m["person"] == "p-zu")
    zu["end_date"] = dt.date(2026, 6, 30)
    ji = next(m for m in committee["memberships"] if m["person"] == "p-ji")
    ji["portfolios"] = ["finance", "discipline"]
    repo["org/people.yaml"]["people"].append({"id": "p-new", "name": "陈新委员"})
    committee["memberships"].append(
        {"person": "p-new", "role": "member", "start_date": dt.date(2026, 7, 1)}
    )
    repo.commit("换届调整")

    changes = repo.diff().changes
    assert find(changes, "person", "p-new").change == "added"
    body = find(changes, "body", "committee")
    members = {c.id: c for c in body.children}
    assert members["p-zu"].events == ["ended"]
    assert fields(members["p-zu"]) == {"end_date": (None, dt.date(2026, 6, 30))}
    assert fields(members["p-ji"]) == {"portfolios": (("finance",), ("finance", "discipline"))}
    assert members["p-new"].change == "added"
    text = format_diff(repo.diff(), "text", Lang.ZH)
    assert "分管工作：增加 [discipline]" in text
    assert "[任职结束]" in text


def test_disclosure_published_and_feedback(repo: Repo) -> None:
    ledger = repo["disclosures/2026.yaml"]
    ledger.append({**ledger[0], "id": "D-002", "title": "村道硬化结果"})
    del ledger[-1]["published_on"]
    repo.commit("拟稿")
    ledger[-1]["published_on"] = dt.date(2026, 5, 20)
    repo["feedback/2026.yaml"][0]["status"] = "closed"
    repo["feedback/2026.yaml"].append(
        {"id": "F-002", "received_on": dt.date(2026, 5, 2), "summary": "询问补偿标准"}
    )
    repo.commit("发布")

    assert find(repo.diff("HEAD~2", "HEAD~1").changes, "disclosure", "D-002").events == []
    changes = repo.diff().changes
    published = find(changes, "disclosure", "D-002")
    assert published.events == ["published"]
    assert fields(published) == {"published_on": (None, dt.date(2026, 5, 20))}
    assert find(changes, "feedback", "F-001").events == ["closed"]
    assert find(changes, "feedback", "F-002").change == "added"

    data = json.loads(format_diff(repo.diff(), "json", Lang.ZH))
    entry = next(c for c in data["changes"] if c["id"] == "D-002")
    assert entry["fields"] == [{"field": "published_on", "old": None, "new": "2026-05-20"}]


def test_public_hides_what_is_not_public(repo: Repo) -> None:
    repo.reg.records["powers/NB-001.yaml"] = power("NB-001", "内部事项", secrecy="internal")
    repo["org/people.yaml"]["people"][0]["phone"] = "13800000001"
    repo.commit("内部事项")
    repo["powers/NB-001.yaml"]["title"] = "内部事项（修订）"
    repo["org/people.yaml"]["people"][0]["phone"] = "13900000002"
    repo["feedback/2026.yaml"][0]["summary"] = "反映施工扰民（补充）"  # feedback is internal
    repo.commit("修订")

    full = repo.diff()
    assert {(c.kind, c.id) for c in full.changes} == {
        ("power", "NB-001"),
        ("person", "p-shu"),
        ("feedback", "F-001"),
    }
    public = repo.diff(public=True)
    assert public.empty
    for fmt in ("text", "md", "json"):
        out = format_diff(public, fmt, Lang.ZH)
        assert "NB-001" not in out and "1390000" not in out and "补充" not in out


def test_working_tree_against_head_by_default(repo: Repo) -> None:
    repo["powers/DW-001.yaml"]["conditions"] = "投资额 50 万元以上"
    repo.reg.write()  # not committed
    diff = diff_revisions(repo.root, REG)
    assert (diff.from_rev, diff.to_rev) == ("HEAD", None)
    assert fields(find(diff.changes, "power", "DW-001")) == {
        "conditions": (None, "投资额 50 万元以上")
    }
    data = json.loads(format_diff(diff, "json", Lang.EN))
    assert (data["version"], data["from"], data["to"]) == (1, "HEAD", None)
    assert "HEAD → 工作区" in format_diff(diff, "text", Lang.ZH)
    assert "HEAD → working tree" in format_diff(diff, "text", Lang.EN)


def test_unreadable_record_is_not_reported_removed(repo: Repo) -> None:
    del repo["powers/DW-001.yaml"]["title"]  # a schema error: the power is not built
    repo.reg.write()
    diff = diff_revisions(repo.root, REG)
    assert not any(c.kind == "power" for c in diff.changes)
    assert diff.notes and "power DW-001" in diff.notes[0].zh
    # the public form names no unreadable record (it might be one that is not public)
    public = diff_revisions(repo.root, REG, public=True)
    assert public.notes and "DW-001" not in public.notes[0].zh
    assert not any(c.kind == "power" for c in public.changes)


# --- revisions ---------------------------------------------------------------------------------


def test_unknown_revision(repo: Repo) -> None:
    with pytest.raises(DiffError) as err:
        repo.diff("no-such-branch", "HEAD")
    assert "未知的修订版本：no-such-branch" in err.value.message.zh
    with pytest.raises(DiffError):
        repo.diff("--output=/tmp/x", "HEAD")


def test_not_a_git_repository(tmp_path: Path) -> None:
    RegistryBuilder(tmp_path / "plain").write()
    with pytest.raises(DiffError) as err:
        registry_at(tmp_path / "plain", ".", "HEAD")
    assert "不在 git 仓库中" in err.value.message.zh
    assert registry_at(tmp_path / "plain", ".", None).powers.keys() == {"DW-001"}


def test_registry_absent_at_the_older_revision(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("说明\n", encoding="utf-8")
    repo = Repo(root)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "开始")
    repo.commit("登记")
    diff = repo.diff()
    assert {c.change for c in diff.changes} == {"added"}
    assert find(diff.changes, "power", "DW-001").change == "added"
    assert find(diff.changes, "config", "powerctl.yaml").change == "added"
    # the registry at the top of the repository is the same registry
    assert registry_at(repo.reg.root, ".", "HEAD").powers.keys() == {"DW-001"}


# --- formats -----------------------------------------------------------------------------------


def test_markdown_is_a_pull_request_comment(repo: Repo) -> None:
    repo.reg.records["powers/DW-002.yaml"] = power("DW-002", "审批|备案 <b>事项</b>")
    repo["risks/DW-001.yaml"][0]["description"] = "第一行\n第二行"
    repo.commit("新增")
    md = format_diff(repo.diff(), "md", Lang.ZH)
    table = md.index("| 类别 | 新增 | 删除 | 修改 |")
    assert table < md.index("<details><summary>")
    assert "| 权力事项 | 1 | 0 | 0 |" in md
    assert "| 廉政风险点 | 0 | 0 | 1 |" in md
    assert md.count("<details>") == md.count("</details>") == 2
    assert r"审批\|备案 \<b\>事项\</b\>" in md
    assert "第一行 第二行" in md
    assert "<b>" not in md
    english = format_diff(repo.diff(), "md", Lang.EN)
    assert "| Kind | added | removed | changed |" in english


def test_json_is_stable(repo: Repo) -> None:
    repo["meetings/2026/M-01.yaml"]["date"] = dt.date(2026, 3, 13)
    repo.commit("改日期")
    data = json.loads(format_diff(repo.diff(), "json", Lang.ZH))
    assert set(data) == {"version", "from", "to", "public", "summary", "changes", "notes"}
    (change,) = data["changes"]
    assert set(change) == {"kind", "id", "change", "label", "events", "fields", "children"}
    assert change["fields"] == [{"field": "date", "old": "2026-03-12", "new": "2026-03-13"}]
    assert data["summary"] == {"meeting": {"added": 0, "removed": 0, "changed": 1}}
    with pytest.raises(ValueError):
        format_diff(repo.diff(), "html", Lang.ZH)


def test_diff_command_on_a_real_repository(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    """`powerctl diff` from the command line: HEAD against the working tree, md and json."""
    builder = RegistryBuilder(tmp_path / "repo")
    root = builder.write()
    for args in (
        ["init", "-q"],
        ["config", "user.email", "clerk@example.invalid"],
        ["config", "user.name", "党政办"],
        ["add", "-A"],
        ["commit", "-qm", "初始登记"],
    ):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    builder["powers/DW-001.yaml"]["title"] = "重大工程项目安排决定权（修订）"
    builder.write()
    text = cli("diff", "-r", root)
    assert text.exit_code == 0, text.stderr
    assert "DW-001" in text.stdout and "（修订）" in text.stdout
    md = cli("diff", "-r", root, "--format", "md")
    assert md.exit_code == 0 and "|" in md.stdout and "<details>" in md.stdout
    data = json.loads(cli("diff", "-r", root, "--format", "json").stdout)
    assert any(c["id"] == "DW-001" and c["change"] == "changed" for c in data["changes"])
    assert cli("diff", "no-such-revision", "-r", root).exit_code == 2

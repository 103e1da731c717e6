"""The board's 修订记录 page, from a real temporary git repository holding the small registry of
conftest.py: commits listed newest first with the change in words, a power page linking to its
section, nothing of a non-public power (nor its commit's subject) ever shown, and no git -> the
page says so and the build succeeds."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import RegistryBuilder
from powerctl.pipeline import run
from powerctl.render.html import render_html
from powerctl.render.public import public_view
from powerctl.render.site_history import history_entries
from powerctl.settings import Settings

AS_OF = dt.date(2026, 11, 23)
SECRET = "绝密标记QX7"  # appears only in the internal power, its risk and its commit subject

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T10:00:00+08:00"
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=30, check=True
    )
    return done.stdout


def commit(builder: RegistryBuilder, subject: str, date: str) -> None:
    builder.write()
    repo = builder.root.parent
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, date=date)


def internal_power(title: str) -> dict[str, Any]:
    return {
        "id": "DW-009",
        "title": title,
        "category": "ordinary",
        "holder": "committee",
        "basis": [{"title": "《中国共产党农村基层组织工作条例》"}],
        "secrecy": "internal",
        "steps": [{"id": "s1", "name": "研究", "kind": "end"}],
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository whose `registry/` folder went through six commits; returns the registry."""
    pytest.importorskip("powerctl.gitdiff")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    top = tmp_path_factory.mktemp("repo")
    git(top, "init", "-q")
    git(top, "config", "user.name", "镇党政办")
    git(top, "config", "user.email", "clerk@example.org")
    reg = RegistryBuilder(top / "registry")
    commit(reg, "建立党务公开登记册", "2026-01-05")

    reg.records["powers/DW-002.yaml"] = {
        **reg["powers/DW-001.yaml"],
        "id": "DW-002",
        "title": "村级财务审批权",
        "category": "large_funds",
        "steps": [{"id": "s1", "name": "审核", "kind": "end"}],
        "supervision": [],
    }
    commit(reg, "新增村级财务审批权", "2026-02-10")

    reg.records["powers/DW-009.yaml"] = internal_power(f"{SECRET}干部考察")
    reg.records["risks/DW-009.yaml"] = [
        {
            "id": "R-009",
            "power": "DW-009",
            "description": f"{SECRET}考察走过场",
            "scores": {"importance": 1, "frequency": 1, "likelihood": 1},
            "level": "low",
        }
    ]
    commit(reg, f"内部：{SECRET}事项登记", "2026-03-02")

    reg["risks/DW-001.yaml"][0]["level"] = "medium"
    commit(reg, "调整河堤工程风险等级", "2026-04-08")

    reg["powers/DW-009.yaml"]["title"] = f"{SECRET}干部考察（修订）"
    reg["risks/DW-009.yaml"][0]["level"] = "high"
    commit(reg, f"内部：修改{SECRET}", "2026-05-11")

    steps = reg["powers/DW-001.yaml"]["steps"]
    steps[2] = {"id": "s3", "name": "公示", "next": ["s4"]}
    steps.append({"id": "s4", "name": "组织实施", "kind": "end"})
    commit(reg, "河堤工程流程增加实施环节", "2026-06-15")
    return reg.root


def build(registry: Path, out: Path) -> Path:
    view = public_view(run(registry, Settings()).registry, AS_OF)
    render_html(view, out, assets_root=registry)
    return out


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(repo, tmp_path_factory.mktemp("site") / "site")


def text_of(page: Path) -> str:
    return re.sub(r"\s+", " ", page.read_text(encoding="utf-8"))


def test_entries_newest_first_with_changes_in_words(repo: Path) -> None:
    entries = history_entries(repo, as_of=AS_OF)
    assert entries is not None
    subjects = [e.subject for e in entries]
    # the two internal-only commits are left out, subject and all
    assert subjects == [
        "河堤工程流程增加实施环节",
        "调整河堤工程风险等级",
        "新增村级财务审批权",
        "建立党务公开登记册",
    ]
    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)
    words = {e.subject: [c.text for c in e.changes] for e in entries}
    assert words["新增村级财务审批权"] == ["新增权力事项 DW-002《村级财务审批权》"]
    assert words["调整河堤工程风险等级"] == ["风险点 R-001 等级由高调为中"]
    assert words["河堤工程流程增加实施环节"] == [
        "修改 DW-001《重大工程项目安排决定权》流程图：新增步骤 s4，修改步骤 s3"
    ]
    assert "新增权力事项 DW-001《重大工程项目安排决定权》" in words["建立党务公开登记册"]
    assert entries[1].powers == ("DW-001",)  # a risk change concerns its power
    assert all(len(e.short) == 8 for e in entries)


def test_history_page(site: Path) -> None:
    page = text_of(site / "history.html")
    assert "<h1>修订记录</h1>" in page
    order = [
        page.index(s) for s in ("流程增加实施环节", "调整河堤工程风险等级", "新增村级财务审批权")
    ]
    assert order == sorted(order)
    assert "风险点 R-001 等级由高调为中" in page
    assert 'datetime="2026-06-15"' in page
    assert 'id="history-DW-001"' in page and 'id="history-DW-002"' in page
    assert 'href="history.html"' in text_of(site / "index.html")  # in the navigation


def test_power_page_links_to_its_history(site: Path) -> None:
    page = text_of(site / "powers" / "DW-001.html")
    assert 'href="../history.html#history-DW-001"' in page
    assert "本职权事项的修订记录" in page


def test_nothing_of_a_non_public_power_is_shown(repo: Path, site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path
            assert "DW-009" not in path.read_text(encoding="utf-8", errors="replace"), path
    entries = history_entries(repo, as_of=AS_OF) or []
    for entry in entries:
        assert SECRET not in entry.subject
        assert all("DW-009" not in c.powers and "R-009" not in c.text for c in entry.changes)


@needs_git
def test_without_git_repository_the_page_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    registry = RegistryBuilder(tmp_path / "registry").write()
    assert history_entries(registry) is None
    site = build(registry, tmp_path / "site")
    assert "本登记册不在 git 仓库中，无修订记录。" in text_of(site / "history.html")
    assert "history.html#" not in text_of(site / "powers" / "DW-001.html")


def test_without_git_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = RegistryBuilder(tmp_path / "registry").write()
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert history_entries(registry) is None
    site = build(registry, tmp_path / "site")
    assert "无修订记录" in text_of(site / "history.html")


def test_without_assets_root_no_history(tmp_path: Path) -> None:
    registry = RegistryBuilder(tmp_path / "registry").write()
    view = public_view(run(registry, Settings()).registry, AS_OF)
    render_html(view, tmp_path / "site")
    assert "无修订记录" in text_of(tmp_path / "site" / "history.html")

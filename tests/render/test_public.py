"""The public view: what is not `public` never reaches a renderer (data-model.md "Secrecy")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import RegistryBuilder
from powerctl.pipeline import run
from powerctl.render.public import PublicView, public_view
from powerctl.settings import Settings

MEETING = "meetings/2026/M-01.yaml"
AS_OF = dt.date(2026, 11, 23)


def view_of(registry: RegistryBuilder) -> PublicView:
    registry.write()
    return public_view(run(registry.root, Settings()).registry, AS_OF)


def test_minimal_registry_is_public(registry: RegistryBuilder) -> None:
    view = view_of(registry)
    assert set(view.registry.powers) == {"DW-001"}
    assert [r.id for r in view.registry.risks] == ["R-001"]
    assert set(view.registry.meetings) == {"M-01"}  # SJ-01 is internal (the default)
    assert [i.id for i in view.registry.meetings["M-01"].items] == ["1"]
    assert view.unit_name == "测试镇党委"
    assert view.next_periodic_day == dt.date(2026, 12, 28)  # 12-26 is a Saturday


def test_non_public_power_and_its_risks_are_removed(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    registry["powers/DW-001.yaml"]["secrecy"] = "party"
    view = view_of(registry)
    assert view.registry.powers == {}
    assert view.registry.risks == []
    # the public item that was taken under it no longer names it
    assert view.registry.meetings["M-01"].items[0].power is None


def test_internal_meeting_and_internal_item_are_removed(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    meeting = registry[MEETING]
    second = dict(item, id="2", title="内部议题", secrecy="internal")
    meeting["items"].append(second)
    view = view_of(registry)
    assert [i.id for i in view.registry.meetings["M-01"].items] == ["1"]
    meeting["secrecy"] = "internal"
    assert "M-01" not in view_of(registry).registry.meetings


def test_personnel_counts_and_ballots_never_reach_the_view(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["category"] = "personnel"
    item["vote"] = {"method": "secret", "counts": {"yes": 5, "no": 0, "abstain": 0}}
    public_item = view_of(registry).registry.meetings["M-01"].items[0]
    assert public_item.vote is not None
    assert public_item.vote.counts is None and public_item.vote.ballots is None


def test_unpublished_phones_reasons_and_waivers_are_removed(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    people = registry["org/people.yaml"]["people"]
    people[0]["phone"] = "13912345678"
    people[0]["publish_phone"] = False
    people[1]["phone"] = "13900000001"
    people[1]["publish_phone"] = True
    meeting = registry[MEETING]
    meeting["attendance"]["absent"] = [{"person": "p-ban", "reason": "病假"}]
    item["recusals"] = [{"person": "p-ji", "reason": "近亲属参与投标"}]
    item["waivers"] = [{"rule": "PC308", "reason": "防汛紧急", "approved_by": "p-shu"}]
    view = view_of(registry)
    assert view.registry.people["p-shu"].phone is None
    assert view.registry.people["p-zhen"].phone == "13900000001"
    public_meeting = view.registry.meetings["M-01"]
    assert [a.reason for a in public_meeting.absent] == [None]
    assert [r.reason for r in public_meeting.items[0].recusals] == [None]
    assert public_meeting.items[0].waivers == []


def test_ledger_entries_about_non_public_subjects_are_removed(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    ledger = registry["disclosures/2026.yaml"]
    ledger[0]["scope"] = "party"
    view = view_of(registry)
    assert "D-001" not in {d.id for d in view.registry.disclosures}
    ledger[0]["scope"] = "public"
    item["secrecy"] = "internal"  # a public entry about an internal item would leak it
    assert "D-001" not in {d.id for d in view_of(registry).registry.disclosures}


def test_feedback_is_counted_but_internal_text_is_removed(registry: RegistryBuilder) -> None:
    feedback = registry["feedback/2026.yaml"]
    feedback[0]["secrecy"] = "internal"
    feedback.append(
        {
            "id": "F-002",
            "received_on": dt.date(2026, 5, 6),
            "summary": "建议公开施工进度",
            "answer": "已在公开栏公布",
            "handler": "p-zhen",
            "status": "answered",
            "answered_on": dt.date(2026, 5, 8),
            "secrecy": "public",
        }
    )
    view = view_of(registry)
    assert [f.id for f in view.registry.feedback] == ["F-002"]
    assert view.registry.feedback[0].handler is None
    assert [(c.month, c.status) for c in view.feedback_counts] == [
        ("2026-04", "answered"),
        ("2026-05", "answered"),
    ]


def test_the_view_is_a_copy(registry: RegistryBuilder) -> None:
    registry.write()
    reg = run(registry.root, Settings()).registry
    view = public_view(reg, AS_OF)
    view.registry.powers["DW-001"].title = "改动"
    view.registry.meetings["M-01"].items[0].title = "改动"
    assert reg.powers["DW-001"].title == "重大工程项目安排决定权"
    assert reg.meetings["M-01"].items[0].title != "改动"


def test_minutes_of_a_meeting_with_an_internal_item_are_not_public(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    meeting = registry[MEETING]
    meeting["notes"] = "会议纪要正文：第二项议题涉及信访人员情况，不对外公开。"
    assert view_of(registry).registry.meetings["M-01"].notes == meeting["notes"]
    meeting["items"].append(dict(item, id="2", title="内部议题", secrecy="internal"))
    public_meeting = view_of(registry).registry.meetings["M-01"]
    assert [i.id for i in public_meeting.items] == ["1"]
    assert public_meeting.notes is None


def test_next_periodic_day_is_after_the_board_date(registry: RegistryBuilder) -> None:
    registry.write()
    reg = run(registry.root, Settings()).registry
    assert public_view(reg, dt.date(2026, 12, 28)).next_periodic_day == dt.date(2027, 2, 26)


def test_ids_of_meetings_that_are_not_public_are_not_referred_to(
    registry: RegistryBuilder,
) -> None:
    """The public item was pre-reviewed at SJ-01, an internal meeting; the ledger entry may
    name its review meeting. Neither id stays in the view (an id can say what a meeting was
    about); the registry itself keeps them."""
    for entry in registry["disclosures/2026.yaml"]:
        entry["reviewed_at"] = "SJ-01"
    registry.write()
    reg = run(registry.root, Settings()).registry
    view = public_view(reg, AS_OF)
    assert view.registry.meetings["M-01"].items[0].pre_review is None
    assert view.registry.disclosures and all(
        e.reviewed_at is None for e in view.registry.disclosures
    )
    assert reg.meetings["M-01"].items[0].pre_review == "SJ-01"
    registry[MEETING]["secrecy"] = "public"
    registry["meetings/2026/SJ-01.yaml"]["secrecy"] = "public"
    view = view_of(registry)
    assert view.registry.meetings["M-01"].items[0].pre_review == "SJ-01"
    assert all(e.reviewed_at == "SJ-01" for e in view.registry.disclosures)

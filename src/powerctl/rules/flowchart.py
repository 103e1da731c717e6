"""PC104: the power's flowchart (权力运行流程图) must be a real process."""

from __future__ import annotations

from collections.abc import Iterator

from powerctl.findings import Finding, Severity
from powerctl.i18n import Msg
from powerctl.model.records import Power, Step
from powerctl.model.registry import Registry
from powerctl.rules.base import Context, Rule, check, declare, did_you_mean

PC104 = declare(
    Rule(
        code="PC104",
        severity=Severity.ERROR,
        summary=Msg("流程图缺陷", "flowchart defect"),
        what=Msg(
            "检查权力运行流程图：next 指向的步骤必须存在；每个步骤都能从第一步走到；至少有一个结束步骤（kind: end），"
            "非结束步骤都要有下一步，并且每个步骤都能走到结束；决策步骤（kind: decision）至少有两个结果分支。",
            "Checks the power's flowchart: every `next` names an existing step; every step is "
            "reachable from the first; there is an end step (kind: end), every other step has a "
            "next step and can reach an end; a decision step (kind: decision) has at least two "
            "outcomes.",
        ),
        why=Msg(
            "流程图是公开栏上“权力怎么运行”的说明（绘制权力运行流程图）：走不通、走不完的流程图"
            "既不能指导办事，也无法标出监督环节。",
            "The flowchart tells the public how the power runs: a chart with dead ends or "
            "unreachable steps guides nobody and cannot mark where supervision sits.",
        ),
        bad="steps:\n  - {id: s1, name: 调研论证, next: [s2]}\n  - {id: s2, name: 集体讨论, kind: decision, next: {passed: s9}}",
        good="steps:\n  - {id: s1, name: 调研论证, next: [s2]}\n  - {id: s2, name: 集体讨论, kind: decision, next: {passed: s3, rejected: s1}}\n  - {id: s3, name: 公示实施, kind: end}",
    )
)


def _reachable(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@check(PC104)
def flowchart_defects(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for power in reg.powers.values():
        yield from _power_flowchart(power)


def _flaw(power: Power, step: Step | None, zh: str, en: str, *field: str | int) -> Finding:
    loc = step.loc.child(*(field or ("id",))) if step else power.loc.child("steps")
    return PC104.finding(
        loc, Msg(zh, en), record_id=power.id, waivable_by=power.waivers, at_value=step is not None
    )


def _power_flowchart(power: Power) -> Iterator[Finding]:
    steps = power.steps
    if not steps:
        return
    ids = {s.id for s in steps}
    edges: dict[str, list[str]] = {}
    for step in steps:
        edges.setdefault(step.id, [])
        for index, (label, target) in enumerate(step.next):
            if target not in ids:
                hint = did_you_mean(target, ids)
                yield _flaw(
                    power,
                    step,
                    f"步骤 {step.id} 的下一步“{target}”不存在。{hint.zh}",
                    f'step {step.id} goes to "{target}", which does not exist.{hint.en}',
                    "next",
                    label if label is not None else index,
                )
            else:
                edges[step.id].append(target)
        if step.kind == "decision" and len({label or target for label, target in step.next}) < 2:
            yield _flaw(
                power,
                step,
                f"决策步骤 {step.id}“{step.name}”少于两个结果分支：请写出各种结果的去向，"
                "例如 next: {passed: s4, rejected: s1}。",
                f'decision step {step.id} "{step.name}" has fewer than two outcomes: say where each '
                "outcome leads, e.g. next: {passed: s4, rejected: s1}.",
                "next",
            )
        if step.kind != "end" and not step.next:
            yield _flaw(
                power,
                step,
                f"步骤 {step.id}“{step.name}”没有下一步，也不是结束步骤：请写 next，或标明 kind: end。",
                f'step {step.id} "{step.name}" has no next step and is not an end step: add `next` '
                "or mark it kind: end.",
            )
    ends = {s.id for s in steps if s.kind == "end"}
    if not ends:
        yield _flaw(
            power,
            None,
            "流程图没有结束步骤：请把最后一步标为 kind: end。",
            "the flowchart has no end step: mark the last step kind: end.",
        )
    reachable = _reachable(steps[0].id, edges)
    dead_ends = {s.id for s in steps if s.kind != "end" and not s.next}
    for step in steps:
        if step.id not in reachable:
            yield _flaw(
                power,
                step,
                f"步骤 {step.id}“{step.name}”从第一步（{steps[0].id}）走不到：请检查各步骤的 next。",
                f'step {step.id} "{step.name}" cannot be reached from the first step '
                f"({steps[0].id}): check the steps' `next`.",
            )
        elif ends and step.id not in dead_ends and not (_reachable(step.id, edges) & ends):
            yield _flaw(
                power,
                step,
                f"从步骤 {step.id}“{step.name}”出发走不到任何结束步骤（陷入循环或死胡同）：请给它一条通向结束的路。",
                f'from step {step.id} "{step.name}" no end step can be reached (a loop without exit '
                "or a dead end): give it a way to an end step.",
            )

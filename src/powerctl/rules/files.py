"""PC100, PC105, PC108: findings about files as files. The loader (load/) and the schema stage
(schema/) produce them; they are declared here so the catalogue documents them like any rule."""

from __future__ import annotations

from powerctl.findings import Severity
from powerctl.i18n import Msg
from powerctl.rules.base import Rule, declare

PC100 = declare(
    Rule(
        code="PC100",
        severity=Severity.ERROR,
        summary=Msg("文件不符合其 JSON Schema", "file does not match its JSON Schema"),
        what=Msg(
            "按文件所在位置确定记录类型，用对应的 JSON Schema 校验；每个校验错误报告一次，指向出错字段所在的行，"
            "并说明如何改正（例如号码要加引号、枚举值的正确写法、日期格式）。",
            "Checks each file against the JSON Schema of its kind (decided by its path); one "
            "finding per schema error, at the offending key's line, saying how to fix it (quote "
            "numbers, the allowed values, the date format).",
        ),
        why=Msg(
            "记录的格式是公开的约定（data-model.md）：字段写错、漏填必填项，后面的程序检查和公开栏就会静默地漏掉内容。",
            "The record format is a published contract (data-model.md): a misspelt field or a "
            "missing required one would otherwise be silently ignored by the checks and the board.",
        ),
        bad="id: QS-DW-003\ntitle: 重大工程项目安排决定权\ncategory: major_projects   # 拼写错误\nholder: party-committee\nsteps: []",
        good="id: QS-DW-003\ntitle: 重大工程项目安排决定权\ncategory: major_project\nholder: party-committee\nsteps:\n  - {id: s1, name: 集体讨论决定, kind: end}",
    )
)

PC105 = declare(
    Rule(
        code="PC105",
        severity=Severity.ERROR,
        summary=Msg(
            "YAML 问题：语法错误、重复键、非 UTF-8、别名炸弹、文件过大、路径越界",
            "YAML problem: syntax, duplicate key, not UTF-8, alias bomb, too large, path outside",
        ),
        what=Msg(
            "文件无法按约定读取时报告：YAML 语法错误、重复的键、不是 UTF-8 编码（会提示 GBK 的转换方法）、"
            "别名展开过多、文件超过大小上限、不允许的标签（如 !!python/object），以及引用的附件（photo）"
            "不存在或位于登记册之外。",
            "Reported when a file cannot be read as agreed: YAML syntax errors, duplicate keys, a "
            "file that is not UTF-8 (with how to convert GBK), alias expansion over the limit, a "
            "file over the size limit, forbidden tags (such as !!python/object), and a referenced "
            "asset (photo) that is missing or outside the registry.",
        ),
        why=Msg(
            "登记册要能被任何工具一致地读取：重复键会让后一个值悄悄覆盖前一个，编码错误会让中文变成乱码，"
            "越界路径和特殊标签可能泄露或执行登记册以外的东西。",
            "Every tool must read the registry the same way: a duplicate key silently overrides the "
            "first value, a wrong encoding garbles Chinese text, and paths outside the registry or "
            "special tags could leak or run things beyond it.",
        ),
        bad="people:\n  - id: p-zhang\n    name: 张建国\n    name: 张建华      # 重复键\n    photo: ../../etc/passwd",
        good="people:\n  - id: p-zhang\n    name: 张建国\n    photo: assets/people/p-zhang.jpg",
        config=("limits.max_file_mb",),
    )
)

PC108 = declare(
    Rule(
        code="PC108",
        severity=Severity.WARNING,
        summary=Msg("YAML 文件不属于任何记录类型", "YAML file matches no record kind"),
        what=Msg(
            "登记册里的 YAML 文件如果不在约定的位置(powers/、risks/、meetings/、disclosures/、feedback/、"
            "org/people.yaml、org/bodies.yaml、powerctl.yaml),就不会被检查,这里给出警告。",
            "A YAML file in the registry outside the agreed places is not checked at all; this "
            "warns about it.",
        ),
        why=Msg(
            "放错位置或扩展名写成 .yml 的记录会被静默忽略，不会出现在公开栏上。",
            "A record in the wrong folder or with a .yml extension would be silently ignored and "
            "never reach the board.",
        ),
        bad="# 文件 power/QS-DW-030.yaml(文件夹名少了 s)",
        good="# 文件 powers/QS-DW-030.yaml",
    )
)

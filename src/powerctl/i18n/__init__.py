"""Bilingual text. Chinese is the default language; English is chosen with --lang en or POWERCTL_LANG.

Rule messages live beside their rules (rules/*.py) as `Msg(zh, en)` pairs, the way ruff keeps a
rule's documentation in its own source; the user-interface strings live in `catalog.py`.
"""

from __future__ import annotations

import os
from enum import StrEnum
from typing import NamedTuple


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


class Msg(NamedTuple):
    """One message in both languages."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang is Lang.ZH else self.en

    def format(self, **kwargs: object) -> Msg:
        return Msg(self.zh.format(**kwargs), self.en.format(**kwargs))

    def __add__(self, other: object) -> Msg:
        if not isinstance(other, Msg):
            return NotImplemented
        return Msg(self.zh + other.zh, self.en + " " + other.en)


def parse_lang(value: str | None) -> Lang | None:
    """`zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en_US` ... -> Lang; anything else -> None."""
    if not value:
        return None
    head = value.strip().lower().replace("_", "-")
    if head.startswith("zh"):
        return Lang.ZH
    if head.startswith("en"):
        return Lang.EN
    return None


def default_lang() -> Lang:
    """POWERCTL_LANG decides; the system locale does not (clerks' machines are often set to English)."""
    return parse_lang(os.environ.get("POWERCTL_LANG")) or Lang.ZH

"""A count announced and then listed (RN207 announced-count): `以下五方面工作` then (一)…(五); `……等6所学校`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import reportnlp.recache as recache
from ...model import Check
from ...numbers import units


@dataclass(kw_only=True)
class AnnouncedCountCheck(Check):
    """A count announced before a list against the items listed."""

    kind: str = "announced_count"
    verdict: str = "consistent"
    announced: int
    listed: int
    what: str
    open_list: bool = False  # `A、B等7个`: 等 may leave the list open, so fewer items than announced is no error

    def json_fields(self) -> dict[str, Any]:
        return {"announced": self.announced, "listed": self.listed, "what": self.what}


_CN_COUNT = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)}
_LIST_END = recache.compile(r"等\s*([0-9]+|[一二两三四五六七八九十]+)\s*(所|家|个|名|项|位)")
_ANNOUNCE = recache.compile(r"(?:以下|如下)\s*([0-9]+|[一二两三四五六七八九十]+)\s*(?:个)?(?:方面|项|点|条)")


def _cn_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    s = s.replace("两", "二")
    if s == "十":
        return 10
    if len(s) == 1:
        return _CN_COUNT.get(s)
    if s.startswith("十"):
        return 10 + _CN_COUNT.get(s[1], 0)
    if len(s) == 2 and s[1] == "十":
        return _CN_COUNT.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_COUNT.get(s[0], 0) * 10 + _CN_COUNT.get(s[2], 0)
    return None


@lru_cache(maxsize=1)
def _count_rx():
    """A figure with a unit of units.yaml (18家, 2.5万人): a count, where 2020年 is none."""
    return recache.compile(r"\d+(?:\.\d+)?\s*(?:" + "|".join(re.escape(u) for u in units().units) + ")")


def find_announced(text: str) -> list[Check]:
    """`……西新小学、龙泉一中等6所学校` and `重点做好以下五方面工作：` followed by items."""
    checks: list[Check] = []
    for m in _LIST_END.finditer(text):
        n, unit = _cn_int(m.group(1)), m.group(2)
        if not n or n < 2:
            continue
        ls = max(text.rfind(ch, 0, m.start()) for ch in "。;:\n") + 1
        items = [x.strip() for x in recache.split(r"[,、，和及与]", text[ls:m.start()])]
        rx = recache.compile(units().counted_noun_endings[unit])
        count = 0
        groups = False
        for it in reversed(items):
            if 2 <= len(it) <= 16 and rx.search(it):
                count += 1
                groups = groups or bool(_count_rx().search(it))  # a count of its own (18家加油站), not a year
            else:
                break
        if groups:
            continue  # `18家加油站、9家液化气充装站等42个`: groups with counts of their own, not items
        if count >= 2:
            checks.append(AnnouncedCountCheck(verdict="consistent" if count == n else "inconsistent", nstart=m.start(),
                                              nend=m.end(), announced=n, listed=count, what=unit, open_list=count < n))
    for m in _ANNOUNCE.finditer(text):
        n = _cn_int(m.group(1))
        if not n or n < 2:
            continue
        rest = text[m.end():m.end() + 4000]
        labels = None
        for item in (r"(?m)^\s*\(([一二三四五六七八九十]+)\)", r"(?m)^\s*(\d{1,2})[.、](?!\d)", r"([一二三四五六七八九十]+)是"):
            found = [_cn_int(x) for x in recache.findall(item, rest)]
            seq = 0
            for v in found:
                if v == seq + 1:
                    seq = v
                elif seq and v == 1:
                    break
            if seq >= 2:
                labels = seq
                break
        if labels:
            checks.append(AnnouncedCountCheck(verdict="consistent" if labels == n else "inconsistent", nstart=m.start(),
                                              nend=m.end(), announced=n, listed=labels, what="方面"))
    return checks

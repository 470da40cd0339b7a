"""A figure as a draft writes it (shared by compose and changes, which import nothing else of each other)."""
from __future__ import annotations

import re

import reportnlp.recache as recache
from ..numbers import fmt_value

__all__ = ["MARK", "figure", "fmt_value", "mark"]


def figure(r) -> str:
    num, unit = fmt_value(r.value, r.unit)
    return num + unit


# invisible marks around each figure while a draft is rendered: the trace knows which row it came from
MARK = recache.compile("\x01(\\d+)\x02(.*?)\x03", re.S)


def mark(i: int, text: str) -> str:
    return f"\x01{i}\x02{text}\x03"


def strip_marks(text: str) -> str:
    return MARK.sub(lambda m: m.group(2), text)


def placed_rows(text: str) -> set[int]:
    return {int(m.group(1)) for m in MARK.finditer(text)}

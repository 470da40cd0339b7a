"""A figure as a draft writes it (shared by compose and changes, which import nothing else of each other)."""
from __future__ import annotations

import re


def fmt_value(value: float, unit: str | None) -> tuple[str, str]:
    """Number as reports write it: 万元 with two decimals for money, integers without decimals."""
    u = unit or ""
    if u == "元" and abs(value) >= 10000:
        return f"{value / 10000:.2f}", "万元"
    if u in ("万元", "亿元"):
        return f"{value:.2f}", u
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value))), u
    return f"{value:g}", u


def figure(r) -> str:
    num, unit = fmt_value(r.value, r.unit)
    return num + unit


# invisible marks around each figure while a draft is rendered: the trace knows which row it came from
MARK = re.compile("\x01(\\d+)\x02(.*?)\x03", re.S)


def mark(i: int, text: str) -> str:
    return f"\x01{i}\x02{text}\x03"


def strip_marks(text: str) -> str:
    return MARK.sub(lambda m: m.group(2), text)


def placed_rows(text: str) -> set[int]:
    return {int(m.group(1)) for m in MARK.finditer(text)}

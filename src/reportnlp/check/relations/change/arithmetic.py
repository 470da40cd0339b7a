"""The one computation of a change (`compute_change`) and how a draft writes it (`change_phrase`).

`compare --history`, `draft` and RN208 all use these, so a written change is right by construction."""
from __future__ import annotations
from typing import NamedTuple


from ....numbers import fmt, round_half_up

__all__ = ["ChangeFigures", "change_phrase", "compute_change", "fmt", "round_half_up"]


class ChangeFigures(NamedTuple):
    previous: float
    current: float
    delta: float  # current - previous
    rate: float | None  # percent; None when the previous figure is 0
    multiple: float | None  # current / previous


def compute_change(previous: float, current: float) -> ChangeFigures:
    """The change from `previous` to `current` (same units)."""
    delta = current - previous
    if previous:
        return ChangeFigures(previous, current, delta, 100.0 * delta / previous, current / previous)
    return ChangeFigures(previous, current, delta, None, None)


def change_phrase(previous: float, current: float, unit: str | None, basis: str = "比上年") -> str:
    """`比上年增加6次、增长7.5%`: the change written as reports write it, from `compute_change`.

    The rate has one decimal; RN208 accepts it by construction. Empty when nothing changes
    or the previous figure is 0."""
    ch = compute_change(previous, current)
    if abs(ch.delta) < 1e-9 or ch.rate is None:
        return ""
    up = ch.delta > 0
    amount = fmt(abs(ch.delta), 2 if unit in ("万元", "亿元") else None)
    return (f"{basis}{'增加' if up else '减少'}{amount}{unit or ''}、"
            f"{'增长' if up else '下降'}{fmt(abs(ch.rate), 1)}%")

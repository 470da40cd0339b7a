"""Recomputing a subject's stated figures from the others, at the written precision."""
from __future__ import annotations

from collections.abc import Callable

from ....numbers import decimals, round_half_up
from .arithmetic import compute_change
from .elements import Element, Subject, compatible
from .relation import ChangeCheck

def gap(x: float, lo: float, hi: float) -> float:
    return 0.0 if lo - 1e-9 <= x <= hi + 1e-9 else min(abs(x - lo), abs(x - hi))


def value_range(f: Callable[[float, float], float | None], prev: Element | float, cur: Element | float,
                hp: float, hc: float) -> tuple[float, float] | None:
    vals: list[float] = []
    p0 = prev.value if isinstance(prev, Element) else prev
    c0 = cur.value if isinstance(cur, Element) else cur
    for dp in (-hp, 0.0, hp):
        for dc in (-hc, 0.0, hc):
            p, c = p0 + dp, c0 + dc
            v = f(p, c)
            if v is not None:
                vals.append(v)
    return (min(vals), max(vals)) if vals else None


def half_step(e: Element | None) -> float:
    if e is not None and e.role == "multiple":
        return min(e.step / 2, 0.1 * abs(e.value))  # 增长一倍 is 1.8–2.2 times, not 1.5–2.5
    return e.step / 2 if e is not None and e.rounded else 0.0


def judge(stated: Element, lo: float, hi: float, allow_rounding: bool = True) -> str:
    g = gap(stated.value, lo - half_step(stated), hi + half_step(stated))
    if g <= 1e-9:
        return "consistent"
    if allow_rounding and stated.rounded and g <= stated.step + 1e-9:
        return "rounding"
    return "inconsistent"


def evaluate(s: Subject, basis: str | None, ext_prev: tuple[Element, str, str | None] | None = None) -> list[ChangeCheck]:
    """Every stated figure of one subject against what the other figures give."""
    out: list[ChangeCheck] = []
    cur, prev = s.cur, s.prev
    source, where = "text", None
    if prev is None and ext_prev is not None:
        prev, source, where = ext_prev
    deltas = [e for e in s.stated if e.role == "delta"]
    delta = deltas[0] if deltas else None
    if delta is not None and ((cur is not None and not compatible(delta, cur)) or
                              (prev is not None and not compatible(delta, prev))):
        delta = None
    pct_subject = (cur is not None and cur.unit == "%") or (prev is not None and prev.unit == "%")
    if cur is not None and prev is not None and not compatible(cur, prev):
        return out
    if any(e is not None and e.approx for e in (cur, prev)):
        return out
    unit = next((e.claim.unit for e in (cur, prev, delta) if e is not None and e.claim is not None), None)

    def make(st: Element, verdict, computed, reason=None, ** kw):
        claims = {k: e.claim for k, e in (("current", cur), ("previous", prev), ("delta", delta), ("stated", st))
                  if e is not None and e.claim is not None}
        return ChangeCheck(verdict=verdict, nstart=st.nstart, nend=st.nend, stated=st.role, stated_value=st.value,
                           stated_text=st.text, computed=computed,
                           previous=None if prev is None else prev.value, current=None if cur is None else cur.value,
                           delta=None if delta is None else delta.value, unit=unit, basis=basis,
                           previous_source=source, previous_where=where, reason=reason, claims=claims, **kw)

    hp, hc = half_step(prev), half_step(cur)
    for st in s.stated:
        if st.approx:
            continue
        if st.role == "delta":
            if st is not delta or cur is None or prev is None:
                continue
            # the written figures are what a reader subtracts: no slack for their own rounding
            computed = cur.value - prev.value
            v = judge(st, computed, computed, allow_rounding=True)
            if v == "rounding" and not (st.rounded or prev.rounded or cur.rounded):
                v = "inconsistent"
            reason = "direction" if v == "inconsistent" and (cur.value - prev.value) * st.value < 0 else None
            out.append(make(st, v, cur.value - prev.value, reason))
        elif st.role == "rate":
            if pct_subject and cur is not None and prev is not None:
                # two rates: a stated % is a rate of change; the difference is in 个百分点
                rng = value_range(lambda p, c: None if p == 0 else 100 * (c - p) / p, prev, cur, hp, hc)
                v = judge(st, *rng) if rng else "inconsistent"
                prng = value_range(lambda p, c: c - p, prev, cur, hp, hc)
                dec = decimals(st.text)
                exact = compute_change(prev.value, cur.value).rate
                if prng and judge(st, *prng) == "consistent" and (v != "consistent" or exact is None or
                                                            abs(round_half_up(exact, dec) - st.value) > 1e-9):
                    # 由96.1%提高到98.3%,提高2.2%: the difference of two rates is in 个百分点
                    out.append(make(st, "inconsistent", cur.value - prev.value, "points_as_percent"))
                    continue
                if rng:
                    out.append(make(st, v, compute_change(prev.value, cur.value).rate))
                continue
            if pct_subject:
                continue
            found: list[tuple[float, float] | None] = []  # what the other figures give for the rate
            if prev is not None and cur is not None and prev.value:
                found.append(value_range(lambda p, c: None if p == 0 else 100 * (c - p) / p, prev, cur, hp, hc))
            if delta is not None and prev is not None and prev.value:
                hd = half_step(delta)
                found.append(value_range(lambda p, d: None if p == 0 else 100 * d / p, prev, delta, hp, hd))
            if delta is not None and cur is not None and prev is None and cur.value - delta.value:
                hd = half_step(delta)
                found.append(value_range(lambda c, d: None if c - d == 0 else 100 * d / (c - d), cur, delta, hc, hd))
            cands = [c for c in found if c]
            if not cands:
                continue
            verdicts = [judge(st, *c) for c in cands]
            best = min(range(len(cands)), key=lambda i: ("consistent", "rounding", "inconsistent").index(verdicts[i]))
            lo, hi = cands[best]
            computed = (lo + hi) / 2
            if prev is not None and cur is not None and prev.value and best == 0:
                computed = compute_change(prev.value, cur.value).rate or computed
            v = verdicts[best]
            reason = "direction" if v == "inconsistent" and computed * st.value < 0 else None
            if v == "inconsistent" and st.value > 0 and cur is not None and prev is not None and prev.value:
                # 增长N% written where current is N% of previous (or the reverse)
                if abs(100 * cur.value / prev.value - st.value) <= st.step:
                    reason = "share_as_rate"
            out.append(make(st, v, computed, reason))
        elif st.role == "points":
            if cur is None or prev is None or not pct_subject:
                continue
            rng = value_range(lambda p, c: c - p, prev, cur, hp, hc)
            if rng is None:
                continue
            out.append(make(st, judge(st, *rng), cur.value - prev.value,
                            "direction" if (cur.value - prev.value) * st.value < 0 else None))
        elif st.role == "multiple":
            if pct_subject:
                continue
            p_val = prev
            if p_val is None and delta is not None and cur is not None:
                p_val = Element("prev", cur.nstart, cur.nend, "", cur.value - delta.value, cur.unit, 0, False)
            if cur is None or p_val is None or not p_val.value:
                continue
            rng = value_range(lambda p, c: None if p == 0 else c / p, p_val, cur, half_step(p_val), hc)
            if not rng:
                continue
            v = judge(st, *rng, allow_rounding=st.step < 1 and st.how != "翻番")
            computed = cur.value / p_val.value
            reason = None
            if v == "inconsistent" and st.how not in ("是N倍", "翻番") and abs(computed - (st.value - 1)) <= st.step / 2:
                reason = "multiple_convention"  # 增长2倍 written for 是上年的2倍
            out.append(make(st, v, computed, reason))
    return out


def evaluate_best(s: Subject, basis: str | None, ext_prev: tuple[Element, str, str | None] | None = None) -> list[ChangeCheck]:
    """The nearest figure is the current one, unless it contradicts the stated change and another
    figure of the sentence agrees with everything stated (受理449件,其中网上320件,比上年的412件增加37件)."""
    first = evaluate(s, basis, ext_prev)
    if all(c.verdict == "consistent" for c in first) or s.cur is None or ext_prev is not None:
        return first
    def score(checks):
        return sum(c.verdict != "inconsistent" for c in checks)

    best = first
    for alt in s.alts:
        if s.prev is not None and not compatible(alt, s.prev):
            continue
        trial = Subject(cur=alt, prev=s.prev, stated=s.stated, explicit=s.explicit)
        got = evaluate(trial, basis)
        if len(got) >= len(first) and score(got) > score(best):
            best = got
    return best

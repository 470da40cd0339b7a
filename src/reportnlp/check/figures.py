"""What a figure of the report stands for, read by several checks and the batch.

`claim_range`: the values a (possibly approximate) claim allows, in base units.
`metric_values`: one figure per catalogue metric (the first that is not a part of a list), in base
units — what the batch stores and what last year's report hands to the change check.
"""
from __future__ import annotations

import reportnlp.recache as recache
from ..extract.claims import Claim
from ..model import Report
from ..numbers import scale, to_base


def value_of(c: Claim) -> float:
    """The claim's figure. Relations and checks see only claims that have one (a run of digits too
    long to be a figure has none, and relations/__init__ leaves such claims out)."""
    if c.value is None:
        raise ValueError(f"claim {c.text!r} has no figure")
    return c.value


def claim_range(c, text: str) -> tuple[float, float]:
    """The values a claim allows, in base units."""
    v = to_base(c.value, c.unit)
    if not c.approx:
        return v, v
    before = text[max(0, c.nstart - 3):c.nstart]
    after = text[c.nend:c.nend + 3]
    if "近" in before or "将近" in before:
        return v * 0.9, v
    if recache.search(r"超过|逾|超", before) or after.startswith("以上"):
        return v, v * 1.5
    if "约" in before or after.startswith("左右"):
        return v * 0.9, v * 1.1
    # 余 / 多: above the number, below the next step of its last significant digit
    digits = recache.sub(r"\D", "", str(int(c.value))) if c.value == int(c.value) else ""
    zeros = len(digits) - len(digits.rstrip("0")) if digits else 0
    step = 10 ** max(zeros, 0) * scale(c.unit)
    return v, v + max(step, scale(c.unit))


def metric_values(rep: Report) -> dict[str, dict]:
    """One figure per metric: the first claim of it that is not a part of a list (base units)."""
    parts = set()
    for ch in rep.checks:
        for p in ch.claim_refs().get("part_claims", []) or []:
            parts.add(id(p))
    out: dict[str, dict] = {}
    for c in rep.claims:
        if not c.metric or c.metric in out or id(c) in parts or c.value is None:
            continue
        if rep.part_at(c.nstart) == "next_year":
            continue
        out[c.metric] = {"value": to_base(c.value, c.unit), "text": c.text, "unit": c.unit}
    return out

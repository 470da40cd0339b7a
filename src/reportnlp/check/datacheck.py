"""Matching the report's claims to the bureau's data rows (used by rules RN401–RN404).

Each data row (metric M, value V) is compared with the claims tagged M: units converted
(元/万元/亿元, 人次/万人次), approximate claims taken as ranges (40余 → 40–50, 近9000,
超过/以上, 约). A row that some claim matches is confirmed; otherwise the main claim (a total,
not a part of a list) is a mismatch; several candidates that all disagree are reported as an
ambiguous mapping, not guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .relations import same_class

SCALE = {"万元": 1e4, "亿元": 1e8, "元": 1.0, "万人次": 1e4, "万人": 1e4, "万件": 1e4, "万份": 1e4, "万册": 1e4, "万条": 1e4, "万次": 1e4}


def base_unit(u: str | None) -> str | None:
    if u is None:
        return None
    if u in ("元", "万元", "亿元"):
        return "元"
    return u[1:] if u.startswith("万") and len(u) > 1 else u


def to_base(v: float, u: str | None) -> float:
    return v * SCALE.get(u or "", 1.0)


def claim_range(c, text: str) -> tuple[float, float]:
    """The values a claim allows, in base units."""
    v = to_base(c.value, c.unit)
    if not c.approx:
        return v, v
    before = text[max(0, c.nstart - 3):c.nstart]
    after = text[c.nend:c.nend + 3]
    if "近" in before or "将近" in before:
        return v * 0.9, v
    if re.search(r"超过|逾|超", before) or after.startswith("以上"):
        return v, v * 1.5
    if "约" in before or after.startswith("左右"):
        return v * 0.9, v * 1.1
    # 余 / 多: above the number, below the next step of its last significant digit
    digits = re.sub(r"\D", "", str(int(c.value))) if c.value == int(c.value) else ""
    zeros = len(digits) - len(digits.rstrip("0")) if digits else 0
    step = 10 ** max(zeros, 0) * SCALE.get(c.unit or "", 1.0)
    return v, v + max(step, SCALE.get(c.unit or "", 1.0))


@dataclass
class Match:
    row: object
    claims: list = field(default_factory=list)  # candidates tagged with the row's metric
    matched: object = None
    main: list = field(default_factory=list)  # claims that should carry the figure


def match_rows(rep) -> list[Match]:
    text = rep.norm.text
    part_ids = set()
    for ch in rep.checks:
        for p in ch.data.get("part_claims", []) or []:
            part_ids.add(id(p))
    out = []
    for row in rep.data_rows or []:
        m = Match(row)
        for c in rep.claims:
            if c.metric != row.metric or c.value is None:
                continue
            if row.unit and c.unit and not (same_class(base_unit(c.unit), base_unit(row.unit)) or
                                            base_unit(c.unit) == base_unit(row.unit)):
                continue
            if rep.part_at(c.nstart) == "next_year":
                continue  # targets for the coming year are not last year's figures
            m.claims.append(c)
        target = to_base(row.value, row.unit)
        for c in m.claims:
            lo, hi = claim_range(c, text)
            if lo - 1e-6 <= target <= hi + 1e-6 and (not c.approx or lo < target or lo == hi or target == lo):
                m.matched = c
                break
        if m.matched is None and m.claims:
            totals = [c for c in m.claims if id(c) not in part_ids]
            m.main = totals or m.claims[:1]
        out.append(m)
    return out


def select_rows(rows, org: str | None, year: int | None):
    """Rows for the report's org and year (a file may hold many bureaus and years)."""
    def norm(s):
        return re.sub(r"\s+", "", s or "")

    if any(r.org for r in rows) and org:
        o = norm(org)
        same = [r for r in rows if r.org and (norm(r.org) == o or norm(r.org).endswith(o) or o.endswith(norm(r.org)))]
        rows = same
    if any(r.year for r in rows) and year:
        rows = [r for r in rows if r.year in (None, year)]
    return rows

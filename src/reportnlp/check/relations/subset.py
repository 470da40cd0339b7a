"""Subsets (RN203 subset-mismatch): parts named with 其中 that need not add up, but none may exceed the whole.

`其中新增执法人员9人`, `其中专任教师450人、班主任300人`: categories that overlap or cover only part
of the whole. A subset is inconsistent when one of its parts is larger than the total.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...extract.claims import Claim
from ...model import Check
from ..figures import value_of
from ...numbers import to_base


@dataclass(kw_only=True)
class SubsetCheck(Check):
    """Parts that may overlap (a selection), against the whole they belong to."""

    kind: str = "subset"
    verdict: str = "consistent"
    total: Claim
    parts: list[Claim] = field(default_factory=list)

    @property
    def unit(self) -> str | None:
        return self.total.unit

    def json_fields(self) -> dict[str, Any]:
        return {"total": self.total.value, "parts": [p.value for p in self.parts], "unit": self.unit}

    def claim_refs(self) -> dict[str, Any]:
        return {"total_claim": self.total, "part_claims": list(self.parts)}


def subset_check(total: Claim, parts: list[Claim]) -> SubsetCheck:
    whole = to_base(value_of(total), total.unit)
    holds = all(to_base(value_of(p), p.unit or total.unit) <= whole + 1e-6 for p in parts)
    return SubsetCheck(verdict="consistent" if holds else "inconsistent", nstart=total.nstart, nend=parts[-1].nend,
                       total=total, parts=list(parts))

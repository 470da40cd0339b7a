"""Rectified within found (RN205 rectified-mismatch): `发现问题41个,已整改到位39个`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...extract.claims import Claim
from ...model import Check
from ..figures import value_of
from .lexicon import lexicon



@dataclass(kw_only=True)
class RectifiedCheck(Check):
    """Problems rectified against problems found."""

    kind: str = "rectified"
    verdict: str = "consistent"
    found: Claim
    rectified: Claim

    @property
    def unit(self) -> str | None:
        return self.found.unit

    def json_fields(self) -> dict[str, Any]:
        return {"found": self.found.value, "rectified": self.rectified.value, "unit": self.unit}

    def claim_refs(self) -> dict[str, Any]:
        return {"found_claim": self.found, "rectified_claim": self.rectified}


def find_rectified(claims: list[Claim], text: str) -> list[Check]:
    """Each count of problems found with the count rectified after it in its sentence (the words of
    both in relations.yaml `rectified`); a rectified count that adds earlier years' problems is not
    compared."""
    lex = lexicon()
    checks: list[Check] = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%"):
            continue
        if not lex.found.search(text[max(0, c.nstart - 24):c.nstart]):
            continue
        end = min([x for x in (text.find("。", c.nend), text.find("\n", c.nend)) if x >= 0] or [len(text)])
        for d in claims[i + 1:]:
            if d.nstart >= end:
                break
            if d.unit == c.unit and lex.fixed.search(text[max(c.nend, d.nstart - 12):d.nstart]):
                if lex.fixed_earlier.search(text[d.nend:d.nend + 24]):
                    break
                checks.append(RectifiedCheck(verdict="consistent" if value_of(d) <= value_of(c) else "inconsistent",
                                             nstart=c.nstart, nend=d.nend, found=c, rectified=d))
                break
    return checks

"""Rectified within found (RN205 rectified-mismatch): `发现问题41个,已整改到位39个`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reportnlp.recache as recache
from ...extract.claims import Claim
from ...model import Check
from ..figures import value_of

_FOUND = recache.compile(r"(?:发现|排查|查出|梳理)[^。;]{0,12}?(?:问题|隐患)[^。;\d]{0,6}$")
_FIXED = recache.compile(r"(?:整改到位|已整改|整改完成|完成整改|整改|已办结|化解)[^。;\d]{0,6}$")


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
    checks: list[Check] = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%"):
            continue
        if not _FOUND.search(text[max(0, c.nstart - 24):c.nstart]):
            continue
        end = min([x for x in (text.find("。", c.nend), text.find("\n", c.nend)) if x >= 0] or [len(text)])
        for d in claims[i + 1:]:
            if d.nstart >= end:
                break
            if d.unit == c.unit and _FIXED.search(text[max(c.nend, d.nstart - 12):d.nstart]):
                checks.append(RectifiedCheck(verdict="consistent" if value_of(d) <= value_of(c) else "inconsistent",
                                             nstart=c.nstart, nend=d.nend, found=c, rectified=d))
                break
    return checks

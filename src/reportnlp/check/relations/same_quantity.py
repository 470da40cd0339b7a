"""One quantity stated twice (RN206 same-quantity-unit): `……1019次。……共计1019件`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...extract.claims import Claim
from ...model import Check
from ...numbers import family
from .lexicon import lexicon


@dataclass(kw_only=True)
class SameQuantityCheck(Check):
    kind: str = "same_quantity"
    verdict: str = "consistent"
    first: Claim
    second: Claim

    @property
    def unit_differs(self) -> bool:
        return self.first.unit != self.second.unit

    def json_fields(self) -> dict[str, Any]:
        return {"value": self.first.value, "units": [self.first.unit, self.second.unit], "unit_differs": self.unit_differs}

    def claim_refs(self) -> dict[str, Any]:
        return {"first_claim": self.first, "second_claim": self.second}


def find_same_quantity(claims: list[Claim], text: str) -> list[Check]:
    restate = lexicon().restate
    checks: list[Check] = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or c.value is None or c.value < 10:
            continue
        end = text.find("\n", c.nend)
        end = len(text) if end < 0 else end
        for d in claims[i + 1:]:
            if d.nstart >= end:
                break
            if d.in_table or d.value != c.value or d.unit in (None, "%") or family(d.unit) != family(c.unit):
                continue
            if not restate.search(text[max(c.nend, d.nstart - 6):d.nstart]):
                continue
            checks.append(SameQuantityCheck(nstart=c.nstart, nend=d.nend, first=c, second=d))
            break
    return checks

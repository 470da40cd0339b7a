"""One quantity stated twice (RN206 same-quantity-unit): `……1019次。……共计1019件`."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ...extract.claims import Claim
from ...model import Check
from ...numbers import family
from .lexicon import lexicon


@dataclass(kw_only=True)
class SameQuantityCheck(Check):
    """One quantity stated twice."""

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
    """A figure restated later in its paragraph (`共计` right before the same value, same family).

    Figures with a restating word before them are indexed by (paragraph, value, family), so each
    figure looks only at the restatements of its own value, not at every later figure of its
    paragraph (a paragraph of 1 400 `12件` took minutes)."""
    restate = lexicon().restate
    later: dict[tuple, list[int]] = {}
    for j, d in enumerate(claims):
        if d.in_table or d.unit in (None, "%") or d.value is None or d.value != d.value:
            continue
        # `restate` ends in `$`: no match in the full 6-character window, none in a shorter one
        if restate.search(text[max(0, d.nstart - 6):d.nstart]):
            later.setdefault((text.rfind("\n", 0, d.nstart), d.value, family(d.unit)), []).append(j)
    checks: list[Check] = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or c.value is None or not c.value >= 10:
            continue
        bucket = later.get((text.rfind("\n", 0, c.nend), c.value, family(c.unit)))
        if not bucket:
            continue
        end = text.find("\n", c.nend)
        end = len(text) if end < 0 else end
        for j in bucket[bisect_right(bucket, i):]:
            d = claims[j]
            if d.nstart >= end:
                break
            if not restate.search(text[max(c.nend, d.nstart - 6):d.nstart]):
                continue  # only when c ends inside d's window: a bounded number of figures
            checks.append(SameQuantityCheck(nstart=c.nstart, nend=d.nend, first=c, second=d))
            break
    return checks

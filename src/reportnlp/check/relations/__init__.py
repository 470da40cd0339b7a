"""Relations between claims, one module per kind beside the rule that reports it.

Step contract: needs claims (with units) and the normalised text; adds typed `Check` objects
(SumCheck, SubsetCheck, RatioCheck, RectifiedCheck, SameQuantityCheck, AnnouncedCountCheck),
the consistent ones too. The rules in check/rules turn inconsistent ones into findings.

| module | checks | rules |
|---|---|---|
| sum.py | totals and parts: cue lists, brackets, dimensions, implicit lists, table 合计 rows | RN201, RN202 |
| structure.py | candidate structures and the learned structure scorer (language features only) | (RN201) |
| subset.py | 其中 parts that need not add up but may not exceed the whole | RN203 |
| ratio.py | rates against their own counts | RN204 |
| rectified.py | rectified ≤ found | RN205 |
| same_quantity.py | one figure restated with another unit | RN206 |
| announced.py | announced counts against listed items | RN207 |
"""
from __future__ import annotations

from ...model import Check
from .announced import AnnouncedCountCheck, find_announced
from ...numbers import family, same_class, to_base
from .ratio import RatioCheck, find_ratios
from .rectified import RectifiedCheck, find_rectified
from .same_quantity import SameQuantityCheck, find_same_quantity
from .structure import accepts
from .subset import SubsetCheck
from .sum import SumCheck, find_lists, implicit_lists, leading_totals, table_totals, trailing_totals

__all__ = ["AnnouncedCountCheck", "RatioCheck", "RectifiedCheck", "SameQuantityCheck", "SubsetCheck", "SumCheck",
           "family", "find_relations", "same_class", "to_base"]


def find_relations(rep) -> list[Check]:
    text = rep.norm.text
    claims = [c for c in rep.claims if c.value is not None]  # a figure past reading (400 digits) relates to nothing
    checks, covered = find_lists(claims, text, accepts)
    checks += implicit_lists(claims, text, covered)
    checks += trailing_totals(claims, text, covered)
    checks += leading_totals(claims, text, covered)
    checks += table_totals(rep, claims)
    checks += find_ratios(claims, text)
    checks += find_rectified(claims, text)
    checks += find_same_quantity(claims, text)
    checks += find_announced(text)
    checks.sort(key=lambda ch: (ch.nstart if ch.nstart is not None else -1))
    return checks

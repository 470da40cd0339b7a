"""Detection: check/relations/same_quantity.py (SameQuantityCheck)."""
from ..registry import Rule, register
from ...numbers import fmt
from . import checks_of


@register
class Rule_RN206(Rule):
    """同一数量前后两次出现，单位不一致。
    """

    code = "RN206"
    needs = ("checks[kind=same_quantity]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "same_quantity", None):
            if ch.unit_differs:
                a, b = ch.first, ch.second
                out.append(self.finding(f"同一数量前后单位不一致：先写{a.text}，后写{b.text}（{fmt(a.value)}），请统一",
                                        b.nstart, b.nend))
        return out

"""Detection: check/relations/sum.py (SumCheck, verdict `rounding`)."""
from ..registry import Rule, register
from ...numbers import fmt
from . import checks_of
from .rn201 import arithmetic


@register
class Rule_RN202(Rule):
    """金额合计与分项之和仅差最后一位（四舍五入）。
    """

    code = "RN202"
    needs = ("checks[kind=sum]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "sum", "rounding"):
            t = ch.total
            out.append(self.finding(
                f"分项相加为{fmt(ch.sum_of_parts)}{ch.unit or ''}，合计写{t.text}，系四舍五入尾差（{arithmetic(ch)}）",
                t.nstart, t.nend))
        return out

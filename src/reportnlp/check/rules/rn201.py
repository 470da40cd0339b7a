"""Detection: check/relations/sum.py (SumCheck)."""
from ..registry import Rule, register
from ...numbers import fmt
from . import checks_of


def arithmetic(ch) -> str:
    """`a+b+c=s单位` for a SumCheck."""
    return "+".join(fmt(p.value) for p in ch.parts) + f"={fmt(ch.sum_of_parts)}{ch.unit or ''}"


@register
class Rule_RN201(Rule):
    """合计数与分项之和不符。
    """

    code = "RN201"
    needs = ("checks[kind=sum]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "sum"):
            t = ch.total
            out.append(self.finding(
                f"合计应为{fmt(ch.sum_of_parts)}{ch.unit or ''}，文中为{t.text}（分项 {arithmetic(ch)}）",
                t.nstart, t.nend))
        return out

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

    上文有几个可能的合计数（如“收到415件，受理415件，批准402件。其中……”）而分项之和与哪一个都不相等时，
    以警告列出这几个数，请核对分项对应的是哪一个。
    """

    code = "RN201"
    needs = ("checks[kind=sum]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "sum"):
            t = ch.total
            if len(ch.candidates) > 1:  # several totals the wording names, none closing: which one is meant?
                names = "、".join(c.text for c in ch.candidates)
                out.append(self.finding(f"分项合计{fmt(ch.sum_of_parts)}{ch.unit or ''}，与上文{names}均不一致（分项 {arithmetic(ch)}）",
                                        t.nstart, t.nend, severity="warning"))
                continue
            out.append(self.finding(
                f"合计应为{fmt(ch.sum_of_parts)}{ch.unit or ''}，文中为{t.text}（分项 {arithmetic(ch)}）",
                t.nstart, t.nend))
        return out

"""Detection: check/relations/ratio.py (RatioCheck)."""
from ..registry import Rule, register
from ...numbers import fmt
from . import checks_of


@register
class Rule_RN204(Rule):
    """百分比与文中的数量不符，或超出0—100%。
    """

    code = "RN204"
    needs = ("checks[kind=ratio]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "ratio"):
            if ch.reason == "range":
                msg = f"比率{fmt(ch.rate.value)}%超出0—100%的范围"
            else:
                msg = (f"比率应为{fmt(ch.numerator.value)}÷{fmt(ch.denominator.value)}={ch.computed:.1f}%，"
                       f"文中为{fmt(ch.rate.value)}%")
            out.append(self.finding(msg, ch.nstart, ch.nend))
        return out

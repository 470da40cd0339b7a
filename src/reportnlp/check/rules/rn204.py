"""Detection: check/relations/ratio.py (RatioCheck)."""
from ..registry import Rule, register
from ..relations.lexicon import fmt
from . import checks_of


@register
class Rule_RN204(Rule):
    """百分比与文中的数量不符，或超出0—100%。

    问题示例：调处纠纷490件，成功473件，调处成功率95.5%（473÷490=96.5%）
    推荐写法：调处成功率96.5%
    """

    code = "RN204"
    name = "ratio-mismatch"
    severity = "error"
    description = "百分比与据以计算的数量不一致，或超出0—100%"
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

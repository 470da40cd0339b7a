"""Detection: check/relations/sum.py (SumCheck, verdict `rounding`)."""
from ..registry import Rule, register
from ..relations.lexicon import fmt
from . import checks_of
from .rn201 import arithmetic


@register
class Rule_RN202(Rule):
    """金额合计与分项之和仅差最后一位（四舍五入）。

    问题示例：发放资助资金1134.65万元，各分项相加为1134.66万元
    推荐写法：无须改动；如需严谨，可按分项精确值重算合计或注明“因四舍五入存在尾差”
    """

    code = "RN202"
    name = "sum-rounding"
    severity = "info"
    description = "金额分项相加与合计相差一个尾数单位，属四舍五入尾差"
    needs = ("checks[kind=sum]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "sum", "rounding"):
            t = ch.total
            out.append(self.finding(
                f"分项相加为{fmt(ch.sum_of_parts)}{ch.unit or ''}，合计写{t.text}，系四舍五入尾差（{arithmetic(ch)}）",
                t.nstart, t.nend))
        return out

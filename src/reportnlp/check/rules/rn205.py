"""Detection: check/relations/rectified.py (RectifiedCheck)."""
from ..registry import Rule, register
from ..relations.lexicon import fmt
from . import checks_of


@register
class Rule_RN205(Rule):
    """整改数大于发现数。

    问题示例：共发现问题41个，已整改到位43个
    推荐写法：已整改数不超过发现数（如“已整改到位39个，其余2个正在整改”）
    """

    code = "RN205"
    name = "rectified-mismatch"
    severity = "error"
    description = "已整改（办结）数量超过发现（受理）数量"
    needs = ("checks[kind=rectified]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "rectified"):
            c = ch.rectified
            out.append(self.finding(
                f"整改数{fmt(c.value)}{ch.unit}超过发现数{fmt(ch.found.value)}{ch.unit}", c.nstart, c.nend))
        return out

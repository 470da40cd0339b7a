"""Detection: check/relations/rectified.py (RectifiedCheck)."""
from ..registry import Rule, register
from ...numbers import fmt
from . import checks_of


@register
class Rule_RN205(Rule):
    """整改数大于发现数。
    """

    code = "RN205"
    needs = ("checks[kind=rectified]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "rectified"):
            c = ch.rectified
            out.append(self.finding(
                f"整改数{fmt(c.value)}{ch.unit}超过发现数{fmt(ch.found.value)}{ch.unit}", c.nstart, c.nend))
        return out

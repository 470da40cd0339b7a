"""Detection: check/relations/subset.py (SubsetCheck), lists found by check/relations/sum.py."""
from ..registry import Rule, register
from ...numbers import fmt
from . import checks_of


@register
class Rule_RN203(Rule):
    """“其中”所列部分大于总数。
    """

    code = "RN203"
    needs = ("checks[kind=subset]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "subset"):
            t = ch.total
            parts = "+".join(fmt(p.value) for p in ch.parts)
            out.append(self.finding(f"“其中”部分（{parts}）超过总数{t.text}", t.nstart, ch.nend))
        return out

"""Detection: check/relations/announced.py (AnnouncedCountCheck)."""
from ..registry import Rule, register
from . import checks_of


@register
class Rule_RN207(Rule):
    """宣布的数目与随后列出的条目数不一致。
    """

    code = "RN207"
    needs = ("checks[kind=announced_count]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "announced_count"):
            out.append(self.finding(f"文中说{ch.announced}{ch.what}，实际列出{ch.listed}项，请核对", ch.nstart, ch.nend))
        return out

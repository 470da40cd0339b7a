"""Detection: check/relations/announced.py (AnnouncedCountCheck)."""
from ..registry import Rule, register
from . import checks_of


@register
class Rule_RN207(Rule):
    """宣布的数目与随后列出的条目数不一致。

    问题示例：重点做好以下五方面工作：（一）……（二）……（三）……（四）……
    推荐写法：重点做好以下四方面工作（或补上第五项）
    """

    code = "RN207"
    name = "announced-count"
    severity = "warning"
    description = "“以下N方面”“等N所学校”与实际列出的条目数不一致"
    needs = ("checks[kind=announced_count]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "announced_count"):
            out.append(self.finding(f"文中说{ch.announced}{ch.what}，实际列出{ch.listed}项，请核对", ch.nstart, ch.nend))
        return out

"""Detection: check/relations/announced.py (AnnouncedCountCheck)."""
from ..registry import Rule, register
from . import checks_of


@register
class Rule_RN207(Rule):
    """宣布的数目与随后列出的条目数不一致。

    “A、B等7个”列出的少于所说的数目时，“等”也可能表示未列全（列举未尽），只作提示；列出的多于所说的
    数目，或“以下N方面”后的条目数不符，为警告。各项自带数目的（“18家加油站、9家充装站等42个”）不是逐项列举，不核对。
    """

    code = "RN207"
    needs = ("checks[kind=announced_count]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "announced_count"):
            if getattr(ch, "open_list", False):
                out.append(self.finding(f"文中说{ch.announced}{ch.what}，列出{ch.listed}项（“等”也可能表示未列全），请核对",
                                        ch.nstart, ch.nend, severity="info"))
                continue
            out.append(self.finding(f"文中说{ch.announced}{ch.what}，实际列出{ch.listed}项，请核对", ch.nstart, ch.nend))
        return out

from ..registry import register
from ..textrules import TextRuleSet, keep_widest
from ..yeargate import dated_mentions, message


@register
class Rule_RN302(TextRuleSet):
    """标准政治、法律提法残缺或有误。

    标出编辑或网站删改后残缺的固定提法（缺字、重复、次序颠倒），以及与日历词库条目不符的名称：
    规划、纲要写错规划期（法治政府建设实施纲要（2021—2024年）、“十四五”（2021—2026年）），
    写出某届中央委员会没有召开过的全会（十九届八中全会）。
    """

    code = "RN302"
    needs = ("norm.text", "meta.year", "chrome", "sections")

    def check(self, rep):
        out = super().check(rep)
        for d in dated_mentions(rep):
            if d.verdict == "mismatch" and d.unit == "RN302":
                out.append(self.finding(message(d), d.start, d.end, severity=d.severity, kind="名称不符",
                                        canonical=d.name, suggestion=d.instead))
        return keep_widest(out)

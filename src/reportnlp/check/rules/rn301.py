from ..registry import register
from ..textrules import TextRuleSet, keep_widest
from ..yeargate import dated_mentions, message


@register
class Rule_RN301(TextRuleSet):
    """提法与报告年度不符（过时或超前）。

    按提法词库中的适用年度逐条核对：普法规划期次、党代会届次及全会、实施纲要版本、已被取代的法律法规、
    提出年份晚于报告年度的提法。标题、小标题与正文同样检查；紧挨提法前写明的年份（“2024年七五普法
    工作总结”）优先于报告年度。回顾性提及（次年“完成七五普法总结验收”）由 RN312 作为提示给出；
    “以来”“期间”“原……”等历史性表述不报。
    """

    code = "RN301"
    needs = ("norm.text", "meta.year", "chrome", "sections")

    def check(self, rep):
        out = super().check(rep)
        for d in dated_mentions(rep):
            if d.verdict == "passed" and d.unit == "RN301":
                out.append(self.finding(message(d), d.start, d.end, severity=d.severity, kind="年代不符",
                                        canonical=None, suggestion=None))
            elif d.verdict == "unrevised" and d.unit == "RN301":
                out.append(self.finding(message(d), d.start, d.end, severity=d.severity, kind="无此修改",
                                        canonical=d.instead, suggestion=d.instead))
            elif d.verdict == "position" and d.unit == "RN301":
                out.append(self.finding(message(d), d.start, d.end, severity=d.severity, kind="年份不符",
                                        canonical=d.instead, suggestion=None))
            elif d.verdict in ("stale", "early") and d.unit == "RN301":
                out.append(self.finding(message(d), d.start, d.end, severity=d.severity,
                                        kind="过时" if d.verdict == "stale" else "年代不符",
                                        canonical=d.instead, suggestion=d.instead))
        return keep_widest(out)

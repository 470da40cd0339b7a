from ..registry import Rule, register


@register
class Rule_RN307(Rule):
    """应有而未出现的提法：年度报告未提及当年应有的提法（日历词库中标为 expected 的固定提法）。

    目前为“习近平法治思想”（2020年11月中央全面依法治国工作会议明确），2021年度及以后的报告应写明；
    起始年度取自提法词库。
    """

    code = "RN307"
    needs = ("meta.year", "meta.statutory_applicable", "norm.text")

    def check(self, rep):
        from .. import lexicon as L

        year = rep.meta.year
        if not rep.meta.statutory_applicable or not year:
            return []
        if len(rep.norm.text) < 1500:
            return []  # a fragment: cannot tell
        out = []
        for f in L.lexicon().formulas:
            if f.expected is None or year < f.expected:
                continue
            if any(form in rep.norm.text for form in (f.form, *f.variants)):
                continue
            out.append(self.finding(f"全文未出现“{f.form}”，{f.expected}年度以来的年度报告应写明（依据：{f.source}）",
                                    canonical=f.form))
        return out

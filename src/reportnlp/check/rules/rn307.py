from ..registry import Rule, register


@register
class Rule_RN307(Rule):
    """应有而未出现的提法：2021年及以后的法治政府建设年度报告未提及习近平法治思想。
    """

    code = "RN307"
    needs = ("meta.year", "meta.statutory_applicable", "norm.text")

    def check(self, rep):
        if not rep.meta.statutory_applicable or not rep.meta.year or rep.meta.year < 2021:
            return []
        if "习近平法治思想" in rep.norm.text:
            return []
        if len(rep.norm.text) < 1500:
            return []  # a fragment: cannot tell
        return [self.finding("全文未出现“习近平法治思想”，2021年以来的年度报告应写明以习近平法治思想为指导")]

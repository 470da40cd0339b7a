from ..registry import Rule, register
from ...domain import parts as domain_parts



@register
class Rule_RN101(Rule):
    """缺少法定组成部分。

    年度报告应包括：上一年度主要举措和成效、存在的不足和原因、党政主要负责人履行推进法治建设
    第一责任人职责情况、下一年度主要安排（以及其他需要报告的情况）。文本看起来不完整（在句子中间
    断开、只写到第一部分）或未能确定文件类型时，缺少的部分只作提示（warning）。
    """

    code = "RN101"
    needs = ("sections", "missing", "meta.statutory_applicable", "meta.type_certain", "meta.complete")

    def check(self, rep):
        out = []
        certain = getattr(rep.meta, "type_certain", True)
        complete = getattr(rep.meta, "complete", True)
        severity = "error" if certain and complete else "warning"
        note = "" if severity == "error" else (
            "（文本可能不完整，仅作提示）" if not complete else "（未能确定文件类型，仅作提示）")
        for part in rep.missing:
            info = domain_parts.part(part)
            title = info.title.replace("上一年度", f"{rep.meta.year}年度" if rep.meta.year else "上一年度")
            out.append(self.finding(
                f"缺少法定部分“{info.missing_name}”：应增加“{title}”一节{note}", section=part, severity=severity))
        return out

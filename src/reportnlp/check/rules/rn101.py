from ..registry import Rule, register
from ...domain import parts as domain_parts



@register
class Rule_RN101(Rule):
    """缺少法定组成部分。

    年度报告应包括：上一年度主要举措和成效、存在的不足和原因、党政主要负责人履行推进法治建设
    第一责任人职责情况、下一年度主要安排（以及其他需要报告的情况）。文本看起来不完整（在句子中间
    断开、只写到第一部分）或未能确定文件类型时，缺少的部分只作提示（warning）。

    问题示例：一、主要举措和成效 …… 二、存在的不足 …… 三、下一步工作打算（缺少第一责任人部分）
    推荐写法：三、2025年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况
    """

    code = "RN101"
    name = "missing-section"
    severity = "error"
    description = "年度报告缺少法定组成部分（最常见的是第一责任人履职情况）"
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

from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN304(TextRuleSet):
    """有未填写的占位符或遮盖内容。

    标出未填写的年份、单位名称、数字（20__年、XX县、××学校、____、***）和遮盖内容。

    问题示例：20__年，XX县教育局……深化法治**建设
    推荐写法：2025年，某实际县名教育局……深化法治政府建设
    """

    code = "RN304"
    name = "placeholder"
    severity = "error"
    description = "有未填写的占位符或遮盖内容"
    needs = ("norm.text", "meta.year", "chrome")

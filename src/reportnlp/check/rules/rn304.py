from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN304(TextRuleSet):
    """有未填写的占位符或遮盖内容。

    标出未填写的年份、单位名称、数字（20__年、XX县、××学校、____、***）和遮盖内容。
    """

    code = "RN304"
    needs = ("norm.text", "meta.year", "chrome")

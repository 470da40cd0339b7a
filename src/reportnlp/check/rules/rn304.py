from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN304(TextRuleSet):
    """有未填写的占位符或遮盖内容。

    条目见 data/formulations.yaml 中 code 为 RN304 的各项（每项一个模式与提示）。

    问题示例：20__年，XX县教育局……深化法治**建设
    推荐写法：2025年，某实际县名教育局……深化法治政府建设
    """

    code = "RN304"
    name = "placeholder"
    severity = "error"
    description = "有未填写的占位符或遮盖内容"
    needs = ("norm.text", "meta.year", "chrome")

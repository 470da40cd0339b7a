from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN302(TextRuleSet):
    """标准政治、法律提法残缺或有误。

    标出编辑或网站删改后残缺的固定提法（缺字、重复、次序颠倒）。
    """

    code = "RN302"
    needs = ("norm.text", "meta.year", "chrome")

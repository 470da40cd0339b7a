from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN305(TextRuleSet):
    """转换或复制残留（书签、乱码、同义词替换、模板网站文字）。

    标出 Word 书签、乱码、转载网站插入的文字、同义词替换造成的错词。
    """

    code = "RN305"
    needs = ("norm.text", "meta.year", "chrome")

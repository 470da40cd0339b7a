from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN305(TextRuleSet):
    """转换或复制残留（书签、乱码、同义词替换、模板网站文字）。

    标出 Word 书签、乱码、转载网站插入的文字、同义词替换造成的错词。

    问题示例：[bookmark: _GoBack]2.深入推进政务公开；XX县教化局；中共中心国务院
    推荐写法：2.深入推进政务公开；XX县教育局；中共中央、国务院
    """

    code = "RN305"
    name = "artifact"
    severity = "error"
    description = "转换或复制残留（书签、乱码、同义词替换、模板网站文字）"
    needs = ("norm.text", "meta.year", "chrome")

from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN310(TextRuleSet):
    """固定提法有一个字错、漏或多（与规范写法相差一个字）。

    与某条规范提法仅差一个字、且本身不是规范写法的文字被标出。

    问题示例：推行马上办、网上办、就近半、一次办；履行第一责任职责；中共中心国务院
    推荐写法：推行马上办、网上办、就近办、一次办；履行第一责任人职责；中共中央、国务院
    """

    code = "RN310"
    name = "broken-formulation"
    severity = "error"
    description = "固定提法与规范写法相差一个字（错字、漏字、多字）"
    needs = ("norm.text",)
    generic = True

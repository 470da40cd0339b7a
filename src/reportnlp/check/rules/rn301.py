from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN301(TextRuleSet):
    """提法与报告年度不符（过时或超前）。

    逐年核对时效性提法：普法规划期次、党代会届次、实施纲要版本、机构名称等应与报告年度一致。

    问题示例：（2023年度报告）深入学习贯彻党的十九大精神；扎实开展“七五”普法
    推荐写法：深入学习贯彻党的二十大精神；扎实开展“八五”普法
    """

    code = "RN301"
    name = "stale-formulation"
    severity = "error"
    description = "提法与报告年度不符（过时或超前）"
    needs = ("norm.text", "meta.year", "chrome")

from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN301(TextRuleSet):
    """提法与报告年度不符（过时或超前）。

    条目见 data/formulations.yaml 中 code 为 RN301 的各项（每项一个模式与提示）。

    问题示例：（2023年度报告）深入学习贯彻党的十九大精神；扎实开展“七五”普法
    推荐写法：深入学习贯彻党的二十大精神；扎实开展“八五”普法
    """

    code = "RN301"
    name = "stale-formulation"
    severity = "error"
    description = "提法与报告年度不符（过时或超前）"
    needs = ("norm.text", "meta.year", "chrome")

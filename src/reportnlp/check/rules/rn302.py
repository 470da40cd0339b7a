from ..registry import register
from ..textrules import TextRuleSet


@register
class Rule_RN302(TextRuleSet):
    """标准政治、法律提法残缺或有误。

    标出编辑或网站删改后残缺的固定提法（缺字、重复、次序颠倒）。

    问题示例：深入学习宣传贯彻党的以及党的二中、三中全会精神；坚持新时代中国特色社会主义思想为指导
    推荐写法：深入学习宣传贯彻党的二十大和二十届二中、三中全会精神；坚持习近平新时代中国特色社会主义思想为指导
    """

    code = "RN302"
    name = "broken-formulation"
    severity = "error"
    description = "标准政治、法律提法残缺或有误"
    needs = ("norm.text", "meta.year", "chrome")

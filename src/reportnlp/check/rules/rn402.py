from ..registry import Rule, register
from .rn201 import fmt
from .rn401 import _matches


@register
class Rule_RN402(Rule):
    """统计数据中有、报告中未提及的数字（需 --data）。

    问题示例：统计年报有“法治副校长52人”，报告全文未提及
    推荐写法：在相应部分写明：全县48所中小学均配备法治副校长，共聘任52人
    """

    code = "RN402"
    name = "data-unreported"
    severity = "info"
    description = "统计数据中的指标在报告中没有对应的数字"
    needs = ("claims[metric]", "data_rows")

    def check(self, rep):
        return [self.finding(f"统计数据“{m.row.label}”为{fmt(m.row.value)}{m.row.unit or ''}（{m.row.where}），报告中未提及",
                             metric=m.row.metric)
                for m in _matches(rep) if not m.claims]

from ..registry import Rule, register
from ...numbers import fmt
from .rn401 import _matches, quote


@register
class Rule_RN403(Rule):
    """报告中有多个数字可能对应同一统计指标，且都与数据不符，无法确定对应关系（需 --data）。
    """

    code = "RN403"
    needs = ("claims[metric]", "data_rows")

    def check(self, rep):
        out = []
        for m in _matches(rep):
            if m.matched is None and len(m.main) > 1:
                texts = "、".join(c.text for c in m.main[:5])
                c = m.main[0]
                out.append(self.finding(f"统计数据{quote(m.row.label)}为{fmt(m.row.value)}{m.row.unit or ''}，"
                                        f"文中可能对应的数字（{texts}）均不相符，请核对", c.nstart, c.nend,
                                        metric=m.row.metric))
        return out

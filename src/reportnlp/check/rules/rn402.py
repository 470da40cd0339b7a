from ..registry import Rule, register
from ...numbers import fmt
from .rn401 import _matches


@register
class Rule_RN402(Rule):
    """统计数据中有、报告中未提及的数字（需 --data）。
    """

    code = "RN402"
    needs = ("claims[metric]", "data_rows")

    def check(self, rep):
        matches = _matches(rep)
        if not matches:  # no --data: the label helpers are not even imported
            return []
        from ...extract.labels import quote

        out = []
        for m in matches:
            r = m.row
            if m.matched is not None or m.strong:
                continue
            value = f"{fmt(r.value)}{r.unit or ''}"
            where = r.pos or r.where
            hint = f"；最接近的目录指标：“{m.suggestion}”" if m.suggestion else ""
            if not m.claims:
                msg = f"数据中的{quote(r.label)}（{where}）在报告中找不到对应表述（数据为{value}{hint}）"
            else:
                texts = "、".join(c.text for c in m.claims[:4])
                msg = (f"数据中的{quote(r.label)}（{where}）为{value}，报告中相近表述“{m.phrase}”处的数字（{texts}）"
                       f"与之不同，未能确定对应关系，请核对{hint}")
            out.append(self.finding(msg, metric=r.metric, label=r.label, data_value=r.value, data_unit=r.unit,
                                    suggestion=m.suggestion))
        return out

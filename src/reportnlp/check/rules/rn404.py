from ..registry import Rule, register


@register
class Rule_RN404(Rule):
    """列出无法对应到任何统计数据行的数字（需 --data 与 --show-unmatched）。
    """

    code = "RN404"
    needs = ("claims", "data_rows")

    def check(self, rep):
        if rep.data_rows is None or not getattr(rep, "show_unmatched", False):
            return []
        from .rn401 import _matches

        metrics = {r.metric for r in rep.data_rows if r.metric}
        answered = {id(c) for m in _matches(rep) for c in ([m.matched] if m.matched is not None else m.claims)}
        out = []
        for c in rep.claims:
            if c.unit == "%" or c.in_table or id(c) in answered:
                continue
            if c.metric is None or c.metric not in metrics:
                label = f"（指标：{c.metric}）" if c.metric else "（未识别指标）"
                out.append(self.finding(f"“{c.text}”在统计数据中没有对应的行{label}", c.nstart, c.nend))
        return out

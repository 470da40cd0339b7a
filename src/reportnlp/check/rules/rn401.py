from ..registry import Rule, register
from ...numbers import fmt


def quote(label):
    from ...extract.labels import quote as q

    return q(label)


def _matches(rep):
    if rep.data_rows is None:
        return []
    cache = getattr(rep, "_data_matches", None)
    if cache is None:
        from ..datacheck import match_rows  # only with --data: a plain check does not import it

        cache = match_rows(rep)
        rep._data_matches = cache
    return cache


@register
class Rule_RN401(Rule):
    """报告中的数字与统计数据不一致（需 --data）。
    """

    code = "RN401"
    needs = ("claims[metric]", "data_rows")

    def check(self, rep):
        out = []
        for m in _matches(rep):
            if m.matched is not None or len(m.main) != 1:
                continue
            c = m.main[0]
            r = m.row
            approx = "（约数）" if c.approx else ""
            out.append(self.finding(
                f"文中{c.text}{approx}与统计数据不符：{r.where}{quote(r.label)}为{fmt(r.value)}{r.unit or ''}",
                c.nstart, c.nend, metric=r.metric, data_value=r.value, data_unit=r.unit))
        return out

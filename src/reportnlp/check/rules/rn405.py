from ..registry import Rule, register


@register
class Rule_RN405(Rule):
    """统计数据中没有本报告单位或年度的行（需 --data）。
    """

    code = "RN405"
    needs = ("data_rows",)

    def check(self, rep):
        sc = rep.data_scope
        if sc is None:
            return []
        holds = []
        if sc.orgs:
            holds.append("单位：" + "、".join(f"“{o}”" for o in sc.orgs[:8]) + ("等" if len(sc.orgs) > 8 else ""))
        if sc.years:
            holds.append("年度：" + "、".join(str(y) for y in sc.years))
        want = "".join(x for x in (f"“{sc.org}”" if sc.org else "", f"{sc.year}年度" if sc.year else ""))
        return [self.finding(f"统计数据中没有{want or '本报告'}的数据（数据文件中有{'；'.join(holds) or '其他单位或年度的数据'}），"
                             "报告中的数字未与数据核对；请核对单位名称和年度，或用 --org 指定")]

from ..registry import Rule, register
from . import checks_of


def fmt(v) -> str:
    if v is None:
        return "?"
    return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v - round(v)) > 1e-9 else str(int(round(v)))


def arithmetic(ch) -> str:
    d = ch.data
    unit = d.get("unit") or ""
    return "+".join(fmt(p) for p in d["parts"]) + f"={fmt(d['sum_of_parts'])}{unit}"


@register
class Rule_RN201(Rule):
    """合计数与分项之和不符。

    问题示例：共作出行政许可决定1547项，其中认定教师资格1510件、办学许可等39件（1510+39=1549）
    推荐写法：核对原始台账，使合计数等于各分项之和（或注明口径差异）
    """

    code = "RN201"
    name = "sum-mismatch"
    severity = "error"
    description = "合计数与其分项之和不一致"
    needs = ("checks[kind=sum]",)

    def check(self, rep):
        out = []
        for ch in checks_of(rep, "sum"):
            t = ch.data["total_claim"]
            out.append(self.finding(
                f"合计应为{fmt(ch.data['sum_of_parts'])}{ch.data.get('unit') or ''}，文中为{t.text}（分项 {arithmetic(ch)}）",
                t.nstart, t.nend))
        return out

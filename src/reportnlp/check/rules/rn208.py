from ...numbers import decimals as _decimals, fmt as _fmt, round_half_up, scale
from ..registry import Rule, register


def _num(v, unit) -> str:
    u = unit or ""
    if scale(u) > 1:
        return _fmt(v / scale(u)) + u
    return _fmt(v) + u


def _pct(v: float, stated_text: str) -> str:
    """The computed rate to the stated precision (at least one decimal, no trailing zero)."""
    dec = _decimals(stated_text)
    if dec == 0:
        return _fmt(round_half_up(v, 1)) + "%"
    return f"{round_half_up(v, dec):.{dec}f}%"


def _change(delta: float, unit) -> str:
    return ("增加" if delta >= 0 else "减少") + _num(abs(delta), unit)


def message(ch) -> str:
    """The Chinese sentence for one change check (shared by the error and the rounding finding)."""
    prev, cur, unit = ch.previous, ch.current, ch.unit
    src = ""
    if ch.previous_source == "previous_report":
        src = f"（上年数字取自上一年度报告：{ch.previous_where}）"
    elif ch.previous_source == "data":
        src = f"（上年数字取自数据：{ch.previous_where}）"
    pair = ""
    pc, cc = ch.claims.get("previous"), ch.claims.get("current")
    if prev is not None and cur is not None:
        pair = f"由{pc.text if pc is not None else _num(prev, unit)}到{cc.text if cc is not None else _num(cur, unit)}，"
    elif cur is not None and ch.delta is not None:
        pair = f"现为{cc.text if cc is not None else _num(cur, unit)}、{_change(ch.delta, unit)}，上年应为{_num(cur - ch.delta, unit)}，"
    elif prev is not None and ch.delta is not None:
        pair = f"上年{pc.text if pc is not None else _num(prev, unit)}、{_change(ch.delta, unit)}，"
    if ch.stated == "delta":
        word = "增加" if ch.computed >= 0 else "减少"
        body = f"{pair}应为{word}{_num(abs(ch.computed), unit)}，文中写{ch.stated_text}"
        if ch.reason == "direction":
            body += "（增减方向相反）"
    elif ch.stated == "rate":
        if ch.reason == "points_as_percent":
            body = (f"{pair}两个比率之差是{_fmt(round(abs(ch.computed), 2))}个百分点，文中写{ch.stated_text}；"
                    f"比率的升降应写“个百分点”")
        else:
            word = "增长" if ch.computed >= 0 else "下降"
            body = f"{pair}应为{word}{_pct(abs(ch.computed), ch.stated_text)}，文中写{ch.stated_text}"
            if ch.reason == "direction":
                body += "（增减方向相反）"
            elif ch.reason == "share_as_rate":
                body += f"（现数是上年的{_fmt(ch.stated_value, 1)}%，不是增长{_fmt(ch.stated_value, 1)}%）"
    elif ch.stated == "points":
        word = "提高" if ch.computed >= 0 else "下降"
        body = f"{pair}应为{word}{_fmt(round(abs(ch.computed), 2))}个百分点，文中写{ch.stated_text}"
    else:  # multiple
        m = ch.computed
        body = f"{pair}现数是原数的{_fmt(round(m, 2))}倍（增长{_fmt(round(m - 1, 2))}倍、即{_fmt(100 * (m - 1), 1)}%），文中写{ch.stated_text}"
        if ch.reason == "multiple_convention":
            body += f"；“增长N倍”指现数是原来的N+1倍，应写“是原来的{_fmt(round(m, 2))}倍”或“增长{_fmt(round(m - 1, 2))}倍”"
    return body + src


@register
class Rule_RN208(Rule):
    """同比、环比等增减变化（增加量、增长率、倍数、百分点）与文中的前后两个数字不符。

    增减量按“现数−上年数”、增长率按“增减量÷上年数”重算；上年数可取自同一句（由A到B、比上年的A、
    括号中的上年数）、`--previous` 给出的上一年度报告或 `--data` 中上一年度的数据。按文中数字的
    写法精度比较，末位相差一个单位视为四舍五入（提示），超过则为错误。
    """

    code = "RN208"
    needs = ("checks[kind=change]",)

    def check(self, rep):
        out = []
        for ch in rep.checks:
            if ch.kind != "change" or ch.verdict == "consistent":
                continue
            msg = message(ch)
            if ch.verdict == "rounding":
                out.append(self.finding(msg + "，末位相差一个单位，属四舍五入尾差", ch.nstart, ch.nend, severity="info"))
            else:
                sev = "warning" if ch.previous_source != "text" or ch.reason == "points_as_percent" else None
                out.append(self.finding(msg, ch.nstart, ch.nend, severity=sev))
        return out


import reportnlp.recache as recache
from .. import lexicon as L
from ..members import member_breaks
from ..nearmiss import near_misses
from ..registry import Rule, register
from ..yeargate import period_spans


def _own_places(rep) -> tuple[str, ...]:
    """The report's own county or city, written whole and without its level word (青山县, 青山)."""
    from ...domain.orgs import place_of

    meta = rep.meta
    place = place_of(getattr(meta, "org", None) or getattr(meta, "org_as_written", None))
    if not place:
        return ()
    short = recache.sub(r"(?:自治县|自治州|县|市|区|旗|州|盟)$", "", place)
    return (place, short) if len(short) >= 2 else (place,)


def slip_findings(rule, rep, unit: str):
    """Known slips of the lexicon (slips.tsv) that belong to `unit`."""
    text = rep.norm.text
    chrome = set(getattr(rep.chrome, "lines", ()) or ())
    out = []
    for sl in L.lexicon().slips:
        if sl.unit != unit:
            continue
        for m in sl.rx.finditer(text):
            s, t = m.start(), m.end()
            if sl.unless_before and recache.search(f"(?:{sl.unless_before})$", text[max(0, s - 8):s]):
                continue
            if chrome and rep.norm.line_of(s) in chrome:
                continue
            out.append((s, t, sl))
    return out


@register
class Rule_RN310(Rule):
    """固定提法、法规名称有一个字错、漏或多（与规范写法相差一个字）。

    与提法词库中的固定提法、法律法规和中央文件名称比对。只在两字音近或形近时算错字；漏字、多字只在
    提法内部，且不是标点或“的、和、与”等虚词；本身是某一规范写法的文字不报；按词语边界判断，跨词的
    巧合不报（“宪法宣传教育”不是“法治宣传教育”漏字）。另报常见的误写（权利清单、人民当家做主、法制政府）。

    列举式固定提法（科学立法、严格执法、公正司法、全民守法；纲要提出的法治政府目标等）缺项、
    次序颠倒或某一项被替换，也在此报出。
    """

    code = "RN310"
    needs = ("norm.text", "chrome")
    generic = True

    def check(self, rep):
        text = rep.norm.text
        chrome = set(getattr(rep.chrome, "lines", ()) or ())
        out = []
        cands = near_misses(text)
        dated = period_spans(rep) if cands else []
        for c in cands:
            if chrome and rep.norm.line_of(c.start) in chrome:
                continue
            if any(a < c.end and c.start < b for a, b in dated):
                continue  # a dated term (法制宣传教育): RN301 judges it by year
            what = "法规文件名称" if c.what == "title" else "固定提法"
            how = f"，{c.how}" if c.how else ""
            canon = f"（规范提法：“{c.canonical}”）" if c.canonical != c.right else ""
            msg = f"{what}有误（{c.kind}{how}）：“{c.found}”应为“{c.right}”{canon}"
            out.append(self.finding(msg, c.start, c.end, kind=c.kind, canonical=c.canonical, suggestion=c.right))
        for s, t, sl in slip_findings(self, rep, "RN310"):
            if any(f.nstart < t and s < f.nend for f in out):
                continue
            out.append(self.finding(f"固定提法有误（{sl.kind}）：“{sl.wrong}”应为“{sl.right}”（依据：{sl.source}）",
                                    s, t, kind=sl.kind, canonical=sl.right, suggestion=sl.right))
        for b in member_breaks(text, _own_places(rep)):
            if chrome and rep.norm.line_of(b.start) in chrome:
                continue
            if any(f.nstart < b.end and b.start < f.nend for f in out):
                continue
            out.append(self.finding(f"固定提法不完整或有误（{b.kind}）：“{b.found}”{b.detail}（规范表述：“{b.form}”；依据：{b.source}）",
                                    b.start, b.end, severity="warning" if b.kind == "次序" else "error",
                                    kind=b.kind, canonical=b.form))
        out.sort(key=lambda f: f.nstart)
        return out

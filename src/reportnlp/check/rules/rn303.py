from functools import lru_cache

import reportnlp.recache as recache
from .. import lexicon as L
from ..nearmiss import PARTICLES, PUNCT
from ..registry import Rule, register
from ..yeargate import dated_mentions, message

_TITLE = recache.compile(r"《([^《》\n]{2,80})》")
_PERIOD = recache.compile(r"\s*\(\s*(?:[^()]*\d{4}[^()]*|试行|草案|修订|修正)\s*\)\s*$")
_PLACE = recache.compile(r"^[\u4e00-\u9fff]{2,9}?(?:省|市|自治区|自治州|县|区|旗)(?:人民政府|委员会)?(?:办公厅|办公室)?")


@lru_cache(maxsize=1)
def _by_len() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for name in L.title_index():
        out.setdefault(len(name), []).append(name)
    return out


@lru_cache(maxsize=1)
def _known_wrong() -> dict[str, str]:
    return {s.wrong: s.right for s in L.lexicon().slips if s.unit == "RN303"}


def _common(a: str, b: str) -> tuple[int, int]:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    return i, j


def _slip(t: str, k: str) -> tuple[str, str] | None:
    """How title `t` is a slip of the known title `k`: a word of 1–4 characters missing, one
    extra (two extra make another real title too often: 互联网药品信息服务管理办法), or one character
    changed for one that sounds or looks alike; None otherwise."""
    i, j = _common(t, k)
    d = len(k) - len(t)
    if 1 <= d <= 4 and i + j >= len(t) and i > 0 and j > 0 and len(k) >= 8:
        gone = k[i:i + d]
        if not all(c in PUNCT or c in PARTICLES for c in gone):
            return "缺字", f"缺“{gone}”"
    if d == -1 and i + j >= len(k) and i > 0 and j > 0 and len(k) >= 8:
        extra = t[i:i - d]
        if not all(c in PUNCT or c in PARTICLES for c in extra):
            return "多字", f"多“{extra}”"
    if d == 0 and i + j == len(t) - 1 and len(k) >= 5:  # 《行政复义法》: in 《》, five characters are a name
        a, b = t[i], k[i]
        how = L.alike(a, b)
        if how:
            return "错字", f"“{a}”应为“{b}”，{how}"
    return None


def judge(title: str, year: int | None = None):
    """None when the title is fine or not a central one, else (severity, message, right, kind)."""
    t = recache.sub(r"\s+", "", L.fold(title))
    idx = L.title_index()
    if t in idx or _PERIOD.sub("", t) in idx:
        return None
    wrong = _known_wrong()
    for cand in (t, _PERIOD.sub("", t)):
        if cand in wrong:
            return "error", f"文件名称有误：《{title}》应为《{wrong[cand]}》", wrong[cand], "错字"
    core = _PERIOD.sub("", t)
    if len(core) < 5 or _PLACE.match(core) and not core.startswith(L.PREFIX):
        return None  # short names and local documents are not compared
    by_len = _by_len()
    for n in range(len(core) - 2, len(core) + 5):
        for k in by_len.get(n, ()):
            if k[0] != core[0] and k[-1] != core[-1]:
                continue
            res = _slip(core, k)
            if res:
                rec = idx[k]
                right = k + t[len(core):]
                return "error", f"文件名称有误（{res[0]}，{res[1]}）：《{title}》应为《{right}》（{rec.source}）", right, res[0]
    return None


@register
class Rule_RN303(Rule):
    """法律、法规和中央文件名称有误（书名号内）。

    将书名号内的名称与国家法律、行政法规、中央文件和党内法规的规范名称比对：缺一个词、多一个字、
    一个字写成音近或形近字的，报出并给出规范名称；常见的错误名称直接给出正确名称。地方文件和简称不比对；
    已被取代的名称由 RN301 按年度判断。名称后注明“（2018年修正）”等修改年份，而法律法规数据（laws.yaml，
    含该法全部修改记录）中该年前后均无通过、修改或施行的，提示年份有误；数据截止年份及以后的年份不判断。
    """

    code = "RN303"
    needs = ("norm.text", "meta.year", "chrome", "sections")

    def check(self, rep):
        out = []
        text = rep.norm.text
        chrome = set(getattr(rep.chrome, "lines", ()) or ())
        for m in _TITLE.finditer(text):
            if chrome and rep.norm.line_of(m.start()) in chrome:
                continue
            res = judge(m.group(1), rep.meta.year)
            if res:
                sev, msg, right, kind = res
                out.append(self.finding(msg, m.start(), m.end(), severity=sev, kind=kind, canonical=right,
                                        suggestion=f"《{right}》"))
        named = [(f.nstart, f.nend) for f in out]
        for d in dated_mentions(rep):  # a revision year the law never had: 《气象法》（2018年修正）
            if d.unit == "RN303" and d.verdict == "unmade" and not any(s < d.end and d.start < e for s, e in named):
                out.append(self.finding(message(d), d.start, d.end, severity=d.severity, kind="修改年份",
                                        canonical=d.instead, suggestion=d.instead))
        return out

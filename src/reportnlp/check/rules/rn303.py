import difflib
import re
from functools import lru_cache

from ...resources import corpora_dir, load_yaml
from ..registry import Rule, register

_TITLE = re.compile(r"《([^《》\n]{2,60})》")
_PERIOD = re.compile(r"\s*[(（][^()（）]*\d{4}[^()（）]*[)）]\s*$")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,9}?(?:省|市|自治区|自治州|县|区|旗)(?:人民政府)?(?:办公厅|办公室)?")


@lru_cache(maxsize=1)
def titles() -> dict:
    return load_yaml(corpora_dir() / "document_titles.yaml")


def _core(t: str) -> str:
    return t[len("中华人民共和国"):] if t.startswith("中华人民共和国") else t


def judge(title: str, year: int | None):
    """None when the title is fine, else (severity, message)."""
    t = _PERIOD.sub("", re.sub(r"\s+", "", title))
    data = titles()
    current = set(data["current"])
    if t in current or f"中华人民共和国{t}" in current or len(t) < 6:
        return None
    if t in data.get("known_wrong", {}):
        return "error", f"文件名称有误：《{title}》应为《{data['known_wrong'][t]}》"
    sup = data.get("superseded", {}).get(t)
    if sup:
        new, when = sup
        if year is None or year >= when:
            return "info", f"《{title}》已于{when}年被《{new}》取代"
        return None
    if _PLACE.match(t):
        return None  # local documents vary; only central titles are compared
    best, score = None, 0.0
    for k in current:
        r = difflib.SequenceMatcher(None, t, k).ratio()
        if r > score:
            best, score = k, r
    # typo-level differences only (a missing or changed character or two) in a long enough name:
    # 《中华人民共和国体育法》 is another law, not a typo of 教育法
    core_t, core_b = _core(t), _core(best or "")
    if best and len(core_t) >= 6 and difflib.SequenceMatcher(None, core_t, core_b).ratio() >= 0.85 \
            and abs(len(t) - len(best)) <= 2 and t[-1:] == best[-1:]:
        return "error", f"文件名称疑有误：《{title}》，规范名称为《{best}》"
    return None


@register
class Rule_RN303(Rule):
    """法律、法规和中央文件名称有误。

    将书名号内的名称与法律、行政法规和中央文件的规范名称比对；地方文件不比对。

    问题示例：落实国务院《全面推进法治建设实施纲要》；《中华人民共和国预防未成年犯罪法》
    推荐写法：《法治政府建设实施纲要（2021—2025年）》；《中华人民共和国预防未成年人犯罪法》
    """

    code = "RN303"
    name = "broken-formulation"
    severity = "error"
    description = "法律法规或中央文件名称与规范名称不符"
    needs = ("norm.text", "meta.year")

    def check(self, rep):
        out = []
        text = rep.norm.text
        for m in _TITLE.finditer(text):
            if rep.norm.line_of(m.start()) in rep.chrome.lines:
                continue
            res = judge(m.group(1), rep.meta.year)
            if res:
                sev, msg = res
                out.append(self.finding(msg, m.start(), m.end(), severity=sev))
        return out

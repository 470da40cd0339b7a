
import reportnlp.recache as recache
from ...domain.orgs import level_word
from ..registry import Rule, register

_SELF = {"县": recache.compile(r"我县|全县|县委|县政府"), "区": recache.compile(r"我区|全区|区委|区政府"),
         "市": recache.compile(r"我市|全市|市委|市政府")}
_WRONG = {"县": recache.compile(r"我区|全区"), "区": recache.compile(r"我县|全县"), "市": recache.compile(r"我县|我区")}


def org_level(rep) -> str | None:
    """县/区/市 from the author's name, else from how the text names its own area."""
    w = level_word(rep.meta.org or getattr(rep.meta, "org_as_written", None))
    w = "县" if w == "自治县" else w
    return w if w in _SELF else None


@register
class Rule_RN306(Rule):
    """行政区划称谓与发文单位不符（疑似从其他单位报告复制）。
    """

    code = "RN306"
    needs = ("meta.org", "norm.text")

    def check(self, rep):
        level = org_level(rep)
        if level is None:
            return []
        text = rep.norm.text
        own = len(_SELF[level].findall(text))
        out = []
        for m in _WRONG[level].finditer(text):
            if rep.norm.line_of(m.start()) in rep.chrome.lines:
                continue
            if level == "市" and own < 2:
                continue
            word = m.group(0)
            fix = word.replace("区", level).replace("县", level)
            out.append(self.finding(f"发文单位为{rep.meta.org}，“{word}”应为“{fix}”，疑似复制他单位报告",
                                    m.start(), m.end(), suggestion=fix))
        return out

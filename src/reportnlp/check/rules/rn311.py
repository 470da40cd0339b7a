import re
from functools import lru_cache

import reportnlp.recache as recache
from .. import lexicon as L
from ..registry import Rule, register

# who is named as the subject just before the formula, when it is not the body the formula belongs to
_OTHER = recache.compile(r"(?:分管(?:领导|负责人|副局长|副县长)?|副局长|副县长|副区长|副市长|副镇长|副校长|副主任|班子成员|"
                    r"股室|科室|法规股|法制股|政策法规股|办公室|股长|科长|中层干部|(?<![书记、党组])局长|(?<![书记、])校长|站长|所长)"
                    r"[^,，;。]{0,6}$")


@lru_cache(maxsize=1)
def _scoped():
    out = []
    for f in L.lexicon().formulas:
        if f.scope:
            forms = sorted((f.form, *f.variants), key=len, reverse=True)
            out.append((f, recache.compile("|".join(re.escape(x) for x in forms)), recache.compile(f.scope)))
    return out


@register
class Rule_RN311(Rule):
    """固定提法用错了主体：只属于党委（党组）或党政主要负责人的提法写给了其他人。

    有明确所属主体的提法（总揽全局、协调各方；把方向、管大局、保落实；第一责任人职责）只在同一句里
    紧挨着它的主语是股室、副职、分管领导等，且前面没有其所属主体（党委、党组、主要负责人）时报出。
    """

    code = "RN311"
    needs = ("norm.text", "chrome")

    def check(self, rep):
        text = rep.norm.text
        chrome = set(getattr(rep.chrome, "lines", ()) or ())
        out = []
        for f, rx, scope in _scoped():
            for m in rx.finditer(text):
                s = m.start()
                a = max(text.rfind(c, max(0, s - 40), s) for c in "。;；!?！？\n")
                clause = text[max(a + 1, s - 30):s]
                before = recache.sub(r"(?:履行|落实|承担|担负|发挥|起到|切实|认真|全面|推进法治建设|的|好)+$", "", clause)
                mo = _OTHER.search(before)
                if not mo or scope.search(before[:mo.start()]):
                    continue
                who = mo.group(0).rstrip()
                if scope.search(who) and not recache.match(r"副|分管", who):
                    continue  # the school's 校长 is its own main responsible person
                if chrome and rep.norm.line_of(s) in chrome:
                    continue
                out.append(self.finding(
                    f"职责主体有误：“{m.group(0)}”属于{_owner(f)}，不应写给“{who}”", s, m.end(), kind="职责主体",
                    canonical=f.form))
        return out


def _owner(f) -> str:
    return "党政主要负责人" if "第一责任人" in f.form else "党委（党组）"


import reportnlp.recache as recache
from ..registry import Rule, register

_YEAR = recache.compile(r"(?<![\d\-—–~至到])(20\d{2})\s*(?:年|〕|\])(?!\s*[-—–~至到]\s*\d)")


@register
class Rule_RN308(Rule):
    """引用了报告年度之后（次年以后）的文件或事件，年代不可能。
    """

    code = "RN308"
    needs = ("meta.year", "norm.text", "chrome")

    def check(self, rep):
        year = rep.meta.year
        if not year:
            return []
        out = []
        text = rep.norm.text
        for m in _YEAR.finditer(text):
            y = int(m.group(1))
            if y <= year + 1:
                continue
            ln = rep.norm.line_of(m.start())
            if ln in rep.chrome.lines or ln in rep.meta.title_lines:
                continue
            ctx = text[max(0, m.start() - 8):m.end() + 8]
            if recache.search(r"远景|目标|规划|到20|至20|前|以前|之前|计划|力争|届时|期间|为止|底前", ctx):
                continue
            if rep.part_at(m.start()) == "next_year":
                continue
            if recache.match(r"^\s*20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$", rep.lines[ln - 1]):
                continue  # signature date
            out.append(self.finding(f"报告年度为{year}年，文中出现{y}年，年代不符，请核对", m.start(1), m.end(1)))
        return out


import reportnlp.recache as recache
from ..registry import Rule, register

_PINYIN = recache.compile(r"(?<=[\u4e00-\u9fff])[(（](?:[a-zü]|[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]){1,7}[)）]")


@register
class Rule_RN309(Rule):
    """繁简转换和网页转载留下的残留：台湾用语转换（中國小＝中小学）、拼音注音。
    """

    code = "RN309"
    needs = ("norm.fixes", "source.text")

    def check(self, rep):
        out = []
        for a, b, was, now in rep.norm.fixes:
            out.append(self.finding(f"转换残留：“{was}”应为“{now}”（繁简或地区用语转换错误）", a, b, suggestion=now))
        removed = getattr(rep.norm, "removed", None)
        if removed:  # invisible characters dropped before reading figures (normalise.INVISIBLE)
            from ...normalise import invisible_name

            kinds = "、".join(dict.fromkeys(invisible_name(ch) for _o, ch in removed))
            f = self.finding(f"文中有{len(removed)}处不可见字符（{kinds}），检查时已去除；"
                             "数字中的这类字符会让其他软件读错数字，建议删除", severity="info")
            f.ostart, f.oend = removed[0][0], removed[0][0] + 1
            out.append(f)
        glosses = list(_PINYIN.finditer(rep.source.text))
        if glosses:
            g = glosses[0]
            f = self.finding(f"文中有{len(glosses)}处拼音注音残留（如“{g.group(0)}”），应删除", severity="warning")
            f.ostart, f.oend = g.start(), g.end()
            out.append(f)
        return out

from ..registry import Rule, register
from .rn310 import slip_findings


@register
class Rule_RN313(Rule):
    """常见错别字（普通词语写成音近、形近的别字）。

    常见的音近、形近别字（布署、惯彻、按排……）；“截止”只在后接时间时报（应为“截至2024年底”）。
    """

    code = "RN313"
    needs = ("norm.text", "chrome")

    def check(self, rep):
        return [self.finding(f"错别字：“{sl.wrong}”应为“{sl.right}”（{sl.source}）", s, t, kind=sl.kind,
                             canonical=sl.right, suggestion=sl.right)
                for s, t, sl in slip_findings(self, rep, "RN313")]

from ..registry import Rule, register
from ..yeargate import dated_mentions, message


@register
class Rule_RN312(Rule):
    """回顾性提及已结束的提法（提示，不是错误）。

    普法规划、纲要等结束后的一年内，报告总结收尾（“完成七五普法总结验收”）是正常的；这里只作提示，
    请确认没有把上一期当作当期工作。再往后仍写上一期的总结验收，由 RN301 作为过时提法报出。
    """

    code = "RN312"
    needs = ("norm.text", "meta.year", "chrome", "sections")

    def check(self, rep):
        return [self.finding(message(d), d.start, d.end, kind="回顾") for d in dated_mentions(rep)
                if d.verdict == "retro"]

from ..registry import Rule, register


@register
class Rule_RN102(Rule):
    """文本看起来不完整。

    网页摘录、复制不全或截断的文件（在句子中间断开、最后一个标题后没有正文、只写到第一部分）
    无法判断是否缺少法定部分；此时只给出这一条提示，缺少部分的提示降为 warning。
    """

    code = "RN102"
    needs = ("meta.evidence.completeness", "meta.statutory_applicable")

    def check(self, rep):
        ev = getattr(rep.meta, "evidence", {}).get("completeness")
        if ev is None or ev.decision != "incomplete" or not rep.meta.statutory_applicable:
            return []
        why = "；".join([ev.cue] + list(ev.cues))
        where = f"（第{ev.line}行）" if ev.line else ""
        # like a missing part, the finding is about the whole document: no span, anchored on the title
        return [self.finding(f"文本看起来不完整{where}：{why}。缺少的法定部分仅作提示，请核对完整全文")]

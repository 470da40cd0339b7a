from ..registry import Rule, register
from ..yeargate import dated_mentions, message


@register
class Rule_RN314(Rule):
    """机构或术语的旧名称（机构改革、更名之后仍用旧称）。

    2018年机构改革撤并的机构（政府法制办、安监局、卫计局、工商局、国土资源局）、改称的领导机构
    （依法治县领导小组）和术语（法制宣传教育、《法制日报》）在改名之后仍用旧称。
    “原县政府法制办”等写明“原”的历史表述不报。
    """

    code = "RN314"
    needs = ("norm.text", "meta.year", "chrome")

    def check(self, rep):
        return [self.finding(message(d), d.start, d.end, severity=d.severity, kind="过时", suggestion=d.instead)
                for d in dated_mentions(rep) if d.unit == "RN314" and d.verdict in ("stale", "early")]

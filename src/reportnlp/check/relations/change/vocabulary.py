"""The wording of stated changes (domain/data/changes.yaml) and the patterns built from it, compiled on first use."""
from __future__ import annotations

import re
from functools import lru_cache

import reportnlp.recache as recache
from ....domain import load

KEYS = ("increase", "decrease", "to_increase", "to_decrease", "rate_up", "rate_down", "year_basis",
         "period_basis", "previous_year", "from_qualifier", "plan", "approximate")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, list[str]]:
    """domain/data/changes.yaml (schema-checked): each key's words, longest first."""
    raw = load("changes")
    return {k: sorted((str(w) for w in raw[k]["words"]), key=len, reverse=True) for k in KEYS}


def alt(*keys: str) -> str:
    # longest first, then in code-point order: the same pattern text in every process (a set's
    # order changes with hash randomisation, and the pattern is the key of its compiled program)
    words = sorted({w for k in keys for w in vocabulary()[k]}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


NUM = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+(?:点[零一二三四五六七八九]+)?)"


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    inc, dec = alt("increase"), alt("decrease")
    appr = r"(?P<approx>约|近|超过|逾|将近|大约|接近)?"
    return {
        "verb": recache.compile(r"(?P<inc>" + inc + r"|" + alt("rate_up") + r")|(?P<dec>" + dec + r"|"
                           + alt("rate_down") + r")"),
        "to": recache.compile(r"(?:(?P<inc>" + inc + r")|(?P<dec>" + dec + r"))了?\s*(?:到|至|为)\s*$|"
                         r"(?P<cinc>" + alt("to_increase") + r")\s*$|(?P<cdec>" + alt("to_decrease") + r")\s*$"),
        # 增长9%, 减少了37件, 增幅为12%, 降幅达3.5% (增长为/提高为 name the new figure: see `to`)
        "after_verb": recache.compile(r"(?:(?P<v>(?P<inc>" + inc + r")|(?P<dec>" + dec + r"))(?:了|幅度)?|"
                                 r"(?P<rn>(?P<rinc>" + alt("rate_up") + r")|(?P<rdec>" + alt("rate_down")
                                 + r"))(?:为|达到|达|是)?)\s*" + appr + r"\s*(?P<neg>-)?\s*$"),
        "times_up": recache.compile(r"(?P<inc>" + inc + r")了?\s*" + appr + NUM + r"倍(?P<more>多|余|以上|左右)?"),
        "times_of": recache.compile(r"(?:是|为|相当于|达到)(?:" + alt("previous_year") + r"|原来|20\d{2}年(?:同期)?|同期)"
                               r"(?:的)?\s*" + appr + NUM + r"倍(?P<more>多|余|以上|左右)?"),
        "double": recache.compile(r"翻了?\s*(?P<n>[一两二三四]|\d)?\s*番(?P<more>多|以上|还多)?"),
        "tenths": recache.compile(r"(?P<v>(?P<inc>" + inc + r")|(?P<dec>" + dec + r"))了?\s*" + appr
                             + r"(?P<n>[一二两三四五六七八九])成"),
        "half": recache.compile(r"(?:(?:" + dec + r")了?\s*" + appr + r"一半|减半)(?P<more>多|以上|左右)?"),
        "prev_before": recache.compile(r"(?:由|从)\s*(?:" + alt("previous_year", "from_qualifier") + r"|20\d{2}年)?(?:的)?\s*$|"
                                  r"(?:较|比|与|相比)\s*(?:" + alt("previous_year") + r"|20\d{2}年)(?:同期)?(?:的)?\s*$|"
                                  r"[(]\s*(?:" + alt("previous_year") + r"|20\d{2}年)(?:同期)?(?:为|是|:|有|共)?\s*$|"
                                  r"(?:" + alt("previous_year") + r")(?:全年)?(?:为|是|有|共|:)\s*$"),
        "from_before": recache.compile(r"(?:由|从)\s*(?:" + alt("previous_year", "from_qualifier") + r"|20\d{2}年)?(?:的)?\s*$"),
        # a clause that is only last year and a verb: 去年全年受理412件 (not 上年度考核优秀12人)
        "prev_clause": recache.compile(r"\s*(?:" + alt("previous_year") + r")(?:同期|全年)?(?:共计|共|累计)?"
                                  r"[\u4e00-\u9fff]{0,2}\s*$"),
        "change_words": recache.compile(alt("year_basis", "period_basis", "previous_year", "increase", "decrease",
                                        "rate_up", "rate_down", "to_increase", "to_decrease", "from_qualifier",
                                        "approximate") + r"|了|为|是|的|达到|达|实现|与|相比|比|较|同期|分别|共|"
                                   r"全年|累计|和|及|上期|上月|上周|上季度|原来|相当于|翻|番|倍|一半|减半|幅度|[一二两三四五六七八九十]"),
        "reach": recache.compile(r"(?:达到|达|增至|降至)\s*$"),  # ……提高了1.6个百分点,达到96.8%
        "carried": recache.compile(r"结转|遗留|积案|积存|存量|未结|以来"),
        "year_basis": recache.compile(alt("year_basis") + r"|(?:较|比)\s*20\d{2}年"),
        "period_basis": recache.compile(alt("period_basis")),
        "plan": recache.compile(alt("plan")),
    }


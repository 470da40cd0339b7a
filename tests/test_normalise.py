"""Normalisation: the fast paths give exactly what the character-by-character rules give."""
from reportnlp.normalise import _FOLD_WIDTH, _fold_width, normalise


def test_width_folding_table_is_the_rule_for_every_character():
    differ = [o for o in range(0x110000) if not 0xD800 <= o <= 0xDFFF
              and _fold_width(chr(o)) != chr(o).translate(_FOLD_WIDTH)]
    assert differ == []


def test_invisible_characters_and_spaces_inside_numbers():
    text = "\ufeff全年办理１２\u00ad３件，罚款1\u00a0000元，检查\u200b35次，共　计 12\u3000.5万元。"
    n = normalise(text)
    assert n.text == "全年办理123件,罚款1000元,检查35次,共 计 12.5万元。"
    assert [c for _o, c in n.removed] == ["\u00ad", "\u00a0", "\u200b", "\u3000"]  # the leading BOM is no news
    assert n.orig_slice(n.text.index("1000"), n.text.index("1000") + 4) == "1\u00a0000"
    plain = normalise("全年办理123件。")
    assert plain.removed == [] and plain.text == "全年办理123件。"


def test_the_lexicon_fold_is_the_per_character_rule_over_every_code_point():
    """check.lexicon.fold drops what str.isspace calls whitespace and maps ！..～ to ! .. ~ (one
    pattern and one translate table instead of a loop over characters)."""
    from reportnlp.check.lexicon import fold

    def by_character(s: str) -> str:
        return "".join("" if ch.isspace() else chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in s)

    for start in range(0, 0x110000, 0x10000):
        chunk = "".join(chr(c) for c in range(start, start + 0x10000) if not 0xD800 <= c <= 0xDFFF)
        assert fold(chunk) == by_character(chunk)

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

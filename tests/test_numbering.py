"""The numbering renderer on its own: number formats and level texts."""
import pytest

from reportnlp.read.numbering import chinese_counting, format_number


@pytest.mark.parametrize("n,cn", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
                                  (99, "九十九"), (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_counting(n, cn):
    assert chinese_counting(n) == cn


@pytest.mark.parametrize("n,fmt,out", [(3, "decimal", "3"), (3, "decimalEnclosedCircle", "③"), (2, "upperLetter", "B"),
                                       (4, "lowerRoman", "iv"), (1, "ideographTraditional", "甲"),
                                       (12, "decimalFullWidth", "１２"), (5, "decimalZero", "05"), (2, "bullet", "")])
def test_formats(n, fmt, out):
    assert format_number(n, fmt) == out

"""The formulation lexicon (domain/data/calendar/ and corpora/formulas/), its schemas, the near-miss matcher and the large fixture
file tests/fixtures/formulations.yml; and, when ../shared/reference is present, that no title in force
there is ever reported as wrong."""
from pathlib import Path

import pytest
import yaml

from reportnlp.check import lexicon as L
from reportnlp.check.nearmiss import edit1, near_misses
from reportnlp.check.rules.rn303 import judge
from reportnlp.config import Config
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

FIX = Path(__file__).parent / "fixtures" / "formulations.yml"
CODES = ("RN301", "RN302", "RN303", "RN304", "RN305", "RN310", "RN311", "RN312", "RN313", "RN314")


def _cases():
    data = yaml.safe_load(FIX.read_text(encoding="utf-8"))
    for i, c in enumerate(data["cases"]):
        yield pytest.param(c, id=f"{i}-{'flag' if c['expect'] else 'ok'}-{c['text'][:16]}")


def _run(text: str, year: int):
    src = Source(path="case.txt", format="txt", text=text)
    rep = analyse_source(src, config=Config(select=list(CODES), year=year))
    return rep, [f for f in rep.findings if f.code in CODES]


@pytest.mark.parametrize("case", list(_cases()))
def test_formulation_case(case):
    rep, found = _run(case["text"], case.get("year", 2024))
    got: dict[str, list[str]] = {}
    for f in found:
        got.setdefault(f.code, []).append(rep.span(f.nstart, f.nend)["text"])
    assert got == {k: [str(x) for x in v] for k, v in case["expect"].items()}, [f.message for f in found]
    if "kind" in case:
        assert [f.extra.get("kind") for f in found if f.extra.get("kind")][0] == case["kind"]
    for f in found:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)


def test_fixture_counts():
    data = yaml.safe_load(FIX.read_text(encoding="utf-8"))["cases"]
    flag = [c for c in data if c["expect"]]
    assert len(flag) >= 150 and len(data) - len(flag) >= 150
    kinds = {c.get("kind") for c in flag}
    assert {"错字", "缺字", "多字", "过时", "年代不符", "回顾", "职责主体"} <= kinds


def test_findings_name_the_canonical_form():
    rep, found = _run("全面推动法制政府建设。", 2024)
    (f,) = found
    assert f.extra["suggestion"] == "推动法治政府建设" and f.extra["canonical"] == "推进法治政府建设"
    assert "应为“推动法治政府建设”" in f.message and "推进法治政府建设" in f.message


def test_lexicon_size_and_sources():
    lex = L.lexicon()
    assert len(lex.formulas) + len(lex.titles) + len(lex.periods) + len(lex.slips) >= 500
    for rec in [*lex.formulas, *lex.titles, *lex.periods, *lex.slips]:
        assert rec.source.strip()
    # one place per fact: no title or formula is listed twice
    titles = [t.title for t in lex.titles]
    assert len(titles) == len(set(titles))
    forms = [f.form for f in lex.formulas]
    assert len(forms) == len(set(forms))


def test_lexicon_entries_are_folded_like_the_text():
    lex = L.lexicon()
    assert "法治政府建设实施纲要(2021—2025年)" in L.title_index()
    assert all("（" not in t.title for t in lex.titles)


@pytest.mark.parametrize("bad,msg", [
    ("- {form: 法治政府建设}\n", "missing 'source'"),
    ("- {form: 法治政府建设, source: x, colour: red}\n", "unknown fields"),
    ("- {form: 法治政府建设, source: x, since: 19}\n", "out of range"),
])
def test_formula_schema(tmp_path, bad, msg):
    p = tmp_path / "formulas.yaml"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(L.LexiconError, match=msg):
        L.load_formulas(p)


def test_title_and_period_schema(tmp_path):
    p = tmp_path / "titles.tsv"
    p.write_text("title\tlevel\tsince\tuntil\treplaced_by\tvariants\tsource\n教育法\t法令\t1995\t\t\t\tx\n",
                 encoding="utf-8")
    with pytest.raises(L.LexiconError, match="level"):
        L.load_titles(p)
    q = tmp_path / "terms.yaml"  # the shape of domain/data/calendar/terms.yaml
    q.write_text("terms:\n- {id: a, name: 某提法, pattern: '(', since: 2020, source: 某文件，2020年}\n", encoding="utf-8")
    with pytest.raises(L.LexiconError, match="regex"):
        L.load_periods(q)
    q.write_text("terms:\n- {id: a, name: 某提法, pattern: 'a', source: 某文件，2020年}\n", encoding="utf-8")
    with pytest.raises(L.LexiconError, match="terms"):  # neither since nor until: the schema refuses it
        L.load_periods(q)
    q.write_text("terms:\n- {id: a, name: 某提法, names: [某提法], since: 2020, colour: red, source: 某文件，2020年}\n",
                 encoding="utf-8")
    with pytest.raises(L.LexiconError, match="colour"):
        L.load_periods(q)


@pytest.mark.parametrize("w,p,kind", [
    ("法制政府建设", "法治政府建设", "错字"),
    ("第一责任职责", "第一责任人职责", "缺字"),
    ("严格规范公正文明明执法", "严格规范公正文明执法", "多字"),
    ("法治政府", "法治政府建设", None),
])
def test_edit1(w, p, kind):
    e = edit1(w, p)
    assert (e[0] if e else None) == kind


def test_alike_tables():
    assert L.alike("制", "治") == "音近"
    assert L.alike("惯", "贯") in ("音近", "形近")
    assert L.alike("冶", "治") == "形近"
    assert L.alike("与", "和") is None


@pytest.mark.parametrize("text", [
    "第一责任人的职责", "第一责任人责任", "压实责任", "宪法宣传教育", "法治宣传教育", "法制审核", "权力清单",
    "落实第一责任人责任制", "谁执法谁普法、谁服务谁普法", "依法治国、依法执政、依法行政", "中共中央国务院",
])
def test_correct_words_never_near_misses(text):
    assert near_misses(text) == []



def test_no_title_in_force_is_reported_wrong(law_titles):
    rows = law_titles
    in_force = sorted({r["name"] for r in rows if r["expired"] == "0"})
    wrong = []
    for name in in_force:
        if judge(name):
            wrong.append(("RN303", name, judge(name)[1]))
        for text in (name, f"学习{name}。", f"中华人民共和国{name}"):
            if near_misses(text):
                wrong.append(("RN310", text, [(c.found, c.right) for c in near_misses(text)]))
    assert not wrong, wrong[:10]


def test_reference_titles_in_force_pass_the_whole_check(law_titles):
    rows = law_titles
    names = sorted({r["name"] for r in rows if r["expired"] == "0" and r["level"] in ("法律", "行政法规")})
    text = "依法学习" + "、".join(f"《{n}》" for n in names) + "。"
    rep, found = _run(text, 2025)
    bad = [(f.code, rep.span(f.nstart, f.nend)["text"]) for f in found if f.code in ("RN303", "RN310")]
    assert not bad, bad[:10]


def test_lexicon_titles_are_real_and_cover_the_laws(law_titles):
    rows = law_titles
    ref = {r["name"] for r in rows}
    lex = L.lexicon()
    # regulations in force must be real; repealed ones (named by the 同时废止 clause of the text that replaced
    # them, domain/data/calendar/laws.yaml) predate the reference table
    unknown = [t.title for t in lex.titles if t.level == "行政法规" and t.until is None and t.title not in ref]
    assert not unknown, unknown
    laws_in_force = {r["name"] for r in rows if r["level"] == "法律" and r["expired"] == "0"}
    covered = sum(1 for n in laws_in_force if n in L.title_index())
    assert covered / len(laws_in_force) >= 0.75, (covered, len(laws_in_force))


def test_plain_check_does_not_load_jieba_or_pypinyin():
    import subprocess
    import sys

    code = ("import sys\n"
            "from reportnlp.pipeline import analyse_source\n"
            "from reportnlp.read import Source\n"
            "analyse_source(Source(path='a.txt', format='txt', text='坚持以习近平法治思想为指导，推进法治政府建设。'))\n"
            "assert 'jieba' not in sys.modules and 'pypinyin' not in sys.modules, 'loaded'\n"
            "analyse_source(Source(path='b.txt', format='txt', text='全面推动法制政府建设。'))\n"
            "assert 'jieba' in sys.modules and 'pypinyin' not in sys.modules, 'candidate'\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-500:]

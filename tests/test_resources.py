"""Project data files: parsed YAML is cached by content, and the cache never serves stale or different data."""
import yaml

from reportnlp import resources


def test_yaml_cache_gives_what_pyyaml_parses(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path / "cache"))
    src = tmp_path / "entries.yaml"
    src.write_text("- id: a\n  years: [2021, 2025]\n  ok: true\n- id: b\n  pattern: '十[九八]大'\n", encoding="utf-8")
    first = resources.load_yaml(src)
    assert first == yaml.safe_load(src.read_text(encoding="utf-8"))
    assert len(list((tmp_path / "cache").glob("entries-*.marshal"))) == 1
    assert resources.load_yaml(src) == first  # from the cache
    src.write_text("- id: c\n", encoding="utf-8")  # new content: parsed again, the old entry dropped
    assert resources.load_yaml(src) == [{"id": "c"}]
    assert len(list((tmp_path / "cache").glob("entries-*.marshal"))) == 1


def test_cache_off_and_unmarshallable_values(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTNLP_CACHE", "off")
    assert resources.cache_dir() is None
    src = tmp_path / "d.yaml"
    src.write_text("when: 2024-01-15\n", encoding="utf-8")
    assert str(resources.load_yaml(src)["when"]) == "2024-01-15"
    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path / "c"))
    assert str(resources.load_yaml(src)["when"]) == "2024-01-15"  # a date cannot be marshalled: not cached
    assert not list((tmp_path / "c").glob("d-*.marshal"))


def test_shipped_data_files_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path))
    for path in (resources.package_data("formulations.yaml"), resources.corpora_dir() / "metrics.yaml"):
        want = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert resources.load_yaml(path) == want and resources.load_yaml(path) == want


def test_jieba_tokenizers_are_private_and_share_one_dictionary_read():
    """Each component's words stay in its own tokenizer: after the label matcher, the near-miss
    check and the draft wording have built theirs, jieba's global dictionary knows none of their
    words, and jieba's dictionary was read once."""
    import jieba

    from reportnlp import resources
    from reportnlp.check.lexicon import tokenizer
    from reportnlp.draft.wording import tagged
    from reportnlp.extract.labels import words

    text = "全年办理行政复议案件12件"
    words(text), tokenizer().lcut(text), tagged(text)
    assert resources._jieba_dictionary.cache_info().currsize <= 1  # read at most once (none: the cache's copy)
    mine = resources.jieba_tokenizer(["复议案件办理率"])
    assert "复议案件办理率" in mine.FREQ and "复议案件办理率" not in tokenizer().FREQ
    assert jieba.dt.initialized is False or "复议案件办理率" not in jieba.dt.FREQ
    assert not jieba.dt.initialized, "something used jieba's global dictionary"


def _texts():
    """Real report texts of the project (devset, seeds, examples): every line of them."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("examples/*.txt"), *(root.parent / "shared").glob("devset/docs/*.txt"),
             *(root.parent / "shared").glob("seeds/*.txt")]
    lines = [ln for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) >= 18, "no report texts found"  # the example alone; with ../shared some 1,500
    return lines


def test_on_demand_dictionary_cuts_exactly_as_the_whole_one(tmp_path, monkeypatch):
    """jieba's dictionary looked up on demand in the cache's SQLite copy gives the same words, with
    HMM and without, with the same added words, as jieba's dictionary loaded whole, on every line of
    the project's real reports; a second process reads the copy instead of building it."""
    import jieba

    from reportnlp import resources

    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path / "c"))
    resources.jieba_words.cache_clear()
    try:
        added = [("法治宣传教育", 2000), ("复议案件办理率", 2000), "双随机一公开"]
        lazy = resources.jieba_tokenizer(added)
        assert isinstance(lazy.FREQ, resources._Freq) and len(list((tmp_path / "c").glob("jieba-*.sqlite"))) == 1
        whole = jieba.Tokenizer()
        base = resources._jieba_dictionary()
        whole.FREQ, whole.total, whole.initialized = dict(base.FREQ), base.total, True
        for w in added:
            whole.add_word(*w) if isinstance(w, tuple) else whole.add_word(w)
        assert lazy.total == whole.total
        for line in _texts():
            assert lazy.lcut(line, HMM=False) == whole.lcut(line, HMM=False), line
            assert lazy.lcut(line) == whole.lcut(line), line
        assert "法治宣传教育" in lazy.FREQ and "法治宣传教育" not in resources.jieba_tokenizer().FREQ
        assert lazy.FREQ.get("法治宣") == 0 and "的" in lazy.FREQ and lazy.FREQ.get("不是一个词xyz") is None
    finally:
        resources.jieba_words.cache_clear()


def test_no_cache_folder_loads_the_whole_dictionary(monkeypatch):
    from reportnlp import resources

    monkeypatch.setenv("REPORTNLP_CACHE", "off")
    resources.jieba_words.cache_clear()
    try:
        tk = resources.jieba_tokenizer(["复议案件办理率"])
        assert type(tk.FREQ) is dict and tk.lcut("复议案件办理率为百分之百") [0] == "复议案件办理率"
    finally:
        resources.jieba_words.cache_clear()


def test_json_model_through_the_cache(tmp_path, monkeypatch):
    """The section classifier's weights come back from the cache exactly as json parses them."""
    import json

    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path))
    path = resources.models_dir() / "section_clf.json"
    want = json.loads(path.read_text(encoding="utf-8"))
    assert resources.load_json(path) == want
    assert len(list(tmp_path.glob("json-section_clf-*.marshal"))) == 1
    assert resources.load_json(path) == want  # from the cache


def test_derived_value_is_built_once_per_content_of_every_input(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path / "cache"))
    data, code = tmp_path / "rows.txt", tmp_path / "builder.py"
    data.write_text("a 1\nb 2\n", encoding="utf-8")
    code.write_text("# version 1\n", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return [tuple(line.split()) for line in data.read_text(encoding="utf-8").splitlines()]

    entries = lambda: sorted(p.name for p in (tmp_path / "cache").glob("derived-rows-*.marshal"))  # noqa: E731
    assert resources.derived("rows", (data, code), build) == [("a", "1"), ("b", "2")]
    assert resources.derived("rows", (data, code), build) == [("a", "1"), ("b", "2")]  # read back
    assert len(calls) == 1 and len(entries()) == 1
    first = entries()
    code.write_text("# version 2\n", encoding="utf-8")  # the code that builds it changed: built again
    assert resources.derived("rows", (data, code), build) == [("a", "1"), ("b", "2")]
    assert len(calls) == 2 and len(entries()) == 1 and entries() != first  # the old entry is gone
    data.write_text("c 3\n", encoding="utf-8")  # the data changed: built again, never the old value
    assert resources.derived("rows", (data, code), build) == [("c", "3")]
    assert len(calls) == 3
    monkeypatch.setenv("REPORTNLP_CACHE", "off")  # no cache: built every time
    assert resources.derived("rows", (data, code), build) == [("c", "3")]
    assert len(calls) == 4


def test_law_titles_from_the_cache_are_the_ones_built(tmp_path, monkeypatch):
    import importlib

    lex = importlib.import_module("reportnlp.check.lexicon")  # the module (reportnlp.check is also the API's function)
    monkeypatch.setenv("REPORTNLP_CACHE", "off")
    built = lex.load_laws()
    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path))
    assert lex.load_laws() == built  # written
    assert lex.load_laws() == built  # read back
    assert list(tmp_path.glob("derived-law_titles-*.marshal"))
    assert len(built) > 1000 and all(isinstance(t, lex.Title) for t in built)
    assert all(isinstance(t.variants, tuple) and isinstance(t.texts_of, tuple) for t in built)


def test_content_hash_is_hashlibs_blake2b():
    import hashlib

    for data in (b"", b"laws", bytes(range(256)) * 100):
        assert resources.content_hash(data).digest() == hashlib.blake2b(data, digest_size=32).digest()
    h = resources.content_hash()
    h.update(b"la")
    h.update(b"ws")
    assert h.hexdigest() == hashlib.blake2b(b"laws", digest_size=32).hexdigest()


def test_draft_clauses_from_the_cache_are_the_ones_composed(tmp_path, monkeypatch):
    """Copy detection's template clauses (compose a draft for the year) are kept under the hash of
    every code and data file of the package: read back they are what composing gives."""
    from reportnlp.compare import boilerplate

    composed = frozenset(boilerplate._template_keys(2024))
    assert len(composed) > 20
    for cache in (str(tmp_path), str(tmp_path), "off"):  # written, read back, no cache
        monkeypatch.setenv("REPORTNLP_CACHE", cache)
        boilerplate.template_keys.cache_clear()
        assert boilerplate.template_keys(2024) == composed
    assert len(list(tmp_path.glob("derived-template_keys2024-*.marshal"))) == 1
    inputs = resources.package_inputs()
    names = {p.name for p in inputs}
    assert {"compose.py", "boilerplate.py", "draft_templates.yaml", "metrics.yaml", "check.html.j2"} <= names
    assert not any("__pycache__" in p.parts for p in inputs)
    boilerplate.template_keys.cache_clear()

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
    assert resources._jieba_dictionary.cache_info().currsize == 1
    mine = resources.jieba_tokenizer(["复议案件办理率"])
    assert "复议案件办理率" in mine.FREQ and "复议案件办理率" not in tokenizer().FREQ
    assert jieba.dt.initialized is False or "复议案件办理率" not in jieba.dt.FREQ
    assert not jieba.dt.initialized, "something used jieba's global dictionary"

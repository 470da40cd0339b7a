"""The domain data root: every file has a schema, loads, and a bad entry is named by file and line."""
import pytest

from reportnlp import domain
from reportnlp.domain import DomainDataError, parts


def test_every_domain_file_has_a_schema_and_loads():
    assert domain.names(), "no domain data files"
    for name in domain.names():
        assert domain.load(name) is not None, name


def test_parts_in_order():
    assert parts.ids()[:4] == ("measures", "shortcomings", "first_responsible", "next_year")
    assert "other" not in parts.required_ids()
    assert parts.part("first_responsible").heading(2025).startswith("2025年度党政主要负责人")
    assert parts.part("next_year").heading(2025).startswith("2026年")


def test_bad_entry_names_file_and_line(monkeypatch, tmp_path):
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "parts.yaml").write_text(
        "source: x\nparts:\n  - id: measures\n    required: yes\n    title: 标题\n    short: 简称\n"
        "    missing_name: 缺少\n    draft_title: 草稿\n  - id: Bad-Id\n", encoding="utf-8")
    monkeypatch.setattr(domain, "DATA_DIR", bad)
    with pytest.raises(DomainDataError) as e:
        domain.validate("parts", {"source": "x", "parts": [
            {"id": "measures", "required": True, "title": "标题", "short": "简称", "missing_name": "缺少",
             "draft_title": "草稿"}, {"id": "Bad-Id"}]})
    assert "parts.yaml" in str(e.value) and "第9行" in str(e.value), str(e.value)


def test_organisation_levels_read_once():
    from reportnlp.domain import orgs

    assert orgs.split("金华市婺城区教育局") == ("金华市婺城区", "教育局")
    assert orgs.level_word("金华市婺城区教育局") == "区" and orgs.place_of("金华市婺城区教育局") == "婺城区"
    assert orgs.level_of("鹤城市市场监督管理局") == "city" and orgs.level_of("广东省司法厅") == "province"
    assert orgs.level_of("平安镇人民政府") == "township" and orgs.level_word("教育局") is None


def test_a_passed_validation_is_noted_per_content(tmp_path, monkeypatch):
    """A cold check does not compile the schemas again for data files whose bytes already passed
    them; any other content (or schema) is validated, and a bad entry is still named."""
    import fastjsonschema

    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path / "cache"))
    domain.load.cache_clear()
    domain._validator.cache_clear()
    try:
        first = domain.load("parts")
        assert len(list((tmp_path / "cache").glob("valid-parts-*"))) == 1
        domain.load.cache_clear()
        domain._validator.cache_clear()

        def no_compile(*a, **k):
            raise AssertionError("validated again")

        monkeypatch.setattr(fastjsonschema, "compile", no_compile)
        assert domain.load("parts") == first  # the same bytes: noted as passed
        monkeypatch.undo()
        monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path / "cache"))
        bad = tmp_path / "data"
        bad.mkdir()
        text = domain.data_path("parts").read_text(encoding="utf-8")
        (bad / "parts.yaml").write_text(text + "  - id: Bad-Id\n", encoding="utf-8")
        monkeypatch.setattr(domain, "DATA_DIR", bad)
        domain.load.cache_clear()
        with pytest.raises(DomainDataError):
            domain.load("parts")  # other bytes: validated, and refused
    finally:
        monkeypatch.undo()
        domain.load.cache_clear()
        domain._validator.cache_clear()


def test_validation_adds_nothing_to_the_data():
    """Skipping a validation that passed before is exact: the validators fill in no defaults."""
    from reportnlp.resources import load_yaml

    for name in domain.names():
        value = load_yaml(domain.data_path(name))
        assert domain.validate(name, value) == value, name

"""No YAML file of the project repeats a key in one mapping: PyYAML keeps the last one silently, so a
second `known_miss` (or a second `pattern` in the domain data) would hide the first."""
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("src/reportnlp/**/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yml"),
                *ROOT.glob("tests/fixtures/**/*.yaml"), *ROOT.glob("corpora/**/*.yaml")])


class _Strict(yaml.SafeLoader):
    pass


def _mapping(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=True) for k, _v in node.value]
    repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
    if repeated:
        raise AssertionError(f"line {node.start_mark.line + 1}: key repeated: {', '.join(repeated)}")
    return loader.construct_mapping(node, deep)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def test_there_are_files_to_check():
    assert len(FILES) > 50


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_key_is_repeated(path):
    yaml.load(path.read_text(encoding="utf-8"), Loader=_Strict)  # noqa: S506 - a SafeLoader subclass

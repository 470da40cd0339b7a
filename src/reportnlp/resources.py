"""Locate the project's data folders (corpora/, models/) in a checkout or an installed wheel."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    installed = _PKG / f"_{name}"
    if installed.is_dir():
        return installed
    for parent in _PKG.parents:
        cand = parent / name
        if cand.is_dir():
            return cand
    raise FileNotFoundError(f"reportnlp data folder '{name}' not found")


@lru_cache(maxsize=None)
def corpora_dir() -> Path:
    return _find("corpora")


@lru_cache(maxsize=None)
def models_dir() -> Path:
    return _find("models")


def package_data(rel: str) -> Path:
    """A data file shipped inside the package (src/reportnlp/data)."""
    return _PKG / "data" / rel


def load_yaml(path) -> object:
    """A YAML data file, parsed with libyaml's safe loader when PyYAML has it (5–10x faster), else PyYAML's."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader

"""Locate the project's data folders (corpora/, models/) in a checkout or an installed wheel."""
from __future__ import annotations

import os
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


def cache_dir() -> Path | None:
    """Where parsed data files are cached: $REPORTNLP_CACHE, else $XDG_CACHE_HOME/reportnlp or ~/.cache/reportnlp.
    REPORTNLP_CACHE=off disables the cache."""
    env = os.environ.get("REPORTNLP_CACHE")
    if env:
        return None if env.lower() in ("0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportnlp"


def load_yaml(path) -> object:
    """A YAML data file of the project, parsed once per content.

    Parsed with libyaml's safe loader when PyYAML has it, else PyYAML's own; the result is cached in
    `cache_dir()` under the hash of the file's bytes (marshal: plain values only, no code), so a check
    that starts after the first one reads the data without importing PyYAML. Any cache problem
    (read-only home, a value marshal cannot hold) just means parsing the file.
    """
    import hashlib
    import marshal
    import sys

    data = Path(path).read_bytes()
    folder = cache_dir()
    key = f"{Path(path).stem}-{hashlib.sha256(data).hexdigest()[:32]}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
    if folder is not None:
        try:
            return marshal.loads((folder / key).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    value = yaml.load(data.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    if folder is not None:
        try:
            blob = marshal.dumps(value)
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(blob)
            os.replace(tmp, folder / key)
            for old in folder.glob(f"{Path(path).stem}-*.marshal"):  # entries of earlier contents
                if old.name != key:
                    old.unlink(missing_ok=True)
        except (OSError, ValueError):
            pass
    return value


@lru_cache(maxsize=1)
def _jieba_dictionary():
    """jieba's main dictionary, read once per process into a private Tokenizer (never jieba's global
    one) that only serves as the source of the copies below."""
    import jieba

    jieba.setLogLevel(60)
    base = jieba.Tokenizer()
    base.initialize()
    return base


def jieba_tokenizer(words=(), tagged=()):
    """A private jieba Tokenizer: jieba's dictionary (read once per process and copied, ~15 ms,
    instead of read again, ~0.6 s) plus `words` (str, or (word, freq)) and `tagged` ((word, tag)).
    The global dictionary (`jieba.cut`) is never touched, so one component's words never change
    how another splits a text."""
    import jieba

    base = _jieba_dictionary()
    tk = jieba.Tokenizer()
    # jieba's own fields of a loaded Tokenizer (stable since jieba 0.39)
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    for w in words:
        if isinstance(w, tuple):
            tk.add_word(w[0], freq=w[1])
        else:
            tk.add_word(w)
    for w, tag in tagged:
        tk.add_word(w, tag=tag)
    return tk

"""Locate the project's data folders (corpora/, models/) in a checkout or an installed wheel."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

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


def content_hash(data: bytes = b""):
    """A BLAKE2b hash object (32-byte digest) for the data cache's keys and integrity checks. It is
    hashlib's own BLAKE2b, taken from CPython's `_blake2` module when there is one: `import hashlib`
    first loads OpenSSL's library, about 2.5 ms of every cold check, for a digest this one gives."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python: the same function through hashlib
        from hashlib import blake2b
    return blake2b(data, digest_size=32)


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

    def parse(data: bytes) -> object:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(data.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader

    return _parsed(Path(path), "", parse)


def load_json(path) -> object:
    """A JSON data file of the project (a model's weights), parsed once per content and cached as
    load_yaml's files are (marshal reads the section classifier's ~0.8 MB in a quarter of the time
    json needs)."""
    import json

    return _parsed(Path(path), "json-", lambda data: json.loads(data.decode("utf-8")))


def derived(stem: str, inputs, build) -> object:
    """`build()`, a plain value (what marshal holds: numbers, strings, lists, tuples, dicts) computed
    from the files `inputs` alone, cached as load_yaml's files are, under the hash of the bytes of
    every input. `inputs` must name every file the value depends on: the data files `build` reads,
    their schemas, and the source files of the code that computes it; a change to any of them is
    another cache entry. For a value that costs a cold check more to compute than to read back."""
    h = content_hash()
    for p in inputs:
        data = Path(p).read_bytes()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return _cached("derived-" + stem, h.hexdigest()[:32], build)


@lru_cache(maxsize=1)
def package_inputs() -> tuple[Path, ...]:
    """Every file of the package's code and data (.py, .yaml, .json, .j2) and the project data
    beside it (corpora/*.yaml): the `inputs` of a derived value that depends on more of the code
    than can be listed safely (a draft composed through many modules). Hashing them all costs a
    few milliseconds once a process."""
    files = [p for p in _PKG.rglob("*") if p.suffix in (".py", ".yaml", ".json", ".j2") and "__pycache__" not in p.parts]
    try:
        files += corpora_dir().glob("*.yaml")
    except FileNotFoundError:
        pass
    return tuple(sorted(files))


def _parsed(path: Path, kind: str, parse) -> object:
    """`parse(bytes of path)`, cached in `cache_dir()` under `<kind><stem>-<content hash>` (see load_yaml)."""
    data = path.read_bytes()
    return _cached(kind + path.stem, content_hash(data).hexdigest()[:32], lambda: parse(data))


def _cached(stem: str, digest: str, make) -> object:
    """`make()`, kept in `cache_dir()` as `<stem>-<digest>-py<version>.marshal`; entries of the same
    stem with another digest are removed when a new one is written."""
    import marshal
    import sys

    folder = cache_dir()
    key = f"{stem}-{digest}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
    if folder is not None:
        try:
            return marshal.loads((folder / key).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    value = make()
    if folder is not None:
        try:
            blob = marshal.dumps(value)
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(blob)
            os.replace(tmp, folder / key)
            for old in folder.glob(f"{stem}-*.marshal"):  # entries of earlier contents
                if old.name != key:
                    old.unlink(missing_ok=True)
        except (OSError, ValueError):
            pass
    return value


def _import_jieba():
    """jieba, imported without pkg_resources when nothing has imported that yet: jieba 0.42 asks
    pkg_resources (~90 ms to import) only for the path of its own dictionary and falls back to the
    file beside its module when the import fails; the entry is removed again right after."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` raise ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(60)
    return jieba


@lru_cache(maxsize=1)
def _jieba_dictionary():
    """jieba's main dictionary, read once per process into a private Tokenizer (never jieba's global
    one) that only serves as the source of the copies below."""
    base = _import_jieba().Tokenizer()
    base.initialize()
    return base


class JiebaWords:
    """jieba's main dictionary (word or word prefix -> frequency, what `Tokenizer.FREQ` holds) read
    on demand from an SQLite copy in `cache_dir()` instead of loaded whole (~0.6 s and ~60 MB a
    process): a tokenizer cutting a few short texts asks for a few hundred entries. The copy is
    built once per jieba dictionary file (~1 s) from jieba's own loading; lookups are remembered."""

    _MISSING = -1

    def __init__(self, path: Path, total: int):
        self.path, self.total = path, total
        self._memo: dict[str, int] = {}
        self._con: Any = None  # an sqlite3.Connection of this process
        self._pid = 0

    def _lookup(self, word: str) -> int:
        import sqlite3

        if self._con is None or self._pid != os.getpid():  # never a connection carried across a fork
            self._con = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        row = self._con.execute("SELECT f FROM freq WHERE w = ?", (word,)).fetchone()
        return self._MISSING if row is None else row[0]

    def get(self, word: str, default=None):
        f = self._memo.get(word)
        if f is None:
            f = self._memo[word] = self._lookup(word)
        return default if f == self._MISSING else f

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None


class _Freq(dict):
    """A tokenizer's FREQ: its own words (a dict, as jieba's add_word writes them) over the shared
    on-demand dictionary; everything jieba's cutting asks of FREQ (`in`, `[]`, `get`) answers
    exactly as the whole dictionary loaded into a dict would."""

    def __init__(self, words: JiebaWords):
        super().__init__()
        self.words = words

    def __missing__(self, word):
        f = self.words.get(word)
        if f is None:
            raise KeyError(word)
        return f

    def get(self, word, default=None):
        if dict.__contains__(self, word):
            return dict.__getitem__(self, word)
        return self.words.get(word, default)

    def __contains__(self, word: object) -> bool:
        return dict.__contains__(self, word) or word in self.words


def _dictionary_file() -> Path:
    return Path(_import_jieba().__file__).parent / "dict.txt"


@lru_cache(maxsize=1)
def jieba_words() -> JiebaWords | None:
    """The on-demand copy of jieba's dictionary, built on first use; None when there is no cache
    folder or it cannot be written (the dictionary is then loaded whole, as jieba does)."""
    import sqlite3
    import sys

    folder = cache_dir()
    if folder is None:
        return None
    try:
        src = _dictionary_file()
        st = src.stat()
        jieba = sys.modules["jieba"]
        db = folder / f"jieba-{jieba.__version__}-{st.st_size}-{st.st_mtime_ns}.sqlite"
        if not db.is_file():
            base = _jieba_dictionary()
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{db.name}.{os.getpid()}.tmp"
            con = sqlite3.connect(tmp)
            try:
                con.execute("CREATE TABLE freq (w TEXT PRIMARY KEY, f INTEGER NOT NULL) WITHOUT ROWID")
                con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER)")
                con.executemany("INSERT INTO freq VALUES (?, ?)", base.FREQ.items())
                con.execute("INSERT INTO meta VALUES ('total', ?)", (base.total,))
                con.commit()
            finally:
                con.close()
            os.replace(tmp, db)
            for old in folder.glob("jieba-*.sqlite"):  # copies of earlier dictionary files
                if old != db:
                    old.unlink(missing_ok=True)
        con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            total = con.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()[0]
        finally:
            con.close()
        return JiebaWords(db, total)
    except (OSError, sqlite3.Error, TypeError, KeyError):
        return None


def jieba_tokenizer(words=(), tagged=()):
    """A private jieba Tokenizer: jieba's dictionary (looked up on demand in the cache's copy, else
    read once per process and copied, ~15 ms, instead of read again, ~0.6 s) plus `words` (str, or
    (word, freq)) and `tagged` ((word, tag)). The global dictionary (`jieba.cut`) is never touched,
    so one component's words never change how another splits a text."""
    jieba = _import_jieba()
    tk = jieba.Tokenizer()
    shared = jieba_words()
    # jieba's own fields of a loaded Tokenizer (stable since jieba 0.39)
    if shared is not None:
        tk.FREQ, tk.total, tk.initialized = _Freq(shared), shared.total, True
    else:
        base = _jieba_dictionary()
        tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    for w in words:
        if isinstance(w, tuple):
            tk.add_word(w[0], freq=w[1])
        else:
            tk.add_word(w)
    for w, tag in tagged:
        tk.add_word(w, tag=tag)
    return tk

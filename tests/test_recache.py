"""recache: patterns built from a cached program are the very patterns `re` compiles, the cache
survives damage, and the patterns a check compiles are the same text in every process."""
import os
from array import array
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reportnlp import recache

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("report_*.*"))


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """recache with an empty cache folder of its own and no patterns compiled yet."""
    monkeypatch.setenv("REPORTNLP_CACHE", str(tmp_path))
    monkeypatch.setattr(recache, "_compiled", {})
    monkeypatch.setattr(recache, "_programs", None)
    monkeypatch.setattr(recache, "_fresh", False)
    monkeypatch.setattr(recache, "_path", False)
    return tmp_path


def _check_in_subprocess(cache: Path, seed: str, files=EXAMPLES) -> None:
    env = {**os.environ, "REPORTNLP_CACHE": str(cache), "PYTHONHASHSEED": seed}
    code = "import sys, reportnlp\nfor f in sys.argv[1:]: reportnlp.check(f).to_json()\n"
    subprocess.run([sys.executable, "-c", code, *files], env=env, check=True, timeout=300)


def _table(cache: Path) -> dict:
    files = list(cache.glob("rx-*.marshal"))
    assert len(files) == 1, files
    return recache._read(files[0])


def test_every_cached_program_makes_the_pattern_re_compiles(tmp_path):
    _check_in_subprocess(tmp_path, "1")
    table = _table(tmp_path)
    assert len(table) > 300  # the rules, lexicon and readers: hundreds of patterns
    for (pattern, flags), program in table.items():
        ours, theirs = recache._built(pattern, program), re.compile(pattern, flags)
        assert ours == theirs and ours.groupindex == theirs.groupindex and ours.groups == theirs.groups, pattern


def test_the_patterns_of_a_check_are_the_same_text_under_any_hash_seed(tmp_path):
    """A pattern built from a set in hash order would be new text in each process: a miss every
    time and a cache file that grows with each run."""
    _check_in_subprocess(tmp_path, "1")
    first = _table(tmp_path)
    _check_in_subprocess(tmp_path, "2")
    _check_in_subprocess(tmp_path, "3")
    assert set(_table(tmp_path)) == set(first)


def test_a_pattern_from_the_cache_matches_as_re_would(fresh):
    rx = r"(?P<n>\d+)[\u4e00-\u9fff]{1,3}"
    assert recache.search(rx, "共受理412件案件").group("n") == "412"
    recache.save()
    recache._compiled.clear()
    recache._programs = None
    again = recache.compile(rx)
    assert again == re.compile(rx) and again.groupindex == {"n": 1}
    assert recache.findall(rx, "3件和45人") == re.findall(rx, "3件和45人")
    assert recache.sub(r"\s+", "", " a b ") == "ab" and recache.split(",", "a,b", 1) == ["a", "b"]


def test_a_damaged_cache_file_means_compiling_with_re(fresh):
    recache.compile(r"[\u4e00-\u9fff]+年")
    recache.save()
    path = recache._cache_file()
    good = path.read_bytes()
    for damaged in (b"\x00not marshal", good[:-7], good[:-40] + bytes([good[-40] ^ 1]) + good[-39:]):
        path.write_bytes(damaged)
        recache._compiled.clear()
        recache._programs = None
        assert recache.compile(r"[\u4e00-\u9fff]+年").match("二零二五年")
        assert recache._programs == {(r"[\u4e00-\u9fff]+年", 0): recache._programs[(r"[\u4e00-\u9fff]+年", 0)]}


def test_a_program_the_engine_refuses_is_compiled_again(fresh):
    recache.compile(r"(\d+)件")
    key = (r"(\d+)件", 0)
    flags, code, *rest = recache._programs[key]
    words = array(recache._WORD, code).tolist()
    bad = array(recache._WORD, words[:-3] + [1, 2, 3]).tobytes()  # not a program _sre accepts
    recache._programs[key] = (flags, bad, *rest)
    recache._compiled.clear()
    assert recache.compile(r"(\d+)件").match("12件").group(1) == "12"


def test_without_a_cache_nothing_is_written_and_patterns_still_compile(fresh, monkeypatch):
    monkeypatch.setenv("REPORTNLP_CACHE", "off")
    assert recache.compile("a+b").fullmatch("aab")
    recache.save()
    assert not list(fresh.iterdir())


def test_errors_are_re_s_own(fresh):
    with pytest.raises(re.error):
        recache.compile("(unclosed")
    with pytest.raises(ValueError):
        recache.compile(re.compile("x"), re.I)  # flags with a compiled pattern, as re refuses them
    assert recache.compile(re.compile("x")) == re.compile("x")


def test_patterns_of_users_words_do_not_grow_the_file_without_bound(fresh, monkeypatch):
    monkeypatch.setattr(recache, "_KEEP", 5)
    for i in range(8):
        recache.compile(f"词{i}")
    recache.save()
    recache._compiled.clear()
    recache._compiled[("词7", 0)] = re.compile("词7")
    recache._programs = None
    recache._load()
    recache.compile("新词")
    recache.save()
    assert set(_table(fresh)) == {("词7", 0), ("新词", 0)}


def test_a_worker_server_stores_what_its_warm_up_compiled(tmp_path):
    """The workers of a batch end without atexit handlers: the server stores the patterns of its
    warm-up itself, so the next batch's server and checks start from them."""
    env = {**os.environ, "REPORTNLP_CACHE": str(tmp_path)}
    code = "import os\nfrom reportnlp.compare import work\nwork.warm()\nos._exit(0)\n"  # no atexit, as a server
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=300)
    assert len(_table(tmp_path)) > 300


def test_a_process_holds_a_bounded_number_of_patterns(fresh, monkeypatch):
    monkeypatch.setattr(recache, "_HELD", 10)
    for i in range(25):
        assert recache.compile(f"用户词{i}").match(f"用户词{i}")
    assert len(recache._compiled) <= 10 and len(recache._programs) <= 10

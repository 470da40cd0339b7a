"""Regular expressions compiled once per machine instead of once per process.

`recache.compile` and the module functions beside it (`recache.search`, `recache.sub`, ...) take the same
arguments as `re`'s and return the same `re.Pattern` objects. The difference is where the time
goes: CPython's `re` compiles a pattern in Python code, and a character class such as
`[\u4e00-\u9fff]` costs it about a millisecond (it fills a 65,536-entry table one code point at a
time). The rules, the lexicon and the readers hold some 500 patterns, most of them with such a
class, so a fresh `reportnlp check` used to spend 60-70 ms compiling before it read a word.

So the compiled program of each pattern (the list of opcodes `re` hands to its C engine, with
the group names) is kept in the data cache (`resources.cache_dir()`, a marshal file: plain
numbers and strings, never code). A later process builds the same pattern object straight from
it with `_sre.compile`, the call `re` itself ends with, which checks the program before
accepting it.

Safety:
- A program is stored only after the object built from it compared equal (flags, opcodes,
  pattern text, groups) to `re.compile`'s own result in the same process; if `re`'s internals
  ever differ from what this module expects, nothing is stored and every pattern is compiled by
  `re` as before.
- The cache file is named by the exact interpreter build and `_sre.MAGIC`, so another Python
  never reads it.
- Any problem (no cache folder, a file whose bytes do not match the digest stored with them, a
  program `_sre` refuses) means compiling with `re`.
- New programs are written when the process ends, and by a worker server after its warm-up
  (its workers end without atexit handlers),
  through a temporary file and `os.replace`; two processes writing at once lose at most the
  other's new entries, which are compiled again next time.
- Patterns made from users' words would grow the file without bound, so past `_KEEP`
  entries only the patterns this process used are kept; a process holds at most `_HELD`
  compiled patterns and programs (a long-lived web server meets new words without end).
"""
from __future__ import annotations

import os
import re
import sys
from array import array
from typing import Any

try:  # CPython's engine; on another implementation every pattern goes through re.compile
    import _sre
except ImportError:  # pragma: no cover
    _sre = None  # type: ignore[assignment]

_KEEP = 4000  # programs kept in the file (see save)
_HELD = 20000  # patterns held in one process: a long-lived server meets users' words without end
# the array type whose items are the engine's code words
_WORD = next((t for t in "IL" if _sre is not None and array(t).itemsize == _sre.CODESIZE), "")

# (pattern, flags) -> compiled pattern, for this process (up to _HELD, then emptied: re's own cache
# holds 512, fewer than a check uses)
_compiled: dict[tuple[Any, int], re.Pattern] = {}
# (pattern, flags) -> program (flags, code, groups, groupindex, indexgroup) read from / for the cache
_programs: dict[tuple[Any, int], tuple] | None = None
_fresh = False  # this process compiled a program the cache does not have
_path: Any = False  # the cache file (None: no cache), found on first use


def _cache_file():
    global _path
    if _path is False:
        _path = _find_cache_file()
    return _path


def _find_cache_file():
    from .resources import cache_dir, content_hash

    folder = cache_dir()
    if folder is None or _sre is None or not _WORD:
        return None
    build = content_hash(f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}".encode()).hexdigest()[:16]
    return folder / f"rx-{build}.marshal"


def _load() -> dict[tuple[Any, int], tuple]:
    global _programs
    if _programs is None:
        _programs = {}
        path = _cache_file()
        if path is not None:
            table = _read(path)
            if table is not None:
                _programs = table
            import atexit

            atexit.register(save)
    return _programs


def _read(path) -> dict | None:
    """The table in `path`: a BLAKE2b digest of the marshal data, then the data. A file whose bytes
    do not match their digest (cut short, damaged on disk) is not used: `_sre` checks a program's
    form, not that it is the program that was stored."""
    import marshal

    from .resources import content_hash

    try:
        raw = path.read_bytes()
        digest, blob = raw[:32], raw[32:]
        if content_hash(blob).digest() != digest:
            return None
        table = marshal.loads(blob)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return table if isinstance(table, dict) else None


def _program(pattern, flags: int) -> tuple | None:
    """The arguments `re` passes to `_sre.compile` for `pattern`, computed as `re._compiler.compile`
    does (None when this Python's internals do not offer them)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        # the opcodes as machine words (marshal reads bytes far faster than a list of ints)
        return (int(flags | parsed.state.flags), array(_WORD, [int(c) for c in code]).tobytes(),
                int(parsed.state.groups - 1), groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - another Python's internals: compile with re alone
        return None


def _built(pattern, program: tuple) -> re.Pattern:
    flags, code, groups, groupindex, indexgroup = program
    return _sre.compile(pattern, flags, array(_WORD, code).tolist(), groups, groupindex, indexgroup)


def _same(a: re.Pattern, b: re.Pattern) -> bool:
    return a == b and a.groups == b.groups and a.groupindex == b.groupindex


def compile(pattern, flags=0) -> re.Pattern:  # noqa: A001 - re's own name, on purpose
    """`re.compile(pattern, flags)`, from the cached program when there is one."""
    done = _compiled.get((pattern, flags))  # the common case first: called in loops via search/sub/...
    if done is not None:
        return done
    if isinstance(pattern, re.Pattern):
        return re.compile(pattern, flags)  # re's rules: flags with a compiled pattern are an error
    flags = int(flags)  # a RegexFlag hashes and compares as its int, so either finds the entry
    key = (pattern, flags)
    table = _load()
    program = table.get(key)
    if program is not None:
        try:
            done = _built(pattern, program)
        except Exception:  # noqa: BLE001 - a damaged entry: compile it again below
            done = None
    if done is None:
        done = re.compile(pattern, flags)  # raises re.error for a bad pattern, as re would
        if _sre is not None and _cache_file() is not None and len(table) < _HELD:
            program = _program(pattern, flags)
            if program is not None:
                try:
                    ok = _same(_built(pattern, program), done)
                except Exception:  # noqa: BLE001
                    ok = False
                if ok:
                    global _fresh
                    table[key] = program
                    _fresh = True
    if len(_compiled) >= _HELD:
        _compiled.clear()
    _compiled[key] = done
    return done


def save() -> None:
    """Write the programs this process compiled to the cache (a no-op when there are none)."""
    global _fresh
    if not _fresh or _programs is None:
        return
    path = _cache_file()
    if path is None:
        return
    import marshal

    from .resources import content_hash

    try:
        merged: dict = dict(_read(path) or {})
        merged.update(_programs)
        if len(merged) > _KEEP:
            merged = {k: v for k, v in _programs.items() if k in _compiled}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        blob = marshal.dumps(merged)
        tmp.write_bytes(content_hash(blob).digest() + blob)
        os.replace(tmp, path)
        _fresh = False
    except (OSError, ValueError):
        pass


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)

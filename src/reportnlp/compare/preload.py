"""Imported once by the `compare` worker server (multiprocessing's forkserver): it loads every
resource every file needs (pipeline, rules, lexicon, section classifier, page templates, the
draft wording) so that each worker forks from it ready to check, sharing those
pages, and a worker replaced after a time or memory limit starts warm too."""
import pebble.pool.process  # noqa: F401  - what each worker needs to start (~35 ms a worker otherwise)
from .work import warm

warm()

"""Imported once by the `compare` worker server (multiprocessing's forkserver): it loads every
resource of the per-file work (pipeline, rules, lexicon and its jieba dictionary, section
classifier, page templates) so that each worker forks from it ready to check, sharing those
pages, and a worker replaced after a time or memory limit starts warm too."""
from .work import warm

warm()

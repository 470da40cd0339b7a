"""Imported once by the worker server of a many-file `check` (multiprocessing's forkserver, see
checkpool.py): it loads what checking a file needs, so that each worker forks from it ready."""
from .checkpool import warm

warm()

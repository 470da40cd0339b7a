"""Per-file workloads for the compare limit tests (importable by the worker processes)."""
import time

from reportnlp.compare.work import work


def hang_or_work(path: str) -> dict:
    """A file named *hang* never finishes; a file named *hog* keeps allocating memory."""
    if "hang" in path:
        while True:
            time.sleep(1)
    if "hog" in path:
        blocks = []
        while True:
            blocks.append(bytearray(64 * 1024 * 1024))
    return work(path)

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


def pid_and_work(path: str) -> dict:
    """work(path), with the worker's process id and whether its resources were loaded before this file."""
    import os

    from reportnlp.segment.classifier import load_section_classifier

    warm = load_section_classifier.cache_info().currsize == 1
    return dict(hang_or_work(path), pid=os.getpid(), warm=warm)

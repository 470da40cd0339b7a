"""Stand-ins for the web's worker functions, importable by the worker processes (they are found by
module and name, so a test swaps `reportnlp.web.service.<job>` for one of these)."""
import time


def slow_check_job(*args):
    """A check that takes far longer than the test's time limit."""
    time.sleep(300)


def check_job_refusing_annotation(*args):
    """The real check, in a worker whose Word annotator refuses the file."""
    import reportnlp.report.annotate as annotate
    from reportnlp.errors import ReportError
    from reportnlp.web import service

    def refuse(rep, target):
        raise ReportError("文件结构无法写入批注")

    annotate.annotate_report = refuse
    return service.check_job(*args)

"""Leaky, with scheduling noise: four worker threads handle each cycle's jobs, and every job
leaves one record in a shared log. Thread interleaving differs from run to run. Each cycle
also handles one request of the shared JSON API (_service.handle_request, about 5 ms,
nothing retained) on the calling thread, the unit of work a real load cycle does."""
import threading
from concurrent.futures import ThreadPoolExecutor

from _service import handle_request

_log = []
_lock = threading.Lock()
pool = None


class Record:
    def __init__(self, job):
        self.job = job
        self.detail = "job %d done by %s" % (job, threading.current_thread().name)


def job(n):
    record = Record(n)  # leakgate: leak-site
    with _lock:
        _log.append(record)


def setup():
    global pool
    pool = ThreadPoolExecutor(max_workers=4)


def cycle():
    handle_request()
    list(pool.map(job, range(4)))


def teardown():
    pool.shutdown(wait=True)

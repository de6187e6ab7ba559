"""Clean: a thread pool, created in setup, serving small tasks each cycle. Each cycle also
handles one request of the shared JSON API (_service.handle_request, about 5 ms, nothing
retained) on the calling thread, the unit of work a real load cycle does."""
from concurrent.futures import ThreadPoolExecutor
import json

from _service import handle_request

pool = None


def setup():
    global pool
    pool = ThreadPoolExecutor(max_workers=4)


def work(n):
    return json.loads(json.dumps({"n": n, "items": list(range(20))}))["n"]


def cycle():
    handle_request()
    return sum(pool.map(work, range(16)))


def teardown():
    pool.shutdown(wait=True)

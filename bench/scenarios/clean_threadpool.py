"""Clean: a thread pool, created in setup, serving small tasks each cycle."""
from concurrent.futures import ThreadPoolExecutor
import json

pool = None


def setup():
    global pool
    pool = ThreadPoolExecutor(max_workers=4)


def work(n):
    return json.loads(json.dumps({"n": n, "items": list(range(20))}))["n"]


def cycle():
    return sum(pool.map(work, range(16)))


def teardown():
    pool.shutdown(wait=True)

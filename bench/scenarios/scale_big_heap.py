"""Clean, scale: setup() builds a heap of 5 million small gc-tracked objects (5,000,000
two-item lists, kept for the whole run); cycle() does light work on it. Measures what
gc.collect() and the type census cost when the heap is big."""
import random

HEAP_SIZE = 5_000_000
heap = []
_random = random.Random(42)


def setup():
    global heap
    heap = [[i, i & 0xFF] for i in range(HEAP_SIZE)]


def cycle():
    start = _random.randrange(HEAP_SIZE - 1000)
    window = heap[start:start + 1000]
    return sum(pair[1] for pair in window) + len({"start": start, "size": len(window)})


def teardown():
    heap.clear()

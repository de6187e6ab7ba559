"""The three channels to the TypeScript side, none of which the scenario can write to.

* records: newline-delimited JSON, one object a line, written with os.write on a descriptor
  opened before the scenario is imported;
* samples: a memory-mapped file of float64 rows, one row per cycle, written in place. Nothing
  is buffered in this process, so a segfault or os._exit inside a cycle loses nothing measured;
* control: standard input, duplicated to a private descriptor before the scenario is imported
  (fd 0 is then pointed at /dev/null). After the measured phase the harness asks, with an
  "await" record, what next, and reads the answer here: run the extension that confirms growth
  (then it asks again), or whether to run a traced window.
"""
from __future__ import annotations

import json
import mmap
import os
import sys

from .own import EXIT_CHANNEL_LOST

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Mapping

# One row of the samples file (src/harness/records.ts reads it): cycle number (1-based, 0 = not
# written, minus the number while the cycle runs), phase, seconds the cycle took, allocated
# blocks, RSS bytes, open fds, traced bytes, malloc heap bytes. NaN means "not sampled".
ROW_FIELDS = ("cycle", "phase", "seconds", "blocks", "rssBytes", "fds", "tracedBytes", "heapBytes")
ROW_WIDTH = len(ROW_FIELDS)
PHASE_CODES = {"warmup": 1, "measure": 2, "trace": 3, "confirm": 4, "profile": 5}


class Records:
    """Newline-delimited JSON records, each written with a single os.write."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, record: Mapping[str, Any]) -> None:
        data = (json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
        try:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
        except OSError as error:
            # The scenario closed our descriptor, or the disk is full: nothing left to report to.
            sys.stderr.write("leakgate: lost the records channel: %s\n" % error)
            os._exit(EXIT_CHANNEL_LOST)


class Control:
    """Answers from the TypeScript side, one JSON object a line, on a private copy of stdin."""

    def __init__(self) -> None:
        self.pending = b""  # what was read past the last answer's newline: the start of the next one
        self.fd = os.dup(0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)

    def read(self) -> str:
        """One line (an answer), as text; a run asks up to two questions."""
        data = self.pending
        while b"\n" not in data:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                sys.stderr.write("leakgate: the control channel closed before an answer\n")
                os._exit(EXIT_CHANNEL_LOST)
            data += chunk
        line, _, self.pending = data.partition(b"\n")
        return line.decode("utf-8")


class Samples:
    """Fixed-size float64 rows in a memory-mapped file: no allocation per cycle, crash-safe."""

    def __init__(self, path: str, rows: int) -> None:
        size = max(1, rows) * ROW_WIDTH * 8
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        os.ftruncate(self.fd, size)
        self.map = mmap.mmap(self.fd, size)
        self.view = memoryview(self.map).cast("d")
        self.rows = rows

    def put(self, row: int, cycle: int, phase: int, seconds: float, blocks: float, rss: float, fds: float, traced: float, heap: float) -> None:
        if row >= self.rows:
            return
        base = row * ROW_WIDTH
        view = self.view
        view[base + 1] = phase
        view[base + 2] = seconds
        view[base + 3] = blocks
        view[base + 4] = rss
        view[base + 5] = fds
        view[base + 6] = traced
        view[base + 7] = heap
        view[base] = cycle  # written last: a row with a cycle number is complete

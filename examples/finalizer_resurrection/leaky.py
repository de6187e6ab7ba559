"""Finalizer resurrection: a buffered writer's __del__ "rescues" unflushed
data by appending self to a module-level list to flush later. Each writer
sits in a reference cycle with its connection, so the cyclic GC finalizes
it; __del__ then resurrects it, and the writer and its 8 KB buffer are
never freed. The clean twin flushes in an explicit close() (context
manager), keeps weakref.finalize only as a safety net, and never resurrects.
"""
from __future__ import annotations

import itertools
import json

_flush_later: list[BufferedWriter] = []
_ids = itertools.count()


class Connection:
    def __init__(self) -> None:
        self.writer: BufferedWriter | None = None


class BufferedWriter:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        conn.writer = self  # reference cycle: conn <-> writer
        self.buffer = bytearray(8192)  # leakgate: leak-site
        self.used = 0

    def write(self, data: bytes) -> None:
        self.buffer[self.used:self.used + len(data)] = data
        self.used += len(data)

    def __del__(self) -> None:
        if self.used:  # unflushed data: keep it around "to flush later"
            _flush_later.append(self)


def cycle() -> None:
    writer = BufferedWriter(Connection())
    record = {"id": next(_ids), "event": "login", "ok": True}
    writer.write(json.dumps(record).encode())
    json.loads(bytes(writer.buffer[:writer.used]))

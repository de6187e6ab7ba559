"""Clean (issue 14): a buffer that is flushed every 150 cycles.

Each cycle appends a record; every 150th cycle the buffer is written out and cleared. Over a
100-cycle measured phase it grows by one record a cycle without a break, like a leak; the
confirming extension (as long as the measured phase) sees it fall back."""
FLUSH_EVERY = 150

_pending = []
_flushed = 0


def cycle():
    global _flushed
    _pending.append({"id": len(_pending), "payload": "x" * 64})
    if len(_pending) >= FLUSH_EVERY:
        _flushed += len(_pending)
        _pending.clear()

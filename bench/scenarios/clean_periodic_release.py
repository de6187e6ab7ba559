"""Clean, with growth released on a period longer than the default run (issue 14): a batch
writer that buffers one event per request and flushes the buffer every 150 requests. The buffer
grows for 150 cycles, longer than the default 20 warm-up + 100 measured, and is emptied at
cycle 150, within a confirming extension of 100 cycles. Each cycle also handles one request of
the shared JSON API (_service.handle_request, about 5 ms, nothing retained)."""
from _service import handle_request

FLUSH_EVERY = 150

_pending = []
_index = {}
_flushed = [0]


def _flush():
    # A real writer would send the batch somewhere; here it is counted and let go.
    _flushed[0] += len(_pending)
    _pending.clear()
    _index.clear()


def cycle():
    handle_request()
    n = len(_pending) + _flushed[0]
    event = {"id": n, "kind": "order-created", "payload": "order %d" % n}
    _pending.append(event)
    _index[n] = event
    if len(_pending) >= FLUSH_EVERY:
        _flush()

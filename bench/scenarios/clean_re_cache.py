"""Clean: a distinct regular expression every cycle. The re module's cache is bounded, so it
fills during the warm-up and then evicts as fast as it adds. Each cycle also handles one
request of the shared JSON API (_service.handle_request, about 5 ms, nothing retained), the
unit of work a real load cycle does."""
import re

from _service import handle_request

_calls = 0


def cycle():
    global _calls
    _calls += 1
    handle_request()
    pattern = re.compile(r"order-(\d+)-%d" % _calls)
    return pattern.match("order-12-%d" % _calls) is not None

"""Clean: a distinct regular expression every cycle. The re module's cache is bounded, so it
fills during the warm-up and then evicts as fast as it adds."""
import re

_calls = 0


def cycle():
    global _calls
    _calls += 1
    pattern = re.compile(r"order-(\d+)-%d" % _calls)
    return pattern.match("order-12-%d" % _calls) is not None

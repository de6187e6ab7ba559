"""Clean, scale: a trivially fast cycle (a few microseconds: a small dict, a formatted
string, a short sorted list), run at --cycles 10000. Measures the per-cycle cost of
sampling when cycles are tiny."""
_calls = 0


def cycle():
    global _calls
    _calls += 1
    request = {"id": _calls, "path": "/health", "method": "GET", "headers": {"accept": "*/*"}}
    line = "%s %s #%d" % (request["method"], request["path"], request["id"])
    ranked = sorted([_calls % 7, _calls % 5, _calls % 3, len(line)], reverse=True)
    return {"status": 200, "length": len(line), "top": ranked[0]}

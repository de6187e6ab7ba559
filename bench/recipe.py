"""The textbook tracemalloc recipe, for comparison with leakgate.

    python bench/recipe.py SCENARIO [--cycles N] [--warmup W] [--json FILE]

The scenario is imported and set up exactly as bench/bare.py does. Then, as in the Python
documentation's "Compute differences" example:

    tracemalloc.start(25)
    ... W warm-up cycles ...
    snapshot1 = tracemalloc.take_snapshot()
    ... N cycles ...
    snapshot2 = tracemalloc.take_snapshot()
    top_stats = snapshot2.compare_to(snapshot1, "lineno")

The top line is top_stats[0] (compare_to sorts by the absolute size difference). The recipe
"fails" when total traced memory grew by more than 1 % between the two snapshots. Like the
documentation's example, it runs no gc.collect() and applies no filters: garbage not yet
collected, and tracemalloc's own snapshot objects, count as they would for a user who follows
the recipe. Standard library only.
"""
import argparse
import json
import os
import sys
import time
import tracemalloc

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _here)
import bare  # after the path is set: the same import and runner as the bare run

sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]  # bench/ must not shadow the scenario's modules

GROWTH_LIMIT = 0.01  # fail when total traced memory grew by more than 1 %


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)

    cwd = os.getcwd()
    module, cycle = bare.load(args.scenario, cwd)
    runner = bare.Runner(cycle)
    call = runner.call
    setup = getattr(module, "setup", None)
    if callable(setup):
        call(setup)

    step = (lambda: call(cycle)) if runner.loop is not None else cycle

    tracemalloc.start(25)
    for _ in range(args.warmup):
        step()
    snapshot1 = tracemalloc.take_snapshot()
    started = time.perf_counter()
    for _ in range(args.cycles):
        step()
    traced_cycle_seconds = time.perf_counter() - started
    snapshot2 = tracemalloc.take_snapshot()
    tracemalloc.stop()
    top_stats = snapshot2.compare_to(snapshot1, "lineno")

    teardown = getattr(module, "teardown", None)
    if callable(teardown):
        call(teardown)
    runner.close()

    total_after = sum(stat.size for stat in top_stats)
    total_before = total_after - sum(stat.size_diff for stat in top_stats)
    growth = (total_after - total_before) / total_before if total_before else 0.0
    leak = growth > GROWTH_LIMIT

    def line_of(stat):
        frame = stat.traceback[0]
        path = os.path.abspath(frame.filename)
        if path.startswith(cwd + os.sep):
            path = os.path.relpath(path, cwd)
        return {"file": path.replace(os.sep, "/"), "line": frame.lineno, "sizeDiff": stat.size_diff, "countDiff": stat.count_diff}

    result = {
        "verdict": "leak" if leak else "pass",
        "tracedBytesBefore": total_before,
        "tracedBytesAfter": total_after,
        "growthPercent": 100.0 * growth,
        "tracedCycleSeconds": traced_cycle_seconds,
        "top": [line_of(stat) for stat in top_stats[:5]],
    }
    top = result["top"][0] if result["top"] else None
    print("%s: traced memory %+.2f%% (%d -> %d bytes); top line %s" % (
        "LEAK" if leak else "pass", result["growthPercent"], total_before, total_after,
        "%s:%d (%+d B)" % (top["file"], top["line"], top["sizeDiff"]) if top else "none"))
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(result, handle)
    return 1 if leak else 0


if __name__ == "__main__":
    sys.exit(main())

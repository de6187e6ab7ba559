"""Run a leakgate scenario bare: import it as leakgate does, setup(), W + N cycles, teardown().

    python bench/bare.py SCENARIO [--cycles N] [--warmup W] [--json FILE]

SCENARIO is path.py, path.py:func or package.module:func, resolved from the working directory
as leakgate resolves it. cycle, setup and teardown may be async: one event loop then lives
across all of them. Nothing is measured inside the cycles: this is the reference that
leakgate's wall time is divided by. With --json, the seconds of each phase (setup, warm-up,
measured cycles, teardown) are written to FILE after teardown. Standard library only.
"""
import argparse
import importlib
import importlib.util
import inspect
import os
import sys
import time


def load(target, cwd):
    spec, _, func_name = target.partition(":")
    if sys.path[:1] != [cwd]:
        sys.path.insert(0, cwd)
    if spec.endswith(".py") or os.sep in spec or "/" in spec:
        path = os.path.abspath(os.path.join(cwd, spec))
        directory = os.path.dirname(path)
        if directory not in sys.path:
            sys.path.insert(0, directory)
        name = os.path.splitext(os.path.basename(path))[0]
        if name in sys.modules or not name.isidentifier():
            name = "leakgate_scenario_" + "".join(c if c.isalnum() else "_" for c in name)
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
    else:
        module = importlib.import_module(spec)
    return module, getattr(module, func_name or "cycle")


class Runner:
    """Calls functions sync or async; one event loop for the whole run, as in leakgate."""

    def __init__(self, cycle):
        self.loop = None
        if inspect.iscoroutinefunction(cycle):
            self._new_loop()

    def _new_loop(self):
        import asyncio

        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def call(self, func):
        result = func()
        if inspect.isawaitable(result):
            if self.loop is None:
                self._new_loop()
            self.loop.run_until_complete(result)

    def close(self):
        if self.loop is not None and not self.loop.is_closed():
            self.loop.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)

    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        sys.path.pop(0)  # bench/ must not shadow the scenario's modules (leakgate does the same)
    clock = time.perf_counter
    t0 = clock()
    module, cycle = load(args.scenario, os.getcwd())
    runner = Runner(cycle)
    call = runner.call
    t1 = clock()
    setup = getattr(module, "setup", None)
    if callable(setup):
        call(setup)
    # A sync cycle is called directly, an async one through the loop, as leakgate's harness does.
    step = (lambda: call(cycle)) if runner.loop is not None else cycle
    t2 = clock()
    for _ in range(args.warmup):
        step()
    t3 = clock()
    for _ in range(args.cycles):
        step()
    t4 = clock()
    teardown = getattr(module, "teardown", None)
    if callable(teardown):
        call(teardown)
    runner.close()
    t5 = clock()
    if args.json_path:
        import json

        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump({
                "importSeconds": t1 - t0,
                "setupSeconds": t2 - t1,
                "warmupSeconds": t3 - t2,
                "cycleSeconds": t4 - t3,
                "teardownSeconds": t5 - t4,
                "python": "%d.%d.%d" % sys.version_info[:3],
            }, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())

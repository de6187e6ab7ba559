"""Repeat one pytest test bare, in one process: the reference for a pytest node id target.

    python bench/bare_pytest.py NODEID [--cycles N] [--warmup W] [--json FILE]

pytest starts as usual on NODEID (its rootdir, ini file, conftest.py files and plugins; the
cache provider off, as nothing here should write to the project), and a plugin takes over the
test loop: it runs the one collected item W + N times with pytest's own runtestprotocol, as
pytest-rerunfailures and pytest-repeat re-run an item. Each run sets up the function-scoped
fixtures, calls the test and tears them down; module-, class- and session-scoped ones stay set up
until the last run, which tears everything down. Nothing is measured inside the runs and no
report is logged: this is the bare cost that leakgate's wall time on the same node id is divided
by, N in-process repetitions rather than N process starts. A run that does not pass stops with
exit 1. With --json, the seconds of each phase are written to FILE (setupSeconds: pytest's start
and collection; warmupSeconds, cycleSeconds; teardownSeconds: the last run's teardown of every
scope is inside cycleSeconds, so 0).
"""
from __future__ import annotations

import argparse
import json
import sys
import time

clock = time.perf_counter
T0 = clock()

import pytest  # noqa: E402
from _pytest.runner import runtestprotocol  # noqa: E402


class _Parents:
    """What runtestprotocol's teardown needs of the next item, its chain of nodes: the item's
    parents without the item, so that the item's function-scoped fixtures are torn down after
    each run and its module, class and session ones are kept."""

    def __init__(self, item: pytest.Item) -> None:
        self._chain = item.listchain()[:-1]

    def listchain(self) -> list:
        return self._chain


class Repeat:
    def __init__(self, warmup: int, cycles: int) -> None:
        self.warmup = warmup
        self.cycles = cycles
        self.phases: dict[str, float] = {}
        self.failure: str | None = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        if len(session.items) != 1:
            self.failure = f"expected one test, collected {len(session.items)}"
            return True
        item = session.items[0]
        keep = _Parents(item)
        total = self.warmup + self.cycles
        t1 = clock()
        t2 = t1
        for run in range(total):
            if run == self.warmup:
                t2 = clock()
            reports = runtestprotocol(item, log=False, nextitem=None if run == total - 1 else keep)  # type: ignore[arg-type]
            bad = [r for r in reports if not r.passed and not (r.when != "call" and r.skipped)]
            if bad or not any(r.when == "call" for r in reports):
                self.failure = f"run {run + 1}: {bad[0].longreprtext if bad else 'the test was not called'}"
                if run < total - 1:
                    session._setupstate.teardown_exact(None)
                return True
        t3 = clock()
        self.phases = {"setupSeconds": t1 - T0, "warmupSeconds": t2 - t1, "cycleSeconds": t3 - t2, "teardownSeconds": 0.0}
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nodeid")
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)
    repeat = Repeat(args.warmup, args.cycles)
    code = pytest.main([args.nodeid, "-q", "-p", "no:cacheprovider"], plugins=[repeat])
    if repeat.failure is not None or code not in (0, pytest.ExitCode.OK):
        print(f"bare_pytest: {args.nodeid}: {repeat.failure or f'pytest exited with {code}'}", file=sys.stderr)
        return 1
    if args.json_path:
        phases = dict(repeat.phases, importSeconds=0.0, python="%d.%d.%d" % sys.version_info[:3])
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(phases, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())

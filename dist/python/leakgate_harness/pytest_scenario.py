"""A pytest test as the scenario (issue 17): its node id is the target, one cycle is one full
run of the item (its function-scoped fixtures set up, the test called, those fixtures torn
down), as CPython's refleak hunter and pytest-leaks repeat a test.

The design: pytest starts in this process with its normal configuration (the project's ini
file, conftest.py files, plugins; `_prepareconfig`, then the steps of pytest's own
`wrap_session`), collects the test's file, and the harness drives the item through
`runtestprotocol(item, log=False, nextitem=<the nodes above the item>)`: the SetupState keeps
the module-, class- and session-scoped fixtures between cycles; teardown() tears them down.

pytest must not be the leak. What it keeps per run of an item stays out of the cycles:
  - log=False: no report reaches pytest_runtest_logreport, so the terminal reporter's stats,
    junitxml, the cache provider's lastfailed and stepwise keep nothing per cycle;
  - pytest_runtest_protocol is not called: its wrappers record warnings into a historic hook
    (pytest_warning_recorded.call_historic keeps every call) and log start/finish; the
    warnings filters (ini, -W, filterwarnings marks) are applied here per cycle with
    pytest's own catch_warnings_for_item, whose recorded warnings are dropped, and the
    assertion plugin's comparison hook (util._reprcompare) is set once for the whole run;
  - item._report_sections (captured output and logs) and item.user_properties are emptied
    after each cycle;
  - pytest's own finalizers that a higher-scoped fixture or node gathers each time a
    function-scoped request uses it (FixtureDef._finalizers, SetupState.stack) are kept once
    per fixture they finish (_prune_finalizers): without that, a function fixture over a module
    fixture grew 1.1-1.7 KiB a cycle (pytest 9 and 7), a false leak.
With log=False the terminal reporter has nothing to say per cycle (pytest_session.py starts
pytest with -qq, and its cache in a folder of the run's own).

Plugins that wrap pytest_runtest_protocol itself (pytest-timeout, pytest-rerunfailures) do not
apply: leakgate has its own time-out, and a rerun would hide a failing cycle. pytest-xdist's
`--dist` is turned off: the test runs in this process.

A collection (`--pytest "ARGS"`) is in pytest_session.py.
"""
from __future__ import annotations

# Imported here, through the harness's own importer (run.py), not later: by then the project's
# folder is first on sys.path, and a module of its (a difflib.py) could stand in for these.
import difflib
import os

from .pytest_session import PytestSession, cwd_node_id, import_pytest, last_line, normalised
from .scenario import Runner, ScenarioError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Callable, Dict, List, Optional, Tuple
    from .records import ErrorRecord


class PytestRunner(Runner):
    """The scenario's runner for one pytest item: setup, cycle and teardown as described above."""

    is_async = False  # async tests run under their own plugin (pytest-asyncio, anyio)
    loop = None

    def __init__(self, node_id: str, cwd: str) -> None:
        self.node_id = node_id
        file_part = node_id.partition("::")[0]
        path = os.path.abspath(os.path.join(cwd, file_part))
        if not os.path.isfile(path):
            raise ScenarioError({"kind": "missing-file", "message": "test file not found: %s (of the node id %s)" % (file_part, node_id), "path": path})
        self.pytest = import_pytest()
        from _pytest.runner import call_and_report, runtestprotocol

        self._protocol = runtestprotocol
        self._call_and_report = call_and_report
        # The test's file, collected whole: its items are the candidates when the id matches none.
        self.session = PytestSession([file_part], cwd)
        try:
            wanted = normalised(node_id)
            items = self.session.session.items
            matches = [item for item in items if normalised(cwd_node_id(item, cwd)) == wanted]
            if len(matches) != 1:
                ids = [cwd_node_id(item, cwd) for item in items]
                if not matches:
                    wider = [i for i in ids if i.startswith(wanted + "[") or i.startswith(wanted + "::")]
                    close = wider[:20] or close_node_ids(node_id, ids)
                    raise ScenarioError(
                        {
                            "kind": "pytest-not-found",
                            "message": "the node id %s collects no test%s" % (node_id, " (it names %d: give one of them)" % len(wider) if wider else ""),
                            "candidates": close,
                        }
                    )
            self.item = matches[0]
            self._above: Any = _Above(self.item)  # stands in for an Item (see _Above)
            self._warnings = self._warnings_context()
            self._assertion_hooks: Optional[Any] = None
            self._pytest_files = _pytest_dirs()
        except BaseException:
            self.session.close()
            raise
        self.setup = self._setup
        self.teardown = self._teardown
        self.cycle = self._cycle

    def _warnings_context(self) -> Optional[Callable[[], Any]]:
        try:
            from _pytest.warnings import catch_warnings_for_item
        except ImportError:
            return None
        item, config = self.item, self.item.config
        return lambda: catch_warnings_for_item(config, ihook=_NO_WARNING_RECORDS, when="runtest", item=item)

    def call(self, func: Callable[[], Any]) -> None:
        func()

    def _setup(self) -> None:
        """Before the warm-up: the assertion plugin's comparison hook, and one setup and teardown
        of the item (no call), which leaves its module-, class- and session-scoped fixtures set up."""
        try:
            from _pytest import assertion

            hooks = assertion.pytest_runtest_protocol(self.item)  # a generator (a hook wrapper)
            next(hooks)
            self._assertion_hooks = hooks
        except (ImportError, AttributeError, TypeError, StopIteration):
            self._assertion_hooks = None
        reports = [self._call_and_report(self.item, "setup", False)]
        reports.append(self._call_and_report(self.item, "teardown", False, nextitem=self._above))
        self._forget_request()
        failure = _first_failure(reports)
        if failure is not None:
            raise ScenarioError(_failure_record(self.node_id, failure, None, "setup"))

    def _cycle(self) -> None:
        item = self.item
        context = self._warnings() if self._warnings is not None else None
        if context is not None:
            with context:
                reports = self._protocol(item, log=False, nextitem=self._above)
        else:
            reports = self._protocol(item, log=False, nextitem=self._above)
        del item._report_sections[:]
        props = getattr(item, "user_properties", None)
        if props:
            del props[:]
        _prune_finalizers(self.session.session, self._pytest_files)
        failure = _first_failure(reports)
        if failure is not None:
            raise _TestOutcome(self.node_id, failure)

    def _forget_request(self) -> None:
        if hasattr(self.item, "_request"):
            self.item._request = False
            self.item.funcargs = None

    def _teardown(self) -> None:
        """After the last cycle (the item itself is torn down at the end of each): what is left,
        the higher-scoped fixtures and the nodes above the item, torn down as pytest does after
        its last item. Not through the item's teardown hooks, which would run twice."""
        from _pytest.outcomes import Exit
        from _pytest.reports import TestReport
        from _pytest.runner import CallInfo

        item = self.item
        call = CallInfo.from_call(lambda: item.session._setupstate.teardown_exact(None), when="teardown", reraise=(Exit, KeyboardInterrupt))
        report = TestReport.from_item_and_call(item, call)
        self._restore_assertion_hooks()
        if report.failed:
            raise ScenarioError(_failure_record(self.node_id, report, None, "teardown"))

    def _restore_assertion_hooks(self) -> None:
        hooks, self._assertion_hooks = self._assertion_hooks, None
        if hooks is not None:
            try:
                next(hooks)
            except StopIteration:
                pass

    def close(self) -> None:
        self._restore_assertion_hooks()
        self.session.close()


class _Above:
    """The `nextitem` each cycle's teardown is given: it descends from every node above the
    item, so pytest's SetupState tears down the item alone and keeps its module, class and
    session (and their fixtures) set up. (Given the item itself, pytest would tear down nothing,
    and the next cycle would not set the item up again.)"""

    def __init__(self, item: Any) -> None:
        self._chain = item.listchain()[:-1]

    def listchain(self) -> List[Any]:
        return list(self._chain)


class _NoRecords:
    """An ihook whose pytest_warning_recorded keeps nothing (see the module's docstring)."""

    class _Hook:
        def call_historic(self, *args: Any, **kwargs: Any) -> None:
            pass

    pytest_warning_recorded = _Hook()


_NO_WARNING_RECORDS = _NoRecords()


def _pytest_dirs() -> Tuple[str, ...]:
    import _pytest

    return (os.path.dirname(os.path.abspath(_pytest.__file__)) + os.sep,)


def _prune_finalizers(session: Any, pytest_dirs: Tuple[str, ...]) -> None:
    """Keep each of pytest's own finalizers once per fixture it finishes, in the finalizer lists
    of higher-scoped fixtures and nodes: pytest appends one each time a function-scoped request
    uses them, and would run them all (as no-ops but the first) only at the end."""
    manager = getattr(session, "_fixturemanager", None)
    for definitions in list(getattr(manager, "_arg2fixturedefs", {}).values()):
        for definition in definitions:
            finalizers = getattr(definition, "_finalizers", None)
            if finalizers and len(finalizers) > 1:
                _dedupe(finalizers, pytest_dirs)
    stack = getattr(getattr(session, "_setupstate", None), "stack", None)
    if isinstance(stack, dict):
        for entry in stack.values():
            finalizers = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(finalizers, list) and len(finalizers) > 1:
                _dedupe(finalizers, pytest_dirs)


def _dedupe(finalizers: List[Any], pytest_dirs: Tuple[str, ...]) -> None:
    seen = set()
    kept = []
    for finalizer in finalizers:
        key = _finalizer_key(finalizer, pytest_dirs)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        kept.append(finalizer)
    if len(kept) != len(finalizers):
        finalizers[:] = kept


def _finalizer_key(finalizer: Any, pytest_dirs: Tuple[str, ...]) -> Optional[Tuple[Any, ...]]:
    """(pytest's code, the fixture definitions it finishes), for a finalizer made by pytest
    itself (a partial of FixtureDef.finish, a lambda in _pytest/fixtures.py); None otherwise."""
    func = getattr(finalizer, "func", None)
    if func is not None and getattr(finalizer, "args", None) == ():
        target = getattr(func, "__self__", None)
        code = getattr(getattr(func, "__func__", None), "__code__", None)
        if target is not None and code is not None and code.co_filename.startswith(pytest_dirs):
            return (code, id(target))
        return None
    code = getattr(finalizer, "__code__", None)
    if code is None or not code.co_filename.startswith(pytest_dirs):
        return None
    cells = getattr(finalizer, "__closure__", None) or ()
    targets = []
    for cell in cells:
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if type(value).__name__ == "FixtureDef":
            targets.append(id(value))
    return (code,) + tuple(targets) if targets else None


def _first_failure(reports: List[Any]) -> Any:
    for report in reports:
        if report.failed or report.skipped:
            return report
    return None


def _failure_record(node_id: str, report: Any, cycle: Optional[int], phase: str) -> ErrorRecord:
    where = " on cycle %d (%s)" % (cycle, phase) if cycle is not None else " (%s, before the warm-up)" % phase if phase == "setup" else " (%s)" % phase
    text = str(report.longreprtext or "")
    if report.skipped:
        xfail = getattr(report, "wasxfail", None)
        reason = _skip_reason(report)
        if xfail is not None:
            message = "%s xfailed%s: %s" % (node_id, where, xfail or reason)
            kind = "test-xfailed"
        else:
            message = "%s was skipped%s: %s" % (node_id, where, reason)
            kind = "test-skipped"
        return {"kind": kind, "message": message, "phase": phase}
    if report.when == "call":
        kind, what = "test-failed", "failed"
    else:
        kind, what = "fixture-error", "had an error in fixture %s" % report.when
    return {"kind": kind, "message": "%s %s%s: %s" % (node_id, what, where, _crash_message(report)), "traceback": text, "phase": phase}


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
        return reason[len("Skipped: ") :] if reason.startswith("Skipped: ") else reason
    return last_line(str(report.longreprtext or ""))


def _crash_message(report: Any) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    if message:
        return str(message).strip().splitlines()[0]
    return last_line(str(report.longreprtext or "")) or "no detail"


class _TestOutcome(Exception):
    """A cycle whose test failed, errored or was skipped; scenario.cycle_failure asks it for its record."""

    def __init__(self, node_id: str, report: Any) -> None:
        super().__init__(node_id)
        self.node_id = node_id
        self.report = report

    def describe_cycle(self, cycle_number: int, phase: str) -> ErrorRecord:
        record = _failure_record(self.node_id, self.report, cycle_number, phase)
        self.report = None
        return record


def close_node_ids(node_id: str, ids: List[str]) -> List[str]:
    """The ids nearest NODE_ID, compared on what follows the file (`::test_chekout` against
    `::test_checkout`): over whole ids the shared path makes every test of the file look close."""
    _, _, wanted = node_id.partition("::")
    by_name: Dict[str, str] = {}
    for candidate in ids:
        by_name.setdefault(candidate.partition("::")[2], candidate)
    return [by_name[name] for name in difflib.get_close_matches(wanted, list(by_name), n=5, cutoff=0.6)]

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
    per fixture they finish (_prune_finalizers).
The cache provider stays loaded (the `cache` fixture and plugins that use config.cache work)
but writes to a folder of the run's own (-o cache_dir), never into the project; -p
no:cacheprovider would break them. -qq keeps the terminal reporter (plugins use it) quiet:
with log=False it has nothing to say per cycle, and -qq drops its closing "no tests ran".
The working directory is first on sys.path, as with `python -m pytest`.

A collection (`--pytest "ARGS"`) is pytest's collection with those arguments, in the same
way; the node ids it finds are written as a "collected" record (collect_node_ids).
"""
from __future__ import annotations

import os
import sys

from .scenario import Runner, ScenarioError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Callable, Dict, List, Optional, Tuple
    from .records import ErrorRecord

def is_node_id(target: str) -> bool:
    """A target with `::` is a pytest node id (tests/test_api.py::test_checkout)."""
    return "::" in target


def _import_pytest() -> Any:
    try:
        import pytest  # noqa: F401
        from _pytest import runner  # noqa: F401
    except ImportError as error:
        raise ScenarioError(
            {
                "kind": "pytest-missing",
                "message": "pytest is not installed for %s (%s: %s): install it in the environment the tests run in, or pass --python"
                % (sys.executable, type(error).__name__, error),
            }
        ) from None
    return pytest


class _Collected:
    """A plugin that keeps what collection found and the collection errors."""

    def __init__(self) -> None:
        self.errors: List[Tuple[str, str]] = []  # (node id, the error as pytest words it)

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.errors.append((report.nodeid, str(report.longreprtext)))


class _Session:
    """pytest, started in this process with ARGS as its command line, its session collected;
    close() ends it as pytest's wrap_session does."""

    def __init__(self, args: List[str], cwd: str) -> None:
        pytest = _import_pytest()
        from _pytest.config import _prepareconfig
        from _pytest.main import Session

        # `python -m pytest` puts the working directory first on sys.path; so does leakgate.
        if sys.path[:1] != [cwd]:
            sys.path.insert(0, cwd)
        import tempfile

        self.cache_dir = tempfile.mkdtemp(prefix="leakgate-pytest-cache-")
        self.collected = _Collected()
        self.config: Any = None
        self.session: Any = None
        self.started = False
        try:
            self.config = _prepareconfig(list(args) + ["-qq", "-o", "cache_dir=%s" % self.cache_dir], plugins=[self.collected])
            self.session = Session.from_config(self.config)
            self.config._do_configure()
            self.config.hook.pytest_sessionstart(session=self.session)
            self.started = True
            self.config.hook.pytest_collection(session=self.session)
        except pytest.UsageError as error:
            self.close()
            raise ScenarioError({"kind": "pytest-usage", "message": "pytest %s: %s" % (" ".join(args), error)}) from None
        except (KeyboardInterrupt, SystemExit):
            self.close()
            raise
        except BaseException as error:
            self.close()
            from _pytest.outcomes import Exit

            if isinstance(error, Exit):  # pytest.exit() in a conftest.py or a plugin
                raise ScenarioError({"kind": "pytest-usage", "message": "pytest %s exited: %s" % (" ".join(args), error)}) from None
            from .scenario import exception_record

            raise ScenarioError(exception_record("collect-failed", error, "starting pytest %s raised" % " ".join(args))) from None
        if self.collected.errors:
            nodeid, text = self.collected.errors[0]
            self.close()
            raise ScenarioError(
                {"kind": "collect-failed", "message": "pytest could not collect %s: %s" % (nodeid or " ".join(args), _last_line(text)), "traceback": text}
            )

    def close(self) -> None:
        """End the session as wrap_session does (sessionfinish, unconfigure); remove the cache folder."""
        import shutil

        config, self.config = self.config, None
        try:
            if config is not None:
                try:
                    if self.started:
                        config.hook.pytest_sessionfinish(session=self.session, exitstatus=0)
                finally:
                    config._ensure_unconfigure()
        finally:
            shutil.rmtree(self.cache_dir, ignore_errors=True)


def cwd_node_id(item: Any, cwd: str) -> str:
    """The item's node id with its file relative to the working directory (pytest's is relative
    to its rootdir, which may be a folder above)."""
    path = str(getattr(item, "path", None) or item.fspath)
    rest = item.nodeid.partition("::")[2]
    relative = os.path.relpath(path, cwd).replace(os.sep, "/")
    return relative + "::" + rest if rest else relative


def _normalised(node_id: str) -> str:
    path, sep, rest = node_id.partition("::")
    return os.path.normpath(path).replace(os.sep, "/") + sep + rest


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else text


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
        self.pytest = _import_pytest()
        from _pytest.runner import call_and_report, runtestprotocol

        self._protocol = runtestprotocol
        self._call_and_report = call_and_report
        # The test's file, collected whole: its items are the candidates when the id matches none.
        self.session = _Session([file_part], cwd)
        try:
            wanted = _normalised(node_id)
            items = self.session.session.items
            matches = [item for item in items if _normalised(cwd_node_id(item, cwd)) == wanted]
            if len(matches) != 1:
                ids = [cwd_node_id(item, cwd) for item in items]
                if not matches:
                    wider = [i for i in ids if i.startswith(wanted + "[") or i.startswith(wanted + "::")]
                    import difflib

                    close = wider[:20] or difflib.get_close_matches(node_id, ids, n=5, cutoff=0.6)
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
    return _last_line(str(report.longreprtext or ""))


def _crash_message(report: Any) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    if message:
        return str(message).strip().splitlines()[0]
    return _last_line(str(report.longreprtext or "")) or "no detail"


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


def collect_node_ids(args_text: str, cwd: str) -> Dict[str, Any]:
    """Run pytest's collection with ARGS_TEXT (split as a shell would, no shell runs) and
    return the "collected" record: every item's node id, relative to the working directory."""
    import shlex

    try:
        args = shlex.split(args_text)
    except ValueError as error:
        raise ScenarioError({"kind": "pytest-usage", "message": "the pytest arguments %r cannot be split: %s" % (args_text, error)}) from None
    session = _Session(args, cwd)
    try:
        ids = [cwd_node_id(item, cwd) for item in session.session.items]
    finally:
        session.close()
    return {"t": "collected", "args": args_text, "ids": ids}

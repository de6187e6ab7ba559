"""Loading the scenario and calling it: its module, its cycle, setup and teardown, sync or
async; its failures described as "error" records (records.ErrorRecord), with the harness's own
frames left out of their tracebacks."""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
import traceback

from .own import HARNESS_FILES

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from types import ModuleType
    from typing import Any, Callable, List, Optional, Tuple
    from .records import ErrorRecord


class ScenarioError(Exception):
    """A failure of the user's scenario, already described as an "error" record."""

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.get("message", ""))
        self.record = record


def load_scenario(target: str, cwd: str) -> Tuple[ModuleType, Callable[[], Any]]:
    """Import TARGET (path.py, path.py:func or package.module:func) and return (module, cycle)."""
    spec, _, func_name = target.partition(":") if not _is_windows_drive(target) else _split_windows(target)
    if sys.path[:1] != [cwd]:
        sys.path.insert(0, cwd)
    if spec.endswith(".py") or os.sep in spec or "/" in spec:
        path = os.path.abspath(os.path.join(cwd, spec))
        if not os.path.isfile(path):
            raise ScenarioError({"kind": "missing-file", "message": "scenario file not found: %s" % spec, "path": path})
        directory = os.path.dirname(path)
        if directory not in sys.path:
            sys.path.insert(0, directory)
        name = os.path.splitext(os.path.basename(path))[0]
        if name in sys.modules or not name.isidentifier():
            name = "leakgate_scenario_" + "".join(c if c.isalnum() else "_" for c in name)
        module_spec = importlib.util.spec_from_file_location(name, path)
        if module_spec is None or module_spec.loader is None:
            raise ScenarioError({"kind": "missing-file", "message": "scenario file cannot be loaded: %s" % spec, "path": path})
        module = importlib.util.module_from_spec(module_spec)
        loader: Any = module_spec.loader  # the one spec_from_file_location chose for the file
        sys.modules[name] = module
        try:
            loader.exec_module(module)
        except SyntaxError as error:
            raise ScenarioError(syntax_error_record(error, path)) from None
        except BaseException as error:  # report anything the import raises
            raise ScenarioError(exception_record("import-raised", error, "importing %s raised" % spec)) from None
    else:
        try:
            module = importlib.import_module(spec)
        except SyntaxError as error:
            raise ScenarioError(syntax_error_record(error, error.filename or spec)) from None
        except ModuleNotFoundError as error:
            if error.name and spec.startswith(error.name):
                raise ScenarioError({"kind": "missing-module", "message": "module %r cannot be imported from %s" % (spec, cwd), "module": spec}) from None
            raise ScenarioError(exception_record("import-raised", error, "importing %s raised" % spec)) from None
        except BaseException as error:
            raise ScenarioError(exception_record("import-raised", error, "importing %s raised" % spec)) from None
    func_name = func_name or "cycle"
    cycle = getattr(module, func_name, None)
    if not callable(cycle):
        found = sorted(
            name
            for name, value in vars(module).items()
            if inspect.isfunction(value) and getattr(value, "__module__", None) == module.__name__ and not name.startswith("_")
        )
        raise ScenarioError({"kind": "no-cycle", "message": "%s has no callable %r" % (spec, func_name), "function": func_name, "candidates": found[:20]})
    return module, cycle


def _is_windows_drive(target: str) -> bool:
    return len(target) > 2 and target[1] == ":" and target[0].isalpha() and target[2] in "\\/"


def _split_windows(target: str) -> Tuple[str, str, str]:
    head, sep, func = target[2:].partition(":")
    return target[:2] + head, sep, func


def syntax_error_record(error: SyntaxError, path: str) -> ErrorRecord:
    return {
        "kind": "syntax",
        "message": "syntax error in %s, line %s: %s" % (path, error.lineno, error.msg),
        "path": path,
        "line": error.lineno,
        "text": (error.text or "").rstrip("\n"),
        "traceback": "".join(traceback.format_exception_only(type(error), error)),
    }


def exception_record(kind: str, error: BaseException, what: str) -> ErrorRecord:
    return {
        "kind": kind,
        "message": "%s %s: %s" % (what, type(error).__name__, error),
        "exception": type(error).__name__,
        "traceback": user_traceback(error),
    }


def user_traceback(error: BaseException) -> str:
    """The traceback with this harness's own frames left out."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if os.path.abspath(frame.filename) not in HARNESS_FILES]
    lines = ["Traceback (most recent call last):\n"] + traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "".join(lines)


class Runner:
    """Calls setup, cycle and teardown, sync or async; one event loop lives across all cycles."""

    def __init__(self, module: ModuleType, cycle: Callable[[], Any]) -> None:
        self.cycle = cycle
        self.setup = getattr(module, "setup", None)
        self.teardown = getattr(module, "teardown", None)
        self.is_async = inspect.iscoroutinefunction(cycle)
        self.loop: Optional[Any] = None  # an asyncio event loop
        if self.is_async:
            import asyncio

            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)

    def call(self, func: Callable[[], Any]) -> None:
        result = func()
        if inspect.isawaitable(result):
            if self.loop is None:
                import asyncio

                self.loop = asyncio.new_event_loop()
                asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(result)

    def close(self) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.close()


def guarded(runner: Runner, func: Callable[[], Any], kind: str, what: str) -> None:
    """Call setup() or teardown(); a failure becomes a ScenarioError of `kind`."""
    try:
        runner.call(func)
    except ScenarioError:  # already described (a pytest item's setup, pytest_scenario.py)
        raise
    except SystemExit as error:
        raise ScenarioError(
            {
                "kind": "exit-called",
                "message": "%s: sys.exit(%r) was called" % (what, error.code),
                "code": exit_code(error.code),
                "traceback": user_traceback(error),
            }
        ) from None
    except BaseException as error:
        raise ScenarioError(exception_record(kind, error, what)) from None


def cycle_failure(error: BaseException, cycle_number: int, phase: str) -> ScenarioError:
    """What a cycle that raised (or called sys.exit) is reported as."""
    describe = getattr(error, "describe_cycle", None)  # a pytest item's outcome (pytest_scenario.py)
    if describe is not None and getattr(type(error), "__module__", "").startswith("leakgate_harness."):
        return ScenarioError(describe(cycle_number, phase))
    if isinstance(error, SystemExit):
        return ScenarioError({
            "kind": "exit-called",
            "message": "cycle %d (%s) called sys.exit(%r)" % (cycle_number, phase, error.code),
            "code": exit_code(error.code),
            "phase": phase,
            "traceback": user_traceback(error),
        })
    record = exception_record("cycle-raised", error, "cycle %d (%s) raised" % (cycle_number, phase))
    record["phase"] = phase
    return ScenarioError(record)


def exit_code(code: object) -> object:
    return code if isinstance(code, int) or code is None else str(code)

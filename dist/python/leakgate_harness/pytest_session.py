"""pytest started in the harness's process (issue 17): its configuration (the project's ini
file, conftest.py files, plugins), its session and its collection, as pytest's own
`wrap_session` does them, and the collection of node ids a `--pytest "ARGS"` run asks for.
pytest_scenario.py runs one collected item as the scenario.

Options leakgate adds after the project's own: -qq keeps the terminal reporter (plugins use
it) quiet, and -o cache_dir points the cache provider at a folder of the run's own, never into
the project (-p no:cacheprovider would break the `cache` fixture and plugins that use
config.cache). The working directory is first on sys.path, as with `python -m pytest`."""
from __future__ import annotations

# Imported here, through the harness's own importer (run.py, main.py), not later: by then the
# project's folder is first on sys.path, and a module of its (a shlex.py) could stand in for these.
import os
import shlex
import shutil
import sys
import tempfile

from .scenario import ScenarioError, exception_record

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Dict, List, Tuple


def import_pytest() -> Any:
    """The pytest module, or the "pytest-missing" error naming this interpreter and the fix."""
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


class PytestSession:
    """pytest, started in this process with ARGS as its command line, its session collected;
    close() ends it as pytest's wrap_session does."""

    def __init__(self, args: List[str], cwd: str) -> None:
        pytest = import_pytest()
        from _pytest.config import _prepareconfig
        from _pytest.main import Session

        # `python -m pytest` puts the working directory first on sys.path; so does leakgate.
        if sys.path[:1] != [cwd]:
            sys.path.insert(0, cwd)
        self.cache_dir = tempfile.mkdtemp(prefix="leakgate-pytest-cache-")
        self.collected = _Collected()
        self.config: Any = None
        self.session: Any = None
        self.started = False
        try:
            self.config = _prepareconfig(list(args) + ["-qq", "-o", "cache_dir=%s" % self.cache_dir], plugins=[self.collected])
            option = self.config.option
            if getattr(option, "dist", "no") != "no":  # pytest-xdist (-n N --dist load in addopts): the tests run here
                option.dist = "no"
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
            raise ScenarioError(exception_record("collect-failed", error, "starting pytest %s raised" % " ".join(args))) from None
        if self.collected.errors:
            nodeid, text = self.collected.errors[0]
            self.close()
            raise ScenarioError(
                {"kind": "collect-failed", "message": "pytest could not collect %s: %s" % (nodeid or " ".join(args), last_line(text)), "traceback": text}
            )

    def close(self) -> None:
        """End the session as wrap_session does (sessionfinish, unconfigure); remove the cache folder."""
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


def normalised(node_id: str) -> str:
    """A node id with its path normalised (./tests//a.py → tests/a.py), to compare two."""
    path, sep, rest = node_id.partition("::")
    return os.path.normpath(path).replace(os.sep, "/") + sep + rest


def last_line(text: str) -> str:
    """The last non-blank line of pytest's words (the exception, under its traceback)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else text


def collect_node_ids(args_text: str, cwd: str) -> Dict[str, Any]:
    """Run pytest's collection with ARGS_TEXT (split as a shell would, no shell runs) and
    return the "collected" record: every item's node id, relative to the working directory."""
    try:
        args = shlex.split(args_text)
    except ValueError as error:
        raise ScenarioError({"kind": "pytest-usage", "message": "the pytest arguments %r cannot be split: %s" % (args_text, error)}) from None
    session = PytestSession(args, cwd)
    try:
        ids = [cwd_node_id(item, cwd) for item in session.session.items]
    finally:
        session.close()
    return {"t": "collected", "args": args_text, "ids": ids}

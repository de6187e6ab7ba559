"""The harness's entry, called by ../leakgate_run.py once the interpreter is known to be new enough."""
from __future__ import annotations

import faulthandler
import os
import signal
import sys

from .channels import Control, Records
from .own import EXIT_BAD_INVOCATION, EXIT_OK, EXIT_SCENARIO_FAILED
from .run import Harness
from .settings import SettingsError, parse_settings

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from types import ModuleType
    from typing import Callable, List, Union


def main(argv: List[str], import_from_source: Callable[[str], ModuleType]) -> int:
    """Run the harness; import_from_source imports a module of this package from its source
    (see ../leakgate_run.py), for the modules only a traced window needs."""
    # Short on purpose: this frame sits below every cycle's (see run.drive).
    harness = _harness_for(argv, import_from_source)
    return harness.run() if isinstance(harness, Harness) else harness


def _harness_for(argv: List[str], import_from_source: Callable[[str], ModuleType]) -> Union[Harness, int]:
    """The harness for the settings file named in argv, or an exit code when it is unusable."""
    if len(argv) != 1:
        sys.stderr.write("usage: leakgate_run.py SETTINGS.json\n")
        return EXIT_BAD_INVOCATION
    try:
        with open(argv[0], "r", encoding="utf-8") as handle:
            settings = parse_settings(handle.read())
    except (OSError, SettingsError) as error:
        sys.stderr.write(
            (
                "leakgate: cannot use the harness settings %s: %s (they are written by leakgate's TypeScript side, "
                "which sends every setting: is this harness from the same leakgate version?)\n"
            )
            % (argv[0], error)
        )
        return EXIT_BAD_INVOCATION
    # Enabled here, after leakgate_run.py's version check, not with -X faulthandler (which
    # Python 2 refuses before that check can say it is too old).
    faulthandler.enable()  # a crash in C code prints the Python stack to stderr, which we keep
    _dump_stacks_on_request(settings.stacks_path)
    records = Records(settings.records_path)
    os.chdir(settings.cwd)
    if settings.collect is not None:
        import_from_source("leakgate_harness.pytest_session")
        return _collect(settings.collect, settings.cwd, records)
    control = Control()
    return Harness(settings, records, control, import_from_source)


def _collect(args: str, cwd: str, records: Records) -> int:
    """Collect pytest node ids instead of running a scenario (issue 17): a "collected" record, or an "error" record."""
    from .pytest_session import collect_node_ids
    from .scenario import ScenarioError

    try:
        records.write(collect_node_ids(args, cwd))
    except ScenarioError as error:
        records.write(dict(error.record, t="error"))
        return EXIT_SCENARIO_FAILED
    records.write({"t": "done"})
    return EXIT_OK


def _dump_stacks_on_request(path: str) -> None:
    """On SIGUSR1, write every thread's stack to PATH: on a time-out the TypeScript side asks
    for it before it kills the process, so the report says where the scenario hung. A file of
    our own, opened before the scenario loads, rather than stderr, which the scenario fills."""
    usr1 = getattr(signal, "SIGUSR1", None)
    if not path or usr1 is None:
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    faulthandler.register(usr1, file=fd, all_threads=True, chain=False)

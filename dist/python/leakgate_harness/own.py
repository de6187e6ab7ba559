"""What is the harness's own: its exit codes and its files.

The exit codes each mean one thing; src/harness/failures.ts turns each into words. The files
are left out of the tracebacks, stacks and allocation sites the scenario is shown."""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Dict

EXIT_OK = 0
EXIT_SCENARIO_FAILED = 10  # an "error" record says what failed
EXIT_BAD_INVOCATION = 11  # the settings file is missing or malformed
EXIT_CHANNEL_LOST = 12  # the records or control channel went away
# 13, Python too old, is leakgate_run.py's: it must be said before this package can be parsed.

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
HARNESS_FILES = frozenset(
    [os.path.join(PACKAGE_DIR, name) for name in os.listdir(PACKAGE_DIR) if name.endswith(".py")]
    + [os.path.join(os.path.dirname(PACKAGE_DIR), "leakgate_run.py")]
)

_harness_file_names: Dict[str, bool] = {}


def is_harness_file(filename: str) -> bool:
    """Whether a frame's file is this harness's; remembered by name, since the frames of
    thousands of sites name a few files."""
    known = _harness_file_names.get(filename)
    if known is None:
        known = _harness_file_names[filename] = os.path.abspath(filename) in HARNESS_FILES
    return known

# leakgate harness entry point. Kept to syntax that every Python 3 (and 2.7)
# can parse, so that an interpreter that is too old gets a clear message from
# us instead of a SyntaxError from the real harness. The command line carries no
# interpreter options (no -X faulthandler): Python 2 rejects -X with exit code 2
# before this check could run; the harness enables faulthandler itself.
import sys

MINIMUM = (3, 9)
EXIT_PYTHON_TOO_OLD = 13

if sys.version_info[:2] < MINIMUM:
    sys.stderr.write(
        "leakgate: Python %d.%d.%d is too old: leakgate needs Python %d.%d or newer "
        "(pass --python PATH to pick another interpreter)\n"
        % (sys.version_info[0], sys.version_info[1], sys.version_info[2], MINIMUM[0], MINIMUM[1])
    )
    sys.exit(EXIT_PYTHON_TOO_OLD)


def _load_harness():
    """Import the harness from its source, never from bytecode.

    A .pyc is code, and any cache of it lies where the scenario (the same user) can write:
    a scenario could plant a .pyc for leakgate_probe that the next, unrelated run would
    execute (issue 11). So the harness modules are compiled from the shipped source on every
    run (about 20-40 ms), nothing is written, and a __pycache__ beside them is ignored."""
    import importlib.machinery
    import os

    folder = os.path.dirname(os.path.abspath(__file__))

    class SourceOnlyLoader(importlib.machinery.SourceFileLoader):
        def get_code(self, fullname):
            path = self.get_filename(fullname)
            return self.source_to_code(self.get_data(path), path)

    class HarnessFinder(object):
        """Finds the harness's own modules (leakgate_*.py beside this file) and loads them from source."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            if "." in name or not name.startswith("leakgate_"):
                return None
            candidate = os.path.join(folder, name + ".py")
            if not os.path.isfile(candidate):
                return None
            return importlib.util.spec_from_file_location(name, candidate, loader=SourceOnlyLoader(name, candidate))

    import importlib.util

    sys.meta_path.insert(0, HarnessFinder)
    try:
        import leakgate_probe  # noqa: E402  (imported after the version check on purpose)
    finally:
        sys.meta_path.remove(HarnessFinder)

    # The harness folder must not shadow the user's own modules.
    sys.path.pop(0)
    return leakgate_probe


def _end(code):
    """End the process now, with the harness's exit code: the run is over and its results are
    written. Python's own exit would wait for every non-daemon thread the scenario left
    running (issue 10), and for children multiprocessing joins at exit; leakgate reports
    those and ends what is left of the process group."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed or broken stream must not change the exit code
            pass
    import os

    os._exit(code if isinstance(code, int) else 1)


# This module's frame sits below every cycle's: little code comes before this call (see
# leakgate_probe.drive).
_end(_load_harness().main(sys.argv[1:]))

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
    """Import the harness package (leakgate_harness/ beside this file) from its source, never
    from bytecode, and return its main function.

    A .pyc is code, and any cache of it lies where the scenario (the same user) can write:
    a scenario could plant a .pyc for a harness module that the next, unrelated run would
    execute (issue 11). So the harness modules are compiled from the shipped source on every
    run (about 20-40 ms), nothing is written, and a __pycache__ beside them is ignored. Every
    module of the package is imported here, before the scenario loads: none is imported later."""
    import importlib.machinery
    import importlib.util
    import os

    folder = os.path.dirname(os.path.abspath(__file__))
    package = "leakgate_harness"
    package_folder = os.path.join(folder, package)

    class SourceOnlyLoader(importlib.machinery.SourceFileLoader):
        def get_code(self, fullname):
            path = self.get_filename(fullname)
            return self.source_to_code(self.get_data(path), path)

    class HarnessFinder(object):
        """Finds the harness package and its modules, and loads them from source."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == package:
                candidate = os.path.join(package_folder, "__init__.py")
                search = [package_folder]
            elif name.startswith(package + ".") and name.count(".") == 1:
                candidate = os.path.join(package_folder, name.split(".")[1] + ".py")
                search = None
            else:
                return None
            if not os.path.isfile(candidate):
                return None
            return importlib.util.spec_from_file_location(name, candidate, loader=SourceOnlyLoader(name, candidate), submodule_search_locations=search)

    sys.meta_path.insert(0, HarnessFinder)
    try:
        from leakgate_harness.main import main  # imported after the version check on purpose
    finally:
        sys.meta_path.remove(HarnessFinder)

    # The harness folder must not shadow the user's own modules.
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == folder:
        sys.path.pop(0)
    return main


def _end(code):
    """End the process now, with the harness's exit code: the run is over and its results are
    written. Python's own exit would wait for every non-daemon thread the scenario left
    running (issue 10), and for children multiprocessing joins at exit; leakgate reports
    those and ends what is left of the process group."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a closed or broken stream must not change the exit code
            pass
    import os

    os._exit(code if isinstance(code, int) else 1)


# This module's frame sits below every cycle's: little code comes before this call (see
# leakgate_harness/run.py, drive).
_end(_load_harness()(sys.argv[1:]))

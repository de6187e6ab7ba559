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
    from bytecode; return its main function and the function that imports its other modules
    the same way later.

    A .pyc is code, and any cache of it lies where the scenario (the same user) can write:
    a scenario could plant a .pyc for a harness module that the next, unrelated run would
    execute (issue 11). So the harness modules are compiled from the shipped source on every
    run, nothing is written, and a __pycache__ beside them is ignored. Compiling costs start-up
    time, so the traced window's modules are compiled only when a window runs (issue 12): that
    later import goes through the same finder, never Python's own, which would read a .pyc."""
    import importlib
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

    # Where the harness's own imports of the standard library are looked for: the interpreter's
    # path without the harness folder (which must not shadow the user's modules), and without
    # the folders the scenario adds later, so that a module of the scenario's never stands in
    # for one that the traced window imports.
    harness_path = list(sys.path)
    if harness_path and os.path.abspath(harness_path[0] or os.curdir) == folder:
        harness_path.pop(0)
        sys.path.pop(0)

    class HarnessFinder(object):
        """Finds the harness package and its modules, and loads them from source; any other
        top-level module on harness_path, while the harness imports."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == package:
                candidate = os.path.join(package_folder, "__init__.py")
                search = [package_folder]
            elif name.startswith(package + ".") and name.count(".") == 1:
                candidate = os.path.join(package_folder, name.split(".")[1] + ".py")
                search = None
            elif path is None and name not in sys.builtin_module_names and importlib.machinery.FrozenImporter.find_spec(name) is None:
                return importlib.machinery.PathFinder.find_spec(name, harness_path)
            else:
                return None
            if not os.path.isfile(candidate):
                return None
            return importlib.util.spec_from_file_location(name, candidate, loader=SourceOnlyLoader(name, candidate), submodule_search_locations=search)

    def import_from_source(name):
        """Import a module of the harness package, and what it imports, as described above."""
        sys.meta_path.insert(0, HarnessFinder)
        try:
            return importlib.import_module(name)
        finally:
            sys.meta_path.remove(HarnessFinder)

    # Imported after the version check on purpose.
    return import_from_source(package + ".main").main, import_from_source


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
_main, _import_from_source = _load_harness()
_end(_main(sys.argv[1:], _import_from_source))

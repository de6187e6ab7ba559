# leakgate harness entry point. Kept to syntax that every Python 3 (and 2.7)
# can parse, so that an interpreter that is too old gets a clear message from
# us instead of a SyntaxError from the real harness.
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


def _private_bytecode_cache():
    """A folder of this user's own for the harness's compiled bytecode, or None.

    Compiling the harness costs ~15 ms a run. No .pyc may go beside it (the action's folder
    stays as shipped), so they go under the temp dir, in a folder that only this user can
    write: a .pyc is code, and a folder that others can write could hand us theirs."""
    import os

    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no cheap ownership check, so no cache
        return None
    folder = os.path.join(os.environ.get("TMPDIR") or "/tmp", "leakgate-bytecode-%d" % getuid())
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    import stat

    if not stat.S_ISDIR(info.st_mode) or info.st_uid != getuid() or info.st_mode & 0o077:
        return None
    return folder


def _load_harness():
    """Import the harness, with its bytecode cached privately."""
    # The standard modules the harness uses load first, from their own __pycache__: under the
    # prefix below they would be compiled again into it.
    import __future__, ast, collections, inspect, json, linecache, mmap, site, sysconfig, traceback, types  # noqa: E401,E402,F401

    saved = (sys.dont_write_bytecode, sys.pycache_prefix)
    cache = _private_bytecode_cache()
    sys.dont_write_bytecode = cache is None
    if cache is not None:
        sys.pycache_prefix = cache
    try:
        import leakgate_probe  # noqa: E402  (imported after the version check on purpose)
    finally:
        # The scenario's own modules get the interpreter's settings back.
        sys.dont_write_bytecode, sys.pycache_prefix = saved

    # The harness folder must not shadow the user's own modules.
    sys.path.pop(0)
    return leakgate_probe


# This module's frame sits below every cycle's: little code comes before this call (see
# leakgate_probe.drive).
sys.exit(_load_harness().main(sys.argv[1:]))

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

# No .pyc beside the harness: the action's folder stays as it was shipped.
_dont_write = sys.dont_write_bytecode
sys.dont_write_bytecode = True
import leakgate_probe  # noqa: E402  (imported after the version check on purpose)
sys.dont_write_bytecode = _dont_write

# The harness folder must not shadow the user's own modules.
_here = sys.path.pop(0)
sys.exit(leakgate_probe.main(sys.argv[1:]))

"""leakgate's Python harness: run a scenario for N cycles and stream what it measures.

The TypeScript side starts this process with one argument, the path of a JSON
settings file, and reads three channels that the scenario cannot write to:

* records (settings["recordsPath"]): newline-delimited JSON, one object a line,
  written with os.write on a descriptor opened before the scenario is imported;
* samples (settings["samplesPath"]): a memory-mapped file of float64 rows, one
  row per cycle, written in place.  Nothing is buffered in this process, so a
  segfault or os._exit inside a cycle loses nothing that was measured;
* control: standard input, duplicated to a private descriptor before the
  scenario is imported (fd 0 is then pointed at /dev/null).  After the
  untraced phase the harness asks, with an "await" record, whether to run a
  traced window, and reads the answer here.

The scenario's own stdout and stderr are left alone: the TypeScript side keeps
their tail.

Measurement hygiene: every reading happens after gc.collect(); nothing this
module keeps grows while cycles run (the per-cycle buffer is the mapped file,
allocated up front); tracemalloc is on only during the traced window, and the
traces this module allocates itself are filtered out by file name.
"""
from __future__ import annotations

import array
import ast
import collections
import gc
import importlib
import importlib.util
import inspect
import itertools
import json
import linecache
import mmap
import operator
import os
import site
import sys
import sysconfig
import time
import traceback

import leakgate_retention  # the harness folder is on sys.path only while this module loads

# Exit codes: each means one thing; src/harness/exit-codes.ts turns them into words.
EXIT_OK = 0
EXIT_SCENARIO_FAILED = 10  # an "error" record says what failed
EXIT_BAD_INVOCATION = 11  # the settings file is missing or malformed
EXIT_CHANNEL_LOST = 12  # the records or control channel went away

# One row of the samples file: cycle number (1-based, 0 = not written), phase,
# seconds the cycle took, allocated blocks, RSS bytes, open fds, traced bytes,
# malloc heap bytes.  NaN means "not sampled on this cycle".
ROW_FIELDS = ("cycle", "phase", "seconds", "blocks", "rssBytes", "fds", "tracedBytes", "heapBytes")
ROW_WIDTH = len(ROW_FIELDS)
PHASE_CODES = {"warmup": 1, "measure": 2, "trace": 3}
NAN = float("nan")

# Per-cycle sampling may cost at most this share of a cycle's own time.
SAMPLE_BUDGET_SHARE = 0.02
# Checkpoints (gc.collect() + a census) may cost at most this share of the measured phase.
CHECKPOINT_BUDGET_SHARE = 0.05
MAX_CHECKPOINTS = 25
MIN_CHECKPOINTS = 8
MAX_SETTLING_CHECKPOINTS = 6
# From this many gc-tracked objects after the warm-up, the heap is frozen (gc.freeze): every
# later gc.collect() and census then walks only the objects born since, instead of millions.
FREEZE_MIN_OBJECTS = 250_000
MAX_TYPES_PER_CENSUS = 2000
MAX_SITES_REPORTED = 30
MAX_FD_TARGETS = 40
PROGRESS_EVERY_SECONDS = 0.5
MAX_RETAINED_TYPES = 5
MIN_TRACED_CYCLES = 5
# The window may end early, once this many snapshots (the first included) all rose, a site in
# the scenario's code rose at each, and the rate is known (RATE_PRECISION). Four rising ones
# are the fewest on which the trend test can be sure (its one-sided p is 0.045); the rate is
# judged on the intervals after the first traced cycle, which carries the window's one-time
# allocations, so one more. Tracing costs 10-60x a cycle's own time.
DECISIVE_SNAPSHOTS = 5
# The traced growth per cycle is known well enough when its standard error is at most this
# share of it: baselines call a leak "worse" at +50% (bench/TOLERANCE.md).
RATE_PRECISION = 0.1
MAX_RETAINED_SITES = 3
RETENTION_BUDGET_SECONDS = 2.0

HARNESS_FILES = {os.path.abspath(os.path.join(os.path.dirname(__file__), name)) for name in ("leakgate_probe.py", "leakgate_run.py", "leakgate_retention.py")}


# ---------------------------------------------------------------- channels ---


class Records:
    """Newline-delimited JSON records, each written with a single os.write."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, record: dict) -> None:
        data = (json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
        try:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
        except OSError as error:
            # The scenario closed our descriptor, or the disk is full: nothing left to report to.
            sys.stderr.write("leakgate: lost the records channel: %s\n" % error)
            os._exit(EXIT_CHANNEL_LOST)


class Control:
    """Answers from the TypeScript side, one JSON object a line, on a private copy of stdin."""

    def __init__(self) -> None:
        self.fd = os.dup(0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)

    def read(self) -> dict:
        line = b""
        while not line.endswith(b"\n"):
            chunk = os.read(self.fd, 4096)
            if not chunk:
                sys.stderr.write("leakgate: the control channel closed before an answer\n")
                os._exit(EXIT_CHANNEL_LOST)
            line += chunk
        return json.loads(line.decode("utf-8"))


class Samples:
    """Fixed-size float64 rows in a memory-mapped file: no allocation per cycle, crash-safe."""

    def __init__(self, path: str, rows: int) -> None:
        size = max(1, rows) * ROW_WIDTH * 8
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        os.ftruncate(self.fd, size)
        self.map = mmap.mmap(self.fd, size)
        self.view = memoryview(self.map).cast("d")
        self.rows = rows

    def put(self, row: int, cycle: int, phase: int, seconds: float, blocks: float, rss: float, fds: float, traced: float, heap: float) -> None:
        if row >= self.rows:
            return
        base = row * ROW_WIDTH
        view = self.view
        view[base + 1] = phase
        view[base + 2] = seconds
        view[base + 3] = blocks
        view[base + 4] = rss
        view[base + 5] = fds
        view[base + 6] = traced
        view[base + 7] = heap
        view[base] = cycle  # written last: a row with a cycle number is complete


# ----------------------------------------------------------------- probes ---


class Probes:
    """The cheap process-wide signals, and which of them this platform offers."""

    def __init__(self) -> None:
        self.notes = []
        self.blocks = getattr(sys, "getallocatedblocks", None)
        if self.blocks is None:
            self.notes.append("allocated blocks: sys.getallocatedblocks() is not available on %s" % sys.implementation.name)
        self._statm = None
        self._page_bytes = 0
        self._win_rss = None
        self._fd_dir = None
        self._mallinfo = None
        self._setup_rss()
        self._setup_fds()
        self._setup_heap()

    def _setup_rss(self) -> None:
        if sys.platform.startswith("linux"):
            try:
                self._statm = os.open("/proc/self/statm", os.O_RDONLY)
                self._page_bytes = os.sysconf("SC_PAGE_SIZE")
                return
            except OSError:
                pass
        if sys.platform == "win32":
            try:
                self._win_rss = _windows_rss_reader()
                return
            except Exception:  # noqa: BLE001 - any failure means "not measurable here"
                pass
        self.notes.append("RSS: current resident memory cannot be read on %s, so native leaks cannot be detected" % sys.platform)

    def _setup_fds(self) -> None:
        for candidate in ("/proc/self/fd", "/dev/fd"):
            if os.path.isdir(candidate):
                self._fd_dir = candidate
                return
        self.notes.append("open descriptors: cannot be listed on %s, so descriptor leaks cannot be detected" % sys.platform)

    def _setup_heap(self) -> None:
        if not sys.platform.startswith("linux"):
            return
        try:
            import ctypes

            class MallInfo2(ctypes.Structure):
                _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

            libc = ctypes.CDLL(None)
            libc.mallinfo2.restype = MallInfo2
            libc.mallinfo2.argtypes = []
            self._mallinfo = libc.mallinfo2
            self.heap_bytes()
        except (OSError, AttributeError):
            self._mallinfo = None
            self.notes.append("malloc heap: mallinfo2() is not available (not glibc 2.33+); native leaks are judged on RSS alone")

    @property
    def capabilities(self) -> dict:
        return {
            "blocks": self.blocks is not None,
            "rss": self._statm is not None or self._win_rss is not None,
            "fds": self._fd_dir is not None,
            "heap": self._mallinfo is not None,
        }

    def allocated_blocks(self) -> float:
        return float(self.blocks()) if self.blocks is not None else NAN

    def rss_bytes(self) -> float:
        if self._statm is not None:
            fields = os.pread(self._statm, 128, 0).split()
            return float(int(fields[1]) * self._page_bytes)
        if self._win_rss is not None:
            return float(self._win_rss())
        return NAN

    def open_fds(self) -> float:
        if self._fd_dir is None:
            return NAN
        # The listing itself holds one descriptor open while it runs.
        return float(len(os.listdir(self._fd_dir)) - 1)

    def heap_bytes(self) -> float:
        if self._mallinfo is None:
            return NAN
        info = self._mallinfo()
        return float(info.uordblks + info.hblkhd)

    def fd_targets(self) -> dict:
        """What the open descriptors point at, folded into kinds ("socket", "pipe", a path)."""
        if self._fd_dir is None or not sys.platform.startswith("linux"):
            return {}
        counts = collections.Counter()
        for name in os.listdir(self._fd_dir):
            try:
                target = os.readlink(os.path.join(self._fd_dir, name))
            except OSError:
                continue
            if target.startswith(("socket:", "pipe:")):
                target = target.split(":", 1)[0]
            counts[target] += 1
        return dict(counts.most_common(MAX_FD_TARGETS))


def _windows_rss_reader():
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD),
            ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    psapi = ctypes.WinDLL("psapi")
    kernel32 = ctypes.WinDLL("kernel32")
    process = kernel32.GetCurrentProcess()
    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)

    def read() -> int:
        psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
        return counters.WorkingSetSize

    read()
    return read


def clear_bounded_caches() -> None:
    """Empty the standard library's bounded caches before a reading, as CPython's refleak
    hunter does (Lib/test/libregrtest/utils.py, clear_caches): a cache like re's holds up to
    512 compiled patterns, fills slower than any warm-up, and would look like a leak.
    Only modules the scenario already imported are touched; nothing is imported here."""
    modules = sys.modules
    for name, attribute in (("re", "purge"), ("struct", "_clearcache"), ("urllib.parse", "clear_cache"), ("linecache", "clearcache")):
        module = modules.get(name)
        func = getattr(module, attribute, None) if module is not None else None
        if callable(func):
            func()
    fnmatch = modules.get("fnmatch")
    compile_pattern = getattr(fnmatch, "_compile_pattern", None) if fnmatch is not None else None
    if hasattr(compile_pattern, "cache_clear"):
        compile_pattern.cache_clear()
    typing = modules.get("typing")
    for cleanup in getattr(typing, "_cleanups", ()) if typing is not None else ():
        cleanup()
    clear_type_cache = getattr(sys, "_clear_type_cache", None)
    if clear_type_cache is not None:
        clear_type_cache()


# --------------------------------------------------------------- scenario ---


class ScenarioError(Exception):
    """A failure of the user's scenario, already described as an "error" record."""

    def __init__(self, record: dict) -> None:
        super().__init__(record.get("message", ""))
        self.record = record


def load_scenario(target: str, cwd: str):
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
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        try:
            module_spec.loader.exec_module(module)
        except SyntaxError as error:
            raise ScenarioError(_syntax_error_record(error, path)) from None
        except BaseException as error:  # noqa: BLE001 - report anything the import raises
            raise ScenarioError(_exception_record("import-raised", error, "importing %s raised" % spec)) from None
    else:
        try:
            module = importlib.import_module(spec)
        except SyntaxError as error:
            raise ScenarioError(_syntax_error_record(error, error.filename or spec)) from None
        except ModuleNotFoundError as error:
            if error.name and spec.startswith(error.name):
                raise ScenarioError({"kind": "missing-module", "message": "module %r cannot be imported from %s" % (spec, cwd), "module": spec}) from None
            raise ScenarioError(_exception_record("import-raised", error, "importing %s raised" % spec)) from None
        except BaseException as error:  # noqa: BLE001
            raise ScenarioError(_exception_record("import-raised", error, "importing %s raised" % spec)) from None
    func_name = func_name or "cycle"
    cycle = getattr(module, func_name, None)
    if not callable(cycle):
        found = sorted(name for name, value in vars(module).items() if inspect.isfunction(value) and getattr(value, "__module__", None) == module.__name__ and not name.startswith("_"))
        raise ScenarioError({"kind": "no-cycle", "message": "%s has no callable %r" % (spec, func_name), "function": func_name, "candidates": found[:20]})
    return module, cycle


def _is_windows_drive(target: str) -> bool:
    return len(target) > 2 and target[1] == ":" and target[0].isalpha() and target[2] in "\\/"


def _split_windows(target: str):
    head, sep, func = target[2:].partition(":")
    return target[:2] + head, sep, func


def _syntax_error_record(error: SyntaxError, path: str) -> dict:
    return {
        "kind": "syntax",
        "message": "syntax error in %s, line %s: %s" % (path, error.lineno, error.msg),
        "path": path,
        "line": error.lineno,
        "text": (error.text or "").rstrip("\n"),
        "traceback": "".join(traceback.format_exception_only(type(error), error)),
    }


def _exception_record(kind: str, error: BaseException, what: str) -> dict:
    return {
        "kind": kind,
        "message": "%s %s: %s" % (what, type(error).__name__, error),
        "exception": type(error).__name__,
        "traceback": _user_traceback(error),
    }


def _user_traceback(error: BaseException) -> str:
    """The traceback with this harness's own frames left out."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if os.path.abspath(frame.filename) not in HARNESS_FILES]
    lines = ["Traceback (most recent call last):\n"] + traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "".join(lines)


class Runner:
    """Calls setup, cycle and teardown, sync or async; one event loop lives across all cycles."""

    def __init__(self, module, cycle) -> None:
        self.cycle = cycle
        self.setup = getattr(module, "setup", None)
        self.teardown = getattr(module, "teardown", None)
        self.is_async = inspect.iscoroutinefunction(cycle)
        self.loop = None
        if self.is_async:
            import asyncio

            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)

    def call(self, func) -> None:
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


# ---------------------------------------------------- threads left running ---

MAX_THREADS_REPORTED = 20
# A thread told to stop in teardown() may need a moment to get there: it is not "left running".
THREADS_GRACE_SECONDS = 0.2


def record_thread_starts():
    """Make Thread.start() note the line that called it (as thread._leakgate_started_at) until
    the returned function is called. Only while the scenario loads and runs setup(): the
    measured cycles must not pay for it, and the traced window's stacks must not include it."""
    import threading

    original = threading.Thread.start
    threading_file = threading.__file__

    def start(thread):
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename == threading_file:
            frame = frame.f_back
        if frame is not None:
            try:
                thread._leakgate_started_at = (frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)
            except Exception:  # noqa: BLE001 - a thread class with __slots__ just goes unnamed
                pass
        return original(thread)

    threading.Thread.start = start

    def stop() -> None:
        if threading.Thread.start is start:
            threading.Thread.start = original

    return stop


def threads_left() -> list:
    """The non-daemon threads still running after teardown(): Python's exit would wait for
    them. Each with its name, the line that started it (when setup() or the import did), its
    target function and where it runs now (its innermost frame outside the standard library)."""
    threading = sys.modules.get("threading")
    if threading is None:
        return []
    main = threading.main_thread()
    deadline = time.perf_counter() + THREADS_GRACE_SECONDS
    alive = []
    for thread in threading.enumerate():
        if thread is main or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.perf_counter()))
        if thread.is_alive():
            alive.append(thread)
    stdlib = os.path.dirname(os.path.abspath(os.__file__))
    frames = sys._current_frames()
    left = []
    for thread in alive[:MAX_THREADS_REPORTED]:
        target = getattr(thread, "_target", None)
        code = getattr(target, "__code__", None)
        frame = frames.get(thread.ident)
        running = None
        while frame is not None:
            if running is None:
                running = frame
            if not os.path.abspath(frame.f_code.co_filename).startswith(stdlib + os.sep):
                running = frame
                break
            frame = frame.f_back
        started = getattr(thread, "_leakgate_started_at", None)
        left.append({
            "name": str(thread.name),
            "startedAt": {"file": started[0], "line": started[1], "function": started[2]} if isinstance(started, tuple) and len(started) == 3 else None,
            "target": {"file": code.co_filename, "line": code.co_firstlineno, "function": code.co_name} if code is not None else None,
            "runningAt": {"file": running.f_code.co_filename, "line": running.f_lineno, "function": running.f_code.co_name} if running is not None else None,
        })
    del frames
    return left


# ------------------------------------------------------------- the census ---


def type_name(kind: type) -> str:
    module = getattr(kind, "__module__", None)
    qualname = getattr(kind, "__qualname__", kind.__name__)
    if module in (None, "builtins"):
        return qualname
    return "%s.%s" % (module, qualname)


def census() -> dict:
    """Live gc-tracked objects counted by qualified type name; call right after gc.collect()."""
    objects = gc.get_objects()
    by_type = collections.Counter(map(type, objects))
    del objects
    counts = {}
    for kind, count in by_type.most_common(MAX_TYPES_PER_CENSUS):
        name = type_name(kind)
        counts[name] = counts.get(name, 0) + count
    return counts


# ------------------------------------------------------- source attribution ---


class CodeIndex:
    """Tells user code from the stdlib, site-packages and leakgate, and names functions."""

    def __init__(self, cwd: str) -> None:
        self.cwd = os.path.abspath(cwd)
        roots = set()
        paths = sysconfig.get_paths()
        for key in ("stdlib", "platstdlib", "purelib", "platlib"):
            if paths.get(key):
                roots.add(os.path.abspath(paths[key]))
        try:
            roots.update(os.path.abspath(p) for p in site.getsitepackages())
        except AttributeError:  # virtualenv's old site.py
            pass
        user_site = getattr(site, "USER_SITE", None)
        if user_site:
            roots.add(os.path.abspath(user_site))
        self.library_roots = tuple(sorted(roots, key=len, reverse=True))
        self._functions = {}

    def is_user_code(self, filename: str) -> bool:
        if not filename or filename.startswith("<"):
            return False
        path = os.path.abspath(filename)
        if path in HARNESS_FILES:
            return False
        parts = path.replace("\\", "/").split("/")
        if "site-packages" in parts or "dist-packages" in parts:
            return False
        if path.startswith(self.cwd + os.sep):
            return True
        return not any(path.startswith(root + os.sep) for root in self.library_roots)

    def display_path(self, filename: str) -> str:
        path = os.path.abspath(filename) if not filename.startswith("<") else filename
        if path.startswith(self.cwd + os.sep):
            return os.path.relpath(path, self.cwd).replace(os.sep, "/")
        return path

    def function_at(self, filename: str, line: int) -> str:
        # Parsing a whole module is exact but costs ~10 ms per library file (Flask's stacks
        # touch a dozen): library frames are named from indentation, which is nearly free.
        if not self.is_user_code(filename):
            return _function_by_indentation(filename, line)
        spans = self._functions.get(filename)
        if spans is None:
            spans = self._functions[filename] = _function_spans(filename)
        best = "<module>"
        best_size = None
        for start, end, name in spans:
            if start <= line <= end and (best_size is None or end - start < best_size):
                best, best_size = name, end - start
        return best

    def frame(self, filename: str, line: int) -> dict:
        return {
            "file": self.display_path(filename),
            "line": line,
            "function": self.function_at(filename, line),
            "code": linecache.getline(filename, line).strip()[:200],
            "userCode": self.is_user_code(filename),
        }


def _function_by_indentation(filename: str, line: int) -> str:
    """The qualified name of the def or class around a line, read from indentation alone
    (the nearest less-indented def or class above it, then the one around that)."""
    lines = linecache.getlines(filename)
    if not 0 < line <= len(lines):
        return "<module>"
    text = lines[line - 1]
    limit = len(text) - len(text.lstrip())
    scopes = []  # (is a class, name), innermost first
    for number in range(line - 2, -1, -1):
        if limit == 0:
            break
        text = lines[number]
        stripped = text.lstrip()
        if not stripped or stripped.startswith(("#", "@")):
            continue
        indent = len(text) - len(stripped)
        if indent >= limit:
            continue
        limit = indent
        for keyword in ("async def ", "def ", "class "):
            if stripped.startswith(keyword):
                name = stripped[len(keyword):].lstrip().split("(")[0].split(":")[0].strip()
                scopes.append((keyword == "class ", name))
                break
    qualified = ""
    prefix = ""
    for is_class, name in reversed(scopes):
        qualified = prefix + name
        prefix = qualified + ("." if is_class else ".<locals>.")
    return qualified or "<module>"


def _function_spans(filename: str):
    """(first line, last line, qualified name) of every def and class in a file."""
    try:
        with open(filename, "rb") as handle:
            tree = ast.parse(handle.read(), filename)
    except (OSError, SyntaxError, ValueError):
        return []
    spans = []
    # Definitions are statements, so only statement lists need walking, not expressions.
    bodies = ("body", "orelse", "finalbody", "handlers")

    def visit(statements, prefix: str) -> None:
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + node.name
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                spans.append((start, getattr(node, "end_lineno", node.lineno) or node.lineno, name))
                visit(node.body, name + ("." if isinstance(node, ast.ClassDef) else ".<locals>."))
                continue
            for field in bodies:
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    visit(inner, prefix)

    visit(tree.body, "")
    return spans


# ---------------------------------------------------------------- the run ---


class Harness:
    def __init__(self, settings: dict, records: Records, control: Control) -> None:
        self.settings = settings
        self.records = records
        self.control = control
        self.cycles = int(settings["cycles"])
        self.warmup = int(settings["warmup"])
        self.frames = int(settings["frames"])
        self.cwd = settings["cwd"]
        self.probes = Probes()
        max_trace_cycles = int(settings.get("maxTraceCycles", max(10, self.cycles // 5)))
        self.samples = Samples(settings["samplesPath"], self.warmup + self.cycles + max_trace_cycles)
        self.row = 0
        self.cycle_number = 0
        self.stride = 1
        self.last_progress = time.perf_counter()
        self.frozen_objects = 0

    # One small function touches the tracer and the GC; the rest is bookkeeping.
    def reading(self) -> dict:
        clear_bounded_caches()
        gc.collect()
        return {
            "blocks": _finite(self.probes.allocated_blocks()),
            "rssBytes": _finite(self.probes.rss_bytes()),
            "fds": _finite(self.probes.open_fds()),
            "heapBytes": _finite(self.probes.heap_bytes()),
        }

    def run(self) -> int:
        """The whole run; its cycles run on a shallow stack (see drive)."""
        return drive(self.steps(), self.loop)

    def steps(self):
        """The run, step by step. A generator: it yields (runner, count, phase, sample_every,
        tracer) for each batch of cycles, receives the seconds they took, and returns the
        harness's exit code."""
        self.records.write({
            "t": "hello",
            "python": "%d.%d.%d" % sys.version_info[:3],
            "implementation": sys.implementation.name,
            "platform": sys.platform,
            "executable": sys.executable,
            "pid": os.getpid(),
            "capabilities": self.probes.capabilities,
            "notes": self.probes.notes,
        })
        runner = None
        stop_recording_thread_starts = record_thread_starts()
        try:
            self.phase("import")
            module, cycle = load_scenario(self.settings["target"], self.cwd)
            runner = Runner(module, cycle)
            self.records.write({"t": "loaded", "async": runner.is_async, "hasSetup": callable(runner.setup), "hasTeardown": callable(runner.teardown)})
            if callable(runner.setup):
                self.phase("setup")
                self.guarded(runner, runner.setup, "setup-raised", "setup() raised")
            stop_recording_thread_starts()
            self.phase("warmup")
            warm_seconds = yield (runner, self.warmup, "warmup", 1, None)
            per_cycle_seconds = warm_seconds / self.warmup if self.warmup else 0.0
            self.stride = self.sample_stride(per_cycle_seconds)
            budget_seconds = CHECKPOINT_BUDGET_SHARE * per_cycle_seconds * self.cycles
            interval = self.checkpoint_interval(budget_seconds)
            self.phase("measure", {"checkpointEvery": interval, "sampleEvery": self.stride, "frozenObjects": self.frozen_objects})
            spent_seconds = self.checkpoint("measure", fd_targets=True)
            measured_seconds = yield from self.measure(runner, interval, budget_seconds, spent_seconds)
            self.records.write({"t": "await", "measuredSeconds": measured_seconds, "warmupSeconds": warm_seconds})
            answer = self.control.read()
            if answer.get("trace"):
                self.phase("trace", {"frames": self.frames})
                yield from self.traced_window(runner, int(answer["cycles"]), float(answer["budgetSeconds"]), int(answer.get("checkpoints", 8)), [str(t) for t in answer.get("types", [])][:MAX_RETAINED_TYPES], float(answer.get("retentionSeconds", RETENTION_BUDGET_SECONDS)), bool(answer.get("endEarly", False)))
            self.thaw()
            if callable(runner.teardown):
                self.phase("teardown")
                self.guarded(runner, runner.teardown, "teardown-raised", "teardown() raised")
            left = threads_left()
            if left:
                self.records.write({"t": "threads", "threads": left})
        except ScenarioError as error:
            self.records.write(dict(error.record, t="error", cycle=self.cycle_number or None))
            return EXIT_SCENARIO_FAILED
        finally:
            stop_recording_thread_starts()
            self.thaw()
            if runner is not None:
                try:
                    runner.close()
                except Exception:  # noqa: BLE001 - closing the loop must not hide the result
                    pass
            self.samples.map.flush()
        self.records.write({"t": "done"})
        return EXIT_OK

    def phase(self, name: str, extra: dict = None) -> None:
        record = {"t": "phase", "name": name, "cycle": self.cycle_number}
        if extra:
            record.update(extra)
        self.records.write(record)

    def guarded(self, runner: Runner, func, kind: str, what: str) -> None:
        try:
            runner.call(func)
        except SystemExit as error:
            raise ScenarioError({"kind": "exit-called", "message": "%s: sys.exit(%r) was called" % (what, error.code), "code": _exit_code(error.code), "traceback": _user_traceback(error)}) from None
        except BaseException as error:  # noqa: BLE001
            raise ScenarioError(_exception_record(kind, error, what)) from None

    def sample_stride(self, per_cycle_seconds: float) -> int:
        """Sample per-cycle signals every n-th cycle so that sampling costs at most 2 % of the cycles."""
        start = time.perf_counter()
        for _ in range(20):
            self.probes.allocated_blocks(), self.probes.rss_bytes(), self.probes.open_fds(), self.probes.heap_bytes()
        sample_seconds = (time.perf_counter() - start) / 20
        if per_cycle_seconds <= 0:
            return 1
        return max(1, -(-sample_seconds // (SAMPLE_BUDGET_SHARE * per_cycle_seconds)).__int__())

    def settle_checkpoints(self, budget_seconds: float) -> float:
        """Run checkpoints without recording them until the heap stops moving; returns the cost of one.

        A checkpoint's temporaries (the object list, the census, its JSON) pass through malloc's
        per-thread caches, which hold freed chunks that mallinfo2() still counts as in use. Those
        caches fill over the first few checkpoints: done here, that filling is not seen as growth.
        """
        previous = None
        steady = 0
        seconds = 0.0
        spent = 0.0
        for round_number in range(MAX_SETTLING_CHECKPOINTS):
            # On a large heap a checkpoint is expensive: settle within the checkpoint budget.
            if round_number >= 4 and spent > budget_seconds:
                break
            start = time.perf_counter()
            reading = self.reading()
            reading["types"] = census()
            json.dumps(reading, separators=(",", ":"))
            if round_number == 0:
                self.freeze_if_big(sum(reading["types"].values()))
            del reading
            seconds = time.perf_counter() - start
            spent += seconds
            heap = self.probes.heap_bytes()
            steady = steady + 1 if heap == previous else 0
            previous = heap
            if steady >= 2 or heap != heap:
                break
        return seconds

    def freeze_if_big(self, objects: int) -> None:
        """Leave a big heap, as the warm-up left it, out of every later collection and census.

        On a heap of millions of objects a gc.collect() and a census cost seconds each (they
        dominated the run of a 5-million-object scenario). Frozen objects are never collected
        (a cycle among them that becomes garbage stays until the heap is thawed), so this is
        done only when the heap is big, and undone before the retention walk and teardown.
        The census then counts the objects born after the warm-up: growth is the same."""
        if objects >= FREEZE_MIN_OBJECTS and hasattr(gc, "freeze"):
            gc.freeze()
            self.frozen_objects = gc.get_freeze_count()

    def thaw(self) -> None:
        if self.frozen_objects:
            gc.unfreeze()
            self.frozen_objects = 0

    def checkpoint_interval(self, budget_seconds: float) -> int:
        """Cycles in the first batch of the measured phase, from what a settling checkpoint cost."""
        checkpoint_seconds = self.settle_checkpoints(budget_seconds)
        return batch_cycles(self.cycles, 1, checkpoint_seconds, budget_seconds)

    def loop(self, runner: Runner, count: int, phase: str, sample_every: int, tracer=None) -> float:
        """Run `count` cycles, sampling cheap signals; returns the seconds the cycles themselves took."""
        probes = self.probes
        samples = self.samples
        code = PHASE_CODES[phase]
        clock = time.perf_counter
        total = 0.0
        call = runner.call if runner.is_async else None
        cycle = runner.cycle
        view = samples.view
        rows = samples.rows
        for index in range(count):
            number = self.cycle_number = self.cycle_number + 1
            if self.row < rows:
                # The cycle under way, as minus its number: a hang, crash or os._exit inside it
                # is reported with its own number (put() overwrites the row once it is done).
                view[self.row * ROW_WIDTH] = -number
            started = clock()
            try:
                if call is None:
                    cycle()
                else:
                    call(cycle)
            except SystemExit as error:
                raise ScenarioError({
                    "kind": "exit-called",
                    "message": "cycle %d (%s) called sys.exit(%r)" % (self.cycle_number, phase, error.code),
                    "code": _exit_code(error.code),
                    "phase": phase,
                    "traceback": _user_traceback(error),
                }) from None
            except BaseException as error:  # noqa: BLE001 - report any failure with its cycle
                raise ScenarioError(dict(_exception_record("cycle-raised", error, "cycle %d (%s) raised" % (self.cycle_number, phase)), phase=phase)) from None
            elapsed = clock() - started
            total += elapsed
            if index % sample_every == 0 or index == count - 1:
                traced = tracer() if tracer is not None else NAN
                samples.put(self.row, self.cycle_number, code, elapsed, probes.allocated_blocks(), probes.rss_bytes(), probes.open_fds(), traced, probes.heap_bytes())
            else:
                samples.put(self.row, self.cycle_number, code, elapsed, NAN, NAN, NAN, NAN, NAN)
            self.row += 1
            now = started + elapsed  # the clock was just read: no second call per cycle
            if now - self.last_progress >= PROGRESS_EVERY_SECONDS:
                self.last_progress = now
                self.records.write({"t": "progress", "cycle": self.cycle_number, "phase": phase})
        return total

    def measure(self, runner: Runner, interval: int, budget_seconds: float, spent_seconds: float):
        """The measured phase: batches of cycles with a checkpoint after each (a generator, see
        steps). A checkpoint after cycles costs more than the settling ones (it collects their
        garbage): the batches are resized by what the checkpoints really cost so far."""
        done = 0
        taken = 1  # the checkpoint before the first batch
        total = 0.0
        while done < self.cycles:
            count = min(interval, self.cycles - done)
            total += yield (runner, count, "measure", self.stride, None)
            done += count
            spent_seconds += self.checkpoint("measure", fd_targets=done >= self.cycles)
            taken += 1
            if done < self.cycles:
                interval = batch_cycles(self.cycles - done, taken, spent_seconds / taken, budget_seconds - spent_seconds)
        return total

    def checkpoint(self, phase: str, fd_targets: bool = False) -> float:
        """Record a checkpoint; returns the seconds it took."""
        started = time.perf_counter()
        record = self.reading()
        record["types"] = census()
        if fd_targets:
            record["fdTargets"] = self.probes.fd_targets()
        seconds = time.perf_counter() - started
        record.update({"t": "checkpoint", "phase": phase, "cycle": self.cycle_number, "seconds": seconds})
        self.records.write(record)
        del record
        return seconds

    def traced_window(self, runner: Runner, max_cycles: int, budget_seconds: float, checkpoints: int, growing_types: list, retention_seconds: float, end_early: bool):
        """Run up to max_cycles under tracemalloc, report which allocation sites keep growing,
        and what keeps the growing types' and sites' objects alive (a generator, see steps).
        With end_early (the untraced phase saw Python objects grow), the window ends as soon as
        the evidence is decisive (see _decided)."""
        import tracemalloc

        # Which objects of the growing types exist now (the ones born in the window are not
        # among them), and how long the long containers are (the ones that grow hold the leak).
        baseline = leakgate_retention.window_baseline(growing_types)

        # Traces whose most recent frame is in this harness or in tracemalloc are our own.
        own_files = frozenset(HARNESS_FILES | {os.path.abspath(tracemalloc.__file__), tracemalloc.__file__})
        index = CodeIndex(self.cwd)
        series = SiteSeries(own_files)
        checkpoint_cycles = []
        traced_totals = []
        own_offset = [0]

        def take() -> None:
            clear_bounded_caches()
            gc.collect()
            snapshot = tracemalloc.take_snapshot()
            sizes, counts = _site_totals(snapshot)
            del snapshot
            total = series.add(sizes, counts)
            del sizes, counts
            checkpoint_cycles.append(self.cycle_number)
            traced_totals.append(total)
            # What this harness holds under tracing now is everything traced but the scenario's own bytes.
            own_offset[0] = tracemalloc.get_traced_memory()[0] - total

        def traced_bytes() -> float:
            return float(tracemalloc.get_traced_memory()[0] - own_offset[0])

        started = time.perf_counter()
        gc.collect()
        tracemalloc.start(self.frames)
        try:
            take()
            # One traced cycle tells how much slower tracing makes this scenario: size the
            # window so that it fits the budget (at least MIN_TRACED_CYCLES cycles), with its
            # checkpoints spread evenly over it.
            first_started = time.perf_counter()
            yield (runner, 1, "trace", 1, traced_bytes)
            done = 1
            first_seconds = max(1e-6, time.perf_counter() - first_started)
            take()
            affordable = int(max(0.0, budget_seconds - (time.perf_counter() - started)) / first_seconds)
            planned = max(MIN_TRACED_CYCLES, min(max_cycles, affordable))
            every = max(1, -(-(planned - 1) // max(2, checkpoints)))
            while done < planned:
                count = min(every, planned - done)
                yield (runner, count, "trace", 1, traced_bytes)
                done += count
                take()
                if end_early and _decided(series, checkpoint_cycles, traced_totals, index):
                    break
                # A baseline comparison needs the rate to within its tolerance: a leak of objects
                # of random sizes gets more cycles, up to four times the budget (twice the
                # untraced cycles' time): measured, 5 traced cycles of such a leak spread its
                # rate over 66% from run to run, more than the 50% tolerance.
                if done >= planned and planned < max_cycles and not _rate_settled(checkpoint_cycles, traced_totals) and time.perf_counter() - started + every * first_seconds <= 4 * budget_seconds:
                    planned = min(max_cycles, done + every)
            grown = _grown_keys(series)
            # Measurement is over: what follows only explains it, and may allocate freely.
            retention_started = time.perf_counter()
            deadline = retention_started + retention_seconds
            # The top sites in user code, which a reviewer reads first, get retention paths.
            explained = [key for key in grown if any(index.is_user_code(filename) for filename, _ in _scenario_frames(key))][:MAX_RETAINED_SITES]
            site_sizes = {}
            for key in explained:
                sizes, counts = series.of(key)
                site_sizes.setdefault(key[0], (sizes[-1] - sizes[0]) / max(1, counts[-1] - counts[0]))
            # Sampling needs the tracer (it asks where objects were allocated); the walk does not.
            samples = leakgate_retention.collect_samples(growing_types, baseline, site_sizes, retention_started + retention_seconds / 2)
        finally:
            tracemalloc.stop()
        del baseline
        self.thaw()  # the walk must see the referrers that a frozen heap hides
        retention = leakgate_retention.explain(samples, own_files, deadline)
        del samples
        retention_seconds = time.perf_counter() - retention_started
        # Source lines and function names are read with tracing off: parsing is allocation-heavy.
        sites = _render_sites(grown, series, index)
        for site, key in zip(sites, grown):
            if key in explained:
                site["retainedBy"] = retention["sites"].get(key[0], leakgate_retention.NO_PATH)
        self.records.write({
            "t": "trace",
            "frames": self.frames,
            "cycles": done,
            "checkpointCycles": checkpoint_cycles,
            "tracedBytes": traced_totals,
            "sites": sites,
            "typeRetention": retention["types"],
            "retentionSeconds": retention_seconds,
            "seconds": time.perf_counter() - started,
        })


def batch_cycles(remaining_cycles: int, taken: int, checkpoint_seconds: float, budget_seconds: float) -> int:
    """Cycles per batch for the rest of the measured phase: as many more checkpoints as the
    budget left pays for at checkpoint_seconds each, so that the phase has MIN_CHECKPOINTS to
    MAX_CHECKPOINTS batches in all; `taken` checkpoints (the first, before any batch) are done."""
    batches = taken - 1
    affordable = int(budget_seconds / checkpoint_seconds) if checkpoint_seconds > 0 else MAX_CHECKPOINTS
    wanted = max(1, MIN_CHECKPOINTS - batches, min(MAX_CHECKPOINTS - batches, affordable))
    return max(1, -(-remaining_cycles // wanted))


def drive(steps, run_cycles) -> object:
    """Run a generator of steps to its end, running here the batches of cycles it asks for;
    an exception from the cycles is raised inside the step that asked for them.

    Why: on every allocation, tracemalloc computes the line of each frame it records (up to
    --frames of them), and CPython finds a frame's line by scanning its function's line table
    up to the current instruction. Below the scenario's frames, the harness's long functions
    made each traced cycle of an allocation-heavy scenario cost 2-3x more. A suspended
    generator is off the stack: the cycles run on top of this small function only."""
    reply, failure = None, None
    while True:
        try:
            request = steps.throw(failure) if failure is not None else steps.send(reply)
        except StopIteration as stop:
            return stop.value
        reply, failure = None, None
        try:
            reply = run_cycles(*request)
        except BaseException as error:  # noqa: BLE001 - handled by the step that asked
            failure = error


def _site_totals(snapshot) -> tuple:
    """Bytes and blocks by site in a tracemalloc snapshot: ({stack: bytes}, {stack: blocks}), a
    stack being a tuple of (file, line) frames, most recent first (what
    Snapshot.statistics("traceback") tells, as plain tuples).

    Why not Snapshot.statistics: it adds each trace's size to a Python int, and while
    tracemalloc runs each of those allocations is traced too, at microseconds each; a scenario
    with 20,000 growing sites spent minutes there (issue 11). Here the snapshot's raw traces,
    (domain, size, stack, frames) tuples that tracemalloc built without tracing them, are
    counted in one C-level pass (as collections.Counter counts: nothing is allocated per trace
    until a value repeats 256 times), and only the distinct ones are added up in Python: a site
    whose blocks have a few sizes costs a few additions."""
    raw = getattr(snapshot.traces, "_traces", None)
    sizes, counts = {}, {}
    if not isinstance(raw, list) or (raw and not (isinstance(raw[0], tuple) and len(raw[0]) >= 3 and isinstance(raw[0][1], int) and isinstance(raw[0][2], tuple))):
        # Another layout than CPython 3.9-3.14's: the public, slower way.
        for stat in snapshot.statistics("traceback"):
            key = tuple((frame.filename, frame.lineno) for frame in reversed(stat.traceback))
            sizes[key], counts[key] = stat.size, stat.count
        return sizes, counts
    # What collections.Counter(raw) does, without its first step: asking whether raw is a
    # Mapping caches the answer in the ABC, the first time under the tracer, and that
    # allocation outside the harness's files would be a growing site of the scenario's.
    repeats_of = {}
    count_elements = getattr(collections, "_count_elements", None)
    if count_elements is not None:
        count_elements(repeats_of, raw)
    else:
        repeats_of = collections.Counter(raw)
    for trace, repeats in repeats_of.items():
        size, key = trace[1], trace[2]
        count = counts.get(key)
        if count is None:
            sizes[key] = size * repeats
            counts[key] = repeats
        else:
            sizes[key] += size * repeats
            counts[key] = count + repeats
    return sizes, counts


class SiteSeries:
    """The traced window's allocation sites, with their live bytes and blocks at each snapshot.

    What this holds is traced too, and counted again at every snapshot: so it holds no Python
    object per site and snapshot. The stacks are the snapshot's own tuples (built untraced);
    bytes and blocks are kept in one array per snapshot, aligned with the sites' order (a site
    seen first later has 0 before); whether each site's bytes rose at every snapshot is kept up
    to date, so that deciding walks no history. Per-site work is done by C-level map()s."""

    def __init__(self, own_files: frozenset) -> None:
        self.own_files = own_files  # stacks whose most recent frame is here are the harness's
        self.keys = []  # in the order Snapshot.statistics first listed them (largest first)
        self.known = set()
        self.sizes = []  # per snapshot: array of bytes, aligned with keys
        self.counts = []  # per snapshot: array of blocks, aligned with keys
        self.rising = []  # per site: whether its bytes rose at every snapshot so far
        self.last_sizes = []  # the last snapshot's bytes and blocks, as ints
        self.last_counts = []
        self.first_counts = []  # the first snapshot's blocks, as ints
        self._numbers = None

    def add(self, sizes: dict, counts: dict) -> int:
        """Add a snapshot's bytes and blocks by stack (see _site_totals); returns the bytes of
        the scenario's sites, the window's traced total."""
        position = len(self.sizes)
        own = self.own_files
        # New sites join in the order Snapshot.statistics lists them, as they always did: it
        # breaks ties between sites that grew alike.
        new = sorted((key for key in sizes if key not in self.known and key[0][0] not in own), key=lambda key: (sizes[key], counts[key], key[::-1]), reverse=True)
        known_before = len(self.keys)
        self.keys.extend(new)
        self.known.update(new)
        now_sizes = list(map(sizes.get, self.keys, itertools.repeat(0)))
        now_counts = list(map(counts.get, self.keys, itertools.repeat(0)))
        if position == 0:
            self.rising = [True] * len(new)  # one value has not fallen
            self.first_counts = now_counts
        else:
            self.rising = list(map(operator.and_, self.rising, map(operator.gt, now_sizes, self.last_sizes)))
            # A site first seen at the second snapshot rose from 0; one seen later had two zeros.
            self.rising += list(map(operator.gt, now_sizes[known_before:], itertools.repeat(0))) if position == 1 else [False] * len(new)
        self.last_sizes, self.last_counts = now_sizes, now_counts
        self.sizes.append(array.array("q", now_sizes))
        self.counts.append(array.array("q", now_counts))
        self._numbers = None
        return sum(now_sizes)

    def grew(self):
        """The sites whose blocks grew since the first snapshot (bool per site, in order)."""
        return map(operator.gt, self.last_counts, itertools.chain(self.first_counts, itertools.repeat(0)))

    def rising_keys(self):
        """The sites whose blocks grew and whose bytes rose at every snapshot, in order."""
        return itertools.compress(self.keys, map(operator.and_, self.rising, self.grew()))

    def growth(self):
        """Bytes gained since the first snapshot, per site in order."""
        return map(operator.sub, self.last_sizes, itertools.chain(self.sizes[0], itertools.repeat(0)))

    def of(self, key: tuple) -> tuple:
        """A site's (bytes at each snapshot, blocks at each snapshot), as lists."""
        if self._numbers is None:
            self._numbers = {site: number for number, site in enumerate(self.keys)}
        number = self._numbers[key]
        return [sizes[number] if number < len(sizes) else 0 for sizes in self.sizes], [counts[number] if number < len(counts) else 0 for counts in self.counts]


def _decided(series: SiteSeries, checkpoint_cycles: list, traced_totals: list, index: CodeIndex) -> bool:
    """Whether the window has seen enough: traced memory rose at every snapshot, at a rate
    already known precisely, and a site with a frame in the scenario's code (or a stack cut
    short by --frames) rose at each too."""
    if len(traced_totals) < DECISIVE_SNAPSHOTS or not _rising(traced_totals) or not _rate_settled(checkpoint_cycles, traced_totals):
        return False
    user_files = {}  # file -> whether it is the scenario's code: thousands of sites name a few files
    for key in series.rising_keys():
        frames = _scenario_frames(key)
        if len(frames) == len(key):
            return True
        for filename, _ in frames:
            user = user_files.get(filename)
            if user is None:
                user = user_files[filename] = index.is_user_code(filename)
            if user:
                return True
    return False


def _rate_settled(checkpoint_cycles: list, traced_totals: list) -> bool:
    """Whether the traced growth per cycle is known to within RATE_PRECISION: the standard
    error of the per-cycle growth between snapshots (from the end of the first traced cycle
    on), over its mean. Growth that is not positive has no rate to pin down."""
    totals, cycles = traced_totals[1:], checkpoint_cycles[1:]
    rates = [(later - earlier) / max(1, cycle_later - cycle_earlier) for earlier, later, cycle_earlier, cycle_later in zip(totals, totals[1:], cycles, cycles[1:])]
    if len(rates) < 3:
        return False
    mean = sum(rates) / len(rates)
    if mean <= 0:
        return True
    variance = sum((rate - mean) ** 2 for rate in rates) / (len(rates) - 1)
    return (variance / len(rates)) ** 0.5 <= RATE_PRECISION * mean


def _rising(values: list) -> bool:
    return all(later > earlier for earlier, later in zip(values, values[1:]))


def _grown_keys(series: SiteSeries) -> list:
    """Keys of the sites whose live bytes and blocks grew over the window, largest growth first."""
    grown = [(growth, key) for key, growth, grew in zip(series.keys, series.growth(), series.grew()) if growth > 0 and grew]
    grown.sort(key=lambda item: item[0], reverse=True)
    return [key for _, key in grown[:MAX_SITES_REPORTED]]


def _scenario_frames(key: tuple) -> list:
    """The frames of a site's stack above the harness's own, most recent first."""
    frames = []
    for filename, line in key:
        if _is_harness_file(filename):
            break
        frames.append((filename, line))
    return frames


_harness_file_names = {}


def _is_harness_file(filename: str) -> bool:
    """Whether a frame's file is this harness's; remembered by name, since the frames of
    thousands of sites name a few files."""
    known = _harness_file_names.get(filename)
    if known is None:
        known = _harness_file_names[filename] = os.path.abspath(filename) in HARNESS_FILES
    return known


def _render_sites(keys: list, series: SiteSeries, index: CodeIndex) -> list:
    """Sites as the report shows them: readable frames, and the window's series."""
    sites = []
    for key in keys:
        sizes, counts = series.of(key)
        frames = _scenario_frames(key)
        # The harness's own frames close every complete stack: cut them, and say whether the
        # stack was seen whole (a stack cut by --frames may hide the user's frame).
        complete = len(frames) < len(key)
        sites.append({"frames": [index.frame(filename, line) for filename, line in frames], "complete": complete, "bytes": sizes, "counts": counts})
    return sites


def _finite(value: float):
    return None if value != value else value  # NaN -> null in JSON


def _exit_code(code) -> object:
    return code if isinstance(code, int) or code is None else str(code)


def main(argv) -> int:
    # Short on purpose: this frame sits below every cycle's (see drive).
    harness = _harness_for(argv)
    return harness.run() if isinstance(harness, Harness) else harness


def _harness_for(argv):
    """The harness for the settings file named in argv, or an exit code when it is unusable."""
    if len(argv) != 1:
        sys.stderr.write("usage: leakgate_run.py SETTINGS.json\n")
        return EXIT_BAD_INVOCATION
    try:
        with open(argv[0], "r", encoding="utf-8") as handle:
            settings = json.load(handle)
        for key in ("target", "cwd", "cycles", "warmup", "frames", "recordsPath", "samplesPath"):
            if key not in settings:
                raise KeyError(key)
    except (OSError, ValueError, KeyError) as error:
        sys.stderr.write("leakgate: cannot read the harness settings %s: %r\n" % (argv[0], error))
        return EXIT_BAD_INVOCATION
    import faulthandler

    # Enabled here, after leakgate_run.py's version check, not with -X faulthandler (which
    # Python 2 refuses before that check can say it is too old).
    faulthandler.enable()  # a crash in C code prints the Python stack to stderr, which we keep
    _dump_stacks_on_request(settings.get("stacksPath"))
    records = Records(settings["recordsPath"])
    control = Control()
    os.chdir(settings["cwd"])
    return Harness(settings, records, control)


def _dump_stacks_on_request(path) -> None:
    """On SIGUSR1, write every thread's stack to PATH: on a time-out the TypeScript side asks
    for it before it kills the process, so the report says where the scenario hung. A file of
    our own, opened before the scenario loads, rather than stderr, which the scenario fills."""
    import faulthandler
    import signal

    if not path or not hasattr(signal, "SIGUSR1"):
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    faulthandler.register(signal.SIGUSR1, file=fd, all_threads=True, chain=False)

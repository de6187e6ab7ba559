"""A lead for native leaks (issue 15): which of the user's lines call into native code during a
cycle, found by profiling a few cycles (never all of them), and how the malloc heap moved across
those calls.

What is a native call: a ctypes foreign function (`libc.malloc`), a function or method of an
extension module (`zlib.decompress`, `sqlite3.Cursor.execute`), or another callable object of an
extension type (a numpy ufunc). The interpreter's own builtins (`len`, `list.append`) are left
out: a native leak is not in them. Each call is attributed to the innermost frame in the user's
code (a call made by a library on the user's behalf goes to the user's line that called it).

How it is seen depends on the Python:
* 3.12+: sys.monitoring's CALL events carry the callable, ctypes functions included; C_RETURN
  and C_RAISE close each native call, so the heap is read around it.
* 3.9-3.11: sys.setprofile sees "c_call" for builtin functions only (not for ctypes: checked on
  3.11, `libc.malloc` gives none). ctypes calls are found by a line hook on user frames only
  (sys.settrace): the Call nodes of the line about to run are resolved (plain Name/Attribute
  chains, looked up in the frame and the objects' __dict__: nothing is called) and those that are
  ctypes functions are counted, with the heap read around the whole line.

The heap (probes.heap_bytes, mallinfo2) costs from under a microsecond to hundreds on a
fragmented heap, so it is read around at most `policy.native_heap_reads` calls of each site and
the site's movement is estimated from them. Nothing of the scenario is kept past a call: sites
are keyed by (file, line, callee name)."""
from __future__ import annotations

import ast
import linecache
import sys
import time
import types

from .attribution import CodeIndex
from .own import HARNESS_FILES

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Callable, Dict, Generator, List, Optional, Tuple
    from .records import NativeCall, NativeProfile
    from .scenario import Runner
    from .settings import Policy, TraceAnswer
    Batch = Tuple[Runner, int, str, int, Optional[Callable[[], float]]]
    # (file, line, callee) -> [calls, heap reads, bytes over those reads, module]
    Tally = Dict[Tuple[str, int, str], List[Any]]

# Modules whose callables are the interpreter itself, not an extension that could leak.
_CORE_MODULES = frozenset(
    ["builtins", "sys", "gc", "time", "_warnings", "functools", "_functools", "operator", "itertools", "_operator", "_abc", "abc", "types", "_thread"]
)
# sys.monitoring tool ids tried in turn: 0 debugger, 1 coverage and 2 profiler are often taken.
_TOOL_IDS = (4, 3, 2, 5)


def _ctypes_base() -> Optional[type]:
    ctypes = sys.modules.get("ctypes")
    return getattr(ctypes, "_CFuncPtr", None) if ctypes is not None else None


class Callees:
    """Names native callables; None for what is not one. Holds no reference to a callable."""

    def __init__(self) -> None:
        self.cfuncptr = _ctypes_base()
        ctypes = sys.modules.get("ctypes")
        # ctypes.memset and its kind are made from an address and have no name: name them by the module's.
        self.ctypes_names: Dict[int, str] = {}
        if ctypes is not None and self.cfuncptr is not None:
            for name, value in vars(ctypes).items():
                if isinstance(value, self.cfuncptr):
                    self.ctypes_names[id(value)] = "ctypes." + name

    def refresh(self) -> None:
        """The scenario may import ctypes after the harness did not."""
        if self.cfuncptr is None:
            self.__init__()

    def name(self, obj: Any) -> Optional[Tuple[str, str]]:
        """(callee, module) for a native callable, e.g. ("ctypes libc.malloc", "ctypes"), ("zlib.decompress", "zlib")."""
        kind = type(obj)
        if kind is types.FunctionType or kind is types.MethodType or isinstance(obj, type):
            return None
        if self.cfuncptr is not None and isinstance(obj, self.cfuncptr):
            return self.ctypes_name(obj), "ctypes"
        if kind is types.BuiltinFunctionType:
            owner = getattr(obj, "__self__", None)
            if owner is None or isinstance(owner, types.ModuleType):
                module = getattr(obj, "__module__", None) or (owner.__name__ if owner is not None else None)
                if not module or module in _CORE_MODULES:
                    return None
                return "%s.%s" % (module, obj.__name__), module.split(".")[0]
            return self.method_name(type(owner), obj.__name__)
        if kind is types.MethodDescriptorType or kind is types.ClassMethodDescriptorType:
            return self.method_name(obj.__objclass__, obj.__name__)
        call = getattr(kind, "__call__", None)
        if call is None or isinstance(call, types.FunctionType) or kind.__module__ in _CORE_MODULES:
            return None
        label = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or kind.__qualname__
        return "%s.%s" % (kind.__module__, label), kind.__module__.split(".")[0]

    def method_name(self, owner: type, name: str) -> Optional[Tuple[str, str]]:
        """A method of a type, named by the type that defines it: dict.get on a subclass of dict is the core's."""
        for defining in getattr(owner, "__mro__", ()):
            if name in vars(defining):
                owner = defining
                break
        module = getattr(owner, "__module__", None) or "builtins"
        if module in _CORE_MODULES:
            return None
        return "%s.%s.%s" % (module, owner.__qualname__, name), module.split(".")[0]

    def ctypes_name(self, obj: Any) -> str:
        known = self.ctypes_names.get(id(obj))
        if known is not None:
            return known
        name = getattr(obj, "__name__", None) or "foreign function"
        library = None
        kept = getattr(obj, "_objects", None)
        if isinstance(kept, dict):
            dll = kept.get("0")
            path = getattr(dll, "_name", None)
            if isinstance(path, str):
                library = path.replace("\\", "/").rsplit("/", 1)[-1].split(".")[0]
        return "ctypes %s.%s" % (library, name) if library else "ctypes %s" % name


class Profile:
    """The tally of one profile: native calls by user line, and the heap around them."""

    def __init__(self, index: CodeIndex, heap_bytes: Callable[[], float], policy: Policy) -> None:
        self.index = index
        self.heap_bytes = heap_bytes
        self.heap_reads = policy.native_heap_reads
        self.max_sites = policy.max_native_sites
        self.tally: Tally = {}
        self.user_files: Dict[str, bool] = {}
        self.callees = Callees()
        self.dropped = 0
        self.heap_measured = heap_bytes() == heap_bytes()  # NaN when mallinfo2 is missing

    def is_user(self, filename: str) -> bool:
        user = self.user_files.get(filename)
        if user is None:
            user = self.user_files[filename] = filename not in HARNESS_FILES and self.index.is_user_code(filename)
        return user

    def user_line(self, frame: Any) -> Optional[Tuple[str, int]]:
        """The innermost frame in the user's code, as (file, line); None when the call has none."""
        while frame is not None:
            filename = frame.f_code.co_filename
            if self.is_user(filename):
                return filename, frame.f_lineno
            frame = frame.f_back
        return None

    def count(self, where: Tuple[str, int], callee: str, module: str) -> Optional[List[Any]]:
        """Count one call; returns the site's entry when the heap should be read around this call."""
        key = (where[0], where[1], callee)
        entry = self.tally.get(key)
        if entry is None:
            if len(self.tally) >= self.max_sites:
                self.dropped += 1
                return None
            entry = self.tally[key] = [0, 0, 0.0, module]
        entry[0] += 1
        return entry if self.heap_measured and entry[1] < self.heap_reads else None

    def calls(self, cycles: int) -> List[NativeCall]:
        """The sites, most heap first (then most calls), with their source lines (read now, not during the cycles)."""
        rows: List[NativeCall] = []
        for (filename, line, callee), (calls, reads, moved, module) in self.tally.items():
            frame = self.index.frame(filename, line)
            per_cycle = moved / reads * calls / max(1, cycles) if self.heap_measured and reads else None
            rows.append(
                {
                    "callee": callee,
                    "module": module,
                    "file": frame["file"],
                    "line": line,
                    "function": frame["function"],
                    "code": frame["code"],
                    "calls": calls,
                    "heapBytesPerCycle": per_cycle,
                }
            )
        rows.sort(key=lambda row: (-(row["heapBytesPerCycle"] or 0.0), -row["calls"]))
        return rows


class MonitoringHooks:
    """Python 3.12+: sys.monitoring's CALL events carry the callable (ctypes functions too), and
    C_RETURN / C_RAISE end each call to a callable that is not a Python function."""

    method = "sys.monitoring"

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.tool: Optional[int] = None
        # (callable, site entry, heap before): the native calls under way whose heap is read.
        self.stack: List[Tuple[Any, List[Any], float]] = []

    def start(self) -> bool:
        monitoring = getattr(sys, "monitoring")
        for tool in _TOOL_IDS:
            if monitoring.get_tool(tool) is None:
                monitoring.use_tool_id(tool, "leakgate")
                self.tool = tool
                break
        if self.tool is None:
            return False
        events = monitoring.events
        monitoring.register_callback(self.tool, events.CALL, self.on_call)
        monitoring.register_callback(self.tool, events.C_RETURN, self.on_return)
        monitoring.register_callback(self.tool, events.C_RAISE, self.on_return)
        monitoring.set_events(self.tool, events.CALL | events.C_RETURN | events.C_RAISE)
        return True

    def stop(self) -> None:
        self.stack.clear()
        if self.tool is None:
            return
        monitoring = getattr(sys, "monitoring")
        events = monitoring.events
        monitoring.set_events(self.tool, 0)
        for event in (events.CALL, events.C_RETURN, events.C_RAISE):
            monitoring.register_callback(self.tool, event, None)
        monitoring.free_tool_id(self.tool)
        monitoring.restart_events()  # the harness's call sites were disabled for this tool only
        self.tool = None

    def on_call(self, code: Any, offset: int, callee: Any, arg0: Any) -> Any:
        if code.co_filename in HARNESS_FILES:
            return getattr(sys, "monitoring").DISABLE
        named = self.profile.callees.name(callee)
        if named is None:
            return None
        where = self.profile.user_line(sys._getframe(1))
        if where is None:
            return None
        entry = self.profile.count(where, named[0], named[1])
        if entry is not None:
            self.stack.append((callee, entry, self.profile.heap_bytes()))
        return None

    def on_return(self, code: Any, offset: int, callee: Any, arg0: Any) -> None:
        stack = self.stack
        if stack and stack[-1][0] is callee:
            _, entry, before = stack.pop()
            entry[1] += 1
            entry[2] += self.profile.heap_bytes() - before


class LegacyHooks:
    """Python 3.9-3.11: sys.setprofile's c_call / c_return for builtin functions, and a line hook
    on user frames (sys.settrace) for ctypes functions, which the profiler does not see."""

    method = "sys.setprofile and a line hook"

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.stack: List[Tuple[Any, List[Any], float]] = []
        self.lines: Dict[str, Dict[int, List[Tuple[str, ...]]]] = {}
        self.previous: Tuple[Any, Any] = (None, None)

    def start(self) -> bool:
        self.previous = (sys.getprofile(), sys.gettrace())
        sys.setprofile(self.on_profile)
        if self.profile.callees.cfuncptr is not None:
            sys.settrace(self.on_frame)
        return True

    def stop(self) -> None:
        sys.setprofile(self.previous[0])
        sys.settrace(self.previous[1])
        self.previous = (None, None)
        self.stack.clear()

    def on_profile(self, frame: Any, event: str, arg: Any) -> None:
        if event == "c_call":
            named = self.profile.callees.name(arg)
            if named is None:
                return
            where = self.profile.user_line(frame)
            if where is None:
                return
            entry = self.profile.count(where, named[0], named[1])
            if entry is not None:
                self.stack.append((arg, entry, self.profile.heap_bytes()))
        elif event == "c_return" or event == "c_exception":
            stack = self.stack
            if stack and stack[-1][0] is arg:
                _, entry, before = stack.pop()
                entry[1] += 1
                entry[2] += self.profile.heap_bytes() - before

    def on_frame(self, frame: Any, event: str, arg: Any) -> Any:
        """The global trace function: a line hook for the user's frames only."""
        if event != "call" or not self.profile.is_user(frame.f_code.co_filename):
            return None
        return self.line_hook()

    def line_hook(self) -> Callable[[Any, str, Any], Any]:
        """A frame's local trace function. Before a line runs, its ctypes callees are counted; the
        heap is read then and at the frame's next event, and the change is shared among them."""
        pending: List[Any] = [None]  # (site entries whose heap is read, heap before)

        def local(frame: Any, event: str, arg: Any) -> Any:
            held = pending[0]
            if held is not None:
                pending[0] = None
                moved = (self.profile.heap_bytes() - held[1]) / len(held[0])
                for entry in held[0]:
                    entry[1] += 1
                    entry[2] += moved
            if event == "line":
                entries = self.ctypes_calls(frame)
                if entries:
                    pending[0] = (entries, self.profile.heap_bytes())
            return local

        return local

    def ctypes_calls(self, frame: Any) -> List[List[Any]]:
        """Count the ctypes functions the line about to run calls; the entries whose heap is read."""
        code = frame.f_code
        filename = code.co_filename
        chains_by_line = self.lines.get(filename)
        if chains_by_line is None:
            chains_by_line = self.lines[filename] = call_chains("".join(linecache.getlines(filename)), filename)
        chains = chains_by_line.get(frame.f_lineno)
        if not chains:
            return []
        cfuncptr = self.profile.callees.cfuncptr
        entries: List[List[Any]] = []
        for chain in chains:
            target = resolve(frame, chain)
            if cfuncptr is None or not isinstance(target, cfuncptr):
                continue
            entry = self.profile.count((filename, frame.f_lineno), self.profile.callees.ctypes_name(target), "ctypes")
            if entry is not None:
                entries.append(entry)
        return entries


def call_chains(source: str, filename: str) -> Dict[int, List[Tuple[str, ...]]]:
    """The callee of each call that is a plain name or attribute chain (`libc.malloc`,
    `self.lib.free`), by the line the call starts on (a line event comes before it runs)."""
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return {}
    found: Dict[int, List[Tuple[str, ...]]] = {}
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        chain = dotted(call.func)
        if chain is None:
            continue
        known = found.setdefault(call.lineno, [])
        if chain not in known:
            known.append(chain)
    return found


def dotted(node: ast.AST) -> Optional[Tuple[str, ...]]:
    names: List[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    names.append(node.id)
    return tuple(reversed(names))


_MISSING = object()


def resolve(frame: Any, chain: Tuple[str, ...]) -> Any:
    """What a name chain refers to in a frame, looked up in dictionaries only: no property,
    __getattr__ or descriptor of the scenario's runs. _MISSING when it cannot be told."""
    head = chain[0]
    code = frame.f_code
    if head in code.co_varnames or head in code.co_cellvars or head in code.co_freevars:
        target = frame.f_locals.get(head, _MISSING)
    else:
        target = frame.f_globals.get(head, _MISSING)
        if target is _MISSING:
            target = frame.f_builtins.get(head, _MISSING)
    for name in chain[1:]:
        if target is _MISSING:
            break
        target = static_attribute(target, name)
    return target


def static_attribute(target: Any, name: str) -> Any:
    """An attribute from the object's own __dict__ (when it is the plain slot), else from its
    class's, without calling anything the scenario defined."""
    if isinstance(target, types.ModuleType):
        return target.__dict__.get(name, _MISSING)
    classes = target.__mro__ if isinstance(target, type) else type(target).__mro__
    if not isinstance(target, type):
        for klass in classes:
            slot = vars(klass).get("__dict__")
            if slot is not None:
                own = slot.__get__(target) if type(slot) is types.GetSetDescriptorType else None
                if isinstance(own, dict) and name in own:
                    return own[name]
                break
    for klass in classes:
        if name in vars(klass):
            return vars(klass)[name]
    return _MISSING


def profiled_cycles(runner: Runner, answer: TraceAnswer, cwd: str, heap_bytes: Callable[[], float], policy: Policy) -> Generator[Batch, float, NativeProfile]:
    """Run up to answer.native_cycles cycles one by one, each with the hooks on (a generator of
    batches, see run.drive); stops at the first cycle boundary after answer.native_seconds.
    Returns the "native" record: the user's lines that called native code, most heap first."""
    profile = Profile(CodeIndex(cwd), heap_bytes, policy)
    hooks = MonitoringHooks(profile) if hasattr(sys, "monitoring") else LegacyHooks(profile)
    started = time.perf_counter()
    done = 0
    hooked = True
    while done < min(answer.native_cycles, policy.native_cycles):
        profile.callees.refresh()
        hooked = hooks.start()
        try:
            yield (runner, 1, "profile", 1, None)
        finally:
            hooks.stop()
        done += 1
        if not hooked or time.perf_counter() - started >= answer.native_seconds:
            break
    calls = profile.calls(done) if hooked else []
    return {
        "t": "native",
        "cycles": done,
        "method": hooks.method if hooked else "none (no free sys.monitoring tool id)",
        "heapMeasured": profile.heap_measured,
        "sites": len(calls),
        "droppedCalls": profile.dropped,
        "calls": calls[: policy.max_native_sites_reported],
        "seconds": time.perf_counter() - started,
    }

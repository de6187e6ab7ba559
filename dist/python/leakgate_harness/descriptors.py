"""Which objects own the descriptors a traced window opened, where they were opened, and what
keeps them open (issue 15).

Before the window, `DescriptorWatch` lists the open descriptors with what they point at (as
probes.fd_targets does) and starts noting where files are opened (the "open" audit event, which
os.open and open() raise). At the end of the window, while tracemalloc still runs, `owners` lists
the descriptors opened since, finds the live objects that own them (files, sockets, selectors,
the pipes of subprocess.Popen: objects whose fileno() is one of them), and where each owner was
allocated. Their holders are found by the retention search with the other samples (retention.py).
A descriptor that no object owns (os.open, os.pipe, whose number was dropped) is reported with
where it was opened, and no holder: the audit hook sees files opened; functions that make
descriptors and raise no audit event (os.pipe, os.dup, os.openpty…) are seen by a profile hook
on the window's cycles, which lists the descriptors only after those calls.
"""
from __future__ import annotations

import gc
import _io
import os
import re
import sys
import time
import tracemalloc

from .census import type_name
from .own import is_harness_file
from .sites import scenario_frames

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple
    from .attribution import CodeIndex
    from .records import FdOwner
    from .sites import Stack
    # A group of new descriptors: (kind, target, owner's type name or None, where it was opened:
    # the first frame in the user's code, else the most recent one, or None).
    GroupKey = Tuple[str, str, Optional[str], Optional[Tuple[str, int]]]

# Owner groups reported, largest first, and owners per group handed to the retention search.
MAX_GROUPS = 5
SAMPLES_PER_GROUP = 3
# Distinct (path, stack) places the audit hook notes in one window, at most.
MAX_OPEN_PLACES = 256
# The scan of the heap for owners stops after this long.
OWNER_SCAN_SECONDS = 0.5
# The search for the owners' holders gets at least this long, whatever the other samples took.
MIN_WALK_SECONDS = 0.25
_LISTING = re.compile(r"^/proc/\d+/fd$|^/dev/fd$")
# Builtin functions that return new descriptors as plain numbers, and raise no audit event.
_FD_MAKERS = frozenset(["pipe", "pipe2", "dup", "dup2", "openpty", "eventfd", "memfd_create", "pidfd_open"])
_FD_MAKER_MODULES = frozenset(["posix", "nt", "os"])


def kind_of(target: str) -> str:
    """What a descriptor's target is, in one word: socket, pipe, file, selector or other."""
    if target.startswith("socket"):
        return "socket"
    if target.startswith("pipe"):
        return "pipe"
    if target.startswith("anon_inode:") and ("eventpoll" in target or "kqueue" in target):
        return "selector"
    if target.startswith("/"):
        return "file"
    return "other"


def _fold(target: str) -> str:
    """A target as the report names it: "socket" and "pipe" without their inode, paths as they are."""
    return target.split(":", 1)[0] if target.startswith(("socket:", "pipe:")) else target


def open_descriptors() -> Dict[int, str]:
    """{descriptor: what it points at} of this process; {} where descriptors cannot be listed."""
    for fd_dir in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(fd_dir):
            break
    else:
        return {}
    found: Dict[int, str] = {}
    for name in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            try:
                os.fstat(int(name))
            except OSError:
                continue  # closed since the listing: the listing's own descriptor
            target = "descriptor"  # open, but its target cannot be read here (/dev/fd)
        if _LISTING.match(target):
            continue  # the listing's own descriptor
        found[int(name)] = target
    return found


def _owner_types() -> FrozenSet[type]:
    """The types whose objects own a descriptor, among the modules the scenario imported: their
    subclasses own one too. Concrete bases, looked for in a class's __mro__: issubclass() with an
    abstract base class (io.IOBase, selectors.BaseSelector) walks every registered subclass and
    fills its caches, under the tracer, for each of the heap's types."""
    kinds: List[type] = [_io._IOBase]
    # A subprocess.Popen's pipes are files (its stdin, stdout and stderr): io's bases find them.
    for module_name, names in (("socket", ("socket",)), ("selectors", ("BaseSelector",)), ("select", ("epoll", "kqueue", "devpoll"))):
        module = sys.modules.get(module_name)
        for name in names:
            kind = getattr(module, name, None) if module is not None else None
            if isinstance(kind, type):
                kinds.append(kind)
    return frozenset(kinds)


def _fileno(obj: Any) -> Optional[int]:
    """The descriptor an owner holds, or None (closed, or none: a Popen's are its pipes')."""
    try:
        fileno = obj.fileno()
    except Exception:  # closed files raise ValueError, closed sockets OSError; any failure means "none"
        return None
    return fileno if isinstance(fileno, int) and fileno >= 0 else None


class DescriptorWatch:
    """The descriptors open before the window, and where files were opened during it."""

    def __init__(self, frames: int) -> None:
        self.before = open_descriptors()
        self.frames = frames
        self.active = True
        # {(path, stack): opens}: the stack of (file, line) frames, most recent first.
        self.opened: Dict[Tuple[str, Stack], int] = {}
        # {descriptor: stack} of those that os.pipe, os.dup... made (the profile hook), and the
        # descriptors known open after the last such call.
        self.made: Dict[int, Stack] = {}
        self.known = set(self.before)
        _HOOK[0] = self
        _install_hook()
        self.previous_profile = sys.getprofile()
        if self.previous_profile is None:  # never displace a profiler the scenario runs under
            sys.setprofile(self._profile)

    def stop(self) -> None:
        """No more noting: the window's cycles are over."""
        if self.active and self.previous_profile is None and sys.getprofile() == self._profile:
            sys.setprofile(None)
        self.active = False
        if _HOOK[0] is self:
            _HOOK[0] = None

    def _profile(self, frame: Any, event: str, arg: Any) -> None:
        """After a builtin call that makes descriptors returns, note its caller's stack for the new ones."""
        if event != "c_return" or getattr(arg, "__name__", None) not in _FD_MAKERS or getattr(arg, "__module__", None) not in _FD_MAKER_MODULES:
            return
        now = set(open_descriptors())
        fresh = now - self.known
        self.known = now
        if fresh and len(self.made) < MAX_OPEN_PLACES:
            stack = self._stack(frame)
            for fd in fresh:
                self.made[fd] = stack

    def _stack(self, frame: Any) -> Stack:
        """The (file, line) frames from `frame` outward, above the harness's, at most `frames`."""
        stack: List[Tuple[str, int]] = []
        while frame is not None and len(stack) < self.frames:
            filename = frame.f_code.co_filename
            if is_harness_file(filename):
                break
            stack.append((filename, frame.f_lineno))
            frame = frame.f_back
        return tuple(stack)

    def note_open(self, path: Any) -> None:
        """The audit hook saw a file opened at `path`: note the caller's stack (above the harness)."""
        if not isinstance(path, (str, bytes)):
            return  # open(fd): the descriptor is already open, and noted if it was opened here
        key = (os.fsdecode(path), self._stack(sys._getframe(2)))
        count = self.opened.get(key)
        if count is not None:
            self.opened[key] = count + 1
        elif len(self.opened) < MAX_OPEN_PLACES:
            self.opened[key] = 1

    def owners(self, index: CodeIndex) -> Tuple[List[Dict[str, Any]], List[List[Any]]]:
        """While tracemalloc runs: the groups of descriptors opened since the watch began, as
        {kind, target, count, objectType, stack}, the ones opened in the user's code first, then
        most first; and, per group, up to SAMPLES_PER_GROUP of their owners for the retention
        search (the caller drops them). A group is the descriptors of one kind, target and owner
        type opened at one line: a client's sockets apart from the ones a server thread accepted."""
        self.stop()
        before = self.before
        new = {fd: target for fd, target in open_descriptors().items() if before.get(fd) != target}
        if not new:
            return [], []
        # Its own time bound: the retention search's budget is for the walk that follows.
        owned = self._owners_of(set(new), time.perf_counter() + OWNER_SCAN_SECONDS)
        groups: Dict[GroupKey, Dict[str, Any]] = {}
        samples: Dict[GroupKey, List[Any]] = {}
        opened_at: Dict[str, Stack] = {}  # by path: where the audit hook saw it opened
        for fd, target in new.items():
            owner = owned.get(fd)
            stack = _allocation_stack(owner) if owner is not None else ()
            if not stack:
                stack = self.made.get(fd, ())
            if not stack and target.startswith("/"):
                stack = opened_at.get(target) or opened_at.setdefault(target, self._opened_stack(target))
            anchor = next((frame for frame in stack if index.is_user_code(frame[0])), None)
            key = (kind_of(target), _fold(target), type_name(type(owner)) if owner is not None else None, anchor or (stack[0] if stack else None))
            group = groups.get(key)
            if group is None:
                group = groups[key] = {"kind": key[0], "target": key[1], "count": 0, "objectType": key[2], "stack": stack, "user": anchor is not None}
                samples[key] = []
            group["count"] += 1
            if owner is not None and len(samples[key]) < SAMPLES_PER_GROUP:
                samples[key].append(owner)
        del owned
        ranked = sorted(groups, key=lambda key: (groups[key]["user"], groups[key]["count"]), reverse=True)[:MAX_GROUPS]
        return [groups[key] for key in ranked], [samples[key] for key in ranked]

    def _owners_of(self, fds: Set[int], deadline: float) -> Dict[int, Any]:
        """{descriptor: the outermost live object that owns it} (a TextIOWrapper, not the
        BufferedReader and FileIO inside it), within the deadline."""
        kinds = _owner_types()
        found: Dict[int, List[Any]] = {}
        # Tracing is on: every allocation here is slow. The heap is filtered by C-level passes
        # (its distinct types, then the objects of the owning ones), with no Python int per object.
        objects = gc.get_objects()
        try:
            owning = {cls for cls in set(map(type, objects)) if not kinds.isdisjoint(cls.__mro__)}
            candidates = [obj for obj in objects if type(obj) in owning]
        finally:
            del objects
        for obj in candidates:
            fd = _fileno(obj)
            if fd is not None and fd in fds:
                found.setdefault(fd, []).append(obj)
            if time.perf_counter() >= deadline:
                break
        del candidates
        outermost: Dict[int, Any] = {}
        for fd, candidates in found.items():
            ids = {id(candidate) for candidate in candidates}
            inner: Set[int] = set()
            for candidate in candidates:
                for referent in gc.get_referents(candidate):
                    # An attribute holds the inner owner (a SocketIO's _sock): look into the __dict__ too.
                    for held in referent.values() if type(referent) is dict else (referent,):
                        if id(held) in ids:
                            inner.add(id(held))
            outermost[fd] = next((c for c in candidates if id(c) not in inner), candidates[0])
        return outermost

    def _opened_stack(self, target: str) -> Stack:
        """Where the audit hook saw the file at `target` opened most often; () when it did not."""
        best: Stack = ()
        most = 0
        for (path, stack), count in self.opened.items():
            if count > most and os.path.realpath(path) == target:
                best, most = stack, count
        return best


def _allocation_stack(owner: Any) -> Stack:
    """Where an owner was allocated, above the harness's frames, most recent first; () when the
    tracer cannot place it (made before the window)."""
    tb = tracemalloc.get_object_traceback(owner)
    if tb is None or not len(tb):
        return ()
    return tuple(scenario_frames(tuple((frame.filename, frame.lineno) for frame in reversed(tb))))


# The watch the audit hook reports to; None outside a window. An audit hook cannot be removed:
# one is added, once, by the first window that watches descriptors.
_HOOK: List[Optional[DescriptorWatch]] = [None]
_INSTALLED = [False]


def _audit(event: str, args: Tuple[Any, ...]) -> None:
    if event == "open":
        watch = _HOOK[0]
        if watch is not None and watch.active and args:
            watch.note_open(args[0])


def _install_hook() -> None:
    if not _INSTALLED[0] and hasattr(sys, "addaudithook"):
        sys.addaudithook(_audit)
        _INSTALLED[0] = True


def render(groups: List[Dict[str, Any]], paths: List[Tuple[str, Any]], index: CodeIndex) -> List[FdOwner]:
    """The "fdOwners" of the trace record: each group with readable frames and its holder
    (paths: per group, (path, root) from the retention search; a group with no owner has none)."""
    rendered: List[FdOwner] = []
    for group, (path, root) in zip(groups, paths):
        owned = group["objectType"] is not None
        rendered.append(
            {
                "kind": group["kind"],
                "target": group["target"],
                "count": group["count"],
                "objectType": group["objectType"],
                "frames": [index.frame(filename, line) for filename, line in group["stack"]],
                "retainedBy": path if owned else None,
                "retainedByRoot": root if owned else None,
            }
        )
    return rendered

"""The cheap process-wide signals (allocated blocks, RSS, open descriptors, the malloc heap),
read per platform, and which of them this platform offers."""
from __future__ import annotations

import collections
import gc
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Callable, Dict, List, Optional
    from .records import Reading


NAN = float("nan")
# What the open descriptors point at is reported for this many kinds at most.
MAX_FD_TARGETS = 40


class Probes:
    """The cheap process-wide signals; `notes` says which of them this platform lacks."""

    def __init__(self) -> None:
        self.notes: List[str] = []
        self.blocks = getattr(sys, "getallocatedblocks", None)
        if self.blocks is None:
            self.notes.append("allocated blocks: sys.getallocatedblocks() is not available on %s" % sys.implementation.name)
        self._statm: Optional[int] = None
        self._page_bytes = 0
        self._win_rss: Optional[Callable[[], int]] = None
        self._fd_dir: Optional[str] = None
        self._mallinfo: Optional[Callable[[], Any]] = None
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
            except Exception:  # any failure means "not measurable here"
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
                _fields_ = [
                    (name, ctypes.c_size_t)
                    for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")
                ]

            libc = ctypes.CDLL(None)
            libc.mallinfo2.restype = MallInfo2
            libc.mallinfo2.argtypes = []
            self._mallinfo = libc.mallinfo2
            self.heap_bytes()
        except (OSError, AttributeError):
            self._mallinfo = None
            self.notes.append("malloc heap: mallinfo2() is not available (not glibc 2.33+); native leaks are judged on RSS alone")

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

    def fd_targets(self) -> Dict[str, int]:
        """What the open descriptors point at, folded into kinds ("socket", "pipe", a path)."""
        if self._fd_dir is None or not sys.platform.startswith("linux"):
            return {}
        counts: "collections.Counter[str]" = collections.Counter()
        for name in os.listdir(self._fd_dir):
            try:
                target = os.readlink(os.path.join(self._fd_dir, name))
            except OSError:
                continue
            if target.startswith(("socket:", "pipe:")):
                target = target.split(":", 1)[0]
            counts[target] += 1
        return dict(counts.most_common(MAX_FD_TARGETS))


def _windows_rss_reader() -> Callable[[], int]:
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

    psapi = getattr(ctypes, "WinDLL")("psapi")
    kernel32 = getattr(ctypes, "WinDLL")("kernel32")
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
    cache_clear = getattr(compile_pattern, "cache_clear", None)
    if callable(cache_clear):
        cache_clear()
    typing = modules.get("typing")
    for cleanup in getattr(typing, "_cleanups", ()) if typing is not None else ():
        cleanup()
    clear_type_cache = getattr(sys, "_clear_type_cache", None)
    if clear_type_cache is not None:
        clear_type_cache()


def reading(probes: Probes) -> Reading:
    """The process-wide signals after emptying the bounded caches and collecting garbage."""
    clear_bounded_caches()
    gc.collect()
    return {
        "blocks": finite(probes.allocated_blocks()),
        "rssBytes": finite(probes.rss_bytes()),
        "fds": finite(probes.open_fds()),
        "heapBytes": finite(probes.heap_bytes()),
    }


def finite(value: float) -> Optional[float]:
    return None if value != value else value  # NaN -> null in JSON

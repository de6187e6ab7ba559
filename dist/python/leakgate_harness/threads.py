"""The threads a scenario leaves running: where each was started (noted while the scenario
loads and runs setup()), its target and where it runs now."""
from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Callable, List
    from .records import LeftThread


MAX_THREADS_REPORTED = 20
# A thread told to stop in teardown() may need a moment to get there: it is not "left running".
THREADS_GRACE_SECONDS = 0.2


def record_thread_starts() -> Callable[[], None]:
    """Make Thread.start() note the line that called it (as thread._leakgate_started_at) until
    the returned function is called. Only while the scenario loads and runs setup(): the
    measured cycles must not pay for it, and the traced window's stacks must not include it."""
    import threading

    original = threading.Thread.start
    threading_file = threading.__file__

    def start(thread: Any) -> Any:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename == threading_file:
            frame = frame.f_back
        if frame is not None:
            try:
                thread._leakgate_started_at = (frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)
            except Exception:  # a thread class with __slots__ just goes unnamed
                pass
        return original(thread)

    threading.Thread.start = start  # type: ignore[method-assign]

    def stop() -> None:
        if threading.Thread.start is start:
            threading.Thread.start = original  # type: ignore[method-assign]

    return stop


def threads_left() -> List[LeftThread]:
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
    left: List[LeftThread] = []
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

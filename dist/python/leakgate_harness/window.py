"""The traced window: cycles run under tracemalloc, snapshots of where memory is allocated, and
which allocation sites keep growing; then, with tracing off, what keeps their objects alive.

The tracer is touched in two small functions (`snapshot`, and the start and stop around the
window in `traced_window`); everything else is pure (sites.py, rates.py)."""
from __future__ import annotations

import gc
import os
import time
import tracemalloc

from . import retention
from .attribution import CodeIndex
from .own import HARNESS_FILES
from .probes import clear_bounded_caches
from .rates import rate_settled, rising
from .scenario import Runner
from .settings import Policy, TraceAnswer
from .sites import SiteSeries, grown_keys, render_sites, scenario_frames, site_totals

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Callable, Dict, Generator, List, Tuple
    from .records import Trace
    # A batch of cycles the window asks the run to do: (runner, count, phase, sample every, traced bytes).
    Batch = Tuple[Runner, int, str, int, Callable[[], float]]


def snapshot(series: SiteSeries) -> int:
    """Collect garbage, take a tracemalloc snapshot and add it to `series`; returns the scenario's
    traced bytes. Nothing of the snapshot is kept: only plain numbers by stack."""
    clear_bounded_caches()
    gc.collect()
    taken = tracemalloc.take_snapshot()
    sizes, counts = site_totals(taken)
    del taken
    total = series.add(sizes, counts)
    del sizes, counts
    return total


def decided(series: SiteSeries, checkpoint_cycles: List[int], traced_totals: List[int], index: CodeIndex, policy: Policy) -> bool:
    """Whether the window has seen enough: traced memory rose at every snapshot, at a rate
    already known precisely, and a site with a frame in the scenario's code (or a stack cut
    short by --frames) rose at each too."""
    if len(traced_totals) < policy.decisive_snapshots or not rising(traced_totals) or not rate_settled(checkpoint_cycles, traced_totals, policy):
        return False
    user_files: Dict[str, bool] = {}  # file -> whether it is the scenario's code: thousands of sites name a few files
    for key in series.rising_keys():
        frames = scenario_frames(key)
        if len(frames) == len(key):
            return True
        for filename, _ in frames:
            user = user_files.get(filename)
            if user is None:
                user = user_files[filename] = index.is_user_code(filename)
            if user:
                return True
    return False


def traced_window(
    runner: Runner, answer: TraceAnswer, first_cycle: int, frames: int, cwd: str, policy: Policy, thaw: Callable[[], None]
) -> Generator[Batch, float, Trace]:
    """Run up to answer.cycles under tracemalloc (a generator of batches, see run.drive), and
    return the "trace" record: which allocation sites keep growing, and what keeps the growing
    types' and sites' objects alive. With answer.end_early (the untraced phase saw Python objects
    grow), the window ends as soon as the evidence is decisive (see `decided`)."""
    # Which objects of the growing types exist now (the ones born in the window are not
    # among them), and how long the long containers are (the ones that grow hold the leak).
    baseline = retention.window_baseline(answer.types)
    # Traces whose most recent frame is in this harness or in tracemalloc are our own.
    own_files = frozenset(HARNESS_FILES | {os.path.abspath(tracemalloc.__file__), tracemalloc.__file__})
    index = CodeIndex(cwd)
    series = SiteSeries(own_files)
    checkpoint_cycles: List[int] = []
    traced_totals: List[int] = []
    own_offset = [0]
    watch = None
    if answer.descriptors:
        from .descriptors import DescriptorWatch

        watch = DescriptorWatch(frames)

    def take(cycle: int) -> None:
        total = snapshot(series)
        checkpoint_cycles.append(cycle)
        traced_totals.append(total)
        # What this harness holds under tracing now is everything traced but the scenario's own bytes.
        own_offset[0] = tracemalloc.get_traced_memory()[0] - total

    def traced_bytes() -> float:
        return float(tracemalloc.get_traced_memory()[0] - own_offset[0])

    max_cycles = answer.cycles
    budget_seconds = answer.budget_seconds
    started = time.perf_counter()
    gc.collect()
    tracemalloc.start(frames)
    try:
        take(first_cycle)
        # One traced cycle tells how much slower tracing makes this scenario: size the window so
        # that it fits the budget (at least policy.min_traced_cycles), its snapshots spread evenly.
        first_started = time.perf_counter()
        yield (runner, 1, "trace", 1, traced_bytes)
        done = 1
        first_seconds = max(1e-6, time.perf_counter() - first_started)
        take(first_cycle + done)
        affordable = int(max(0.0, budget_seconds - (time.perf_counter() - started)) / first_seconds)
        # A window for descriptors alone asks for fewer cycles than the minimum: it only needs their owners born in it.
        planned = max(min(policy.min_traced_cycles, max_cycles), min(max_cycles, affordable))
        every = max(1, -(-(planned - 1) // max(2, answer.checkpoints)))
        while done < planned:
            count = min(every, planned - done)
            yield (runner, count, "trace", 1, traced_bytes)
            done += count
            take(first_cycle + done)
            if answer.end_early and decided(series, checkpoint_cycles, traced_totals, index, policy):
                break
            # A baseline comparison needs the rate to within its tolerance: a leak of objects of
            # random sizes gets more cycles, up to four times the budget (twice the untraced
            # cycles' time): measured, 5 traced cycles of such a leak spread its rate over 66%
            # from run to run, more than the 50% tolerance.
            if (
                done >= planned
                and planned < max_cycles
                and not rate_settled(checkpoint_cycles, traced_totals, policy)
                and time.perf_counter() - started + every * first_seconds <= 4 * budget_seconds
            ):
                planned = min(max_cycles, done + every)
        grown = grown_keys(series, policy.max_stacks)
        # Measurement is over: what follows only explains it, and may allocate freely.
        retention_started = time.perf_counter()
        deadline = retention_started + answer.retention_seconds
        # The top sites in user code, which a reviewer reads first, get retention paths.
        explained = [key for key in grown if any(index.is_user_code(filename) for filename, _ in scenario_frames(key))][: policy.max_retained_sites]
        site_sizes: Dict[Tuple[str, int], float] = {}
        for key in explained:
            sizes, counts = series.of(key)
            site_sizes.setdefault(key[0], (sizes[-1] - sizes[0]) / max(1, counts[-1] - counts[0]))
        # The owners of the window's new descriptors, and where they were made: the tracer knows it only now.
        fd_groups, fd_samples = watch.owners(index) if watch is not None else ([], [])
        # Sampling needs the tracer (it asks where objects were allocated); the walk does not.
        samples = retention.collect_samples(answer.types, baseline, site_sizes, retention_started + answer.retention_seconds / 2)
        # Where one sample of each growing type was made: the tracer knows it only while it runs.
        type_stacks = retention.allocation_stacks(samples[0])
    finally:
        if watch is not None:
            watch.stop()
        tracemalloc.stop()
    del baseline
    thaw()  # the walk must see the referrers that a frozen heap hides
    if any(fd_samples):
        # The samples' search may have spent the budget: the leaking descriptors' holders get their minimum.
        from .descriptors import MIN_WALK_SECONDS

        deadline = max(deadline, time.perf_counter() + MIN_WALK_SECONDS)
    paths = retention.explain(samples, own_files, deadline, index, fd_samples)
    del samples, fd_samples
    retention_seconds = time.perf_counter() - retention_started
    # Source lines and function names are read with tracing off: parsing is allocation-heavy.
    sites = render_sites(grown, series, index)
    for site, key in zip(sites, grown):
        if key in explained:
            retention.describe_site(site, key, paths, index)
    type_frames = {name: [index.frame(filename, line) for filename, line in type_stacks.get(name, ())] for name in answer.types}
    del type_stacks
    fd_owners = None
    if watch is not None:
        from .descriptors import render

        fd_owners = render(fd_groups, [(paths["extra"].get(n, retention.NO_PATH), paths["extraRoots"].get(n)) for n in range(len(fd_groups))], index)
    record: Trace = {
        "t": "trace",
        "frames": frames,
        "cycles": done,
        "checkpointCycles": checkpoint_cycles,
        "tracedBytes": traced_totals,
        "sites": sites,
        "typeRetention": paths["types"],
        "typeRetainedByRoot": paths["typeRoots"],
        "typeFrames": type_frames,
        "typePathTypes": paths["typePathTypes"],
        "typeReferents": paths["typeReferents"],
        "retentionSeconds": retention_seconds,
        "seconds": time.perf_counter() - started,
    }
    if fd_owners is not None:
        record["fdOwners"] = fd_owners
    return record

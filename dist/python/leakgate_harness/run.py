"""The run: load the scenario, warm up, the measured phase with its checkpoints, the question to
the TypeScript side ("await"), the extension that confirms growth and the second question it may
ask for, the traced window it may ask for, teardown.

The run is a generator of batches of cycles (`Harness.steps`) that `drive` runs on a shallow
stack. The GC is touched in `probes.reading`, `Harness.freeze_if_big` and `Harness.thaw`."""
from __future__ import annotations

import gc
import json
import os
import sys
import time

from .census import census
from .channels import PHASE_CODES, ROW_WIDTH, Control, Records, Samples
from .own import EXIT_BAD_INVOCATION, EXIT_OK, EXIT_SCENARIO_FAILED
from .probes import NAN, Probes, reading
from .scenario import Runner, ScenarioError, cycle_failure, guarded, load_scenario
from .settings import ExtendAnswer, Settings, SettingsError, parse_answer
from .threads import record_thread_starts, threads_left

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from types import ModuleType
    from typing import Any, Callable, Dict, Generator, Optional, Tuple
    # A batch of cycles a step asks for: (runner, count, phase, sample every n-th, traced bytes or None).
    Batch = Tuple[Runner, int, str, int, Optional[Callable[[], float]]]

MAX_SETTLING_CHECKPOINTS = 6
# From this many gc-tracked objects after the warm-up, the heap is frozen (gc.freeze): every
# later gc.collect() and census then walks only the objects born since, instead of millions.
FREEZE_MIN_OBJECTS = 250_000
PROGRESS_EVERY_SECONDS = 0.5


def batch_cycles(remaining_cycles: int, taken: int, checkpoint_seconds: float, budget_seconds: float, min_checkpoints: int, max_checkpoints: int) -> int:
    """Cycles per batch for the rest of the measured phase: as many more checkpoints as the
    budget left pays for at checkpoint_seconds each, so that the phase has min_checkpoints to
    max_checkpoints batches in all; `taken` checkpoints (the first, before any batch) are done."""
    batches = taken - 1
    affordable = int(budget_seconds / checkpoint_seconds) if checkpoint_seconds > 0 else max_checkpoints
    wanted = max(1, min_checkpoints - batches, min(max_checkpoints - batches, affordable))
    return max(1, -(-remaining_cycles // wanted))


def drive(steps: Generator[Any, Any, int], run_cycles: Callable[..., float]) -> int:
    """Run a generator of steps to its end, running here the batches of cycles it asks for;
    an exception from the cycles is raised inside the step that asked for them.

    Why: on every allocation, tracemalloc computes the line of each frame it records (up to
    --frames of them), and CPython finds a frame's line by scanning its function's line table
    up to the current instruction. Below the scenario's frames, the harness's long functions
    made each traced cycle of an allocation-heavy scenario cost 2-3x more. A suspended
    generator is off the stack: the cycles run on top of this small function only."""
    reply: Any = None
    failure: Optional[BaseException] = None
    while True:
        try:
            request = steps.throw(failure) if failure is not None else steps.send(reply)
        except StopIteration as stop:
            return stop.value
        reply, failure = None, None
        try:
            reply = run_cycles(*request)
        except BaseException as error:  # handled by the step that asked
            failure = error


class Harness:
    def __init__(self, settings: Settings, records: Records, control: Control, import_from_source: Callable[[str], ModuleType]) -> None:
        self.settings = settings
        self.import_from_source = import_from_source
        self.policy = settings.policy
        self.records = records
        self.control = control
        self.cycles = settings.cycles
        self.warmup = settings.warmup
        self.probes = Probes()
        self.samples = Samples(
            settings.samples_path, self.warmup + self.cycles + settings.confirm_cycles + self.policy.native_cycles + self.policy.max_traced_cycles
        )
        self.row = 0
        self.cycle_number = 0
        self.stride = 1
        self.last_progress = time.perf_counter()
        self.frozen_objects = 0

    def run(self) -> int:
        """The whole run; its cycles run on a shallow stack (see drive)."""
        return drive(self.steps(), self.loop)

    def steps(self) -> Generator[Batch, float, int]:
        """The run, step by step: yields a Batch for each batch of cycles, receives the seconds
        they took, and returns the harness's exit code."""
        self.records.write(
            {
                "t": "hello",
                "python": "%d.%d.%d" % sys.version_info[:3],
                "implementation": sys.implementation.name,
                "platform": sys.platform,
                "notes": self.probes.notes,
            }
        )
        runner = None
        stop_recording_thread_starts = record_thread_starts()
        try:
            self.phase("import")
            if "::" in self.settings.target:
                # A pytest node id (issue 17): its module is compiled only for such a run, before
                # anything is measured, as the traced window's are (see __init__.py).
                self.import_from_source("leakgate_harness.pytest_scenario")
                from .pytest_scenario import PytestRunner

                runner = PytestRunner(self.settings.target, self.settings.cwd)
            else:
                module, cycle = load_scenario(self.settings.target, self.settings.cwd)
                runner = Runner(module, cycle)
            self.records.write({"t": "loaded"})
            if callable(runner.setup):
                self.phase("setup")
                guarded(runner, runner.setup, "setup-raised", "setup() raised")
            stop_recording_thread_starts()
            self.phase("warmup")
            warm_seconds = yield (runner, self.warmup, "warmup", 1, None)
            per_cycle_seconds = warm_seconds / self.warmup if self.warmup else 0.0
            self.stride = self.sample_stride(per_cycle_seconds)
            budget_seconds = self.policy.checkpoint_budget_share * per_cycle_seconds * self.cycles
            interval = self.checkpoint_interval(budget_seconds)
            self.phase("measure", {"checkpointEvery": interval, "sampleEvery": self.stride, "frozenObjects": self.frozen_objects})
            spent_seconds = self.checkpoint("measure", fd_targets=True)
            measured_seconds = yield from self.measure(runner, interval, budget_seconds, spent_seconds)
            self.records.write({"t": "await", "measuredSeconds": measured_seconds, "warmupSeconds": warm_seconds})
            answer = parse_answer(self.control.read())
            if isinstance(answer, ExtendAnswer):
                # The measured phase grew: more untraced cycles tell a leak from growth that is
                # released later (a pruned list, a cache that fills), then the second question.
                confirm_cycles = min(answer.cycles, self.settings.confirm_cycles)
                self.phase("confirm", {"cycles": confirm_cycles, "sampleEvery": self.stride})
                ran, confirm_seconds = yield from self.confirm(runner, confirm_cycles, answer.budget_seconds)
                self.records.write(
                    {"t": "await", "measuredSeconds": measured_seconds, "warmupSeconds": warm_seconds, "confirmCycles": ran, "confirmSeconds": confirm_seconds}
                )
                answer = parse_answer(self.control.read())
                if isinstance(answer, ExtendAnswer):
                    raise SettingsError("the control answer asks for a second extension; after one, it must be a trace plan")
            if answer.trace and answer.native_cycles > 0:
                # Memory grows and Python objects do not: a few profiled cycles tell which of the
                # user's lines call native code (issue 15), before the window, untraced.
                self.phase("profile", {"cycles": min(answer.native_cycles, self.policy.native_cycles)})
                self.import_from_source("leakgate_harness.native")
                from .native import profiled_cycles

                native = yield from profiled_cycles(runner, answer, self.settings.cwd, self.probes.heap_bytes, self.policy)
                self.records.write(native)
            if answer.trace:
                self.phase("trace", {"frames": self.settings.frames})
                # The window's modules (and tracemalloc, ast, ...) are compiled only for a run that
                # has a window, at its start: before its first reading, never during it (issue 12).
                self.import_from_source("leakgate_harness.window")
                from .window import traced_window

                trace = yield from traced_window(runner, answer, self.cycle_number, self.settings.frames, self.settings.cwd, self.policy, self.thaw)
                self.records.write(trace)
            self.thaw()
            if callable(runner.teardown):
                self.phase("teardown")
                guarded(runner, runner.teardown, "teardown-raised", "teardown() raised")
            left = threads_left()
            if left:
                self.records.write({"t": "threads", "threads": left})
        except ScenarioError as error:
            self.records.write(dict(error.record, t="error", cycle=self.cycle_number or None))
            return EXIT_SCENARIO_FAILED
        except SettingsError as error:  # the control channel's answer, not the scenario
            sys.stderr.write("leakgate: %s\n" % error)
            return EXIT_BAD_INVOCATION
        finally:
            stop_recording_thread_starts()
            self.thaw()
            if runner is not None:
                try:
                    runner.close()
                except Exception:  # closing the loop must not hide the result
                    pass
            self.samples.map.flush()
        self.records.write({"t": "done"})
        return EXIT_OK

    def phase(self, name: str, extra: Optional[Dict[str, int]] = None) -> None:
        record: Dict[str, Any] = {"t": "phase", "name": name, "cycle": self.cycle_number}
        if extra:
            record.update(extra)
        self.records.write(record)

    def sample_stride(self, per_cycle_seconds: float) -> int:
        """Sample per-cycle signals every n-th cycle, so that sampling costs at most its share of the cycles."""
        start = time.perf_counter()
        probes = self.probes
        for _ in range(20):
            probes.allocated_blocks()
            probes.rss_bytes()
            probes.open_fds()
            probes.heap_bytes()
        sample_seconds = (time.perf_counter() - start) / 20
        if per_cycle_seconds <= 0:
            return 1
        return max(1, int(-(-sample_seconds // (self.policy.sample_budget_share * per_cycle_seconds))))

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
            record: Dict[str, Any] = dict(reading(self.probes))
            record["types"] = census(self.policy.max_types_per_census)
            json.dumps(record, separators=(",", ":"))
            if round_number == 0:
                self.freeze_if_big(sum(record["types"].values()))
            del record
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
        return batch_cycles(self.cycles, 1, checkpoint_seconds, budget_seconds, self.policy.min_checkpoints, self.policy.max_checkpoints)

    def loop(self, runner: Runner, count: int, phase: str, sample_every: int, tracer: Optional[Callable[[], float]] = None) -> float:
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
            except BaseException as error:  # any failure is reported with its cycle
                raise cycle_failure(error, self.cycle_number, phase) from None
            elapsed = clock() - started
            total += elapsed
            if index % sample_every == 0 or index == count - 1:
                traced = tracer() if tracer is not None else NAN
                samples.put(
                    self.row, self.cycle_number, code, elapsed, probes.allocated_blocks(), probes.rss_bytes(), probes.open_fds(), traced, probes.heap_bytes()
                )
            else:
                samples.put(self.row, self.cycle_number, code, elapsed, NAN, NAN, NAN, NAN, NAN)
            self.row += 1
            now = started + elapsed  # the clock was just read: no second call per cycle
            if now - self.last_progress >= PROGRESS_EVERY_SECONDS:
                self.last_progress = now
                self.records.write({"t": "progress", "cycle": self.cycle_number, "phase": phase})
        return total

    def measure(self, runner: Runner, interval: int, budget_seconds: float, spent_seconds: float) -> Generator[Batch, float, float]:
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
                interval = batch_cycles(
                    self.cycles - done,
                    taken,
                    spent_seconds / taken,
                    budget_seconds - spent_seconds,
                    self.policy.min_checkpoints,
                    self.policy.max_checkpoints,
                )
        return total

    def confirm(self, runner: Runner, cycles: int, budget_seconds: float) -> Generator[Batch, float, Tuple[int, float]]:
        """The extension: up to `cycles` untraced cycles in confirmCheckpoints batches, each followed
        by a checkpoint (the measured phase's last one is its start); it stops at the first batch
        boundary after `budget_seconds` (cycles and checkpoints) are spent. Returns the cycles run and
        the seconds spent. Few checkpoints: on a heap of 200k objects each costs 50-80 ms."""
        started = time.perf_counter()
        interval = max(1, -(-cycles // max(1, self.policy.confirm_checkpoints)))
        done = 0
        while done < cycles:
            count = min(interval, cycles - done)
            yield (runner, count, "confirm", self.stride, None)
            done += count
            self.checkpoint("confirm")
            if time.perf_counter() - started >= budget_seconds:
                break
        return done, time.perf_counter() - started

    def checkpoint(self, phase: str, fd_targets: bool = False) -> float:
        """Record a checkpoint; returns the seconds it took."""
        started = time.perf_counter()
        record: Dict[str, Any] = dict(reading(self.probes))
        record["types"] = census(self.policy.max_types_per_census)
        if fd_targets:
            record["fdTargets"] = self.probes.fd_targets()
        seconds = time.perf_counter() - started
        record.update({"t": "checkpoint", "phase": phase, "cycle": self.cycle_number, "seconds": seconds})
        self.records.write(record)
        del record
        return seconds

"""The settings file the TypeScript side writes (src/harness/policy.ts owns every number).

No setting has a default here: a missing one means the harness was started by something other
than this version of leakgate, and is a usage error (exit 11), not a guess."""
from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Dict, List, Optional, Tuple, Union


class SettingsError(Exception):
    """The settings file is unreadable, or lacks a setting, or has one of the wrong type."""


# Plain classes, each read from its JSON object field by field, not dataclasses: importing
# dataclasses (with inspect, re and copy) cost the harness's start-up more than these save.


class Policy:
    """How the harness measures and when its traced window has seen enough."""

    def __init__(self, raw: Dict[str, Any]) -> None:
        def field(key: str, kind: type) -> Any:
            return _field(raw, key, kind, "policy.")

        self.max_types_per_census: int = field("maxTypesPerCensus", int)  # the most numerous types a census reports
        self.min_checkpoints: int = field("minCheckpoints", int)  # the measured phase has this many checkpoints at least ...
        self.max_checkpoints: int = field("maxCheckpoints", int)  # ... and this many at most
        self.checkpoint_budget_share: float = field("checkpointBudgetShare", float)  # checkpoints cost at most this share of the measured cycles' time
        self.sample_budget_share: float = field("sampleBudgetShare", float)  # per-cycle sampling costs at most this share of a cycle
        self.max_traced_cycles: int = field("maxTracedCycles", int)  # the traced window's length, at most
        self.min_traced_cycles: int = field("minTracedCycles", int)  # and at least
        self.max_stacks: int = field("maxStacks", int)  # allocation stacks reported, largest growth first
        self.max_retained_sites: int = field("maxRetainedSites", int)  # the top sites in user code that get a retention path
        self.decisive_snapshots: int = field("decisiveSnapshots", int)  # rising snapshots (the first included) that may end the window early
        self.rate_skipped_intervals: int = field("rateSkippedIntervals", int)  # leading intervals between snapshots left out of the rate
        self.rate_min_intervals: int = field("rateMinIntervals", int)  # intervals needed before a rate is known at all
        self.rate_standard_error_share: float = field("rateStandardErrorShare", float)  # a rate is known when its standard error is at most this share of it
        self.confirm_checkpoints: int = field("confirmCheckpoints", int)  # checkpoints of the extension that confirms growth
        self.native_cycles: int = field("nativeCycles", int)  # cycles profiled for a native lead, at most (native.py)
        self.native_heap_reads: int = field("nativeHeapReads", int)  # native calls of one site the heap is read around
        self.max_native_sites: int = field("maxNativeSites", int)  # sites (line, callee) tallied, at most
        self.max_native_sites_reported: int = field("maxNativeSitesReported", int)  # and reported, most heap first


class Settings:
    """The whole settings file: the scenario, how long to run it, the channels' paths, the policy."""

    def __init__(self, raw: Dict[str, Any]) -> None:
        policy = _field(raw, "policy", dict)
        self.target: str = _field(raw, "target", str)
        self.cwd: str = _field(raw, "cwd", str)
        self.cycles: int = _field(raw, "cycles", int)
        self.warmup: int = _field(raw, "warmup", int)
        self.frames: int = _field(raw, "frames", int)
        self.confirm_cycles: int = _field(raw, "confirmCycles", int)  # the extension's length, at most (0: never extended)
        self.records_path: str = _field(raw, "recordsPath", str)
        self.samples_path: str = _field(raw, "samplesPath", str)
        self.stacks_path: str = _field(raw, "stacksPath", str)
        self.policy = Policy(policy)
        # pytest's arguments when the run only collects node ids (pytest_session.collect_node_ids), else None.
        self.collect: Optional[str] = _field(raw, "collect", (str, type(None)))


class ExtendAnswer:
    """The answer to the first "await" when the measured phase grew: run `cycles` more untraced
    cycles (at most; fewer once `budget_seconds` are spent), then ask again."""

    def __init__(self, raw: Dict[str, Any]) -> None:
        self.cycles: int = _field(raw, "cycles", int)
        self.budget_seconds: float = _field(raw, "budgetSeconds", float)


class TraceAnswer:
    """The TypeScript side's answer to the "await" record: whether and how to run a traced window."""

    def __init__(self, raw: Dict[str, Any]) -> None:
        self.trace: bool = _field(raw, "trace", bool)
        self.cycles = 0
        self.budget_seconds = 0.0
        self.checkpoints = 0
        self.types: "tuple[str, ...]" = ()
        self.retention_seconds = 0.0
        self.end_early = False
        self.native_cycles = 0  # cycles to profile for native calls before the window (0: none)
        self.native_seconds = 0.0
        self.descriptors = False
        if not self.trace:
            return
        types: List[Any] = _field(raw, "types", list)
        self.cycles = _field(raw, "cycles", int)
        self.budget_seconds = _field(raw, "budgetSeconds", float)
        self.checkpoints = _field(raw, "checkpoints", int)
        self.types = tuple(str(name) for name in types)
        self.retention_seconds = _field(raw, "retentionSeconds", float)
        self.end_early = _field(raw, "endEarly", bool)
        self.native_cycles = _field(raw, "nativeCycles", int)
        self.native_seconds = _field(raw, "nativeSeconds", float)
        # Open descriptors grow: find the objects that own the window's new ones (descriptors.py).
        self.descriptors = _field(raw, "descriptors", bool)


def _field(source: Dict[str, Any], key: str, kind: Union[type, Tuple[type, ...]], where: str = "") -> Any:
    if not isinstance(source, dict) or key not in source:
        raise SettingsError("'%s%s' is missing" % (where, key))
    value = source[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SettingsError("'%s%s' is %r, not a %s" % (where, key, value, getattr(kind, "__name__", "string or null")))
    return value


def parse_settings(text: str) -> Settings:
    """The settings from the file's JSON text; SettingsError names what is missing or wrong."""
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise SettingsError("not JSON: %s" % error) from None
    return Settings(raw)


def parse_answer(text: str) -> "ExtendAnswer | TraceAnswer":
    """The control channel's answer: extend the run ({"extend": true, ...}) or the trace plan;
    SettingsError when it lacks what it needs."""
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise SettingsError("the control answer is not JSON: %s" % error) from None
    if isinstance(raw, dict) and raw.get("extend") is True:
        return ExtendAnswer(raw)
    return TraceAnswer(raw)

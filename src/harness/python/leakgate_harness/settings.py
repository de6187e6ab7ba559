"""The settings file the TypeScript side writes (src/harness/policy.ts owns every number).

No setting has a default here: a missing one means the harness was started by something other
than this version of leakgate, and is a usage error (exit 11), not a guess."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List


class SettingsError(Exception):
    """The settings file is unreadable, or lacks a setting, or has one of the wrong type."""


@dataclass(frozen=True)
class Policy:
    """How the harness measures and when its traced window has seen enough."""

    max_types_per_census: int  # the most numerous types a census reports
    min_checkpoints: int  # the measured phase has this many checkpoints at least ...
    max_checkpoints: int  # ... and this many at most
    checkpoint_budget_share: float  # checkpoints cost at most this share of the measured cycles' time
    sample_budget_share: float  # per-cycle sampling costs at most this share of a cycle
    max_traced_cycles: int  # the traced window's length, at most
    min_traced_cycles: int  # and at least
    max_stacks: int  # allocation stacks reported, largest growth first
    max_retained_sites: int  # the top sites in user code that get a retention path
    decisive_snapshots: int  # rising snapshots (the first included) that may end the window early
    rate_skipped_intervals: int  # leading intervals between snapshots left out of the rate
    rate_min_intervals: int  # intervals needed before a rate is known at all
    rate_standard_error_share: float  # a rate is known when its standard error is at most this share of it


@dataclass(frozen=True)
class Settings:
    target: str
    cwd: str
    cycles: int
    warmup: int
    frames: int
    records_path: str
    samples_path: str
    stacks_path: str
    policy: Policy


@dataclass(frozen=True)
class TraceAnswer:
    """The TypeScript side's answer to the "await" record: whether and how to run a traced window."""

    trace: bool
    cycles: int = 0
    budget_seconds: float = 0.0
    checkpoints: int = 0
    types: "tuple[str, ...]" = ()
    retention_seconds: float = 0.0
    end_early: bool = False


def _field(source: Dict[str, Any], key: str, kind: type, where: str = "") -> Any:
    if not isinstance(source, dict) or key not in source:
        raise SettingsError("'%s%s' is missing" % (where, key))
    value = source[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SettingsError("'%s%s' is %r, not a %s" % (where, key, value, kind.__name__))
    return value


def parse_settings(text: str) -> Settings:
    """The settings from the file's JSON text; SettingsError names what is missing or wrong."""
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise SettingsError("not JSON: %s" % error) from None
    policy = _field(raw, "policy", dict)
    return Settings(
        target=_field(raw, "target", str),
        cwd=_field(raw, "cwd", str),
        cycles=_field(raw, "cycles", int),
        warmup=_field(raw, "warmup", int),
        frames=_field(raw, "frames", int),
        records_path=_field(raw, "recordsPath", str),
        samples_path=_field(raw, "samplesPath", str),
        stacks_path=_field(raw, "stacksPath", str),
        policy=Policy(
            max_types_per_census=_field(policy, "maxTypesPerCensus", int, "policy."),
            min_checkpoints=_field(policy, "minCheckpoints", int, "policy."),
            max_checkpoints=_field(policy, "maxCheckpoints", int, "policy."),
            checkpoint_budget_share=_field(policy, "checkpointBudgetShare", float, "policy."),
            sample_budget_share=_field(policy, "sampleBudgetShare", float, "policy."),
            max_traced_cycles=_field(policy, "maxTracedCycles", int, "policy."),
            min_traced_cycles=_field(policy, "minTracedCycles", int, "policy."),
            max_stacks=_field(policy, "maxStacks", int, "policy."),
            max_retained_sites=_field(policy, "maxRetainedSites", int, "policy."),
            decisive_snapshots=_field(policy, "decisiveSnapshots", int, "policy."),
            rate_skipped_intervals=_field(policy, "rateSkippedIntervals", int, "policy."),
            rate_min_intervals=_field(policy, "rateMinIntervals", int, "policy."),
            rate_standard_error_share=_field(policy, "rateStandardErrorShare", float, "policy."),
        ),
    )


def parse_answer(text: str) -> TraceAnswer:
    """The control channel's answer; SettingsError when it lacks what a traced window needs."""
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise SettingsError("the control answer is not JSON: %s" % error) from None
    if not _field(raw, "trace", bool):
        return TraceAnswer(trace=False)
    types: List[Any] = _field(raw, "types", list)
    return TraceAnswer(
        trace=True,
        cycles=_field(raw, "cycles", int),
        budget_seconds=_field(raw, "budgetSeconds", float),
        checkpoints=_field(raw, "checkpoints", int),
        types=tuple(str(name) for name in types),
        retention_seconds=_field(raw, "retentionSeconds", float),
        end_early=_field(raw, "endEarly", bool),
    )

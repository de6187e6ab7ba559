"""When the traced window has seen enough: pure functions over the window's snapshots.

The rate rule is shared with src/analyse/growth.ts (rateStandardError): the per-cycle growth
between consecutive snapshots, leaving out the first `skipped` intervals (the first traced cycle
carries the window's one-time allocations), its mean, and the standard error of that mean.
The numbers (`skipped`, the intervals needed, the share) come from TypeScript (settings.Policy).
"""
from __future__ import annotations


from .settings import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import List, Optional, Sequence, Tuple


def interval_rates(cycles: Sequence[int], totals: Sequence[float], skipped: int) -> List[float]:
    """The growth per cycle between consecutive snapshots, after the first `skipped` intervals."""
    return [
        (totals[i] - totals[i - 1]) / max(1, cycles[i] - cycles[i - 1])
        for i in range(skipped + 1, min(len(cycles), len(totals)))
    ]


def rate_standard_error(cycles: Sequence[int], totals: Sequence[float], skipped: int, min_intervals: int) -> Optional[Tuple[float, float]]:
    """(mean rate, standard error of the mean) of the interval rates; None with fewer than `min_intervals`."""
    rates = interval_rates(cycles, totals, skipped)
    if len(rates) < max(2, min_intervals):
        return None
    mean = sum(rates) / len(rates)
    variance = sum((rate - mean) ** 2 for rate in rates) / (len(rates) - 1)
    return mean, (variance / len(rates)) ** 0.5


def rate_settled(cycles: Sequence[int], totals: Sequence[float], policy: Policy) -> bool:
    """Whether the traced growth per cycle is known well enough: its standard error is at most
    `rate_standard_error_share` of its mean. Growth that is not positive has no rate to pin down."""
    rate = rate_standard_error(cycles, totals, policy.rate_skipped_intervals, policy.rate_min_intervals)
    if rate is None:
        return False
    mean, standard_error = rate
    return mean <= 0 or standard_error <= policy.rate_standard_error_share * mean


def rising(values: Sequence[float]) -> bool:
    """Whether every value is above the one before."""
    return all(later > earlier for earlier, later in zip(values, values[1:]))

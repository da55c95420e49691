"""What a figure states, read for comparison: the values its bound allows, the metric it
counts, and the days it covers.

A figure of a metric counted per day (DAU) dated to one day is that day's count. A peak of
such a metric (peak DAU) dated to one day is that day's count too ("a peak of 30 million on
New Year's Eve"), marked as the peak: it joins that day's daily counts. A peak over a
stretch of days is the largest of those days' counts. Comparisons, groups and series
(`agreement`, `dau`, `history`) read figures so, through `read`.

Light on purpose: only the knowledge file's own date format, read once a figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from aicompete.knowledge import dates
from aicompete.knowledge.models import Figure, Metric

# How far "about" a value may stand from the truth, as a share of it: "about 7.07 million"
# agrees with 7.4 million, not with 8 million.
ABOUT = 0.1
# A figure's role in a comparison: one day's count of a daily metric (`day`), the peak of
# such counts over a stretch of days (`peak`), or anything else over its dates (`span`).
Role = Literal["day", "peak", "span"]


def value_range(number: float, bound: str) -> tuple[float, float]:
    """The values a stated number allows, by its bound: exact is itself, "about" within
    `ABOUT` of it, "over" it and above, "under" or "up to" it and below (from 0)."""
    if bound == "about":
        return number * (1 - ABOUT), number * (1 + ABOUT)
    if bound == "over":
        return number, float("inf")
    if bound in ("under", "up_to"):
        return 0.0, number
    return number, number


def ranges_meet(first: tuple[float, float], second: tuple[float, float]) -> bool:
    """Whether two ranges of values share one: both statements can be true."""
    return first[0] <= second[1] and second[0] <= first[1]


class Reading:
    """A figure as comparisons read it. A plain class: a listing reads every figure.

    `counts` is the metric whose values it is in a group or a series: one day's peak counts
    as that day's daily metric (DAU), a peak over a stretch as itself (peak DAU). `base` is
    the daily metric under both, else the figure's own metric: what two readings must share
    to compare at all (a day's DAU and a holiday's peak DAU do). `day_peak` marks one day's
    peak; `span` is None for an undated figure.
    """

    __slots__ = ("base", "counts", "day_peak", "figure", "high", "low", "role", "span")

    def __init__(self, figure: Figure, metrics: Mapping[str, Metric]) -> None:
        self.figure = figure
        self.low, self.high = value_range(figure.number, figure.bound)
        self.span = dates.parse(figure.date) if figure.date else None
        one_day = self.span is not None and self.span.first == self.span.last
        metric = metrics.get(figure.metric)
        self.role: Role = "span"
        self.counts = self.base = figure.metric
        self.day_peak = False
        if metric is None or metric.window != "day":
            return
        if metric.statistic == "peak" and metric.of:
            self.base = metric.of
            self.role = "day" if one_day else "peak"
            self.day_peak = one_day
            self.counts = metric.of if one_day else figure.metric
        elif metric.statistic is None and one_day:
            self.role = "day"

    @property
    def values(self) -> tuple[float, float]:
        """The values its bound allows."""
        return self.low, self.high

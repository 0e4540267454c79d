"""`tollwatch chart`: a PNG step chart of each series of a monitor over time (matplotlib, Agg backend).

The chart shows a window of time: `--since`, or by default the story's active period, the reports after the
last quiet gap of QUIET_GAP (one old article that matched a keyword years ago would otherwise squeeze the
whole story into one column at the right edge). A series reported before the window enters it at the value it
had then. Each report that sets a new value is labelled with it, and the legend stands below the plot.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

WIDTH, HEIGHT, DPI = 12.0, 6.75, 100  # inches and dots per inch: 1200 x 675 pixels
QUIET_GAP = timedelta(days=30)  # reports further apart than this belong to different periods of a story
MAX_LABELS = 40  # values written on the points at most, the newest kept (more would overlap)


class Point(NamedTuple):
    """One report of a series, as `storage.monitors.chart_points` selects it."""

    series_id: int
    who: str | None
    attribution: str | None
    scope: str | None
    source: str
    value: int
    reported_at: datetime


class Window(NamedTuple):
    """The points to draw and the time they start from (None: all of them)."""

    points: list[Point]
    start: datetime | None


def active_since(points: Sequence[Any]) -> datetime | None:
    """The first report after the last gap of QUIET_GAP between reports: the story's active period; None when
    there is no such gap."""
    times = sorted(p.reported_at for p in points)
    starts = [later for earlier, later in zip(times, times[1:]) if later - earlier > QUIET_GAP]
    return starts[-1] if starts else None


def window(points: Sequence[Any], since: datetime | None) -> Window:
    """The points of each series reported from `since` on, each series that had a value before it entering at
    `since` with that value (so its line does not start from nothing)."""
    points = [Point(**p._asdict()) for p in points]  # database rows are read-only: a Point can be re-timed
    if since is None:
        return Window(points, None)
    kept: list[Point] = []
    for _series, rows in groupby(points, key=lambda r: r.series_id):
        rows = list(rows)
        before = [r for r in rows if r.reported_at < since]
        after = [r for r in rows if r.reported_at >= since]
        if before and after:
            kept.append(before[-1]._replace(reported_at=since))
        kept += after
    return Window(kept, since)


def series_label(rows: Sequence[Any]) -> str:
    """"UN (civilians) — aa-en, un-news": attribution, group and the sources that reported it."""
    first = rows[0]
    sources = list(dict.fromkeys(r.source for r in rows))
    voice = first.attribution or "unattributed"
    who = f" ({first.who})" if first.who else ""
    shown = ", ".join(sources[:3]) + (f" +{len(sources) - 3}" if len(sources) > 3 else "")
    return f"{voice}{who} — {shown}"


def build_figure(monitor: str, category: str, points: Sequence[Any], start: datetime | None = None) -> Any:
    """A matplotlib Figure: one step line per series (value held until the next report), marked at each
    report and labelled where the value changes, with attribution and sources in a legend below the plot."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    axes = figure.add_subplot()
    labels: list[tuple[datetime, int, str]] = []
    end = max((r.reported_at for r in points), default=None)
    for _series, rows in groupby(points, key=lambda r: r.series_id):
        rows = list(rows)
        times = [r.reported_at for r in rows]
        values = [r.value for r in rows]
        # each value holds until the next report, the last one to the newest report of any series
        line, = axes.step(times + [end], values + values[-1:], where="post", label=series_label(rows))
        axes.plot(times, values, "o", markersize=4, color=line.get_color())
        changed = [i for i, value in enumerate(values) if i == 0 or value != values[i - 1]]
        labels += [(times[i], values[i], line.get_color()) for i in changed]
    for when, value, colour in sorted(labels)[-MAX_LABELS:]:
        axes.annotate(f"{value:,}", (when, value), textcoords="offset points", xytext=(0, 6), ha="center",
                      fontsize="x-small", color=colour)
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    since = f" since {start:%Y-%m-%d %H:%M} UTC" if start else ""
    axes.set_title(f"{monitor}: {category}, as reported{since}")
    axes.set_xlabel("report time (UTC)")
    axes.set_ylabel(f"{category} (reported)")
    top = max((r.value for r in points), default=0)
    axes.set_ylim(0, max(top * 1.15, 1))  # room for the labels; a lone small value is not drawn on the axis
    axes.grid(True, alpha=0.3)
    series = len({r.series_id for r in points})
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(series, 3), fontsize="small",
                frameon=False)
    figure.tight_layout()
    return figure


def write_chart(out: Path, monitor: str, category: str, points: Sequence[Any], start: datetime | None = None) -> None:
    """Render the chart to a PNG file."""
    build_figure(monitor, category, points, start).savefig(out, format="png", dpi=DPI)

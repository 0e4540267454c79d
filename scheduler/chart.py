"""`tollwatch chart`: a PNG step chart of each series of a monitor over time (matplotlib, Agg backend)."""
from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

WIDTH, HEIGHT, DPI = 12.0, 6.75, 100  # inches and dots per inch: 1200 x 675 pixels


def series_label(rows: Sequence[Any]) -> str:
    """"UN (civilians) — aa-en, un-news": attribution, group and the sources that reported it."""
    first = rows[0]
    sources = list(dict.fromkeys(r.source for r in rows))
    voice = first.attribution or "unattributed"
    who = f" ({first.who})" if first.who else ""
    shown = ", ".join(sources[:3]) + (f" +{len(sources) - 3}" if len(sources) > 3 else "")
    return f"{voice}{who} — {shown}"


def build_figure(monitor: str, category: str, points: Sequence[Any]) -> Any:
    """A matplotlib Figure: one step line per series (value held until the next report), marked at each
    report, labelled with attribution and source."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    axes = figure.add_subplot()
    for _series, rows in groupby(points, key=lambda r: r.series_id):
        rows = list(rows)
        times = [r.reported_at for r in rows]
        values = [r.value for r in rows]
        axes.step(times, values, where="post", marker="o", markersize=4, label=series_label(rows))
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_title(f"{monitor}: {category}, as reported")
    axes.set_xlabel("report time (UTC)")
    axes.set_ylabel(f"{category} (reported)")
    axes.set_ylim(bottom=0)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left", fontsize="small")
    figure.tight_layout()
    return figure


def write_chart(out: Path, monitor: str, category: str, points: Sequence[Any]) -> None:
    """Render the chart to a PNG file."""
    build_figure(monitor, category, points).savefig(out, format="png", dpi=DPI)

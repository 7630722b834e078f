"""Charts drawn on the server as SVG with matplotlib: no JavaScript, nothing fetched at run time.

Pages show them with ``<img>`` beside a data table with the same numbers, so they print, read
without scripts, and never need their SVG inlined into the page. Each function takes plain
data and returns the SVG document as text; the object-oriented Figure API is used (not pyplot)
so that concurrent requests do not share state.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

INK = "#1d2430"
ACCENT = "#1f5fa8"
EXPECTED = "#9a4a00"
GRID = "#d5dbe3"
PALETTE = [
    "#1f5fa8",
    "#9a4a00",
    "#1e6b3a",
    "#6b3fa0",
    "#a11d1d",
    "#4a5565",
    "#0f7483",
    "#8c2f6b",
    "#5c7d1a",
    "#c2571a",
    "#2f3f8f",
    "#7a5c2e",
]
LABEL_CHARS = 24  # longer names are shortened in a chart; the page's table holds them whole
TICK_CHARS = 14  # group labels wrap at this width so that neighbours do not overlap

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # keep text as text: selectable, small, crisp in print
        "font.family": "sans-serif",
        "font.size": 10,
        "axes.edgecolor": GRID,
        "text.color": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "svg.hashsalt": "panelist",  # stable ids: the same data gives the same document
    }
)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def radar(
    axes: Sequence[str],
    candidate: Sequence[float | None],
    expected: Sequence[float],
    *,
    candidate_label: str,
    expected_label: str,
    scale: tuple[float, float] = (1, 4),
) -> str:
    """The candidate's mean per dimension against a level's expectations, on a spider chart.

    A dimension without ratings is drawn at the centre and its label marked "(not assessed)",
    so a missing value never looks like a low one.
    """
    if len(axes) != len(candidate) or len(axes) != len(expected):
        raise ValueError("axes, candidate and expected need the same length")
    if len(axes) < 3:
        raise ValueError("a radar chart needs at least three dimensions")
    low, high = scale
    angles = [2 * math.pi * i / len(axes) for i in range(len(axes))]
    figure = Figure(figsize=(5.2, 4.6))
    ax = figure.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(low - 1, high)
    ax.set_yticks([v for v in range(int(low), int(high) + 1)])
    ax.tick_params(axis="y", labelsize=8)
    labels = [
        name if value is not None else f"{name}\n(not assessed)"
        for name, value in zip(axes, candidate, strict=True)
    ]
    ax.set_xticks(angles, labels)

    def closed(values):
        return [*values, values[0]]

    ax.plot(
        closed(angles),
        closed(list(expected)),
        color=EXPECTED,
        linestyle="--",
        linewidth=1.5,
        label=expected_label,
    )
    drawn = [value if value is not None else low - 1 for value in candidate]
    ax.plot(closed(angles), closed(drawn), color=ACCENT, linewidth=2, label=candidate_label)
    ax.fill(closed(angles), closed(drawn), color=ACCENT, alpha=0.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, frameon=False)
    return _svg(figure)


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
    *,
    maximum: int = 3,
) -> str:
    """Levels per row and column (members by skills), each cell labelled with its number."""
    if len(values) != len(rows) or any(len(row) != len(columns) for row in values):
        raise ValueError("values need one row per row label and one cell per column")
    width = max(3.5, 0.9 * len(columns) + 2)
    height = max(1.8, 0.45 * len(rows) + 1.6)
    figure = Figure(figsize=(width, height))
    ax = figure.add_subplot()
    if rows and columns:
        ax.imshow(values, cmap="Blues", vmin=0, vmax=maximum, aspect="auto")
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                ax.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    color="white" if value >= maximum - 0.5 else INK,
                    fontsize=9,
                )
    ax.set_xticks(range(len(columns)), columns, rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _svg(figure)


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so legends stay on the chart."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def grouped_bars(
    groups: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    scale: tuple[float, float] = (0, 4),
    reference: Sequence[float] | None = None,
    reference_label: str = "",
) -> str:
    """One group of bars per dimension, one bar per series (candidate); a missing value is
    drawn as an empty slot marked "n/a" rather than as zero.

    A series with no value at all is left out, bars and legend both: the legend names only
    what is drawn. Group labels wrap and legend names are shortened (``short_label``) so that
    long names never overlap; pages put the full names in the table beside the chart.
    """
    if len(values) != len(series) or any(len(v) != len(groups) for v in values):
        raise ValueError("values need one list per series with one value per group")
    drawn = [
        (name, row)
        for name, row in zip(series, values, strict=True)
        if any(v is not None for v in row)
    ]
    figure = Figure(figsize=(max(4.5, 1.3 * len(groups) + 1.5), 3.4))
    ax = figure.add_subplot()
    width = 0.8 / max(1, len(drawn))
    for k, (name, row) in enumerate(drawn):
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(groups))]
        heights = [v if v is not None else 0 for v in row]
        ax.bar(
            xs,
            heights,
            width=width * 0.92,
            color=PALETTE[k % len(PALETTE)],
            label=short_label(name),
        )
        for x, v in zip(xs, row, strict=True):
            if v is None:
                ax.text(
                    x, scale[0] + 0.05, "n/a", ha="center", va="bottom", fontsize=7, rotation=90
                )
    if not drawn:
        ax.text(
            (len(groups) - 1) / 2 if groups else 0,
            (scale[0] + scale[1]) / 2,
            "No ratings to draw yet",
            ha="center",
            va="center",
        )
    if reference is not None:
        for i, value in enumerate(reference):
            ax.hlines(
                value,
                i - 0.45,
                i + 0.45,
                colors=EXPECTED,
                linestyles="--",
                label=reference_label if i == 0 else None,
            )
    ax.set_ylim(*scale)
    ax.set_xticks(
        range(len(groups)), [textwrap.fill(g, TICK_CHARS, break_long_words=False) for g in groups]
    )
    ax.spines[["top", "right"]].set_visible(False)
    if drawn or reference is not None:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.18),
            ncol=min(3, len(drawn) + 1),
            frameon=False,
        )
    return _svg(figure)

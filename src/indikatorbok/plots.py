"""Figures: colour-blind safe (Okabe–Ito), labelled with their values, deterministic SVG."""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, MaxNLocator

from indikatorbok import text

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies. The lighter
# ones have too little contrast against white on their own, so every bar gets a dark edge.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TEXT_COLOUR = "#1a1a1a"
# Women, men and all keep their colours in every chart of every book; other groups take
# the remaining colours in order.
FIXED = {"Kvinnor": "#D55E00", "Män": "#0072B2", "Samtliga": "#5E5E5E"}


FREE = [c for c in PALETTE if c not in FIXED.values()]  # for the other groups, in order


def colours(names) -> list[str]:
    """A colour per group name: the fixed ones for women, men and all, else the palette
    (distinct for up to ``len(FREE)`` other groups)."""
    free = iter(FREE * 4)
    return [FIXED.get(str(name)) or next(free) for name in names]
MAX_LABELLED_GROUPS = 5
EDGE = {"edgecolor": TEXT_COLOUR, "linewidth": 0.6}

matplotlib.rcParams.update({
    "svg.hashsalt": "indikatorbok",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.edgecolor": TEXT_COLOUR,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
})


def _label_colour(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with the bar (WCAG relative luminance)."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


def _figure(width: float, height: float):
    """A figure outside pyplot's registry: freed with its last reference, never left open."""
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _swedish_axis(axis) -> None:
    """Whole-number ticks in round steps (1, 2, 5 or 10 times a power of ten), written the
    Swedish way (space for thousands)."""
    axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda v, _: text.number(v)))


def _fmt(value: float, unit: str) -> str:
    return text.percent(value) if unit == "percent" else text.number(value)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], unit: str,
                    xlabel: str) -> Figure:
    """One bar per category, largest first, each labelled with its value."""
    order = sorted(range(len(labels)), key=lambda i: values[i])
    fig, ax = _figure(7.5, 0.45 * len(labels) + 1.0)
    ys = range(len(order))
    ax.barh(list(ys), [values[i] for i in order], color=PALETTE[0], **EDGE)
    ax.set_yticks(list(ys), [labels[i] for i in order])
    top = max(values) if len(values) else 1
    for y, i in zip(ys, order, strict=True):
        ax.text(values[i] + top * 0.01, y, _fmt(values[i], unit), va="center")
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(xlabel)
    _swedish_axis(ax.xaxis)
    fig.tight_layout()
    return fig


def grouped_bars(categories: Sequence[str], groups: Mapping[str, Sequence[float]], unit: str,
                 ylabel: str) -> Figure:
    """Bars per category (e.g. year), one colour per group, labelled with their values."""
    n = len(groups)
    width = 0.8 / max(n, 1)
    fig, ax = _figure(7.5, 3.8)
    for k, ((name, vals), colour) in enumerate(zip(groups.items(), colours(groups),
                                                    strict=True)):
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(categories))]
        bars = ax.bar(xs, vals, width, label=name, color=colour, **EDGE)
        if n <= MAX_LABELLED_GROUPS:  # more labels than this overlap; the table has them all
            ax.bar_label(bars, labels=[_fmt(v, unit) for v in vals], padding=2, fontsize=9)
    ax.set_xticks(range(len(categories)),
                  [textwrap.fill(c, 14, break_long_words=False) for c in categories])
    if sum(len(c) for c in categories) > 70:  # long names side by side would overlap
        ax.tick_params(axis="x", labelrotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.set_ylabel(ylabel)
    _swedish_axis(ax.yaxis)
    ax.margins(y=0.15)
    _legend_above(ax, n)
    fig.tight_layout()
    return fig


def _legend_above(ax, n: int, across: int = 72) -> None:
    """The legend above the plot (clear of the axis labels below it), so that long labels
    never squeeze the plot: side by side as far as they fit (``across``: characters the
    figure's width holds), one per line (wrapped) when they are long."""
    handles, labels = ax.get_legend_handles_labels()
    widest = max((len(label) for label in labels), default=0)
    columns = max(1, min(n, across // (widest + 6)))  # as many as fit across the figure
    ax.legend(handles, [textwrap.fill(label, across - 12) for label in labels],
              frameon=False, ncol=columns, loc="lower center", bbox_to_anchor=(0.5, 1.02))


# A phone's screen shows a figure about 350 px wide: drawn at that width, its smallest
# text (9 pt, 12 px) is shown at its own size and stays readable.
NARROW_INCHES = 3.6
NARROW_CHARACTERS = 34  # characters of 10-pt text across a narrow figure
NARROW_LABELLED_BARS = 8


def narrow(fig: Figure) -> Figure:
    """The figure redrawn for a phone's width: the same content, a narrower canvas,
    legends above the plot, long labels wrapped (changes ``fig``)."""
    width, height = fig.get_size_inches()
    fig.set_size_inches(NARROW_INCHES, height * 1.3)
    for ax in fig.axes:
        if ax.get_legend():
            _legend_above(ax, len(ax.get_legend_handles_labels()[0]), NARROW_CHARACTERS)
        if len(ax.patches) > NARROW_LABELLED_BARS:  # value labels would overlap: the
            for label in [t for t in ax.texts if isinstance(t, Annotation)]:  # table has them
                label.remove()
        for axis in (ax.xaxis, ax.yaxis):
            labels = axis.get_ticklabels()
            if isinstance(axis.get_major_locator(), MaxNLocator):  # a value axis
                axis.set_major_locator(MaxNLocator(nbins=5, integer=True, steps=[1, 2, 5, 10]))
            elif any(len(label.get_text()) > 14 for label in labels):
                axis.set_ticks(axis.get_ticklocs(), [
                    textwrap.fill(label.get_text().replace("\n", " "), 18,
                                  break_long_words=False) for label in labels])
        if ax.get_xticklabels() and sum(len(t.get_text()) for t in ax.get_xticklabels()) > 30:
            ax.tick_params(axis="x", labelrotation=45)
    fig.tight_layout()
    return fig


def stacked_shares(categories: Sequence[str], parts: Mapping[str, Sequence[float]],
                   xlabel: str = "Procent") -> Figure:
    """Horizontal 100 % bars per category (e.g. birth year), labelled inside each part."""
    fig, ax = _figure(7.5, 0.55 * len(categories) + 1.6)
    left = [0.0] * len(categories)
    for (name, vals), colour in zip(parts.items(), colours(parts), strict=True):
        ax.barh(range(len(categories)), vals, left=left, label=name, color=colour, **EDGE)
        for i, v in enumerate(vals):
            if v >= 4:
                ax.text(left[i] + v / 2, i, text.percent(v), ha="center", va="center",
                        color=_label_colour(colour), fontsize=9)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_yticks(range(len(categories)), categories)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, ncol=len(parts), loc="upper center", bbox_to_anchor=(0.5, -0.25))
    fig.tight_layout()
    return fig


def to_svg(fig: Figure) -> str:
    """Deterministic SVG text (no date, fixed ids)."""
    # tight_layout leaves a layout engine that does nothing but makes savefig lay out the
    # whole figure once more before drawing it: without it, the same SVG in half the time.
    fig.set_layout_engine(None)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def to_data_uri(fig: Figure) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(to_svg(fig).encode()).decode()


# Status of an indicator in the effect-chain diagram: fill colour and a text marker, so
# the status does not rest on colour alone.
STATUS_STYLE = {
    "done": ("#009E73", "●"),
    "partial": ("#E69F00", "◐"),
    "none": ("#ffffff", "○"),
    "not_followed": ("#d9d9d9", "–"),
}


def effect_chain(columns: Sequence[tuple[str, Sequence[tuple[str, Sequence[tuple[str, str,
                                                                                  str]]]]]]
                 ) -> Figure:
    """The effect chain of a goal: one column per kind of step, left to right; in each, its
    steps (title) with their indicators (id, status key, status in words) as marked
    boxes."""
    import textwrap

    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    def wrapped(title: str) -> list[str]:
        return textwrap.wrap(title, 38)

    rows = max(sum(1.0 + 0.5 * len(wrapped(t)) + len(inds) for t, inds in steps)
               for _, steps in columns)
    fig = Figure(figsize=(3.4 * len(columns), 0.36 * rows + 1.2))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, len(columns))
    ax.set_ylim(rows + 2, 0)
    ax.axis("off")
    for c, (heading, steps) in enumerate(columns):
        ax.text(c + 0.5, 0.8, heading, ha="center", va="center", weight="bold")
        y = 2.0
        for title, inds in steps:
            lines = wrapped(title)
            ax.text(c + 0.06, y, "\n".join(lines), va="top", size=9)
            y += 0.5 + 0.5 * len(lines)
            for ind_id, key, status in inds:
                colour, marker = STATUS_STYLE[key]
                ax.add_patch(FancyBboxPatch((c + 0.08, y - 0.35), 0.8, 0.7,
                                            boxstyle="round,pad=0.02", facecolor=colour,
                                            edgecolor=TEXT_COLOUR, linewidth=0.6))
                ax.text(c + 0.12, y, f"{marker} {ind_id}  {status}", va="center", size=9,
                        color=_label_colour(colour))
                y += 1.0
            y += 0.5
        if c < len(columns) - 1:
            ax.add_patch(FancyArrowPatch((c + 0.9, 0.8), (c + 1.1, 0.8), arrowstyle="->",
                                         mutation_scale=12, color=TEXT_COLOUR))
    return fig

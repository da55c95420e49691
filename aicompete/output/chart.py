"""Charts drawn with matplotlib, as SVG or PNG, for a slide.

Light background, large type, every bar labelled at its end, derived bars hatched; the
constrained layout leaves room for every label, the longest bar's too. A chart's height
follows from its bars alone: a long name is cut to the width of its column between words,
with an ellipsis, never wrapped onto more lines, and titles and notes wrap to a few lines at
most. Text is set in matplotlib's own DejaVu Sans and, in an SVG, drawn as shapes, so the
image looks the same in every viewer and needs no font from anywhere. Drawn from
matplotlib's defaults, whatever the user's matplotlibrc says, and without pyplot: no window,
no global figure. Each text and bar carries an id in the SVG (`title`, `panel-0`,
`label-0-1`, `value-0-1`, `bar-0-1`, `footer`), so that tests can find them.

Imported only by `aicompete chart`: matplotlib costs most of a second to import.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from itertools import islice

from matplotlib import font_manager, style
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from aicompete import __version__
from aicompete.listings.chart import Bar, Chart, ImageType, Panel
from aicompete.output.escaping import clean
from aicompete.output.text_table import width_of

# 10 inches at 160 dots an inch: a PNG 1,600 pixels wide, the width of a slide.
WIDTH_INCHES = 10.0
DPI = 160
INK = "#1f2328"
MUTED = "#57606a"
BAR = "#2f6f9f"
DERIVED_FILL = "#d3e3f0"
# Heights, in inches, from which a chart's height follows: a bar's row, a panel's title and
# padding, the chart's title, and a line of notes.
BAR_ROW = 0.5
PANEL_EXTRA = 0.75
TITLE_HEIGHT = 0.8
NOTE_LINE = 0.22
# A line of a bar's label or a panel's title.
LINE = 0.25
# Room around the chart's edge, in inches.
PAD = 0.12
# Characters a line holds: a bar's label (cut there), a line of notes (10.5 pt on a 10-inch
# width, with room to spare), the title (20 pt) and a panel's title (13 pt, beside the bars'
# labels), which wrap there.
LABEL_WIDTH = 30
NOTE_WIDTH = 118
TITLE_WIDTH = 60
PANEL_TITLE_WIDTH = 64
# The most lines a title, a panel's title or one note wraps to; the last one is cut.
TITLE_LINES = 2
NOTE_LINES = 4
ELLIPSIS = "\u2026"
# Room between a bar's end and its label, in points.
LABEL_GAP = 6
# Fonts with Chinese characters, for names written in Chinese, used where installed after
# DejaVu Sans (which has none).
CHINESE_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
)
STYLE = {
    "font.size": 13,
    "text.color": INK,
    "axes.edgecolor": "#8c959f",
    "ytick.color": INK,
    "ytick.labelsize": 13,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "hatch.color": BAR,
    "hatch.linewidth": 0.8,
    # Text is text: "$" is a dollar sign, never the start of a formula.
    "text.parse_math": False,
    "svg.fonttype": "path",
    # The same chart gives the same SVG, byte for byte.
    "svg.hashsalt": "aicompete",
}


def _escaped(text: str) -> str:
    """Each line of the text escaped: the lines a label or note is drawn in stay lines."""
    return "\n".join(clean(line) for line in text.split("\n"))


def shown(chart: Chart) -> Chart:
    """The chart with its text from the knowledge file escaped, as every answer shows it:
    control characters and invisible ones as `\\x1b`, never drawn raw."""
    return Chart(
        _escaped(chart.title),
        tuple(
            Panel(
                _escaped(panel.title),
                tuple(
                    Bar(
                        _escaped(bar.label),
                        bar.value,
                        _escaped(bar.text),
                        bar.derived,
                        bar.inferred,
                    )
                    for bar in panel.bars
                ),
                _escaped(panel.credit),
            )
            for panel in chart.panels
        ),
        tuple(_escaped(note) for note in chart.notes),
        _escaped(chart.credit),
    )


def draw(chart: Chart, image: ImageType) -> bytes:
    """The chart as an SVG or PNG file's bytes, its text escaped (`shown`)."""
    chart = shown(chart)
    footer = _footer(chart)
    installed = {font.name for font in font_manager.fontManager.ttflist}
    families = ["DejaVu Sans", *(name for name in CHINESE_FONTS if name in installed)]
    # matplotlib's warnings (a glyph no font has, a layout it cannot make) would print its
    # source paths to the terminal; the chart is written all the same.
    with warnings.catch_warnings(), style.context(["default", STYLE, {"font.family": families}]):
        warnings.simplefilter("ignore")
        title = _wrapped(chart.title, TITLE_WIDTH, TITLE_LINES)
        heights = [_panel_height(panel) for panel in chart.panels]
        height = (
            TITLE_HEIGHT * (title.count("\n") + 1)
            + sum(heights)
            + NOTE_LINE * (footer.count("\n") + 2)
        )
        figure = Figure(
            figsize=(WIDTH_INCHES, height), layout=ConstrainedLayoutEngine(w_pad=PAD, h_pad=PAD)
        )
        rows = figure.subplots(
            len(chart.panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights}
        )
        axes = [row[0] for row in rows]
        figure.suptitle(
            title,
            x=0.01,
            ha="left",
            fontsize=20,
            fontweight="bold",
            gid="title",
        )
        figure.supxlabel(
            footer, x=0.01, ha="left", fontsize=10.5, color=MUTED, linespacing=1.5, gid="footer"
        )
        for index, (ax, panel) in enumerate(zip(axes, chart.panels, strict=True)):
            _draw_panel(ax, panel, index)
        out = io.BytesIO()
        figure.savefig(out, format=image, dpi=DPI, metadata=_metadata(chart, image))
    return out.getvalue()


def _draw_panel(ax: Axes, panel: Panel, index: int) -> None:
    """Bars from the top down, each labelled on the left and at its end, no x axis: the
    labels say every value."""
    positions = list(range(len(panel.bars)))
    drawn = ax.barh(
        positions,
        [bar.value or 0.0 for bar in panel.bars],
        height=0.62,
        color=BAR,
        edgecolor=BAR,
    )
    for number, (patch, bar) in enumerate(zip(drawn.patches, panel.bars, strict=True)):
        patch.set_gid(f"bar-{index}-{number}")
        if bar.derived:
            patch.set_facecolor(DERIVED_FILL)
            patch.set_hatch("///")
        ax.annotate(
            bar.text,
            xy=(bar.value or 0.0, number),
            xytext=(LABEL_GAP, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            color=INK if bar.value is not None else MUTED,
            gid=f"value-{index}-{number}",
        )
    ax.set_yticks(positions, labels=[cut_to_width(bar.label, LABEL_WIDTH) for bar in panel.bars])
    for number, label in enumerate(ax.get_yticklabels()):
        label.set_gid(f"label-{index}-{number}")
    ax.set_ylim(len(panel.bars) - 0.5, -0.5)
    ax.set_xlim(0, panel.peak or 1.0)
    if panel.title:
        ax.set_title(
            _wrapped(panel.title, PANEL_TITLE_WIDTH, TITLE_LINES),
            loc="left",
            fontsize=13,
            color=MUTED,
            gid=f"panel-{index}",
        )
    ax.xaxis.set_visible(False)
    ax.tick_params(axis="y", length=0, pad=8)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)


def _panel_height(panel: Panel) -> float:
    """A panel's height: its title's lines, and each bar's row, taller by a line for each
    line of its label (a campaign's name under its app, a source under a repeated name)."""
    lines = _wrapped(panel.title, PANEL_TITLE_WIDTH, TITLE_LINES).count("\n")
    lines += sum(bar.label.count("\n") for bar in panel.bars)
    return PANEL_EXTRA + BAR_ROW * len(panel.bars) + LINE * lines


def _footer(chart: Chart) -> str:
    """The notes, then the source line, each wrapped to the chart's width."""
    return "\n".join(
        _wrapped(line, NOTE_WIDTH, NOTE_LINES) for line in (*chart.notes, chart.credit) if line
    )


def _wrapped(text: str, width: int, most: int) -> str:
    """The text wrapped to `width`, in `most` lines at most: the last one cut if need be."""
    lines = [
        wrapped
        for line in text.splitlines()
        for wrapped in textwrap.wrap(line, width, break_on_hyphens=False, break_long_words=False)
        or [""]
    ]
    if len(lines) > most:
        lines = [*lines[: most - 1], _cut_line(" ".join(lines[most - 1 :]), width, cut=True)]
    return "\n".join(lines)


def cut_to_width(text: str, width: int) -> str:
    """Each line of the text cut to `width` columns, with an ellipsis where it was cut."""
    return "\n".join(_cut_line(line, width) for line in text.splitlines())


def _cut_line(line: str, width: int, *, cut: bool = False) -> str:
    """The line in `width` columns (a wide character takes two), cut after its last whole
    word that fits, never inside a word (only a first word wider than the column is cut
    short); an ellipsis ends it where it was cut, or where `cut` says it was already."""
    if width_of(line) <= width and not cut:
        return line
    kept = ""
    for character in islice(line, width):
        if width_of(kept + character) > width - 1:
            break
        kept += character
    whole = len(kept) == len(line) or line[len(kept)] == " "
    if not whole and " " in kept.strip():
        kept = kept[: kept.rstrip().rfind(" ")]
    return kept.rstrip() + ELLIPSIS


def _metadata(chart: Chart, image: ImageType) -> dict[str, str | None]:
    """The file's own title and maker; no date, so that a chart redrawn is the same file."""
    if image == "svg":
        return {"Title": chart.title, "Creator": f"aicompete {__version__}", "Date": None}
    return {"Title": chart.title, "Software": f"aicompete {__version__}", "Source": chart.credit}

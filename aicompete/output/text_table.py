"""A table laid out as lines of text: columns that wrap whole words, ids that never break,
and a cost per row close to that of writing the row as JSON.

Each column gets room for its longest word where the terminal allows it, so that a word
is split only when it cannot fit on a line of its column at all; a column that must not
wrap (numbers, ids, bars) keeps its whole width. The look is that of a rich table with a
simple head: one space around each cell, a rule under the headers, no edges.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from operator import attrgetter, itemgetter

# A styled piece of a line: its text and its style (None, or a name in `STYLES`).
Segment = tuple[str, "str | None"]
Line = list[Segment]
Marks = Callable[[str], Sequence[tuple[int, int]]]

STYLES = {
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "cyan": "\x1b[36m",
    # Words a search found.
    "mark": "\x1b[1;33m",
}
_RESET = "\x1b[0m"
# A wrapping column is never made narrower than this, however narrow the terminal.
NARROWEST = 4
_WORD = re.compile(r"\S+")


class Column:
    """One column: its header, which side it aligns to, whether it may wrap, whether it takes
    spare room (`grows`), and the style of its cells."""

    __slots__ = ("align", "grows", "header", "style", "wraps")

    def __init__(
        self,
        header: str,
        *,
        align: str = "left",
        wraps: bool = True,
        grows: bool = False,
        style: str | None = None,
    ) -> None:
        self.header = header
        self.align = align
        self.wraps = wraps
        self.grows = grows
        self.style = style


class Cell:
    """One cell's text (lines apart by newlines), its style, and the spans to mark in it."""

    __slots__ = ("mark_ends", "marks", "style", "text")

    def __init__(
        self, text: str, style: str | None = None, marks: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.text = text
        self.style = style
        # In order, apart: each line of the cell finds its own by bisection.
        self.marks = marks
        self.mark_ends: Sequence[int] = [end for _, end in marks] if marks else ()


# A cell's text, and a styled piece's: read in C, for every cell of a table.
_text = attrgetter("text")
_piece = itemgetter(0)


def width_of(text: str) -> int:
    """How many terminal cells the text takes: a wide (East Asian) character two, a
    combining one none."""
    if text.isascii():
        return len(text)
    return _unicode_width(text)


# Most text that is not ASCII repeats from row to row (bars, dashes, daggers): measured once.
@functools.lru_cache(maxsize=4096)
def _unicode_width(text: str) -> int:
    # Its ASCII characters take a cell each: only the others are looked up, each once. A
    # heading is a hundred characters and a few middle dots.
    others = text.translate(_WITHOUT_ASCII)
    return len(text) - len(others) + sum(map(_char_width, others))


_WITHOUT_ASCII = dict.fromkeys(range(128))


def one_cell_each(text: str) -> bool:
    """Whether every character of the text takes one cell, so that its width is its length."""
    return text.isascii() or all(
        _char_width(char) == 1 for char in set(text.translate(_WITHOUT_ASCII))
    )


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    import unicodedata

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def screen_rows(text: str, width: int) -> int:
    """How many rows of a terminal `width` columns wide the text takes, long lines wrapped;
    colour codes take no room."""
    # Compiled on first use: only output to a terminal is measured.
    styles = re.compile(r"\x1b\[[0-9;]*m")
    return sum(max(1, -(-width_of(styles.sub("", line)) // width)) for line in text.splitlines())


# Each column's natural width and least width.
Measures = tuple[list[int], list[int]]


def measures(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> Measures:
    """Each column's natural width (its widest line) and least width (its longest word, or
    its natural width if it does not wrap)."""
    natural = []
    longest = []
    for at, column in enumerate(columns):
        texts = [column.header, *map(_text, map(itemgetter(at), rows))]
        # Text of a cell each, as wide as it is long: measured at once, its lines and words
        # those of all its cells.
        joined = "\n".join(texts)
        if joined.isascii():
            natural.append(max(map(len, joined.split("\n"))))
            words = max(map(len, joined.split()), default=1) if column.wraps else natural[-1]
        else:
            natural.append(max(map(_widest_line, texts)))
            words = max(map(_longest_word, texts)) if column.wraps else natural[-1]
        longest.append(words)
    return natural, longest


def _widest_line(text: str) -> int:
    if "\n" not in text:
        return len(text) if text.isascii() else width_of(text)
    return max(map(width_of, text.split("\n")))


def _longest_word(text: str) -> int:
    if text.isascii():
        return max(map(len, text.split()), default=1)
    return max(map(width_of, text.split()), default=1)


def overhead(count: int) -> int:
    """The cells a table of `count` columns takes besides its columns' own widths."""
    return 3 * count + 1


def widths(columns: Sequence[Column], measured: Measures, room: int) -> list[int]:
    """Each column's width within `room` terminal cells, if it can be done: every column
    as wide as its widest line where they all fit, else every wrapping column as wide as its
    longest word at least, sharing what is left; only when even that is too wide are words
    split. A column that does not wrap always keeps its whole width."""
    natural, longest = measured
    available = room - overhead(len(columns))
    if sum(natural) <= available:
        return natural
    if sum(longest) <= available:
        return _shared(columns, longest, natural, available - sum(longest))
    # Words must break somewhere: in long text (`grows`) first, if the other columns can keep
    # theirs whole; else in every wrapping column, each in proportion to its longest word.
    breaking = [spec.wraps and spec.grows for spec in columns]
    if (
        not any(breaking)
        or sum(size for size, broken in zip(longest, breaking, strict=True) if not broken)
        + NARROWEST * sum(breaking)
        > available
    ):
        breaking = [spec.wraps for spec in columns]
    kept = sum(size for size, broken in zip(longest, breaking, strict=True) if not broken)
    broken_total = sum(size for size, broken in zip(longest, breaking, strict=True) if broken)
    scale = max(0, available - kept) / broken_total if broken_total else 0
    return [
        max(NARROWEST, min(size, int(size * scale))) if broken else size
        for size, broken in zip(longest, breaking, strict=True)
    ]


def _shared(columns: Sequence[Column], least: list[int], most: list[int], spare: int) -> list[int]:
    """The spare room shared out among the wrapping columns that want more: a column that
    wants less than its share gets all it wants, and the rest share what remains, a
    long-text column (`grows`) twice as much as another."""
    sized = list(least)
    weight = {at: 2 if column.grows else 1 for at, column in enumerate(columns) if column.wraps}
    wanting = [at for at in weight if most[at] > sized[at]]
    while spare > 0 and wanting:
        unit = spare / sum(weight[at] for at in wanting)
        settled = [at for at in wanting if most[at] - sized[at] <= unit * weight[at]]
        if not settled:
            for at in wanting:
                given = int(unit * weight[at])
                sized[at] += given
                spare -= given
            # What rounding left over goes to the first columns, a cell each.
            for at in wanting[:spare]:
                sized[at] += 1
            break
        for at in settled:
            spare -= most[at] - sized[at]
            sized[at] = most[at]
            wanting.remove(at)
    return sized


def wrapped(text: str, width: int) -> list[tuple[int, int]]:
    """The text's lines within `width` cells, as (start, end) offsets into it: broken at
    spaces and at its own line breaks; a word is broken only if it is wider than `width`."""
    lines: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        if width_of(paragraph) <= width:
            lines.append((start, end))
        else:
            lines += _wrapped_paragraph(text, start, end, width)
        start = end + 1
    return lines


def _wrapped_paragraph(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    # Where each character takes one cell (ASCII, and most headings' middle dots), a span's
    # width is its length: no need to measure each candidate line.
    narrow = one_cell_each(text)
    if narrow and width > 0 and not _wider_word(width).search(text, start, end):
        # Every word fits a line: each line is the longest run of whole words that fits,
        # which one expression finds.
        return [line.span() for line in _line_of(width).finditer(text, start, end)] or [
            (start, start)
        ]

    def span_width(low: int, high: int) -> int:
        return high - low if narrow else width_of(text[low:high])

    lines: list[tuple[int, int]] = []
    first = last = -1
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        while span_width(word_start, word_end) > width:
            # A word that no line of the column can hold: it takes lines of its own.
            if first >= 0:
                lines.append((first, last))
                first = -1
            cut = word_start + _fitting(text[word_start:word_end], width)
            lines.append((word_start, cut))
            word_start = cut
        if first < 0:
            first, last = word_start, word_end
        elif span_width(first, word_end) <= width:
            last = word_end
        else:
            lines.append((first, last))
            first, last = word_start, word_end
    if first >= 0:
        lines.append((first, last))
    return lines or [(start, start)]


@functools.lru_cache(maxsize=64)
def _wider_word(width: int) -> re.Pattern[str]:
    """A word of more than `width` characters."""
    return re.compile(rf"\S{{{width + 1},}}")


@functools.lru_cache(maxsize=64)
def _line_of(width: int) -> re.Pattern[str]:
    """The most words, with the spaces between them, that `width` characters hold: from a
    word's start to the end of a word (a non-space before a space, or the end)."""
    return re.compile(rf"\S.{{0,{width - 1}}}(?<=\S)(?!\S)")


def _fitting(word: str, width: int) -> int:
    """How many characters of the word fit in `width` cells (at least one)."""
    taken = 0
    for count, char in enumerate(word):
        taken += width_of(char)
        if taken > width:
            return max(1, count)
    return len(word)


def render(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    sized: Sequence[int],
    *,
    heading: Sequence[str] = (),
    head: Sequence[Line] = (),
) -> list[Line]:
    """The table's lines: its heading centred over it (bold), a blank line, the headers
    (bold), a rule, the rows, and a blank line. `head`, the headers and the rule as `head_of`
    lays them out, is given by a caller that renders many tables of the same columns."""
    total = sum(sized) + overhead(len(columns))
    lines: list[Line] = [
        [(centred(text[start:end], total), "bold")]
        for text in heading
        for start, end in wrapped(text, total)
    ]
    lines.append([])
    lines += [list(line) for line in head or head_of(columns, sized)]
    layout = _Layout(columns, sized)
    for cells in rows:
        lines += _row(layout, cells)
    lines.append([])
    return lines


def head_of(columns: Sequence[Column], sized: Sequence[int]) -> list[Line]:
    """The headers of a table's columns (bold) and the rule under them."""
    total = sum(sized) + overhead(len(columns))
    headers = _row(_Layout(columns, sized), [Cell(column.header, "bold") for column in columns])
    return [*headers, [(" " + "─" * (total - 2), None)]]


def paragraph(text: str, width: int, style: str | None = None) -> list[Line]:
    """Text that is no table (a note) as lines within `width`, words kept whole."""
    return [[(text[start:end], style)] for start, end in wrapped(text, width)]


def centred(text: str, total: int) -> str:
    """The text with the spaces before it that centre it in `total` cells."""
    return " " * max(0, (total - width_of(text)) // 2) + text


class _Layout:
    """What every row of a table lays out alike: each column's width, whether it aligns
    right, its style, and its blank (a cell on a line below its last)."""

    __slots__ = ("blanks", "right", "sized", "styles")

    def __init__(self, columns: Sequence[Column], sized: Sequence[int]) -> None:
        self.sized = sized
        self.right = [column.align == "right" for column in columns]
        self.styles = [column.style for column in columns]
        # The cell's width and the spaces around it.
        self.blanks = [" " * (width + 3) for width in sized]


def _row(layout: _Layout, cells: Sequence[Cell]) -> list[Line]:
    sized, right, blanks = layout.sized, layout.right, layout.blanks
    styles = [cell.style or style for cell, style in zip(cells, layout.styles, strict=True)]
    texts = [cell.text for cell in cells]
    joined = "\0".join(texts)
    if (
        joined.isascii()
        and "\n" not in joined
        and all(map(int.__le__, map(len, texts), sized))
        and not any(cell.marks for cell in cells)
    ):
        return [_one_line(texts, sized, styles, right)]
    # Each cell's lines as (text, width, start); most cells are one line that fits as it is.
    parts: list[list[tuple[str, int, int]]] = []
    for cell, width in zip(cells, sized, strict=True):
        text = cell.text
        if text.isascii() and len(text) <= width and "\n" not in text:
            parts.append([(text, len(text), 0)])
            continue
        used = width_of(text) if "\n" not in text else width + 1
        if used <= width:
            parts.append([(text, used, 0)])
            continue
        narrow = one_cell_each(text)
        parts.append(
            [
                (text[start:end], end - start if narrow else width_of(text[start:end]), start)
                for start, end in wrapped(text, width)
            ]
        )
    out: list[Line] = []
    for number in range(max(map(len, parts))):
        line: Line = []
        # Unstyled text is gathered into one piece: spaces, padding and plain cells.
        plain = " "
        for at, lines in enumerate(parts):
            if number >= len(lines):
                plain += blanks[at]
                continue
            text, used, start = lines[number]
            pad = " " * (sized[at] - used)
            plain += " " + pad if right[at] else " "
            style = styles[at]
            cell = cells[at]
            if style is None and not cell.marks:
                plain += text
            elif cell.marks:
                line += [(plain, None), *_styled(text, start, cell, style)]
                plain = ""
            else:
                line += [(plain, None), (text, style)]
                plain = ""
            plain += "  " if right[at] else pad + "  "
        line.append((plain, None))
        out.append(line)
    return out


def _one_line(
    texts: Sequence[str], sized: Sequence[int], styles: Sequence[str | None], right: list[bool]
) -> Line:
    """A row whose cells each take one line, as they are (most rows): as `_row` lays out
    lines, without the cells' lines to walk."""
    line: Line = []
    plain = " "
    for text, width, style, right_aligned in zip(texts, sized, styles, right, strict=True):
        pad = " " * (width - len(text))
        if style is None:
            plain += " " + pad + text + "  " if right_aligned else " " + text + pad + "  "
        else:
            line += [(plain + (" " + pad if right_aligned else " "), None), (text, style)]
            plain = "  " if right_aligned else pad + "  "
    line.append((plain, None))
    return line


def _styled(text: str, start: int, cell: Cell, style: str | None) -> Line:
    """The piece of a cell on one line, its marked spans apart."""
    segments: Line = []
    at = 0
    # Only the marks that reach into this line: a long cell's lines do not each walk them all.
    for number in range(bisect_right(cell.mark_ends, start), len(cell.marks)):
        mark_start, mark_end = cell.marks[number]
        if mark_start - start >= len(text):
            break
        low, high = max(mark_start - start, at), min(mark_end - start, len(text))
        if low < high:
            segments += [(text[at:low], style), (text[low:high], "mark")]
            at = high
    return [*segments, (text[at:], style)]


def to_text(lines: Sequence[Line], *, color: bool) -> str:
    """The lines as text, with ANSI styles only when `color` is set; no line ends in spaces."""
    out = []
    for line in lines:
        if color:
            text = "".join(
                f"{STYLES[style]}{piece}{_RESET}" if style and piece else piece
                for piece, style in line
            )
        else:
            text = "".join(map(_piece, line))
        out.append(text.rstrip())
    return "\n".join(out) + "\n"

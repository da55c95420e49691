"""What a chart shows: panels of labelled bars, a title, notes and a source line.

A chart is built from the rows of the `dau`, `campaigns` or `compare` listing, so it agrees
with their tables and `--json`. Figures of different groups (metric, measurer and dates)
never share an axis: each group is a panel of its own, on its own scale, titled by what it
compares, when and who measured it. Each panel is credited to its own measurers and the
publishers that report its figures, by name. A value the knowledge file infers is marked.
A chart is for a slide: it shows the first `limit` bars of the listing, in its order, and
says how many it left out, so that it stays one slide whatever the size of the knowledge
base. Its text is as the knowledge file gives it; `output.chart` escapes it as it draws, and
nothing here imports matplotlib.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.listings.campaigns import spend_cny
from aicompete.listings.contract import (
    DERIVED_NOTE,
    INFERRED_NOTE,
    Listing,
    Row,
    objects,
    sections,
    texts,
)
from aicompete.listings.publications import Publication
from aicompete.listings.units import BOUND_SIGNS, DERIVED_MARK, INFERRED_MARK, figure, money

ImageType = Literal["svg", "png"]
IMAGE_TYPES: tuple[ImageType, ...] = ("svg", "png")
# Bars a slide holds and a reader takes in: more are left out, and the chart says so.
DEFAULT_LIMIT = 20

HATCHED_NOTE = "Hatched bars are derived values."
GROUPS_NOTE = (
    "Each panel is one group of comparable figures (one metric, one measurer, overlapping "
    "dates), on its own scale; figures of different panels do not compare."
)


@frozen
class Bar:
    """One bar: what it stands for, its length (None: no bar, only its text), the text
    beside it, and whether its length is a derived value."""

    label: str
    value: float | None
    text: str
    derived: bool = False
    # Whether its text shows a value the knowledge file infers (marked `*`).
    inferred: bool = False


@frozen
class Panel:
    """Bars that compare with one another, on one axis, under a title, and who its figures
    come from: their measurers and the publishers that report them."""

    title: str
    bars: tuple[Bar, ...]
    credit: str = ""

    @property
    def peak(self) -> float:
        """The value a full-length bar stands for."""
        return max((bar.value for bar in self.bars if bar.value is not None), default=0.0)


@frozen
class Chart:
    """A whole chart: title, panels from top to bottom, notes, and where the figures come
    from: the panels' credits, one line, or one a panel where they differ."""

    title: str
    panels: tuple[Panel, ...]
    notes: tuple[str, ...]
    credit: str


class UnknownChart(UsageError):
    """A listing that has no chart."""


class UnexpectedNames(UsageError):
    """Names given to a chart that takes none."""


class UnknownImageType(UsageError):
    """An output file whose extension is no image type a chart is written as."""


def image_type(path: Path) -> ImageType:
    """The image type a file name asks for, from its extension; raise `UnknownImageType`."""
    suffix = path.suffix.lower().lstrip(".")
    for known in IMAGE_TYPES:
        if suffix == known:
            return known
    raise UnknownImageType(
        f"{path.name!r}: the file name must end in .svg or .png, the image types a "
        "chart is written as"
    )


def check_request(listing: str, names: Sequence[str]) -> None:
    """Raise a usage error unless `listing` has a chart that takes `names` (only `compare`
    takes names; it checks them itself)."""
    if listing not in CHARTS:
        raise UnknownChart(f"no chart of {listing!r}; choose from: {', '.join(CHARTS)}")
    if names and listing != "compare":
        raise UnexpectedNames(f"chart {listing} takes no names; only chart compare does")


def chart_of(
    listing_name: str,
    listing: Listing,
    sources: Mapping[str, Publication],
    limit: int = DEFAULT_LIMIT,
) -> Chart:
    """The chart of a listing command's listing, of its first `limit` bars; `sources` names
    each source's publication."""
    return CHARTS[listing_name](listing, sources, limit)


def dau_chart(listing: Listing, sources: Mapping[str, Publication], limit: int) -> Chart:
    """One panel per group of comparable figures, its apps ranked; every figure labelled,
    and each one's share of its group's leader beside it."""
    panels = []
    shown: list[Row] = []
    for part in sections(listing):
        rows = part.rows[: limit - len(shown)]
        if not rows:
            continue
        leader = part.rows[0]
        labels = _labels(rows, lambda row: f"{row['app']} ({row['company']})", sources)
        bars = tuple(
            Bar(label, _number(row["value"]), *_dau_text(row, leader))
            for label, row in zip(labels, rows, strict=True)
        )
        measurers = [str(row["measured_by"]) for row in rows if row["measured_by"]]
        credit = _credit(measurers, _sources_of(rows, "source"), sources)
        panels.append(Panel(_group_title(leader, _one_when(rows, "when")), bars, credit))
        shown += rows
    notes = (
        _left_out(len(shown), len(listing.rows), "bars")
        + _notes(listing, panels)
        + ((GROUPS_NOTE,) if len(panels) > 1 else ())
    )
    return Chart(listing.title, tuple(panels), notes, _credits(panels))


def campaigns_chart(listing: Listing, sources: Mapping[str, Publication], limit: int) -> Chart:
    """The campaigns by spend in yuan, stated or converted, each labelled in yuan and dollars."""
    shown = listing.rows[:limit]
    bars = tuple(
        Bar(
            (f"{row['app']!s} ({row['company']!s})" if row["app"] else str(row["company"]))
            + f"\n{row['campaign']!s}",
            _number(spend_cny(row)),
            text,
            derived=row["amount_cny"] is None and row["amount_cny_derived"] is not None,
            inferred=inferred,
        )
        for row in shown
        for text, inferred in [_marked(_campaign_text(row), row, ("amount_cny", "amounts"))]
    )
    cited = [source for row in shown for source in texts(row.get("sources"))]
    panels = (Panel("", bars, _credit([], cited, sources)),) if bars else ()
    return Chart(
        f"{listing.title}: spend in yuan",
        panels,
        _left_out(len(shown), len(listing.rows), "bars") + _notes(listing, panels),
        _credits(panels),
    )


def compare_chart(listing: Listing, sources: Mapping[str, Publication], limit: int) -> Chart:
    """The players' DAU (only when their figures come from one group) and their total
    promotional spend in yuan (derived), each panel credited to its own sources."""
    rows = listing.rows[:limit]
    labels = _labels(
        rows,
        lambda row: str(row["company"]) + (f" ({row['app']})" if row["app"] else ""),
        sources,
    )
    panels = []
    figures = [row for row in rows if row["dau"] is not None]
    # Figures of different groups do not compare: the listing's note says so, and no panel
    # puts them on one axis.
    if figures and all(row["dau_comparable"] for row in figures):
        measurers = [str(row["dau_measured_by"]) for row in figures if row["dau_measured_by"]]
        panels.append(
            Panel(
                _basis_title(str(figures[0]["dau_basis"]), _one_when(figures, "dau_when")),
                tuple(
                    Bar(label, _number(row["dau"]), *_compared_dau_text(row, figures[0]))
                    for label, row in zip(labels, rows, strict=True)
                ),
                _credit(measurers, _sources_of(figures, "dau_source"), sources),
            )
        )
    spend = tuple(
        Bar(label, _number(row["spend_cny_derived"]), _spend_text(row), derived=True)
        for label, row in zip(labels, rows, strict=True)
    )
    spent = [
        source
        for row in rows
        for item in objects(row["campaigns"])
        for source in texts(item["sources"])
    ]
    panels.append(
        Panel("Total promotional spend in yuan" + DERIVED_MARK, spend, _credit([], spent, sources))
    )
    return Chart(
        f"{listing.title}: {', '.join(str(row['company']) for row in rows)}",
        tuple(panels),
        _left_out(len(rows), len(listing.rows), "companies") + _notes(listing, panels),
        _credits(panels),
    )


CHARTS: dict[str, Callable[[Listing, Mapping[str, Publication], int], Chart]] = {
    "dau": dau_chart,
    "campaigns": campaigns_chart,
    "compare": compare_chart,
}


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _labels(
    rows: Sequence[Row], label: Callable[[Row], str], sources: Mapping[str, Publication]
) -> list[str]:
    """Each row's label; where two rows of one panel would read the same (one app's figure
    in two sources), each names its source's publisher, and its date where one publisher
    gives both."""
    plain = [label(row) for row in rows]
    times = Counter(plain)
    named = [_publisher(row, sources) for row in rows]
    twice = Counter(zip(plain, named, strict=True))
    labelled = []
    for text, publisher, row in zip(plain, named, rows, strict=True):
        if times[text] > 1:
            publication = sources.get(str(row.get("source")))
            dated = publication.published if publication and twice[text, publisher] > 1 else None
            text += f"\n[{publisher}{f', {dated}' if dated else ''}]"
        labelled.append(text)
    return labelled


def _publisher(row: Row, sources: Mapping[str, Publication]) -> str:
    publication = sources.get(str(row.get("source")))
    return publication.publisher if publication else str(row.get("source"))


def _left_out(shown: int, total: int, what: str) -> tuple[str, ...]:
    """What a chart of the first `shown` of `total` bars says of the others."""
    if shown >= total:
        return ()
    return (
        f"First {shown:,} of {total:,} {what}; {total - shown:,} left out (--limit N shows more).",
    )


def _group_title(row: Mapping[str, object], when: str | None) -> str:
    """A `dau` group as a panel's title: `Peak DAU · this year's Spring Festival holiday
    (2026-02-15/2026-02-23) · measured by QuestMobile`, the words of time where every figure
    of it gives the same; an undated group's words with the year they are read in."""
    metric = str(row["group_metric_name"])
    date = row.get("group_date")
    time = " ".join(str(part) for part in (row.get("group_when"), row.get("group_year")) if part)
    if date:
        time = f"{when} ({date})" if when else str(date)
    measurer = row.get("measured_by")
    parts = [f"{metric[:1].upper()}{metric[1:]}", time]
    parts.append(f"measured by {measurer!s}" if measurer else "measurer not stated")
    return " · ".join(part for part in parts if part)


def _basis_title(basis: str, when: str | None) -> str:
    """A comparison's basis (`peak DAU, 2026-02-15/2026-02-23, measured by QuestMobile`) as a
    panel's title, with the words of time where every figure gives the same."""
    metric, time, measured = basis.split(", ", 2)
    if when:
        time = f"{when} ({time})"
    return " · ".join((metric[:1].upper() + metric[1:], time, measured))


def _one_when(rows: Sequence[Row], field: str) -> str | None:
    """The words of time every row gives, where they give the same."""
    said = {row.get(field) for row in rows}
    return str(said.pop()) if len(said) == 1 and None not in said else None


# What a DAU figure's text shows of its row's fields: a mark where any is inferred.
_FIGURE_FIELDS = ("value", "metric_name", "bound", "when", "date")


def _dau_text(row: Row, leader: Row) -> tuple[str, bool, bool]:
    """`73.52M* · 50.7% of Doubao†` (`*` where the file infers the figure or what it counts);
    a day's peak among daily counts says so (`30.0M peak DAU`); the leader's own figures
    (of each source) alone. With whether it is derived (never: only its share is) and
    inferred."""
    value = row["value"]
    text, inferred = _marked(
        figure(value, row["unit"], row["bound"]) if isinstance(value, (int, float)) else "unknown",
        row,
        _FIGURE_FIELDS,
    )
    if row["metric"] != row["group_metric"]:
        text += f" {row['metric_name']!s}"
    share = row["share_of_leader_derived"]
    if row["app_id"] == leader["app_id"] or not isinstance(share, float | int):
        return text, False, inferred
    sign = BOUND_SIGNS.get(str(row.get("share_bound")), "")
    return (
        f"{text} · {sign}{share * 100:.1f}% of {leader['app']!s}{DERIVED_MARK}",
        False,
        inferred,
    )


def _compared_dau_text(row: Row, first: Row) -> tuple[str, bool, bool]:
    """A player's DAU figure, with its bound and, where the file infers it, its mark; a day's
    peak among daily counts says so."""
    value = row["dau"]
    if not isinstance(value, int):
        return "no figure", False, False
    fields = ("dau", "dau_metric", "dau_bound", "dau_when", "dau_date")
    text, inferred = _marked(figure(value, "users", row["dau_bound"]), row, fields)
    compares = str(first["dau_basis"]).partition(", ")[0]
    if row["dau_metric"] != compares:
        text += f" {row['dau_metric']!s}"
    return text, False, inferred


def _marked(text: str, row: Row, fields: Sequence[str]) -> tuple[str, bool]:
    """The text, marked `*` where the row's file infers any of `fields`; and whether it is."""
    inferred = any(name in texts(row.get("inferred")) for name in fields)
    return (text + INFERRED_MARK if inferred else text), inferred


def _amount(stated: object, derived: object, currency: str) -> str | None:
    """An amount as stated, or converted and marked; None when neither is known."""
    if isinstance(stated, int):
        return money(stated, currency)
    if isinstance(derived, int):
        return money(derived, currency) + DERIVED_MARK
    return None


def _campaign_text(row: Row) -> str:
    """`¥3.0B ($435.0M†)`; an amount no known rate converts as stated, with `no rate`."""
    yuan = _amount(row["amount_cny"], row["amount_cny_derived"], "CNY")
    dollars = _amount(row["amount_usd"], row["amount_usd_derived"], "USD")
    if yuan is None:
        stated = [money(item["value"], item["currency"]) for item in objects(row["amounts"])]
        return ", ".join(stated) + " (no rate to yuan)" if stated else "amount not stated"
    return yuan + (f" ({dollars})" if dollars else "")


def _spend_text(row: Row) -> str:
    """A player's total spend in yuan and dollars, both derived; why when there is none."""
    if not row["campaigns"]:
        return "no campaign reported"
    yuan = row["spend_cny_derived"]
    if not isinstance(yuan, int):
        return "unknown: an amount is not stated"
    dollars = row["spend_usd_derived"]
    text = money(yuan, "CNY") + DERIVED_MARK
    return text + (f" ({money(dollars, 'USD')}{DERIVED_MARK})" if isinstance(dollars, int) else "")


def _notes(listing: Listing, panels: Sequence[Panel]) -> tuple[str, ...]:
    """The listing's notes, cleaned: the note on derived values only when one is shown, what
    hatched bars are when there is one, and the note on inferred values when one is marked."""
    bars = [bar for panel in panels for bar in panel.bars]
    derived = any(DERIVED_MARK in bar.text or bar.derived for bar in bars)
    notes = tuple(note for note in listing.notes if derived or note != DERIVED_NOTE)
    # A chart labels its bars with derived values (shares, conversions): their notes go too.
    notes += tuple(note for _, note in listing.field_notes if derived)
    notes += (HATCHED_NOTE,) if any(bar.derived for bar in bars) else ()
    return notes + ((INFERRED_NOTE,) if any(bar.inferred for bar in bars) else ())


def _credits(panels: Sequence[Panel]) -> str:
    """The chart's source line: the panels' one credit, or where they differ, each panel's,
    named by what it shows (`Peak DAU: Data: QuestMobile, as reported by ...`)."""
    credits = list(dict.fromkeys(panel.credit for panel in panels if panel.credit))
    if len(credits) <= 1:
        return credits[0] if credits else ""
    lines: dict[str, list[str]] = {}
    for panel in panels:
        if panel.credit:
            # What it shows and when: its measurer is in its credit.
            name = " · ".join(panel.title.split(" · ")[:2]).removesuffix(DERIVED_MARK)
            lines.setdefault(panel.credit, []).append(name)
    return "\n".join(
        f"{', '.join(dict.fromkeys(names))}: {credit}" for credit, names in lines.items()
    )


def _sources_of(rows: Sequence[Row], field: str) -> list[str]:
    return [str(row[field]) for row in rows if row.get(field) is not None]


def _credit(
    measurers: Sequence[str], cited: Sequence[str], sources: Mapping[str, Publication]
) -> str:
    """`Data: QuestMobile, as reported by China Daily, “Headline”.`: who measured the
    figures, then each publisher with the headlines that report them, each once, in order."""
    headlines: dict[str, list[str]] = {}
    for source in dict.fromkeys(cited):
        if source in sources:
            publication = sources[source]
            dated = f" ({publication.published})" if publication.published else ""
            headlines.setdefault(publication.publisher, []).append(f"“{publication.title}”{dated}")
    reported = "; ".join(
        f"{publisher}, {', '.join(titles)}" for publisher, titles in headlines.items()
    )
    measured = ", ".join(dict.fromkeys(measurers))
    if measured and reported:
        return f"Data: {measured}, as reported by {reported}."
    if reported:
        return f"Source: {reported}."
    return f"Data: {measured}." if measured else ""

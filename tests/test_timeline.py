"""timeline: events in date order, each time as reported beside the date it resolves to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aicompete.knowledge.models import Event
from aicompete.listings.timeline import ordered
from tests.conftest import BUNDLED, Run, assert_golden

VALID = BUNDLED.read_text(encoding="utf-8")


def _events(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run(*args, "timeline", "--json")
    assert result.exit_code == 0, result.output
    events: list[dict[str, Any]] = json.loads(result.stdout)
    return events


def test_dated_events_come_in_date_order_and_undated_ones_last(run: Run) -> None:
    assert [(e["rank"], e["when"], e["date"], e["id"]) for e in _events(run)] == [
        (1, "Feb 4", "2026-02-04", "ma-visits-qwen-team"),
        (
            2,
            "this year's Spring Festival holiday",
            "2026-02-15/2026-02-23",
            "spring-festival-record-dau",
        ),
        (3, "Wednesday", "2026-03-04", "lin-announces-departure"),
        # Monday to Friday of that week, which holds Wednesday: neither is put before the other.
        (3, "earlier this week", "2026-03-02/2026-03-06", "ma-school-visit"),
        (4, "Thursday", "2026-03-05", "wu-internal-email"),
        (4, "late Thursday", "2026-03-05", "base-team-never-assessed-on-dau"),
        (4, "late Thursday", "2026-03-05", "qwen-goal-agi"),
        # Undated: no rank, in the order of their links, then of the file.
        (None, None, None, "commercialization-targets-speculation"),
        (None, None, None, "lin-led-qwen3-max"),
        (None, None, None, "lin-guided-qwen3-5"),
        (None, "shortly afterward", None, "yu-announces-departure"),
        (None, None, None, "alibaba-reorganizes-around-qwen"),
        # Told with Thursday's e-mail, and with its statement to China Daily.
        (None, None, None, "zhou-continues-tongyi-lab"),
        (None, None, None, "foundation-model-support-group"),
        (None, None, None, "wu-long-term-strategy"),
        (None, None, None, "qwen-team-stable"),
    ]
    sections = [e["section"] for e in _events(run)]
    assert sections == ["dated"] * 7 + ["undated"] * 9


def test_a_table_says_which_events_the_sources_do_not_order(run: Run) -> None:
    table = " ".join(run("timeline", env={"COLUMNS": "200"}).stdout.split())
    assert "no other order is stated. Events that share a rank are not ordered" in table
    assert "Events: dated" in table and "Events: undated" in table
    # The links that order them are a field away.
    linked = run("timeline", "--fields", "rank,event,after", env={"COLUMNS": "200"}).stdout
    assert "After" in linked.splitlines()[2]


def test_a_chain_of_stated_links_needs_no_such_note(run: Run, tmp_path: Path) -> None:
    # A FICTIONAL file: three events of one source, each stated after the one before.
    (tmp_path / "story.txt").write_text(
        "FICTIONAL: Ann Vale joined Brightfield on Monday. After that, she left on Tuesday. "
        "She returned on Wednesday.\n",
        encoding="utf-8",
    )
    events = "".join(
        f'[[events]]\nid = "e{n}"\ncategory = "context"\nsummary = "s{n}"\nsource = "s"\n'
        f'quote = "{quote}"\n' + (f'after = ["e{n - 1}"]\n' if n else "")
        for n, quote in enumerate(("joined Brightfield", "she left", "She returned"))
    )
    facts = tmp_path / "facts.toml"
    facts.write_text(
        '[[sources]]\nid = "s"\ntitle = "t"\npublisher = "p"\nfile = "story.txt"\n' + events,
        encoding="utf-8",
    )
    result = run("--facts", str(facts), "timeline", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "not ordered" not in result.stdout
    rows = json.loads(run("--facts", str(facts), "timeline", "--json").stdout)
    assert [(row["rank"], row["id"]) for row in rows] == [(None, "e0"), (None, "e1"), (None, "e2")]


def test_every_event_comes_after_those_it_names_in_its_section(run: Run) -> None:
    events = _events(run)
    position = {e["id"]: (e["section"], at) for at, e in enumerate(events)}
    assert any(event["after"] for event in events)
    for event in events:
        for earlier in event["after"]:
            section, at = position[earlier]
            if section == event["section"]:
                assert at < position[event["id"]][1]


def test_dates_are_exactly_as_reported_and_never_invented(run: Run) -> None:
    for event in _events(run):
        assert event["when"] is None or f'when = "{event["when"]}"' in VALID
        assert event["quote"] in VALID.replace('\\"', '"')


def test_events_without_a_date_or_an_order_are_left_out(run: Run) -> None:
    ids = {e["id"] for e in _events(run)}
    assert "alibaba-denies-commercialization-link" not in ids
    assert "cao-red-packet-war" not in ids
    # Said during the school visit: the source gives it no date or order of its own.
    assert "ma-ai-change-remark" not in ids


def test_each_event_names_who_and_what(run: Run) -> None:
    email = next(e for e in _events(run) if e["id"] == "wu-internal-email")
    assert email == {
        "rank": 4,
        "id": "wu-internal-email",
        "when": "Thursday",
        "date": "2026-03-05",
        "category": "leadership",
        "person_id": "eddie-wu",
        "company_id": "alibaba",
        "who": "Eddie Wu",
        "event": "Responded to the resignation of Lin Junyang",
        "after": ["lin-announces-departure"],
        # The news it gave is linked to it by inference (Zhou Jingren's, the support group's).
        "place": "inferred",
        "section": "dated",
        "sources_agreeing": 1,
        "conflicts_with": [],
        "source": "chinadaily-qwen",
        "quote": "In an internal e-mail to employees, Alibaba CEO Eddie Wu responded to the "
        "resignation of Lin Junyang, a core leader of the Qwen model, on Thursday.",
        # Its `when` is inferred, and so is the date that follows from it.
        "inferred": ["when", "date"],
    }


def test_table_matches_golden_file(run: Run) -> None:
    result = run("timeline")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden("timeline.txt", result.stdout)


def test_an_empty_knowledge_file_has_an_empty_timeline(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text("", encoding="utf-8")
    assert _events(run, "--facts", str(path)) == []


def _event(index: int, after: list[int]) -> Event:
    return Event(
        id=f"e{index}",
        category="context",
        summary="s",
        source="src",
        quote="q",
        when="Monday",
        date="2026-03-02",
        after=tuple(f"e{earlier}" for earlier in after),
    )


@given(st.lists(st.lists(st.integers(min_value=0, max_value=11), max_size=3), max_size=12))
def test_any_order_without_a_circle_is_kept(links: list[list[int]]) -> None:
    # Links only to earlier events of the file can never make a circle.
    events = [_event(index, [e for e in after if e < index]) for index, after in enumerate(links)]
    result = ordered(events)
    assert sorted(event.id for _, event in result) == sorted(event.id for event in events)
    # Every event is dated (one day): the links alone order them.
    rank = {event.id: place or 0 for place, event in result}
    for event in events:
        # One rank after the highest of those it follows: later than each, by no more than needed.
        assert rank[event.id] == 1 + max((rank[earlier] for earlier in event.after), default=0)
    places = [place or 0 for place, _ in result]
    assert places == sorted(places)

"""`after` links that go round in a circle: found by validation, one problem per event on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aicompete.knowledge.cycles import on_circles
from aicompete.knowledge.validation import check_references
from tests.conftest import BUNDLED, Run, assert_clean_error

VALID = BUNDLED.read_text(encoding="utf-8")
FEB_4 = 'when = "Feb 4"\n'
SELF_LOOP = VALID.replace(FEB_4, FEB_4 + 'after = ["ma-visits-qwen-team"]\n', 1)
# The holiday comes after the Feb 4 visit already; this puts the visit after the holiday.
TWO_EVENT_LOOP = VALID.replace(FEB_4, FEB_4 + 'after = ["spring-festival-record-dau"]\n', 1)


def _problems(run: Run, tmp_path: Path, text: str) -> list[tuple[object, ...]]:
    path = tmp_path / "facts.toml"
    path.write_text(text, encoding="utf-8")
    answer = run("validate", str(path), "--json")
    assert_clean_error(answer, path)
    rows = json.loads(answer.stdout)
    return [(row["id"], row["field"], row["line"], row["message"]) for row in rows]


def _line(text: str, needle: str, after: str) -> int:
    """The line of the first `needle` below the first `after`."""
    return text[: text.index(needle, text.index(after))].count("\n") + 1


def test_an_event_after_itself_is_one_problem_on_its_line(run: Run, tmp_path: Path) -> None:
    visit = 'id = "ma-visits-qwen-team"'
    assert _problems(run, tmp_path, SELF_LOOP) == [
        (
            "ma-visits-qwen-team",
            "after",
            _line(SELF_LOOP, "after = ", visit),
            "`after` names the event itself, so it has no order",
        )
    ]


def test_two_events_after_each_other_are_one_problem_each(run: Run, tmp_path: Path) -> None:
    # Lin's departure, Ma's school visit and more follow the circle but are not on it.
    message = (
        "`after` links go round in a circle through events 'ma-visits-qwen-team', "
        "'spring-festival-record-dau', so they have no order"
    )
    assert _problems(run, tmp_path, TWO_EVENT_LOOP) == [
        (
            "ma-visits-qwen-team",
            "after",
            _line(TWO_EVENT_LOOP, "after = ", 'id = "ma-visits-qwen-team"'),
            message,
        ),
        (
            "spring-festival-record-dau",
            "after",
            _line(TWO_EVENT_LOOP, "after = ", 'id = "spring-festival-record-dau"'),
            message,
        ),
    ]


@pytest.mark.parametrize("command", ["dau", "timeline", "leadership", "verify"])
def test_every_command_refuses_a_circle(run: Run, tmp_path: Path, command: str) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(TWO_EVENT_LOOP, encoding="utf-8")
    answer = run("--facts", str(path), command, "--json")
    assert_clean_error(answer, path)
    assert "`after` links go round in a circle" in answer.stderr
    assert "(and 1 more problem; see `aicompete validate`)" in answer.stderr


def test_a_long_circle_names_its_first_events_and_counts_the_rest() -> None:
    count = 2000
    events = [{"id": f"e{index}", "after": [f"e{(index + 1) % count}"]} for index in range(count)]
    problems = check_references({"events": events})
    assert [problem.location for problem in problems] == [
        f"events[{index}].after" for index in range(count)
    ]
    assert problems[0].message == (
        "`after` links go round in a circle through events 'e0', 'e1', 'e2', 'e3', 'e4' "
        "and 1,995 more, so they have no order"
    )


def test_with_a_duplicate_id_only_the_records_making_the_circle_are_named() -> None:
    events = [
        {"id": "a", "after": ["b"]},
        {"id": "b", "after": ["a"]},
        {"id": "a"},
        {"id": "c", "after": ["a", "nothing", 7]},
    ]
    problems = check_references({"events": events})
    assert [problem.location for problem in problems] == [
        "events[2].id",
        "events[3].after",
        "events[0].after",
        "events[1].after",
    ]
    assert problems[1].message == "no event has id 'nothing'"


def test_a_long_chain_without_a_circle_is_fine() -> None:
    # Far deeper than Python's recursion limit.
    count = 20_000
    links = {f"e{index}": [f"e{index + 1}"] for index in range(count)}
    assert on_circles(links) == {}
    links[f"e{count}"] = ["e0"]
    assert len(on_circles(links)) == count + 1


def _reaches(links: dict[str, list[str]], start: str) -> set[str]:
    """Every id reachable from `start` by one link or more."""
    seen: set[str] = set()
    todo = list(links.get(start, ()))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(links.get(name, ()))
    return seen


NAMES = st.sampled_from("abcdefg")


@given(st.dictionaries(NAMES, st.lists(st.sampled_from("abcdefgh"), max_size=3), max_size=7))
def test_circles_are_exactly_the_ids_that_reach_themselves(links: dict[str, list[str]]) -> None:
    found = on_circles(links)
    reach = {name: _reaches(links, name) for name in links}
    assert set(found) == {name for name in links if name in reach[name]}
    order = list(links)
    for name, circle in found.items():
        assert set(circle) == {other for other in reach[name] if name in reach.get(other, ())}
        assert list(circle) == sorted(circle, key=order.index)

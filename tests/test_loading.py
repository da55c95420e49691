"""The knowledge-file loader: which file it reads (--facts, AICOMPETE_FACTS), how it reads
it (no pipe, no byte-order mark, a file changed under it read again once settled), and, by
property-based tests, any knowledge file, broken or whole, loaded or refused cleanly.

Random mutations of the bundled file are accepted or refused cleanly by every command, and
all commands agree with `validate` on which; for any valid knowledge file hypothesis
builds, every command's JSON reads back with json.loads, text and figures unchanged. The
catalogue of bad knowledge files is in `test_bad_inputs`."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import event, given, settings
from hypothesis import strategies as st
from tomli_w import dumps

from aicompete.knowledge import regular_files
from aicompete.knowledge.models import TEXT_PATTERN
from aicompete.listings.leadership import CATEGORIES as LEADERSHIP_CATEGORIES
from tests.conftest import BUNDLED, ROOT, FactsFile, Result, Run, assert_clean_error, json_output
from tests.conftest import invoke as run


def test_a_pipe_as_the_knowledge_file_is_refused_at_once(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    os.mkfifo(path)
    result = run("--facts", str(path), "dau")
    assert_clean_error(result, path)
    assert "is not a regular file" in result.stderr


def test_a_byte_order_mark_is_no_part_of_the_toml(run: Run, facts_file: FactsFile) -> None:
    path = facts_file()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("validate", str(path)).exit_code == 0
    assert len(json_output(run, "--facts", str(path), "dau")) == 3


def test_a_file_rewritten_while_it_is_read_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes(b"# old\n")
    real_read = os.read
    rewrites: list[bool] = []

    def read(descriptor: int, size: int) -> bytes:
        data = real_read(descriptor, size)
        if not rewrites:
            rewrites.append(True)
            path.write_bytes(b"# the new version, longer\n")
        return data

    monkeypatch.setattr(os, "read", read)
    assert regular_files.read_regular_file(path, 1000) == b"# the new version, longer\n"


def test_a_file_emptied_a_moment_ago_is_read_once_it_has_settled(tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes(b"")

    def writer() -> None:
        time.sleep(0.05)
        path.write_bytes(b"# written\n")

    thread = threading.Thread(target=writer)
    thread.start()
    assert regular_files.read_regular_file(path, 1000) == b"# written\n"
    thread.join()


def test_a_file_caught_between_two_parts_of_a_rewrite_in_place_is_read_whole(
    tmp_path: Path,
) -> None:
    """A writer that empties the knowledge file and writes it again in parts leaves, for a
    moment, a valid shorter file (here, the records before the figures): the reader waits out
    that moment and reads the file whole, never the shorter knowledge base."""
    import threading

    from aicompete.knowledge.loading import read_bytes

    whole = BUNDLED.read_bytes()
    cut = whole.index(b"[[figures]]")
    path = tmp_path / "facts.toml"
    path.write_bytes(whole[:cut])

    def write_the_rest() -> None:
        time.sleep(0.05)
        with path.open("ab") as file:
            file.write(whole[cut:])

    writer = threading.Thread(target=write_the_rest)
    writer.start()
    try:
        assert read_bytes(path) == whole
    finally:
        writer.join()


def test_facts_option_and_environment_variable(run: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "facts.toml"
    other.write_text("", encoding="utf-8")
    assert json.loads(run("--facts", str(other), "dau", "--json").stdout) == []
    result = run("dau", "--json", env={"AICOMPETE_FACTS": str(other)})
    assert json.loads(result.stdout) == []


BASE: dict[str, Any] = tomli.loads(BUNDLED.read_text(encoding="utf-8"))


LOADING_COMMANDS = ("dau", "campaigns", "leadership")


FEW = settings(max_examples=40, deadline=None)


Slot = tuple[Any, Any]  # a container and a key or index in it


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the bundled source text, where each example writes its facts.toml."""
    folder = tmp_path_factory.mktemp("properties")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    return folder


def _slots(value: Any) -> list[Slot]:
    """Every place in a document that holds a value: each key of a table, each item of a list."""
    places: list[Slot] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        places.append((value, key))
        if isinstance(item, (dict, list)):
            places.extend(_slots(item))
    return places


OTHER_VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=20),
    st.booleans(),
    st.floats(),
    st.dates(),
    st.lists(st.integers(min_value=-5, max_value=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(min_value=0, max_value=9), max_size=2),
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The bundled document with one to three mutations: a key removed, a value of another
    type, an item duplicated or a string emptied."""
    document = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        slots = _slots(document)
        mutation = draw(st.sampled_from(["remove", "retype", "duplicate", "empty"]))
        if mutation == "duplicate":
            slots = [slot for slot in slots if isinstance(slot[0], list)]
        elif mutation == "empty":
            slots = [slot for slot in slots if isinstance(slot[0][slot[1]], str)]
        container, key = draw(st.sampled_from(slots))
        if mutation == "remove":
            del container[key]
        elif mutation == "retype":
            container[key] = draw(OTHER_VALUES)
        elif mutation == "duplicate":
            container.insert(key, copy.deepcopy(container[key]))
        else:
            container[key] = ""
    return document


def test_writer_round_trips_the_bundled_document() -> None:
    assert tomli.loads(dumps(BASE)) == BASE


@FEW
@given(document=mutated_documents())
def test_mutations_are_accepted_or_refused_cleanly(folder: Path, document: dict[str, Any]) -> None:
    path = folder / "facts.toml"
    path.write_text(dumps(document), encoding="utf-8")
    validated = run("validate", str(path), "--json")
    answers = [run("--facts", str(path), command, "--json") for command in LOADING_COMMANDS]
    answers.append(run("--facts", str(path), "dau"))
    for answer in [validated, *answers]:
        _assert_clean(answer, path)
    # Every command that reads the file agrees with `validate` on whether it can be used.
    assert {answer.exit_code for answer in answers} == {validated.exit_code}
    event("accepted" if validated.exit_code == 0 else "refused")
    problems = json.loads(validated.stdout)
    assert bool(problems) == (validated.exit_code == 1)
    verified = run("--facts", str(path), "verify", "--json")
    _assert_clean(verified, path)
    if validated.exit_code == 1:
        assert verified.exit_code == 1
        assert verified.stdout == ""


def _assert_clean(answer: Result, path: Path) -> None:
    if answer.exit_code != 0:
        assert_clean_error(answer, path)
    if answer.stdout and answer.stdout.startswith("["):
        json.loads(answer.stdout)


IDS = st.from_regex(r"[a-z0-9]{1,6}(?:-[a-z0-9]{1,5})?", fullmatch=True)


# Any text with something to read: not empty, not only white space.
TEXTS = st.text(min_size=1, max_size=30).filter(
    lambda text: re.search(TEXT_PATTERN, text) is not None
)


CATEGORIES = ["leadership", "organisation", "statement", "profile", "context"]


@st.composite
def knowledge_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid knowledge file: unique ids, references that resolve, any text at all."""
    sources = draw(st.lists(IDS, min_size=1, max_size=2, unique=True))
    companies = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    apps = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    people = draw(st.lists(IDS, max_size=2, unique=True))
    dau = draw(st.lists(IDS, max_size=3, unique=True))
    campaigns = draw(st.lists(IDS, max_size=3, unique=True))
    events = draw(st.lists(IDS, max_size=3, unique=True))

    def cited() -> dict[str, Any]:
        return {"source": draw(st.sampled_from(sources)), "quote": draw(TEXTS)}

    def optional(key: str, values: st.SearchStrategy[Any]) -> dict[str, Any]:
        value = draw(st.none() | values)
        return {} if value is None else {key: value}

    def amounts() -> list[dict[str, Any]]:
        currencies = draw(st.lists(st.sampled_from(["CNY", "USD"]), max_size=2, unique=True))
        return [{"value": draw(st.integers(0, 10**12)), "currency": c} for c in currencies]

    return {
        "sources": [
            {
                "id": s,
                "title": draw(TEXTS),
                "publisher": draw(TEXTS),
                "file": "source.txt",
                "published": "2026-03-07",
            }
            for s in sources
        ],
        "metrics": [
            {
                "id": "peak-dau",
                "name": draw(TEXTS),
                "counts": "users",
                "window": "day",
                "words": draw(st.lists(TEXTS, min_size=1, max_size=2)),
            }
        ],
        "companies": [
            # Names that no other company or app goes by: see `validate`'s rule on shadowing.
            {"id": c, "name": f"Company {c} {draw(TEXTS)}", "description": draw(TEXTS), **cited()}
            for c in companies
        ],
        "apps": [
            {
                "id": a,
                "name": f"App {a} {draw(TEXTS)}",
                "company": draw(st.sampled_from(companies)),
                **cited(),
            }
            for a in apps
        ],
        "people": [
            {"id": p, "name": draw(TEXTS), "role": draw(TEXTS), **cited()}
            | optional("company", st.sampled_from(companies))
            for p in people
        ],
        "figures": [
            {
                "id": d,
                "app": draw(st.sampled_from(apps)),
                "value": draw(st.integers(0, 10**10)),
                "unit": "users",
                "metric": "peak-dau",
                "when": draw(st.sampled_from(["holiday", "week"])),
                "measured_by": draw(st.sampled_from(companies)),
                **cited(),
            }
            | optional("reported_comparison", TEXTS)
            | optional("bound", st.sampled_from(["exact", "about", "over", "under", "up_to"]))
            for d in dau
        ],
        "campaigns": [
            {
                "id": c,
                "app": draw(st.sampled_from(apps)),
                "description": draw(TEXTS),
                "amounts": amounts(),
                **cited(),
            }
            | optional("name", TEXTS)
            | optional("purpose", TEXTS)
            for c in campaigns
        ],
        "events": [
            {
                "id": e,
                "category": draw(st.sampled_from(CATEGORIES)),
                "summary": draw(TEXTS),
                "after": events[:index],
                **cited(),
            }
            | optional("person", st.sampled_from(people) if people else st.nothing())
            | optional("company", st.sampled_from(companies))
            | optional("when", TEXTS)
            | optional("figures", st.dictionaries(IDS, st.integers(0, 10**6), max_size=2))
            for index, e in enumerate(events)
        ],
    }


def _quotes(document: dict[str, Any]) -> str:
    """A source text that holds every quote of the document."""
    return "\n".join(
        record["quote"] for records in document.values() for record in records if "quote" in record
    )


@FEW
@given(document=knowledge_documents())
def test_json_of_any_valid_knowledge_file_round_trips(
    folder: Path, document: dict[str, Any]
) -> None:
    path = folder / "facts.toml"
    path.write_text(dumps(document), encoding="utf-8")
    (folder / "source.txt").write_text(_quotes(document), encoding="utf-8")
    assert run("validate", str(path), "--json").stdout == "[]\n"

    dau = json.loads(run("--facts", str(path), "dau", "--json").stdout)
    assert sorted((r["id"], r["value"], r["quote"]) for r in dau) == sorted(
        (d["id"], d["value"], d["quote"]) for d in document["figures"]
    )
    campaigns = json.loads(run("--facts", str(path), "campaigns", "--json").stdout)
    stated = {
        c["id"]: {m["currency"]: m["value"] for m in c["amounts"]} for c in document["campaigns"]
    }
    assert {r["id"]: (r["amount_cny"], r["amount_usd"], r["name"]) for r in campaigns} == {
        c["id"]: (stated[c["id"]].get("CNY"), stated[c["id"]].get("USD"), c.get("name"))
        for c in document["campaigns"]
    }
    leadership = json.loads(run("--facts", str(path), "leadership", "--json").stdout)
    assert [(r["id"], r["change"], r["when"]) for r in leadership] == [
        (e["id"], e["summary"], e.get("when"))
        for e in document["events"]
        if e["category"] in LEADERSHIP_CATEGORIES
    ]
    verified = run("--facts", str(path), "verify", "--json")
    rows = json.loads(verified.stdout)
    facts = [
        record
        for kind, records in document.items()
        if kind not in ("sources", "metrics")
        for record in records
    ]
    assert [row["id"] for row in rows] == [fact["id"] for fact in facts]
    # Each quote is in the source; only what the random quotes need not state may fail:
    # figures, dates (`when`) and the people events are about.
    for row in rows:
        assert row["reason"] is None or "quote is not" not in row["reason"], row

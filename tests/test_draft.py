"""`aicompete draft`: candidate facts from an article, by the rules `verify` proves with.

On the seed article against a knowledge file of the bundled metrics alone, on the same article
against the bundled file (which already holds it), and on a fictional article against the
fictional knowledge base of four sources, with other wordings of figures and amounts.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli

from aicompete.knowledge.migration import metric_blocks
from tests import fictional
from tests.conftest import ROOT, Run

SEED = "000_ffdd459b55fbeb1b.txt"
Items = list[dict[str, Any]]


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A knowledge file of the bundled metrics alone (what figures count, as `aicompete init`
    gives them), with the seed article beside it."""
    (tmp_path / "articles").mkdir()
    shutil.copyfile(ROOT / "seeds" / SEED, tmp_path / "articles" / "seed.txt")
    path = tmp_path / "facts.toml"
    bundled = (ROOT / "facts.toml").read_text(encoding="utf-8")
    path.write_text("".join(metric_blocks(bundled).values()), encoding="utf-8")
    return path


@pytest.fixture
def fictional_facts(tmp_path: Path) -> Path:
    """The fictional knowledge base, with the fictional article to draft beside it."""
    path = fictional.write(tmp_path)
    (tmp_path / "fictional" / "draft.txt").write_text(fictional.DRAFT_ARTICLE, encoding="utf-8")
    return path


def _draft(run: Run, facts: Path, article: str, *options: str) -> str:
    result = run("--facts", str(facts), "draft", str(facts.parent / article), *options)
    assert result.exit_code == 0, result.output
    return result.stdout


def _items(run: Run, facts: Path, article: str, *options: str) -> Items:
    items: Items = json.loads(_draft(run, facts, article, *options, "--json"))
    return items


def _seed(run: Run, facts: Path) -> Items:
    return _items(run, facts, "articles/seed.txt", *SEED_SOURCE)


def _items_of(run: Run, facts: Path, name: str, article: str) -> Items:
    """The draft of `article`, written as `articles/NAME` beside `facts`, as a new source of
    Example Daily's of 2026-02-24."""
    (facts.parent / "articles" / name).write_text(article, encoding="utf-8")
    return _items(run, facts, f"articles/{name}", *EXAMPLE_SOURCE)


# An article of the team's own, as Example Daily's of a day in the holiday's week.
EXAMPLE_SOURCE = ("--publisher", "Example Daily", "--published", "2026-02-24")
# The seed's publisher and day, from which its weekdays and holidays are dated.
SEED_SOURCE = ("--publisher", "China Daily", "--published", "2026-03-07")


def _fictional(run: Run, facts: Path) -> Items:
    return _items(
        run,
        facts,
        "fictional/draft.txt",
        "--publisher",
        "Fictional Press",
        "--published",
        "2026-02-25",
    )


def _of(items: Items, kind: str) -> Items:
    return [item for item in items if item["kind"] == kind]


def _names(items: Items) -> dict[str, str]:
    """Each company's and app's id, by the name the draft gives it."""
    return {
        item["id"]: item["record"]["name"] for item in items if item["kind"] in ("company", "app")
    }


def test_seed_draft_finds_every_dau_figure_bound_to_its_app(run: Run, empty: Path) -> None:
    items = _seed(run, empty)
    names = _names(items)
    figures = {
        (names[item["record"]["app"]], item["record"]["value"]) for item in _of(items, "figure")
    }
    assert figures == {("Doubao", 145_000_000), ("Qwen", 73_520_000), ("Yuanbao", 40_540_000)}
    doubao = next(item for item in _of(items, "figure") if item["record"]["app"] == "doubao")
    assert doubao["draft"] == "new"
    assert {name: doubao["record"][name] for name in ("metric", "when", "measured_by")} == {
        "metric": "peak-dau",
        "when": "this year's Spring Festival holiday",
        "measured_by": "questmobile",
    }
    assert doubao["fields"]["metric"] == "proven"
    # Qwen's and Yuanbao's figures follow Doubao's peak without saying what they count: the
    # metric is proposed as inferred, with why, never marked proven.
    for app in ("qwen", "yuanbao"):
        item = next(item for item in _of(items, "figure") if item["record"]["app"] == app)
        assert item["record"]["metric"] == "peak-dau"
        assert item["fields"]["metric"] == "inferred"
        assert "continues" in item["record"]["inferred"]["metric"]["why"]
    qwen = next(item for item in _of(items, "figure") if item["record"]["app"] == "qwen")
    assert qwen["record"]["reported_comparison"] == "roughly half that of Doubao"


def test_seed_draft_finds_every_campaign_with_its_amounts(run: Run, empty: Path) -> None:
    items = _seed(run, empty)
    names = _names(items)
    campaigns = {
        names[item["record"]["app"]]: sorted(
            (amount["value"], amount["currency"]) for amount in item["record"].get("amounts", [])
        )
        for item in _of(items, "campaign")
    }
    assert campaigns == {
        "Yuanbao": [(145_000_000, "USD"), (1_000_000_000, "CNY")],
        "Wenxin": [(500_000_000, "CNY")],
        # The Gala deal states no amount: none is written, none guessed.
        "Doubao": [],
        "Qwen": [(3_000_000_000, "CNY")],
    }
    treat = next(item for item in _of(items, "campaign") if item["record"]["app"] == "qwen")
    assert treat["record"]["name"] == "Spring Festival Treat"
    assert treat["record"]["purpose"] == "Integrating AI applications with consumer transactions"
    assert treat["fields"] == {
        "app": "proven",
        # '"Spring Festival Treat" campaign': the quote's own words.
        "description": "proven",
        "name": "proven",
        "amounts": "proven",
        "purpose": "proven",
    }


def test_seed_draft_finds_the_people_with_their_roles(run: Run, empty: Path) -> None:
    people = {
        item["record"]["name"]: item["record"]["role"] for item in _of(_seed(run, empty), "person")
    }
    assert people == {
        "Eddie Wu": "Alibaba CEO",
        "Lin Junyang": "Core leader of the Qwen model",
        "Zhou Jingren": "Alibaba Cloud's chief technology officer",
        "Yu Bowen": "Head of post-training for the Qwen model",
        "Cao Lei": "Expert committee member of the China Advertising Association",
        "Jack Ma": "Alibaba founder",
    }


def test_seed_draft_dates_events_and_says_who_they_are_about(run: Run, empty: Path) -> None:
    events = _of(_seed(run, empty), "event")
    dated = {
        (item["record"]["when"], item["record"].get("person"))
        for item in events
        if "when" in item["record"]
    }
    assert dated >= {
        ("Thursday", "eddie-wu"),
        ("Wednesday", "lin-junyang"),
        ("shortly afterward", "yu-bowen"),
        ("late Thursday", None),
        ("Feb 4", "jack-ma"),
        ("Earlier this week", "jack-ma"),
    }
    # No event restates a figure drafted beside it: the holiday's peaks are figures.
    assert not any("145 million" in item["record"]["quote"] for item in events)
    wednesday = next(item for item in events if item["record"].get("when") == "Wednesday")
    assert (wednesday["record"]["date"], wednesday["fields"]["date"]) == ("2026-03-04", "proven")
    # "he" stands for the person named just before: the quote starts there.
    school = next(item for item in events if item["record"].get("when") == "Earlier this week")
    assert school["record"]["quote"].startswith("Ma visited the office")
    added = next(item for item in events if "he added" in item["record"]["quote"])
    assert (added["record"]["person"], added["record"]["speech"]) == ("cao-lei", "direct")


def test_appended_draft_validates_and_what_it_marks_proven_verifies(run: Run, empty: Path) -> None:
    draft = _draft(run, empty, "articles/seed.txt", *SEED_SOURCE)
    items = _seed(run, empty)
    with empty.open("a", encoding="utf-8") as file:
        file.write("\n" + draft)
    assert run("validate", str(empty)).exit_code == 0
    checks = {(row["kind"], row["id"]): row for row in json.loads(_verify(run, empty))}
    _assert_statuses_hold(items, checks)


def test_fictional_draft_appended_to_the_knowledge_file_verifies(
    run: Run, fictional_facts: Path
) -> None:
    draft = _draft(run, fictional_facts, "fictional/draft.txt", "--publisher", "Fictional Press")
    items = _items(run, fictional_facts, "fictional/draft.txt", "--publisher", "Fictional Press")
    with fictional_facts.open("a", encoding="utf-8") as file:
        file.write("\n" + draft)
    assert run("validate", str(fictional_facts)).exit_code == 0
    checks = {(row["kind"], row["id"]): row for row in json.loads(_verify(run, fictional_facts))}
    _assert_statuses_hold(items, checks)


def _verify(run: Run, facts: Path) -> str:
    result = run("--facts", str(facts), "verify", "--json")
    assert result.exit_code == 0, result.output
    return result.stdout


def _assert_statuses_hold(items: Items, checks: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Every field a new candidate marks proven or editorial, verify marks the same; the
    fields it leaves for a person are not in the record."""
    new = [item for item in items if item["draft"] == "new" and item["kind"] != "source"]
    assert new
    for item in new:
        written = {name: status for name, status in item["fields"].items() if status != "left"}
        assert checks[item["kind"], item["id"]]["fields"] == written, item["id"]


def test_an_incomplete_record_is_commented_out_until_it_is_filled_in(run: Run, empty: Path) -> None:
    article = empty.parent / "articles" / "users.txt"
    article.write_text("Title\nBrightfield's Lumo had 9 million users on Feb 2, 2026.\n", "utf-8")
    draft = _draft(run, empty, "articles/users.txt", "--publisher", "P")
    block = draft[draft.index('# [[figures]]\n# id = "lumo-figure') :].split("\n\n")[0]
    assert '# metric = ""  # left for you' in block
    uncommented = re.sub(r"^# ", "", block, flags=re.MULTILINE)
    with empty.open("a", encoding="utf-8") as file:
        file.write("\n" + draft + "\n" + uncommented + "\n")
    result = run("validate", str(empty), "--json")
    assert result.exit_code == 1
    assert {p["field"] for p in json.loads(result.stdout)} == {"metric", "unit"}
    filled = uncommented.replace('metric = ""', 'metric = "mau"').replace(
        'unit = ""', 'unit = "users"'
    )
    filled = filled.replace(
        "source = ",
        'inferred.metric = { value = "mau", why = "Users of an app, counted by the month." }'
        "\nsource = ",
    )
    empty.write_text(empty.read_text("utf-8").replace(uncommented, filled), encoding="utf-8")
    assert run("validate", str(empty)).exit_code == 0
    assert run("--facts", str(empty), "verify").exit_code == 0


def test_a_base_without_the_standard_metrics_is_told_so(run: Run, empty: Path) -> None:
    empty.write_text("", encoding="utf-8")
    draft = _draft(run, empty, "articles/seed.txt", *SEED_SOURCE)
    assert "# The knowledge file lacks the standard metrics dau, peak-dau" in draft
    assert "aicompete init DIR" in draft
    (source,) = [item for item in _seed(run, empty) if item["kind"] == "source"]
    assert "mau" in source["missing_metrics"]


def test_the_bundled_file_already_holds_everything_in_the_seed(run: Run, facts_file: Any) -> None:
    path = facts_file()
    items = _items(run, path, f"seeds/{SEED}")
    assert items[0] == {**items[0], "id": "chinadaily-qwen", "draft": "known"}
    assert {item["draft"] for item in items} == {"known"}
    bundled = tomli.loads(path.read_text(encoding="utf-8"))
    for item in items[1:]:
        table = {"company": "companies", "person": "people"}.get(item["kind"], item["kind"] + "s")
        assert item["id"] in {record["id"] for record in bundled[table]}, item["id"]
    draft = _draft(run, path, f"seeds/{SEED}")
    assert "[[" not in draft
    assert "# The article is source chinadaily-qwen of the knowledge file." in draft
    assert "#   figure doubao-spring-festival-peak\n" in draft
    with path.open("a", encoding="utf-8") as file:
        file.write("\n" + draft)
    assert run("validate", str(path)).exit_code == 0
    assert run("--facts", str(path), "verify").exit_code == 0


def test_fictional_names_are_reused_by_id(run: Run, fictional_facts: Path) -> None:
    items = _fictional(run, fictional_facts)
    known = {(item["kind"], item["id"]) for item in items if item["draft"] == "known"}
    assert known == {
        ("company", "chartwell"),
        ("company", "brightfield"),
        ("company", "northwind"),
        ("company", "metrica"),
        ("company", "harbor"),
        ("company", "quill"),
        ("app", "lumo"),
        ("app", "kestrel"),
        ("app", "tidal"),
        ("app", "nib"),
        ("person", "ann-vale"),
    }
    new = {(item["kind"], item["id"]) for item in items if item["draft"] != "known"}
    assert {("company", "ember"), ("app", "glow"), ("person", "omar-reyes")} <= new
    reyes = next(item for item in items if item["id"] == "omar-reyes")
    assert reyes["record"]["company"] == "harbor"


def test_other_wordings_of_figures_and_amounts(run: Run, fictional_facts: Path) -> None:
    items = _fictional(run, fictional_facts)
    figures = {item["record"]["app"]: item["record"] for item in _of(items, "figure")}
    kestrel = figures["kestrel"]
    assert (kestrel["value"], kestrel["metric"]) == (81_200_000, "dau")
    assert kestrel["measured_by"] == "metrica"
    assert kestrel["when"] == "the Spring Festival holiday"
    # Spend on advertising is no campaign: a figure of ad spend, in its currency.
    assert (figures["tidal"]["metric"], figures["tidal"]["value"], figures["tidal"]["unit"]) == (
        "ad-spend",
        600_000_000,
        "USD",
    )
    amounts = {item["record"]["app"]: item["record"]["amounts"] for item in _of(items, "campaign")}
    assert amounts == {"nib": [{"value": 2_000_000_000, "currency": "CNY"}]}


def test_agreement_and_conflict_with_other_sources(run: Run, fictional_facts: Path) -> None:
    items = _fictional(run, fictional_facts)
    lumo = next(item for item in _of(items, "figure") if item["record"]["app"] == "lumo")
    assert [other["id"] for other in lumo["agrees_with"]] == ["post-lumo"]
    # As `conflicts` compares them: a peak over the same holiday cannot be two values, whoever
    # measured it (Metrica's 110 million too).
    assert [(other["id"], other["value"]) for other in lumo["conflicts_with"]] == [
        ("herald-lumo", 120_000_000),
        ("wire-lumo", 110_000_000),
    ]
    assert lumo["conflicts_with"][0] == {
        "kind": "figure",
        "id": "herald-lumo",
        "source": "fictional-herald-2026",
        "field": "value",
        "value": 120_000_000,
    }
    resigned = next(
        item for item in _of(items, "event") if item["record"].get("person") == "ann-vale"
    )
    assert {(o["id"], o["value"], o["verdict"]) for o in resigned["may_restate"]} == {
        ("herald-vale-resigns", "Monday", "conflicts"),
        ("post-vale-resigns", "Tuesday", "conflicts"),
    }
    toml = _draft(
        run, fictional_facts, "fictional/draft.txt", "--publisher", "P", "--published", "2026-02-25"
    )
    assert (
        "# conflicts with figure herald-lumo of source fictional-herald-2026, whose value is "
        "120,000,000\n" in toml
    )
    article = fictional_facts.parent / "fictional" / "tidal.txt"
    article.write_text(
        f"Tidal\n{fictional.BANNER}\nHarbor's Tidal launched a $600 million red packet campaign "
        "on Feb 2.\n",
        encoding="utf-8",
    )
    campaigns = _of(
        _items(run, fictional_facts, "fictional/tidal.txt", "--publisher", "P"), "campaign"
    )
    (tidal,) = campaigns
    assert {(o["id"], o["verdict"]) for o in tidal["may_restate"]} == {
        ("herald-tidal-ads", "agrees"),
        ("post-tidal-ads", "conflicts"),
    }


def test_a_known_name_described_otherwise_conflicts(run: Run, fictional_facts: Path) -> None:
    article = fictional_facts.parent / "fictional" / "chair.txt"
    article.write_text(
        f"{fictional.BANNER}\nBrightfield chair Ann Vale spoke on Friday.\n", encoding="utf-8"
    )
    items = _items(run, fictional_facts, "fictional/chair.txt", "--publisher", "Fictional Press")
    vale = next(item for item in items if item["kind"] == "person")
    assert (vale["draft"], vale["id"]) == ("known", "ann-vale")
    assert vale["conflicts_with"] == [
        {
            "kind": "person",
            "id": "ann-vale",
            "source": "fictional-herald-2026",
            "field": "role",
            "value": "Brightfield CEO",
        }
    ]


def test_a_measurer_or_period_the_text_does_not_give_is_left(
    run: Run, fictional_facts: Path
) -> None:
    items = _fictional(run, fictional_facts)
    glow = next(item for item in _of(items, "figure") if item["record"]["app"] == "glow")
    assert {name for name, status in glow["fields"].items() if status == "left"} == {
        "when",
        "measured_by",
    }
    assert glow["reasons"]["measured_by"].startswith("no sentence of its paragraph")


def test_ids_never_collide_with_the_knowledge_file(run: Run, fictional_facts: Path) -> None:
    options = ("--publisher", "Fictional Press", "--published", "2026-02-25")
    first = _draft(run, fictional_facts, "fictional/draft.txt", *options)
    first_lumo = re.search(r'id = "(lumo-peak-dau[^"]*)"', first)
    assert first_lumo
    with fictional_facts.open("a", encoding="utf-8") as file:
        file.write("\n" + first)
    article = fictional_facts.parent / "fictional" / "again.txt"
    article.write_text(
        f"Again\n{fictional.BANNER}\n{fictional.CHARTWELL} Brightfield's Lumo recorded a peak of "
        "126 million DAUs.\n",
        encoding="utf-8",
    )
    items = _items(run, fictional_facts, "fictional/again.txt", *options)
    lumo = next(item for item in _of(items, "figure") if item["record"]["app"] == "lumo")
    assert lumo["id"].startswith("lumo-peak-dau") and lumo["id"].endswith("-2")
    assert {o["id"] for o in lumo["conflicts_with"]} == {
        "herald-lumo",
        "post-lumo",
        "wire-lumo",
        first_lumo.group(1),
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((), "give its --publisher"),
        (("--publisher", "P", "--id", "Not An Id"), "--id 'Not An Id' is not free"),
        (("--publisher", "P", "--id", "fictional-herald-2026"), "is not free"),
        (("--publisher", "P", "--published", "25 Feb 2026"), "is not a date"),
    ],
)
def test_a_new_source_needs_what_the_knowledge_file_requires(
    run: Run, fictional_facts: Path, options: tuple[str, ...], message: str
) -> None:
    result = run(
        "--facts",
        str(fictional_facts),
        "draft",
        str(fictional_facts.parent / "fictional" / "draft.txt"),
        *options,
    )
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_article_outside_the_folder_or_changed_is_refused(
    run: Run, facts_file: Any, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Outside\n", encoding="utf-8")
    path = facts_file()
    result = run("--facts", str(path), "draft", str(outside), "--publisher", "P")
    assert (result.exit_code, "is not inside" in result.stderr) == (2, True)
    seed = path.parent / "seeds" / SEED
    seed.write_bytes(seed.read_bytes() + b"\n")
    result = run("--facts", str(path), "draft", str(seed))
    assert result.exit_code == 2
    assert "has changed since its sha256 was recorded" in result.stderr


def test_article_text_never_reaches_the_terminal_raw(run: Run, empty: Path) -> None:
    article = empty.parent / "articles" / "controls.txt"
    hostile = "Brightfield\x1b[2J's Lumo"
    article.write_text(
        "Title\nBrightfield's Lumo recorded a peak of 9 million DAUs\x1b[31m\x9b\u202e on Monday.\n"
        f"Data from analytics firm Chartwell\x07 showed {hostile} grew.\n",
        encoding="utf-8",
    )
    for options in ((), ("--json",)):
        result = run(
            "--facts", str(empty), "draft", str(article), "--publisher", "P\x1b]0;x\x07", *options
        )
        assert result.exit_code == 0, result.output
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.stdout)
    toml = run("--facts", str(empty), "draft", str(article), "--publisher", "P").stdout
    quotes = [
        record["quote"]
        for records in tomli.loads(toml).values()
        for record in records
        if "quote" in record
    ]
    text = article.read_text(encoding="utf-8")
    assert quotes and all(quote in text for quote in quotes)
    assert any("\x1b[31m\x9b\u202e" in quote for quote in quotes)


def test_json_items_carry_kind_id_record_and_statuses(run: Run, empty: Path) -> None:
    items = _seed(run, empty)
    assert items[0]["kind"] == "source" and items[0]["draft"] == "new"
    assert items[0]["record"]["publisher"] == "China Daily"
    keys = {
        "kind",
        "id",
        "draft",
        "record",
        "fields",
        "reasons",
        "agrees_with",
        "conflicts_with",
        "may_restate",
    }
    for item in items:
        assert set(item) == keys
        assert set(item["fields"]) == set(item["reasons"])
        assert set(item["fields"].values()) <= {"proven", "inferred", "editorial", "left"}


def test_a_proposal_of_white_space_alone_is_left_for_a_person(run: Run, empty: Path) -> None:
    article = empty.parent / "articles" / "blank.txt"
    article.write_text("Title\nHarbor's Tidal\t, spent $5 million.\n", encoding="utf-8")
    items = _items(run, empty, "articles/blank.txt", "--publisher", "P")
    (campaign,) = _of(items, "campaign")
    assert all(not isinstance(value, str) or value.strip() for value in campaign["record"].values())
    assert campaign["record"]["amounts"] == [{"value": 5_000_000, "currency": "USD"}]
    draft = _draft(run, empty, "articles/blank.txt", "--publisher", "P")
    with empty.open("a", encoding="utf-8") as file:
        file.write("\n" + draft)
    assert run("validate", str(empty)).exit_code == 0


# A FICTIONAL article written for this test, in other wordings than the seed's: festivals and
# months as periods, a title with a capital, short and spelled-out currencies, and statements
# whose speaker is named, named only by a word, or not the subject.
OTHER_WORDINGS = """FICTIONAL ARTICLE WRITTEN FOR AICOMPETE'S TESTS
Northwind's Kestrel reached daily active users of 81.2 million during the Lantern Festival, \
according to analytics firm Metrica.
Quill's Nib had 30.5 million daily active users in the same week, the firm said.
Harbor's Tidal will hand out 600 million US dollars to attract new users, the company said \
on Monday.
Brightfield's Lumo launched a 2bn yuan campaign.
Brightfield President Ann Vale said on March 3 that the company would keep investing.
Ember's Glow recorded 9 million DAUs in January, Ember said.
"""


def test_other_wordings_are_read_by_the_same_rules(run: Run, fictional_facts: Path) -> None:
    (fictional_facts.parent / "fictional" / "other.txt").write_text(
        OTHER_WORDINGS, encoding="utf-8"
    )
    items = _items(
        run,
        fictional_facts,
        "fictional/other.txt",
        "--publisher",
        "Fictional Press",
        "--published",
        "2026-03-10",
    )
    figures = {item["record"]["app"]: item for item in _of(items, "figure")}
    assert figures["kestrel"]["record"]["when"] == "the Lantern Festival"
    assert figures["kestrel"]["record"]["measured_by"] == "metrica"
    assert figures["glow"]["record"]["when"] == "January"
    amounts = {item["record"]["app"]: item["record"] for item in _of(items, "campaign")}
    assert amounts["tidal"]["amounts"] == [{"value": 600_000_000, "currency": "USD"}]
    # The purpose ends where the sentence says who said it.
    assert amounts["tidal"]["purpose"] == "Attract new users"
    assert amounts["lumo"]["amounts"] == [{"value": 2_000_000_000, "currency": "CNY"}]
    people = {item["record"]["name"]: item["record"] for item in _of(items, "person")}
    assert people["Ann Vale"]["role"] == "Brightfield President"
    said = {item["record"]["quote"].split()[0]: item for item in _of(items, "event")}
    # A statement is its speaker's; a sentence that states a figure is the figure's, no event.
    assert said["Brightfield"]["record"]["person"] == "ann-vale"
    assert not {"Northwind's", "Quill's", "Ember's"} & set(said)
    assert figures["glow"]["record"]["measured_by"] == "ember"


def test_a_sentence_that_names_the_statistic_continues_it(run: Run, empty: Path) -> None:
    """After a peak, another sentence's figure is a count of what the peak is of ("22
    million by Feb 21" is a DAU), unless it says "peaked" itself: then it is a peak too,
    inferred from the figure before, never proven."""
    article = (
        "Holiday usage\n"
        "Data from analytics firm Chartwell showed that Harbor's Tidal reached a peak of 41 "
        "million daily active users during the Spring Festival holiday.\n"
        "Quill's Nib peaked at 20 million.\n"
        "Brightfield's Lumo had 9 million by Feb 21.\n"
    )
    items = _items_of(run, empty, "holiday.txt", article)
    figures = {item["record"]["app"]: item for item in _of(items, "figure")}
    assert figures["tidal"]["record"]["metric"] == "peak-dau"
    assert figures["tidal"]["fields"]["metric"] == "proven"
    assert figures["nib"]["record"]["metric"] == "peak-dau"
    assert figures["nib"]["fields"]["metric"] == "inferred"
    assert figures["lumo"]["record"]["metric"] == "dau"


def test_a_descriptor_that_begins_with_a_capital_is_no_company(run: Run, empty: Path) -> None:
    """In "figures from AI chatbot tracker AICPB.com", "AI" describes and AICPB.com (its
    domain kept at a sentence's end) is the name: no company "AI", no statement of one."""
    article = (
        "Holiday usage\n"
        "Harbor's Tidal drew fewer users than its giveaways suggested, according to figures "
        "from AI chatbot tracker AICPB.com.\n"
        "Harbor's Tidal peaked at 30 million daily active users on Feb 16, AICPB.com data "
        "showed.\n"
    )
    items = _items_of(run, empty, "tracker.txt", article)
    companies = {item["record"]["name"]: item["record"] for item in _of(items, "company")}
    assert "AI" not in companies
    assert companies["AICPB.com"]["description"] == "AI chatbot tracker"
    assert not [item for item in _of(items, "event") if item["record"].get("company") == "ai"]
    (figure,) = _of(items, "figure")
    assert figure["record"]["measured_by"] == "aicpb-com"

"""`aicompete verify`: every fact proven against its source, and a changed one named."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.source_texts import Unreadable
from aicompete.knowledge.verification import StatedNumber, check_facts, names_person, read_numbers
from tests.conftest import BUNDLED, ROOT, Run, assert_clean_error, assert_golden

SEED = ROOT / "seeds" / "000_ffdd459b55fbeb1b.txt"


def _copy(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The bundled knowledge file and its source, copied, with each text replaced once."""
    text = BUNDLED.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    path = tmp_path / "facts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _verdicts(run: Run, path: Path) -> dict[str, dict[str, object]]:
    answer = run("--facts", str(path), "verify", "--json")
    return {row["id"]: row for row in json.loads(answer.stdout)}


def test_bundled_file_is_proven(run: Run) -> None:
    result = run("verify", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 45
    assert all(row["ok"] and row["reason"] is None for row in rows)
    figures = {row["id"]: row["figures"] for row in rows if row["figures"]}
    assert figures == {
        "doubao-spring-festival-peak": 1,
        "qwen-spring-festival-peak": 1,
        "yuanbao-spring-festival-peak": 1,
        "qwen-spring-festival-treat": 1,
        "yuanbao-cash-red-packets": 2,
        "wenxin-search-plus-ai": 1,
        "lin-born-1993-p10": 1,
        "lin-led-qwen3-max": 1,
    }


def test_table_marks_every_fact(run: Run) -> None:
    result = run("verify")
    assert result.exit_code == 0
    assert "Facts proven: 45 of 45 · no stored derived values to recompute" in result.stdout
    assert_golden("verify.txt", result.stdout)


def test_changed_quote_fails_naming_the_fact(run: Run, tmp_path: Path) -> None:
    path = _copy(tmp_path, ("a peak of 145 million DAUs", "a peak of 146 million DAUs"))
    answer = run("--facts", str(path), "verify", "--json")
    assert_clean_error(answer, path)
    assert "1 of 45 facts failed: doubao-spring-festival-peak" in answer.stderr
    row = _verdicts(run, path)["doubao-spring-festival-peak"]
    assert row["ok"] is False
    assert row["reason"] == (
        "quote is not in source 'chinadaily-qwen': it follows the source up to "
        '"…ao recorded a peak of 14", then reads "6 million DAUs"; '
        'value = 145,000,000 is not in the quote, which states "146 million"'
    )


def test_changed_figure_fails_naming_the_fact(run: Run, tmp_path: Path) -> None:
    path = _copy(tmp_path, ("value = 73520000", "value = 73500000"))
    answer = run("--facts", str(path), "verify")
    assert_clean_error(answer, path)
    assert "qwen-spring-festival-peak" in answer.stderr
    assert "✗" in answer.stdout
    assert _verdicts(run, path)["qwen-spring-festival-peak"]["reason"] == (
        'value = 73,500,000 is not in the quote, which states "73.52 million", "40.54 million"'
    )


def test_amount_in_the_wrong_currency_fails(run: Run, tmp_path: Path) -> None:
    path = _copy(
        tmp_path,
        (
            '{ value = 1000000000, currency = "CNY" }, { value = 145000000, currency = "USD" }',
            '{ value = 1000000000, currency = "USD" }, { value = 145000000, currency = "CNY" }',
        ),
    )
    reason = _verdicts(run, path)["yuanbao-cash-red-packets"]["reason"]
    assert isinstance(reason, str)
    assert reason.startswith("amounts[0].value = 1,000,000,000 USD is not in the quote")
    assert "amounts[1].value = 145,000,000 CNY is not in the quote" in reason


def test_changed_event_figure_and_name_fail(run: Run, tmp_path: Path) -> None:
    path = _copy(
        tmp_path,
        ("figures = { born = 1993 }", "figures = { born = 1994 }"),
        ('name = "Eddie Wu"', 'name = "Eddy Wu"'),
    )
    verdicts = _verdicts(run, path)
    assert verdicts["lin-born-1993-p10"]["reason"] == (
        'figures.born = 1,994 is not in the quote, which states "1993"'
    )
    assert verdicts["eddie-wu"]["reason"] == "name 'Eddy Wu' is not in the quote"
    assert sum(not row["ok"] for row in verdicts.values()) == 2


def test_changed_when_fails_naming_the_fact(run: Run, tmp_path: Path) -> None:
    path = _copy(tmp_path, ('when = "Wednesday"', 'when = "Tuesday"'))
    answer = run("--facts", str(path), "verify", "--json")
    assert_clean_error(answer, path)
    assert "1 of 45 facts failed: lin-announces-departure" in answer.stderr
    reason = _verdicts(run, path)["lin-announces-departure"]["reason"]
    assert reason == "when 'Tuesday' is not in the quote"


def test_when_is_found_regardless_of_case_and_spacing(run: Run, tmp_path: Path) -> None:
    path = _copy(tmp_path, ('when = "earlier this week"', 'when = "EARLIER  this\\tweek"'))
    assert run("--facts", str(path), "verify").exit_code == 0


def test_a_quote_that_does_not_name_the_person_fails(run: Run, tmp_path: Path) -> None:
    lin = "Lin announced his departure on social media on Wednesday"
    path = _copy(tmp_path, (f'quote = "{lin}"', f'quote = "{lin[4:]}"'))
    assert _verdicts(run, path)["lin-announces-departure"]["reason"] == (
        "person 'Lin Junyang' is not in the quote, by full name or one word of it"
    )


@pytest.mark.parametrize(
    ("quote", "name", "named"),
    [
        ("Lin announced his departure", "Lin Junyang", True),
        ("Born in 1993, Lin was one of", "Lin Junyang", True),
        ("the resignation of Lin Junyang, a core leader", "Lin Junyang", True),
        ("Ma's visit", "Jack Ma", True),
        ("Alibaba CEO Eddie Wu responded", "Eddie Wu", True),
        # A pronoun, another person, or the letters of a surname inside a word name nobody.
        ('"Whoever first establishes," he added.', "Cao Lei", False),
        ("Lin announced his departure", "Yu Bowen", False),
        ("many in management", "Jack Ma", False),
        ("an office in Wuhan", "Eddie Wu", False),
        ("LIN said", "Lin Junyang", False),
    ],
)
def test_a_person_is_named_by_full_name_or_one_word_of_it(
    quote: str, name: str, named: bool
) -> None:
    assert names_person(quote, name) is named


def test_white_space_may_differ_but_nothing_else(run: Run, tmp_path: Path) -> None:
    spaced = _copy(
        tmp_path, ("Lin announced his departure on", "Lin  announced\\n his\\tdeparture on")
    )
    assert run("--facts", str(spaced), "verify").exit_code == 0
    (tmp_path / "other").mkdir()
    punctuated = _copy(
        tmp_path / "other", ("Lin announced his departure on", "Lin announced, his departure on")
    )
    assert _verdicts(run, punctuated)["lin-announces-departure"]["ok"] is False


def test_missing_source_text_fails_every_fact_that_cites_it(run: Run, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    (tmp_path / "seeds" / SEED.name).unlink()
    answer = run("--facts", str(path), "verify", "--json")
    assert_clean_error(answer, path)
    assert "45 of 45 facts failed" in answer.stderr
    reasons = {row["reason"] for row in json.loads(answer.stdout)}
    assert len(reasons) == 1
    assert reasons.pop().startswith("the text of source 'chinadaily-qwen' cannot be read: ")


def test_check_facts_reads_sources_from_the_mapping() -> None:
    knowledge = load_knowledge(BUNDLED)
    texts: dict[str, str | Unreadable] = {"chinadaily-qwen": Unreadable("gone")}
    checks = check_facts(knowledge, texts)
    assert {check.failures for check in checks} == {
        ("the text of source 'chinadaily-qwen' cannot be read: gone",)
    }
    checks = check_facts(knowledge, {"chinadaily-qwen": SEED.read_text(encoding="utf-8")})
    assert all(check.ok for check in checks)
    assert [check.kind for check in checks][:2] == ["company", "company"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a peak of 145 million DAUs", [(145_000_000, None)]),
        (
            "Qwen at 73.52 million and Yuanbao at 40.54 million",
            [(73_520_000, None), (40_540_000, None)],
        ),
        ("1 billion yuan ($145 million) in cash", [(10**9, "CNY"), (145_000_000, "USD")]),
        ("invested 500 million yuan to", [(500_000_000, "CNY")]),
        ("more than 1 trillion parameters", [(10**12, None)]),
        ("Born in 1993, Lin was", [(1993, None)]),
        ("On Feb 4, ahead", [(4, None)]),
        ("a 3 billion yuan campaign", [(3 * 10**9, "CNY")]),
        ("1,200 people and 2.5 thousand more", [(1200, None), (2500, None)]),
        ("US dollars: 12 USD, ¥7", [(12, "USD"), (7, "CNY")]),
        # Digits that are part of a name are not numbers.
        ("the Qwen3-Max and Qwen3.5 models, P10-level", []),
        ("no figure here", []),
    ],
)
def test_numbers_are_read_as_the_article_writes_them(
    text: str, expected: list[tuple[int, str | None]]
) -> None:
    numbers = read_numbers(text)
    assert [(number.value, number.currency) for number in numbers] == [
        (Fraction(value), currency) for value, currency in expected
    ]
    assert all(isinstance(number, StatedNumber) for number in numbers)


def test_endless_digits_are_no_number() -> None:
    assert read_numbers("a code of " + "9" * 5000 + " and 12 more") == [
        StatedNumber(Fraction(12), None, "12")
    ]


def test_decimal_amounts_stay_exact() -> None:
    assert read_numbers("73.52 million")[0].value == Fraction(73_520_000)
    assert read_numbers("0.1 million")[0].value == 100_000
    assert read_numbers("1.5")[0].value == Fraction(3, 2)


def test_verify_of_a_bad_knowledge_file_is_a_clean_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text('[[dau]]\nid = "x"\n', encoding="utf-8")
    assert_clean_error(run("--facts", str(path), "verify"), path)


def test_empty_knowledge_base_has_nothing_to_prove(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text("", encoding="utf-8")
    answer = run("--facts", str(path), "verify", "--json")
    assert (answer.exit_code, answer.stdout, answer.stderr) == (0, "[]\n", "")

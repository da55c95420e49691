"""`aicompete verify`: every field of every fact proven, inferred with a reason, or editorial,
and a changed one named with why it fails."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.source_texts import SourceText, Unreadable
from aicompete.proof.verification import check_facts
from tests import fictional
from tests.conftest import (
    BUNDLED,
    ROOT,
    FactsFile,
    Run,
    assert_clean_error,
    assert_golden,
    facts_rows,
)

SEED = ROOT / "seeds" / "000_ffdd459b55fbeb1b.txt"
FACTS = 48


def _verdicts(run: Run, path: Path) -> dict[str, dict[str, Any]]:
    answer = run("--facts", str(path), "verify", "--json")
    return {row["id"]: row for row in json.loads(answer.stdout)}


def test_bundled_file_is_proven_field_by_field(run: Run) -> None:
    result = run("verify", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == FACTS
    assert all(row["ok"] and row["reason"] is None and row["failed"] == 0 for row in rows)
    assert {row["verdict"] for row in rows} == {"proven"}
    totals = {
        status: sum(row[status] for row in rows) for status in ("proven", "inferred", "editorial")
    }
    assert totals == {"proven": 146, "inferred": 24, "editorial": 33}
    qwen = next(row for row in rows if row["id"] == "qwen-spring-festival-peak")
    assert qwen["fields"] == {
        "metric": "inferred",
        "value": "proven",
        # A count of users is counted in its metric's unit: as inferred as the metric.
        "unit": "inferred",
        "bound": "proven",
        "app": "proven",
        # The time is the sentence before's, which the figure's own does not refer back to;
        # its date is as inferred as it.
        "when": "inferred",
        "date": "inferred",
        "measured_by": "proven",
        "reported_comparison": "proven",
    }
    assert qwen["reasons"]["metric"].startswith("The article states a peak for Doubao only")
    for row in rows:
        for field, status in row["fields"].items():
            assert status in ("proven", "inferred", "editorial"), (row["id"], field)
            assert status != "inferred" or field in row["reasons"]


def test_table_counts_the_fields_of_every_fact(run: Run) -> None:
    result = run("verify")
    assert result.exit_code == 0
    assert f"Facts proven: {FACTS} of {FACTS} · fields: 146 proven, 24 inferred, 33 editorial" in (
        " ".join(result.stdout.split())
    )
    assert_golden("verify.txt", result.stdout)


def test_changed_quote_fails_naming_the_fact(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(("a peak of 145 million DAUs", "a peak of 146 million DAUs"))
    answer = run("--facts", str(path), "verify", "--json")
    assert_clean_error(answer, path)
    assert f"1 of {FACTS} facts failed: doubao-spring-festival-peak" in answer.stderr
    row = _verdicts(run, path)["doubao-spring-festival-peak"]
    assert row["ok"] is False
    assert row["reason"] == (
        "quote is not in source 'chinadaily-qwen': it follows the source up to "
        '"…ao recorded a peak of 14", then reads "6 million DAUs"; '
        "value: 145,000,000 is not what the quote ties to app 'doubao', which is "
        '"146 million"'
    )
    assert row["fields"]["value"] == "failed"


def test_a_figure_must_be_the_one_tied_to_its_app(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(("value = 73520000", "value = 40540000"))
    answer = run("--facts", str(path), "verify")
    assert_clean_error(answer, path)
    assert "qwen-spring-festival-peak" in answer.stderr
    assert _verdicts(run, path)["qwen-spring-festival-peak"]["reasons"]["value"] == (
        "40,540,000 is not what the quote ties to app 'qwen', which is \"73.52 million\""
    )


def test_amount_in_the_wrong_currency_fails(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(
        (
            '{ value = 1000000000, currency = "CNY" }, { value = 145000000, currency = "USD" }',
            '{ value = 1000000000, currency = "USD" }, { value = 145000000, currency = "CNY" }',
        )
    )
    reason = _verdicts(run, path)["yuanbao-cash-red-packets"]["reasons"]["amounts"]
    assert reason.startswith("1,000,000,000 USD, 145,000,000 CNY is not what the quote ties to")


def test_a_bound_keeps_its_qualifier(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(("parameters_more_than = 1000000000000", "parameters = 1000000000000"))
    reason = _verdicts(run, path)["lin-led-qwen3-max"]["reasons"]["figures"]
    assert reason.startswith("parameters = 1,000,000,000,000 is not stated as such")


def test_changed_name_and_role_fail(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(
        ('name = "Eddie Wu"', 'name = "Eddy Wu"'), ('role = "Alibaba CEO"', 'role = "Alibaba CFO"')
    )
    row = _verdicts(run, path)["eddie-wu"]
    assert row["fields"]["name"] == row["fields"]["role"] == "failed"
    assert row["reasons"]["name"] == "'Eddy Wu' is not in the evidence"


def test_when_must_be_a_whole_time_expression(run: Run, facts_file: FactsFile) -> None:
    for changed, reason in (
        (
            'when = "Tuesday"',
            "'Tuesday' is not a time expression of the evidence (it has: 'Wednesday')",
        ),
        ('when = "the"', "'the' is not a time expression of the evidence (it has: 'Wednesday')"),
    ):
        path = facts_file(('when = "Wednesday"', changed))
        answer = run("--facts", str(path), "verify", "--json")
        assert_clean_error(answer, path)
        assert "facts failed: lin-announces-departure" in answer.stderr
        assert _verdicts(run, path)["lin-announces-departure"]["reasons"]["when"] == reason


def test_late_thursday_is_not_thursday(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(
        (
            'when = "late Thursday"\ndate = "2026-03-05"\nafter = ["commercialization',
            'when = "Thursday"\ndate = "2026-03-05"\nafter = ["commercialization',
        )
    )
    assert _verdicts(run, path)["base-team-never-assessed-on-dau"]["fields"]["when"] == "failed"


def test_when_is_found_regardless_of_case_and_spacing(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(('when = "earlier this week"', 'when = "EARLIER  this\\tweek"'))
    assert run("--facts", str(path), "verify").exit_code == 0


def test_an_event_is_about_the_first_person_its_quote_names(
    run: Run, facts_file: FactsFile
) -> None:
    path = facts_file(
        (
            'person = "eddie-wu"\ncompany = "alibaba"\nsummary = "Responded',
            'person = "lin-junyang"\ncompany = "alibaba"\nsummary = "Responded',
        )
    )
    assert _verdicts(run, path)["wu-internal-email"]["reasons"]["person"] == (
        "the quote names 'Eddie Wu' first: it is about them"
    )


def test_a_statement_is_the_speaker_s_not_the_context_s(run: Run, facts_file: FactsFile) -> None:
    """Cao Lei's words under the AGI statement: Alibaba, named only in the context, is not
    who speaks."""
    path = facts_file(
        (
            'quote = "\\"The goal of the Qwen large model is to continuously push the limits of '
            "model intelligence and ultimately move toward artificial general intelligence "
            '(AGI),\\" the company said."',
            'quote = "\\"Just as WeChat red packets reshaped the payment landscape in the mobile '
            "internet era, the AI-era red packet competition could reshape the future internet "
            'ecosystem,\\" Cao said."',
        )
    )
    row = _verdicts(run, path)["qwen-goal-agi"]
    assert row["fields"]["company"] == "failed"
    assert row["reasons"]["company"] == "the quote gives its words to 'Cao said' (person:cao-lei)"
    # And Cao's statements are Cao's: a company beside them is nobody's word.
    company = facts_file(
        ('summary = "Just as WeChat', 'company = "alibaba"\nsummary = "Just as WeChat'),
        name="company.toml",
    )
    assert _verdicts(run, company)["cao-wechat-red-packets"]["fields"]["company"] == "failed"


def test_a_day_from_a_context_the_quote_does_not_refer_back_to_fails(
    run: Run, facts_file: FactsFile
) -> None:
    """The AGI statement given the Wednesday sentence as its context and dated by it."""
    path = facts_file(
        (
            'when = "late Thursday"\ndate = "2026-03-05"\nafter = ["lin-announces-departure"]',
            'when = "Wednesday"\ndate = "2026-03-04"\nafter = ["lin-announces-departure"]',
        ),
        (
            'context = ["Alibaba Group told China Daily late Thursday that the base model team has '
            'never been assessed using commercial metrics such as daily active users (DAU)."]\n\n'
            '[[events]]\nid = "qwen-team-stable"',
            "context = [\"Alibaba's response came after Lin announced his departure on social "
            'media on Wednesday."]\n\n[[events]]\nid = "qwen-team-stable"',
        ),
    )
    row = _verdicts(run, path)["qwen-goal-agi"]
    assert (row["fields"]["when"], row["fields"]["company"]) == ("failed", "failed")
    assert row["reasons"]["when"] == (
        "'Wednesday' is a time of the context, which the quote does not refer back to: declare "
        "it inferred, with why"
    )


INVENTED = """
[[events]]
id = "alibaba-buys-baidu"
category = "organisation"
company = "alibaba"
summary = "Alibaba agreed to buy Baidu"
source = "chinadaily-qwen"
quote = "Chinese tech heavyweight Alibaba Group"

[[events]]
id = "unstated-speculation"
category = "context"
summary = "Rumours"
source = "chinadaily-qwen"
quote = "speculation that the departures of key personnel may be linked"
inferred.company = { value = "alibaba", why = "A reading." }
company = "alibaba"
"""


def test_a_summary_in_its_quote_s_words_is_proven_and_any_other_flagged(
    run: Run, facts_file: FactsFile
) -> None:
    path = facts_file(text=BUNDLED.read_text(encoding="utf-8") + INVENTED)
    answer = run("--facts", str(path), "verify")
    # Nothing failed: the file verifies, but says what it does not prove.
    assert answer.exit_code == 0, answer.stderr
    title = " ".join(answer.stdout.split())
    assert title.startswith(
        f"Facts proven: {FACTS + 1} of {FACTS + 2} (no field proven: unstated-speculation) · "
        "fields: 147 proven, 25 inferred, 37 editorial, 0 failed · summaries not in their "
        "quote's words: alibaba-buys-baidu, unstated-speculation · no stored derived values"
    )
    rows = _verdicts(run, path)
    invented, unstated = rows["alibaba-buys-baidu"], rows["unstated-speculation"]
    assert (invented["verdict"], invented["fields"]["summary"]) == ("proven", "editorial")
    assert invented["reasons"]["summary"] == (
        "written by whoever curates the file: the quote does not go on from 'Alibaba' to 'agreed'"
    )
    assert (unstated["verdict"], unstated["ok"], unstated["reason"]) == (
        "not proven",
        True,
        "no field is proven: each is inferred or editorial",
    )
    # A span of the quote, or its words in order leaving out only "also", its subject's
    # names, role and time, is proven.
    assert rows["foundation-model-support-group"]["fields"]["summary"] == "proven"
    assert rows["lin-born-1993-p10"]["fields"]["summary"] == "proven"
    assert rows["base-team-never-assessed-on-dau"]["fields"]["summary"] == "proven"


def test_a_summary_leaves_out_no_word_that_changes_what_it_says(
    run: Run, facts_file: FactsFile
) -> None:
    path = facts_file(
        (
            'summary = "Told China Daily that the base model team has never been assessed',
            'summary = "Told China Daily that the base model team has been assessed',
        )
    )
    row = _verdicts(run, path)["base-team-never-assessed-on-dau"]
    assert row["fields"]["summary"] == "editorial"
    assert row["reasons"]["summary"].endswith(
        "does not go on from 'Told China Daily that the base model team has' to 'been'"
    )


def test_a_figure_is_its_own_event_s_not_a_sibling_s(run: Run, facts_file: FactsFile) -> None:
    """Qwen3-Max's trillion parameters moved to the Qwen3.5 event of the same sentence."""
    moved = ('after = ["lin-led-qwen3-max"]', 'after = ["lin-led-qwen3-max"]\n' + PARAMETERS)
    row = _verdicts(run, facts_file(moved))["lin-guided-qwen3-5"]
    assert row["reasons"]["figures"] == (
        "parameters_more_than = more than 1,000,000,000,000 is stated outside the clause that "
        'states this event ("and later guided the release of the Qwen3.5 series of smaller '
        'models.")'
    )
    # A summary stretched over the clause that "which" binds to Qwen3-Max does not make the
    # figure this event's.
    stretched = facts_file(
        moved,
        (
            'summary = "Later guided the release of the Qwen3.5 series of smaller models"',
            'summary = "Which features more than 1 trillion parameters"',
        ),
        name="stretched.toml",
    )
    row = _verdicts(run, stretched)["lin-guided-qwen3-5"]
    assert row["reasons"]["figures"] == (
        'parameters_more_than = more than 1,000,000,000,000 is bound to "He led the development '
        'of the Qwen3-Max model", which the summary leaves out'
    )
    # A summary not in the quote's words does not say which of its clauses states the event.
    rewritten = facts_file(
        moved,
        (
            'summary = "Later guided the release of the Qwen3.5 series of smaller models"',
            'summary = "Released smaller models"',
        ),
        name="rewritten.toml",
    )
    assert _verdicts(run, rewritten)["lin-guided-qwen3-5"]["reasons"]["figures"] == (
        "the quote states several clauses, and its summary, not in the quote's own words, does "
        "not say which states this event"
    )


PARAMETERS = "figures = { parameters_more_than = 1000000000000 }"


def test_an_order_not_stated_fails_unless_declared_inferred(
    run: Run, facts_file: FactsFile
) -> None:
    path = facts_file(
        ('after = ["lin-led-qwen3-max"]', 'after = ["lin-led-qwen3-max", "ma-visits-qwen-team"]')
    )
    assert _verdicts(run, path)["lin-guided-qwen3-5"]["reasons"]["after"] == (
        "the evidence does not put 'ma-visits-qwen-team' before it"
    )
    declared = facts_file(
        (
            'after = ["lin-led-qwen3-max"]',
            'after = ["lin-led-qwen3-max", "ma-visits-qwen-team"]\n'
            'inferred.after = { value = ["lin-led-qwen3-max", "ma-visits-qwen-team"], '
            'why = "a reading" }',
        ),
        name="declared.toml",
    )
    row = _verdicts(run, declared)["lin-guided-qwen3-5"]
    assert (row["ok"], row["fields"]["after"], row["reasons"]["after"]) == (
        True,
        "inferred",
        "a reading",
    )
    # A reason written for another value proves nothing of this one.
    stale = facts_file(
        (
            'after = ["lin-led-qwen3-max"]',
            'after = ["lin-led-qwen3-max", "ma-visits-qwen-team"]\n'
            'inferred.after = { value = ["lin-led-qwen3-max"], why = "a reading" }',
        ),
        name="stale.toml",
    )
    row = _verdicts(run, stale)["lin-guided-qwen3-5"]
    assert (row["ok"], row["fields"]["after"]) == (False, "failed")
    assert row["reasons"]["after"].startswith("inferred for ['lin-led-qwen3-max'], but it is now")


def test_a_measurer_must_be_named_as_where_the_data_come_from(
    run: Run, facts_file: FactsFile
) -> None:
    path = facts_file(('measured_by = "questmobile"', 'measured_by = "bytedance"'))
    assert _verdicts(run, path)["doubao-spring-festival-peak"]["fields"]["measured_by"] == "failed"


def test_white_space_may_differ_but_nothing_else(run: Run, facts_file: FactsFile) -> None:
    spaced = facts_file(("Lin announced his departure on", "Lin  announced\\n his\\tdeparture on"))
    assert run("--facts", str(spaced), "verify").exit_code == 0
    punctuated = facts_file(
        (
            'Lin announced his departure on social media on Wednesday"\n',
            'Lin announced, his departure on social media on Wednesday"\n',
        ),
        name="punctuated.toml",
    )
    assert _verdicts(run, punctuated)["lin-announces-departure"]["ok"] is False


def test_a_changed_source_text_fails_every_fact_once(run: Run, facts_file: FactsFile) -> None:
    path = facts_file()
    seed = path.parent / "seeds" / SEED.name
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("73.52 million", "83.52 million"), encoding="utf-8"
    )
    answer = run("--facts", str(path), "verify", "--json")
    assert_clean_error(answer, path)
    assert f"{FACTS} of {FACTS} facts failed" in answer.stderr
    reasons = {row["reason"] for row in json.loads(answer.stdout)}
    assert reasons == {"the text of source 'chinadaily-qwen' no longer matches its sha256"}


def test_missing_source_text_fails_every_fact_that_cites_it(
    run: Run, facts_file: FactsFile
) -> None:
    path = facts_file()
    (path.parent / "seeds" / SEED.name).unlink()
    answer = run("--facts", str(path), "verify", "--json")
    assert_clean_error(answer, path)
    assert f"{FACTS} of {FACTS} facts failed" in answer.stderr
    reasons = {row["reason"] for row in json.loads(answer.stdout)}
    assert len(reasons) == 1
    assert reasons.pop().startswith("the text of source 'chinadaily-qwen' cannot be read: ")


def test_check_facts_reads_sources_from_the_mapping() -> None:
    knowledge = load_knowledge(BUNDLED)
    checks = check_facts(knowledge, {"chinadaily-qwen": Unreadable("gone")})
    assert {check.evidence for check in checks} == {
        ("the text of source 'chinadaily-qwen' cannot be read: gone",)
    }
    data = SEED.read_bytes()
    text = SourceText(data.decode(), hashlib.sha256(data).hexdigest())
    checks = check_facts(knowledge, {"chinadaily-qwen": text})
    assert all(check.ok for check in checks)
    assert [check.kind for check in checks][:2] == ["company", "company"]


def test_verify_of_a_bad_knowledge_file_is_a_clean_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text('[[figures]]\nid = "x"\n', encoding="utf-8")
    assert_clean_error(run("--facts", str(path), "verify"), path)


def test_empty_knowledge_base_has_nothing_to_prove(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text("", encoding="utf-8")
    answer = run("--facts", str(path), "verify", "--json")
    assert (answer.exit_code, answer.stdout, answer.stderr) == (0, "[]\n", "")


@pytest.mark.parametrize(
    ("fact", "field", "changes", "reason"),
    [
        (
            "yu-bowen",
            "role",
            ('role = "Head of post-training for the Qwen model"', 'role = "Head"'),
            "'Head' is not the role given beside 'Yu Bowen' (it has: "
            "'head of post-training for the Qwen model')",
        ),
        (
            "doubao-spring-festival-peak",
            "when",
            (
                'when = "this year\'s Spring Festival holiday"\ndate = "2026-02-15/2026-02-23"'
                "\nmeasured_by",
                'when = "this year"\ndate = "2026-02-15/2026-02-23"\nmeasured_by',
            ),
            "inferred for \"this year's Spring Festival holiday\", but it is now 'this year': "
            "write the reason again, for the new value",
        ),
        (
            "doubao-spring-festival-peak",
            "metric",
            ('metric = "peak-dau"\nvalue = 145000000', 'metric = "dau"\nvalue = 145000000'),
            "the quote says more of this figure: 'peak-dau'",
        ),
        (
            "doubao-spring-festival-peak",
            "metric",
            ('metric = "peak-dau"\nvalue = 145000000', 'metric = "mau"\nvalue = 145000000'),
            "the figure's clause does not name metric 'mau' ('MAU', 'MAUs', 'monthly active "
            "users', 'monthly active user', 'monthly users')",
        ),
        (
            "qwen-spring-festival-peak",
            "reported_comparison",
            ('"roughly half that of Doubao"', '"Qwen\'s user scale"'),
            '"Qwen\'s user scale" is not a comparison of the evidence (it has: '
            "'roughly half that of Doubao')",
        ),
        (
            "yuanbao-cash-red-packets",
            "purpose",
            (
                'purpose = "To attract users to their AI applications"\nsource = "chinadaily-qwen"'
                '\nquote = "Tencent',
                'purpose = "cash red packets"\nsource = "chinadaily-qwen"\nquote = "Tencent',
            ),
            "the evidence does not give 'cash red packets' as what it is for",
        ),
        (
            "doubao-cmg-gala",
            "reach",
            ('reach = "a nationwide audience"', 'reach = "the CMG Spring Festival Gala"'),
            "the evidence does not give 'the CMG Spring Festival Gala' as whom it reached",
        ),
        (
            "doubao",
            "name",
            ('name = "Doubao"', 'name = "ByteDance"'),
            "'ByteDance' stands in the evidence only as 'ByteDance', a name of company:bytedance",
        ),
        (
            "alibaba",
            "aliases",
            ('aliases = ["Alibaba Group"]', 'aliases = ["Group"]'),
            "'Group' stands in the evidence only as a part of a longer name",
        ),
        (
            "qwen-spring-festival-treat",
            "name",
            ('name = "Spring Festival Treat"', 'name = "Qwen"'),
            "'Qwen' is not a campaign's name in the evidence (it has: 'Spring Festival Treat')",
        ),
        (
            "lin-born-1993-p10",
            "figures",
            ("figures = { born = 1993 }", "figures = { lin = 1993 }"),
            'lin = 1,993 is not stated as such; the quote states "1993"',
        ),
        (
            "lin-led-qwen3-max",
            "figures",
            ("parameters_more_than =", "features_more_than ="),
            "features_more_than = more than 1,000,000,000,000 is not stated as such; the "
            'quote states "1 trillion"',
        ),
    ],
)
def test_a_field_is_proven_only_whole_and_of_its_own_subject(
    run: Run, facts_file: FactsFile, fact: str, field: str, changes: tuple[str, str], reason: str
) -> None:
    path = facts_file(changes)
    answer = run("--facts", str(path), "verify", "--json")
    assert_clean_error(answer, path)
    row = _verdicts(run, path)[fact]
    assert row["fields"][field] == "failed"
    assert row["reasons"][field] == reason


def test_each_rule_is_stated_in_whole_sentences() -> None:
    from aicompete.proof.rules import RULE_NAMES, RULES

    assert set(RULE_NAMES) == set(RULES)
    for name, stated in RULE_NAMES.items():
        assert stated.endswith("."), (name, stated)
        assert stated in " ".join((RULES[name].__doc__ or "").split()), name


def test_every_claim_of_every_kind_names_a_rule_that_exists() -> None:
    from dataclasses import fields

    from aicompete.knowledge.kinds import EVIDENCE_FIELDS, FACT_KINDS
    from aicompete.proof.rules import RULES

    for kind in FACT_KINDS:
        for field in fields(kind.model):
            if field.name in EVIDENCE_FIELDS or field.name in kind.editorial:
                continue
            rule = kind.rule(field.name)
            assert rule is not None, f"{kind.name}.{field.name} names no rule"
            assert rule in RULES, f"{kind.name}.{field.name} names {rule!r}, which is no rule"


def test_the_counted_statuses_are_the_proofs() -> None:
    from aicompete.listings.verify import COUNTED, FIELDS
    from aicompete.proof.verification import STATUSES

    assert COUNTED == STATUSES
    assert set(COUNTED) <= {field.name for field in FIELDS}


def test_the_fictional_knowledge_base_validates_and_verifies(run: Run, facts: Path) -> None:
    assert run("validate", str(facts)).exit_code == 0
    rows = facts_rows(run, facts, "verify")
    assert rows and all(row["ok"] for row in rows)
    assert {row["source"] for row in rows} == set(fictional.ARTICLES)


def test_a_changed_article_fails_its_own_facts_once(run: Run, facts: Path) -> None:
    article = facts.parent / "fictional" / "fictional-post-2026.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("125", "126"), encoding="utf-8")
    result = run("--facts", str(facts), "verify", "--json")
    assert result.exit_code == 1
    failed = {row["source"]: row["reason"] for row in json.loads(result.stdout) if not row["ok"]}
    changed = "the text of source 'fictional-post-2026' no longer matches its sha256"
    assert failed == {"fictional-post-2026": changed}
    sources = {row["id"]: row for row in facts_rows(run, facts, "sources")}
    assert sources["fictional-post-2026"]["text_matches"] is False
    assert sources["fictional-herald-2026"]["text_matches"] is True


@pytest.mark.parametrize(
    ("stated", "changed", "field", "reason"),
    [
        (
            'base = "EUR"\ncounter = "CNY"',
            'base = "CNY"\ncounter = "EUR"',
            "base",
            "the quote does not state one CNY as the unit the rate is for",
        ),
        ('value = "7.8"', 'value = "1"', "value", "the quote does not state 1 CNY"),
        ('value = "7.8"', 'value = "8.7"', "value", "the quote does not state 8.7 CNY"),
    ],
)
def test_a_rate_is_proven_only_the_way_round_its_quote_states_it(
    run: Run, facts: Path, stated: str, changed: str, field: str, reason: str
) -> None:
    text = facts.read_text(encoding="utf-8")
    assert text.count(stated) == 1
    facts.write_text(text.replace(stated, changed), encoding="utf-8")
    result = run("--facts", str(facts), "verify", "--json")
    assert result.exit_code == 1
    (rate,) = [row for row in json.loads(result.stdout) if row["id"] == "wire-euro-yuan"]
    assert rate["fields"][field] == "failed"
    assert rate["reasons"][field] == reason


@pytest.mark.parametrize(
    ("source", "proven"), [("fictional-post-2026", True), ("fictional-herald-2026", False)]
)
def test_two_records_may_share_a_name_only_across_sources(
    run: Run, facts: Path, source: str, proven: bool
) -> None:
    """Two people called Ann Vale in two articles are two records, each named; in one article
    the name cannot tell them apart."""
    with facts.open("a", encoding="utf-8") as file:
        file.write(
            '\n[[people]]\nid = "ann-vale-2"\nname = "Ann Vale"\nrole = "Brightfield CEO"\n'
            f'source = "{source}"\nquote = "Brightfield CEO Ann Vale"\n'
        )
    result = run("--facts", str(facts), "verify", "--json")
    assert result.exit_code == (0 if proven else 1)
    checks = {row["id"]: row for row in json.loads(result.stdout)}
    for person in ("ann-vale", "ann-vale-2"):
        assert (checks[person]["fields"]["name"] == "proven") is proven

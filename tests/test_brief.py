"""`aicompete brief`: one self-contained page whose every figure cites a note with its quote
and source, derived values marked, inferred and unproven fields flagged, all text escaped.
The browser's view of it is in `test_browser`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aicompete.knowledge.loading import load_knowledge
from tests import fictional
from tests.conftest import ROOT, FactsFile, Run

# The DAU table of the bundled knowledge file: each row's app, its figure and the notes the
# figure cites, its flags, and its share of the leader with the notes that share cites.
DAU_ROWS = [
    ["1", "Doubao", "ByteDance", "145.0M [1] {inferred: when} {inferred: date}", "100.0% [1]", "—"],
    [
        "2",
        "Qwen",
        "Alibaba",
        "73.52M [2] {inferred: metric} {inferred: when} {inferred: date}",
        "50.7% [2,1]",
        "roughly half that of Doubao",
    ],
    [
        "3",
        "Yuanbao",
        "Tencent",
        "40.54M [3] {inferred: metric} {inferred: when} {inferred: date}",
        "28.0% [3,1]",
        "—",
    ],
]
# The key findings cite notes 1 to 6 first: the DAU figures, the largest campaign, Lin's
# announcement and Eddie Wu's e-mail. An unknown amount is unranked.
CAMPAIGN_ROWS = [
    ["1", "Alibaba", "Qwen", '"Spring Festival Treat" campaign', "¥3.0B [4]", "$435.0M† [4,7]",
     "Integrating AI applications with consumer transactions"],
    ["2", "Tencent", "Yuanbao", "Cash red packets", "¥1.0B [7]", "$145.0M [7]",
     "To attract users to their AI applications"],
    ["3", "Baidu", "Wenxin", 'Investment in "search + AI" information distribution',
     "¥500.0M [8]", "$72.5M† [8,7]",
     'Strengthen its "search + AI" information distribution advantages'],
    ["—", "ByteDance", "Doubao", "Exclusive partnership with the CMG Spring Festival Gala",
     "unknown [9]", "unknown [9]", "To attract users to their AI applications"],
]  # fmt: skip
FINDINGS = [
    "Doubao leads daily active users with 145.0M, ahead of Qwen at 73.52M and Yuanbao at "
    "40.54M (peak DAU, 2026-02-15/2026-02-23, measured by QuestMobile). [1,2,3]",
    'The largest promotional campaign is Alibaba\'s Qwen "Spring Festival Treat" campaign, '
    "¥3.0B. [4]",
    "Leadership: Lin Junyang announced his departure on social media (2026-03-04); then Eddie "
    "Wu responded to the resignation of Lin Junyang (2026-03-05). [5,6]",
]


class Page(HTMLParser):
    """What a reader of the page finds: its tables' cells as text (notes cited as `[1,2]`,
    flags as `{inferred: metric}`), its notes' text by number, its ids, links and tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        # The key findings, each with the notes it cites as `[1,2]`.
        self.findings: list[str] = []
        self.notes: dict[int, str] = {}
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        # The text of the cell, the note numbers, the flag or the note being read.
        self._cell: list[str] | None = None
        self._refs: list[str] | None = None
        self._flag: list[str] | None = None
        self._note: tuple[int, list[str]] | None = None
        self._finding: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.add(tag)
        self.attributes.update(found)
        if "id" in found:
            self.ids.append(str(found["id"]))
        if tag == "a":
            self.links.append(str(found.get("href")))
        classes = (found.get("class") or "").split()
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag == "td":
            self._cell = []
        elif tag == "ul" and "findings" in classes:
            self._finding = []
        elif tag == "li" and self._finding is not None:
            self._cell = []
        elif tag == "sup" and "refs" in classes and self._cell is not None:
            self._refs = []
        elif tag == "span" and "flag" in classes and self._cell is not None:
            self._flag = []
        elif tag == "li" and str(found.get("id", "")).startswith("note-"):
            self._note = (int(str(found["id"])[5:]), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup" and self._refs is not None and self._cell is not None:
            self._cell.append(f" [{','.join(self._refs)}]")
            self._refs = None
        elif tag == "span" and self._flag is not None and self._cell is not None:
            self._cell.append(" {" + "".join(self._flag) + "}")
            self._flag = None
        elif tag == "td" and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "li" and self._finding is not None and self._cell is not None:
            self.findings.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "ul" and self._finding is not None:
            self._finding = None
        elif tag == "li" and self._note is not None:
            number, texts = self._note
            self.notes[number] = " ".join("".join(texts).split())
            self._note = None

    def handle_data(self, data: str) -> None:
        if self._refs is not None:
            if data.strip() not in ("", ","):
                self._refs.append(data)
        elif self._flag is not None:
            self._flag.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        if self._note is not None:
            self._note[1].append(data)

    def rows(self, table: int) -> list[list[str]]:
        """The body rows of a table (its header row has no cells)."""
        return [row for row in self.tables[table] if row]


SOURCE_URL = "https://www.chinadaily.com.cn/a/202603/07/WS69ab7e72a310d6866eb3c48e.html"


def brief(run: Run, tmp_path: Path, *facts: str) -> tuple[str, Page]:
    out = tmp_path / "brief.html"
    result = run(*facts, "brief", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Wrote {out}\n")
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


def test_the_brief_leads_with_its_key_findings_each_footnoted(run: Run, tmp_path: Path) -> None:
    html, page = brief(run, tmp_path)
    assert page.findings == FINDINGS
    # The story first; what verify found, and how to read the page, at the end.
    assert html.index('id="findings"') < html.index('id="dau"') < html.index('id="about"')
    assert html.index('class="legend"') > html.index('id="sources"')


def test_the_comparisons_hold_the_figures_with_their_notes(run: Run, tmp_path: Path) -> None:
    _, page = brief(run, tmp_path)
    assert page.rows(0) == DAU_ROWS
    assert page.rows(1) == CAMPAIGN_ROWS
    side_by_side = page.rows(2)
    inferred = " {inferred: when} {inferred: date}"
    assert [row[:7] for row in side_by_side] == [
        ["ByteDance", "Doubao", f"145.0M [1]{inferred}", "100.0% [1]", "—", "unknown [9]",
         "unknown [9]"],
        ["Alibaba", "Qwen", f"73.52M [2] {{inferred: metric}}{inferred}", "50.7% [2]",
         "roughly half that of Doubao", "¥3.0B [4]", "$435.0M [4]"],
        ["Tencent", "Yuanbao", f"40.54M [3] {{inferred: metric}}{inferred}", "28.0% [3]", "—",
         "¥1.0B [7]", "$145.0M [7]"],
        ["Baidu", "Wenxin", "unknown", "—", "—", "¥500.0M [8]", "$72.5M [8]"],
    ]  # fmt: skip
    alibaba_changes = side_by_side[1][7]
    assert alibaba_changes.startswith("Wednesday · Lin Junyang · Announced his departure")
    assert "{inferred: company}" in alibaba_changes


def test_every_note_cited_exists_and_gives_quote_and_source(run: Run, tmp_path: Path) -> None:
    _, page = brief(run, tmp_path)
    cited = {int(link[len("#note-") :]) for link in page.links if link.startswith("#note-")}
    assert cited == set(page.notes) == set(range(1, len(page.notes) + 1))
    for text in page.notes.values():
        assert "China Daily, Alibaba steps up focus on Qwen LLM" in text
    assert page.notes[1] == (
        "“ByteDance's Doubao recorded a peak of 145 million DAUs” "
        "Context: “Data from internet analytics firm QuestMobile showed that AI applications "
        "reached record DAU levels during this year's Spring Festival holiday.” "
        f"China Daily, Alibaba steps up focus on Qwen LLM, 2026-03-07, {SOURCE_URL} · "
        "figure doubao-spring-festival-peak inferred: when The figure's own sentence gives no "
        "time: it is read as one of the record DAU levels that the sentence before it, "
        "QuestMobile's, dates to this year's Spring Festival holiday. inferred: date follows "
        "from when, which is inferred: The figure's own sentence gives no time: it is read as "
        "one of the record DAU levels that the sentence before it, QuestMobile's, dates to "
        "this year's Spring Festival holiday."
    )
    # An inferred field's note says why.
    assert "inferred: metric The article states a peak for Doubao only" in page.notes[2]
    # Every anchor on the page is there once.
    assert len(page.ids) == len(set(page.ids))


def test_the_page_is_self_contained_and_semantic(run: Run, tmp_path: Path) -> None:
    html, page = brief(run, tmp_path)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert {"table", "caption", "thead", "tbody", "th", "main", "section", "nav"} <= page.tags
    # No script, nothing loaded from anywhere: no link, image, frame, font or import.
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not {name for name in page.attributes if name.startswith("on")}
    assert "src" not in page.attributes
    for needle in ("@import", "url("):
        assert needle not in html
    assert "@media print" in html
    # The one link out of the page is the source's own address, to follow, never loaded.
    assert {link for link in page.links if not link.startswith("#")} == {SOURCE_URL}
    # Sections in order, and a table per comparison, the timeline and leadership.
    assert [i for i in page.ids if not i.startswith("note-") and not i.endswith("-title")] == [
        "findings",
        "dau",
        "campaigns",
        "compare",
        "timeline",
        "leadership",
        "notes",
        "sources",
        "about",
    ]
    # The timeline is two tables: its dated events, then its undated ones.
    assert len(page.tables) == 6


def test_timeline_and_leadership_flag_what_the_sources_do_not_state(
    run: Run, tmp_path: Path
) -> None:
    _, page = brief(run, tmp_path)
    timeline = {row[4].split(" [")[0]: row for row in (*page.rows(3), *page.rows(4))}
    assert timeline["Responded to the resignation of Lin Junyang"][:4] == [
        "4",
        "Thursday {inferred: when}",
        "2026-03-05 {inferred: date}",
        "Eddie Wu",
    ]
    # Who is Yu Bowen: the company the event names is inferred, but not shown there.
    assert timeline["Also announced his departure from the company"][3] == "Yu Bowen"
    # Speculation about Alibaba is no one's act: it has no who.
    assert (
        timeline[
            "Speculation that the departures of key personnel may be linked to the introduction of "
            "commercialization targets for the foundation model team"
        ][3]
        == "—"
    )
    leadership = page.rows(5)
    assert leadership[0][:5] == [
        "leadership",
        "Lin Junyang",
        "Core leader of the Qwen model",
        "Announced his departure on social media [5]",
        "Wednesday",
    ]


def test_a_fact_that_fails_verify_is_marked_unproven(
    run: Run, tmp_path: Path, facts_file: FactsFile
) -> None:
    facts = facts_file(("value = 73520000", "value = 73530000"))
    out = tmp_path / "brief.html"
    result = run("--facts", str(facts), "brief", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr == (
        f"Wrote {out}\naicompete: 1 of the 25 facts the brief cites are not proven; the brief "
        "marks them (see aicompete verify)\n"
    )
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert (
        page.rows(0)[1][3]
        == "73.53M [2] {inferred: metric} {unproven: value} {inferred: when} {inferred: date}"
    )
    assert "unproven: value" in page.notes[2]
    assert "0 unproven" not in out.read_text(encoding="utf-8")


def test_many_sources_groups_conflicts_and_rates(run: Run, tmp_path: Path) -> None:
    facts = fictional.write(tmp_path)
    html, page = brief(run, tmp_path, "--facts", str(facts))
    assert html.count("<caption>Metric: peak DAU") == 3
    # The findings cite first: the leading group, the largest campaign (its disputed amount
    # too), the first disagreement, the latest leadership change (one of its restatements).
    assert page.findings[2] == (
        "Sources disagree in 5 places: Lumo (Brightfield): peak DAU is 120.0M (Chartwell, "
        "2026-02-15/2026-02-23) against 110.0M (Metrica, 2026-02-15/2026-02-23). [6,7]"
    )
    assert page.findings[3] == "Leadership: Ann Vale resigned (2026-02-16). [8]"
    newest = page.rows(0)
    # Each figure's conflicting figures cite those figures' notes.
    assert [row[1] for row in newest] == ["Lumo", "Lumo", "Kestrel", "Kestrel", "Tidal"]
    post, herald = newest[0], newest[1]
    inferred = " {inferred: when} {inferred: date}"
    assert post[3] == f"125.0M [1]{inferred}" and herald[3] == f"120.0M [6]{inferred}"
    assert post[-1] == "herald-lumo; wire-lumo [6,7]" and herald[-1] == "wire-lumo; post-lumo [7,1]"
    # A euro amount converted at a stated rate cites the rate's note too.
    campaigns = {row[3]: row for row in page.rows(3)}
    euros = campaigns["A campaign in euros"]
    rate = next(number for number, text in page.notes.items() if "1 euro was worth" in text)
    assert euros[4].startswith("¥3.9B† [") and euros[4].endswith(f",{rate}]")
    assert "Fictional Press" in page.notes[rate]


def test_text_from_the_knowledge_file_is_escaped(
    run: Run, tmp_path: Path, facts_file: FactsFile
) -> None:
    facts = facts_file(
        ('name = "ByteDance"', 'name = "<script>alert(1)</script>\\u001b[31m"'),
        (
            'url = "https://www.chinadaily.com.cn/a/202603/07/WS69ab7e72a310d6866eb3c48e.html"',
            'url = "javascript:alert(1)"',
        ),
    )
    html, page = brief(run, tmp_path, "--facts", str(facts))
    assert "<script>" not in html and "script" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[31m" in html
    assert "\x1b" not in html
    assert "javascript:" not in html


def test_a_web_address_of_a_source_is_a_link(
    run: Run, tmp_path: Path, facts_file: FactsFile
) -> None:
    facts = facts_file(
        (
            'url = "https://www.chinadaily.com.cn/a/202603/07/WS69ab7e72a310d6866eb3c48e.html"',
            'url = "https://example.com/a"',
        )
    )
    _, page = brief(run, tmp_path, "--facts", str(facts))
    assert "https://example.com/a" in page.links


def test_an_empty_knowledge_base_is_a_brief_with_nothing_in_it(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    html, page = brief(run, tmp_path, "--facts", str(empty))
    assert page.tables == []
    assert "Fewer than two companies with an app to compare." in html
    assert "No figure to note." in html


def test_the_same_knowledge_gives_the_same_page(run: Run, tmp_path: Path) -> None:
    first, _ = brief(run, tmp_path)
    (tmp_path / "again").mkdir()
    second, _ = brief(run, tmp_path / "again")
    assert first == second


@pytest.mark.parametrize("args", [["brief"], ["brief", "-o", "a.html", "b.html"]])
def test_brief_usage_errors(run: Run, args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_the_brief_in_docs_is_the_command_s_output(run: Run, tmp_path: Path) -> None:
    """The manual links to docs/brief.html: regenerate it with `aicompete brief -o
    docs/brief.html` when the knowledge file or the page changes."""
    html, _ = brief(run, tmp_path)
    assert html == (ROOT / "docs" / "brief.html").read_text(encoding="utf-8")


def test_a_source_whose_text_is_gone_leaves_every_fact_unproven(
    run: Run, tmp_path: Path, facts_file: FactsFile
) -> None:
    facts = facts_file()
    for text in (facts.parent / "seeds").iterdir():
        text.unlink()
    html, page = brief(run, tmp_path, "--facts", str(facts))
    assert page.rows(0)[0][3] == "145.0M [1] {unproven: evidence}"
    assert (
        "unproven: evidence the text of source 'chinadaily-qwen' cannot be read" in (page.notes[1])
    )
    assert "holds 48 facts from 1 source" in html and "0 fields proven" in html


def test_the_brief_goes_to_stdout_with_a_dash(run: Run, tmp_path: Path) -> None:
    written, _ = brief(run, tmp_path)
    result = run("brief", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == written
    assert "Wrote" not in result.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_the_place_of_the_brief_is_refused_without_hanging(
    run: Run, tmp_path: Path
) -> None:
    import os

    pipe = tmp_path / "brief.html"
    os.mkfifo(pipe)
    result = run("brief", "-o", str(pipe))
    assert result.exit_code == 2
    assert result.stderr == (
        f"aicompete: error: {pipe} is not a regular file; only regular files are written\n"
    )


def test_names_are_folded_once_a_run_not_once_a_company(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The brief names every company that runs an app: each name asked for must not fold
    every label of the knowledge base again, which made the brief quadratic (30,000 facts
    took 78 s, 100,000 more than 400 s)."""
    from aicompete.knowledge import catalog
    from aicompete.listings.brief import build
    from aicompete.proof.verification import Prover
    from benchmarks.generate_facts import generate

    facts = tmp_path / "facts.toml"
    generate(2_000, facts)
    knowledge = load_knowledge(facts)
    check = Prover(knowledge, {}).check
    folded = 0
    real_normalized = catalog.normalized

    def counted(text: str) -> str:
        nonlocal folded
        folded += 1
        return real_normalized(text)

    monkeypatch.setattr(catalog, "normalized", counted)
    build(knowledge, check)
    labels = sum(2 + len(company.aliases) for company in knowledge.companies) + sum(
        2 + len(app.aliases) for app in knowledge.apps
    )
    # Each label once, and each company asked for once.
    assert folded <= labels + len(knowledge.companies)


def _brief(run: Run, facts: Path, tmp_path: Path, *args: str) -> tuple[str, Page]:
    out = tmp_path / "brief.html"
    result = run("--facts", str(facts), "brief", "-o", str(out), "--force", *args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


def test_the_brief_leads_with_footnoted_findings(run: Run, base: Path, tmp_path: Path) -> None:
    html, page = _brief(run, base, tmp_path)
    assert 3 <= len(page.findings) <= 5
    assert all(re.search(r"\[\d+(,\d+)*\]$", finding) for finding in page.findings)
    assert any(finding.startswith("Sources disagree") for finding in page.findings)
    assert html.index('id="findings"') < html.index('id="dau"') < html.index('class="legend"')
    # Each note gives its source's date and link.
    note = page.notes[1]
    assert re.search(r"“[^”]+”.*, 2026-\d\d-\d\d( ·|, http)", note), note


def test_the_brief_takes_company_source_and_limit(run: Run, base: Path, tmp_path: Path) -> None:
    _, page = _brief(run, base, tmp_path, "--company", "alibaba", "--limit", "2")
    dau_rows = page.rows(0)
    assert dau_rows and all(row[1] == "Qwen" for row in dau_rows)
    assert all(len(page.rows(table)) <= 2 for table in range(len(page.tables)))
    _, wire = _brief(run, base, tmp_path, "--source", "Test Desk Daily")
    assert {row[1] for row in wire.rows(0)} == {"Doubao", "Qwen"}
    bad = run("--facts", str(base), "brief", "-o", str(tmp_path / "x.html"), "--company", "acme")
    assert bad.exit_code == 2


def test_no_note_of_the_brief_refers_to_a_comment_of_the_knowledge_file(
    run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "brief.html"
    assert run("brief", "-o", str(out), "--limit", "100").exit_code == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    for text in page.notes.values():
        assert "note above" not in text and "comment" not in text.casefold()


def test_a_large_base_gives_a_brief_of_a_page(run: Run, tmp_path: Path) -> None:
    from benchmarks.generate_facts import generate

    facts = tmp_path / "facts.toml"
    generate(4_000, facts)
    html, page = _brief(run, facts, tmp_path)
    assert all(len(page.rows(table)) <= 20 for table in range(len(page.tables)))
    assert "First 20 of" in html
    assert len(html) < 400_000

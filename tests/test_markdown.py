"""Markdown for reports: each table says, under it, where its figures come from, and its cells
are text, not markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aicompete.listings.contract import CITATION_FIELDS, Field, Listing, Row
from aicompete.listings.publications import Publication
from aicompete.output.formats import OutputFormat
from aicompete.terminal import Terminal
from tests import fictional
from tests.conftest import FactsFile, Run

# The FICTIONAL sources, as tests/fictional.py writes them: one publisher, one headline cut
# from the first sentence after the banner, four days.
FICTIONAL = "Fictional Press, “Data from analytics firm Chartwell showe”"
WIRE = "Fictional Press, “According to analytics firm Metrica, Bri”, 2026-02-21"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return fictional.write(tmp_path)


HOLIDAY = "Spring Festival holiday"


def _markdown(run: Run, *args: str) -> str:
    result = run(*args, "--format", "markdown")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_bundled_dau_table_names_its_source(run: Run) -> None:
    # The group is said above its table, as on a terminal; an inferred value is marked.
    assert _markdown(run, "dau") == (
        "**Metric: peak DAU · When: this year's Spring Festival holiday\\* · Dates: "
        "2026-02-15/2026-02-23\\* · Measured by: QuestMobile**\n"
        "\n"
        "| # | App | Company | DAU |  | % of leader† | As reported |\n"
        "| ---: | --- | --- | ---: | --- | ---: | --- |\n"
        "| 1 | Doubao | ByteDance | 145.0M | ████████████████████ | 100.0% | — |\n"
        "| 2 | Qwen | Alibaba | 73.52M\\* | ██████████▏ | 50.7% | roughly half that of Doubao |\n"
        "| 3 | Yuanbao | Tencent | 40.54M\\* | █████▋ | 28.0% | — |\n"
        "\n"
        "Source: China Daily, [“Alibaba steps up focus on Qwen LLM”]"
        "(https://www.chinadaily.com.cn/a/202603/07/WS69ab7e72a310d6866eb3c48e.html), "
        "2026-03-07.\n"
        "\n"
        "_† derived: computed by aicompete from the stated figures, not stated in the source_\n"
        "\n"
        "_\\* inferred: the source does not state it; the knowledge file says why "
        "(aicompete show ID)_\n"
    )


def test_a_table_of_several_sources_names_each_once_in_the_order_cited(
    run: Run, facts: Path
) -> None:
    assert _markdown(run, "--facts", str(facts), "history", "lumo") == (
        "**Metric: peak DAU · Measured by: Chartwell**\n"
        "\n"
        "| When | Date | Published | Value | Change† | Change %† | Conflicts with |\n"
        "| --- | --- | --- | ---: | ---: | ---: | --- |\n"
        f"| {HOLIDAY}\\* | 2025-01-28/2025-02-04\\* | 2025-02-10 | 90.0M | — | — | — |\n"
        f"| {HOLIDAY}\\* | 2026-02-15/2026-02-23\\* | 2026-02-20 | 120.0M | +30.0M | +33.3% "
        "| wire-lumo; post-lumo |\n"
        f"| {HOLIDAY}\\* | 2026-02-15/2026-02-23\\* | 2026-02-22 | 125.0M | +35.0M | +38.9% "
        "| herald-lumo; wire-lumo |\n"
        "\n"
        "**Metric: peak DAU · Measured by: Metrica**\n"
        "\n"
        "| When | Date | Published | Value | Change† | Change %† | Conflicts with |\n"
        "| --- | --- | --- | ---: | ---: | ---: | --- |\n"
        f"| {HOLIDAY} | 2026-02-15/2026-02-23 | 2026-02-21 | 110.0M | — | — "
        "| herald-lumo; post-lumo |\n"
        "\n"
        f"Sources: {FICTIONAL}, 2025-02-10; {FICTIONAL}, 2026-02-20; {FICTIONAL}, 2026-02-22; "
        f"{WIRE}.\n"
        "\n"
        "_† derived: computed by aicompete from the stated figures, not stated in the source_\n"
        "\n"
        "_\\* inferred: the source does not state it; the knowledge file says why "
        "(aicompete show ID)_\n"
    )


def test_both_sources_of_a_conflict_are_named(run: Run, facts: Path) -> None:
    text = _markdown(run, "--facts", str(facts), "conflicts")
    # Both sides of a disagreement: what each states, when and by whom, and its source; what
    # it is about, and who stands behind it, above its table.
    assert (
        "| 120.0M\\*, 2026-02-15/2026-02-23, Chartwell | fictional-herald-2026 "
        "| 110.0M, 2026-02-15/2026-02-23, Metrica | fictional-wire-2026 |"
    ) in text
    assert "| $600.0M | fictional-herald-2026 | $650.0M | fictional-post-2026 |" in text
    assert (
        "| Monday (2026-02-16) | fictional-herald-2026 | Tuesday (2026-02-17) "
        "| fictional-post-2026 |"
    ) in text
    assert [line for line in text.splitlines() if line.startswith("**")] == [
        "**Kind: figure · About: Lumo (Brightfield): peak DAU · Measurers: different**",
        "**Kind: figure · About: Lumo (Brightfield): peak DAU · Measurers: same**",
        "**Kind: campaign · About: Tidal (Harbor): Advertising**",
        "**Kind: event · About: Ann Vale: Resigned**",
    ]
    assert _source_line(text) == (
        f"Sources: {FICTIONAL}, 2026-02-20; {WIRE}; {FICTIONAL}, 2026-02-22."
    )


def _source_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Source"))


def test_only_the_rows_shown_are_cited(run: Run, facts: Path) -> None:
    cut = _markdown(run, "--facts", str(facts), "dau", "--limit", "1")
    assert _source_line(cut) == f"Source: {FICTIONAL}, 2026-02-22."
    # The source column need not be shown for its source to be named.
    narrowed = _markdown(run, "--facts", str(facts), "dau", "--app", "nib", "--fields", "app")
    assert narrowed == f"| App |\n| --- |\n| Nib |\n\nSource: {WIRE}.\n"


def test_the_sources_of_a_comparisons_campaigns_and_events_are_named(run: Run, facts: Path) -> None:
    text = _markdown(run, "--facts", str(facts), "compare", "kestrel", "tidal")
    assert _source_line(text) == (
        f"Sources: {FICTIONAL}, 2026-02-20; {FICTIONAL}, 2025-02-10; {WIRE}; "
        f"{FICTIONAL}, 2026-02-22."
    )


def test_a_lookup_names_the_sources_of_what_it_found(run: Run, facts: Path) -> None:
    text = _markdown(run, "--facts", str(facts), "lookup", "ann", "vale")
    assert _source_line(text) == f"Sources: {FICTIONAL}, 2026-02-20; {FICTIONAL}, 2026-02-22."


@pytest.mark.parametrize("args", [("sources",), ("fields", "dau"), ("lookup", "xylophone")])
def test_rows_that_cite_nothing_have_no_source_line(run: Run, args: tuple[str, ...]) -> None:
    assert "\nSource" not in _markdown(run, *args)


def _cited(*sources: Publication) -> str:
    """A one-row listing's Markdown, citing `sources`."""
    row: Row = {"app": "Lumo", "source": "example", "quote": "Lumo"}
    listing = Listing((Field("app", "string", "App", "App"), *CITATION_FIELDS), [row], ("app",))
    return OutputFormat.markdown.render(listing, Terminal(False, 100), None, sources)


def test_a_web_address_links_the_headline_and_nothing_else_links() -> None:
    plain = Publication("Example Daily", "Headline", "2026-03-01", None)
    web = Publication("Example Daily", "Headline", None, "http://example.com/story")
    script = Publication("Example Daily", "Headline", None, "javascript:alert(1)")
    local = Publication("Example Daily", "Headline", None, "file:///etc/passwd")
    assert _cited(plain).endswith("\n\nSource: Example Daily, “Headline”, 2026-03-01.\n")
    assert _cited(web).endswith(
        "\n\nSource: Example Daily, [“Headline”](http://example.com/story).\n"
    )
    assert _cited(script, local).endswith(
        "\n\nSources: Example Daily, “Headline”; Example Daily, “Headline”.\n"
    )


def test_source_text_is_text_and_an_address_stays_one_link() -> None:
    hostile = Publication(
        "<b>Example</b> | Daily",
        "A *bold* [claim](http://x) \u202e\nmore",
        "2026-03-01",
        "https://example.com/a b(c)?x=1&copy=2#\u4f8b\u202e",
    )
    assert _cited(hostile).endswith(
        "\n\nSource: &lt;b&gt;Example&lt;/b&gt; \\| Daily, "
        "[“A \\*bold\\* \\[claim\\](http://x) \\u202e<br>more”]"
        "(https://example.com/a%20b%28c%29?x=1&amp;copy=2#%E4%BE%8B%E2%80%AE), 2026-03-01.\n"
    )


def test_a_markdown_reader_sees_the_table_then_one_link() -> None:
    """As a CommonMark reader with tables renders it (markdown-it, which rich brings)."""
    markdown_it = pytest.importorskip("markdown_it")
    hostile = Publication("<b>P</b>", "[T](javascript:x)", None, "https://example.com/(a)&amp;")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(_cited(hostile))
    assert html.endswith(
        "</table>\n<p>Source: &lt;b&gt;P&lt;/b&gt;, "
        '<a href="https://example.com/%28a%29&amp;amp;">“[T](javascript:x)”</a>.</p>\n'
    )


def test_markdown_cells_are_text_not_markup(run: Run, facts_file: FactsFile) -> None:
    name = "<img src=x onerror=alert(1)> ![p](http://x/p.png) a\\\\|b *c*"
    path = facts_file(('name = "Tencent"', f"name = {json.dumps(name)}"))
    text = run(
        "--facts", str(path), "dau", "--format", "markdown", "--fields", "rank,company"
    ).stdout
    row = text.splitlines()[4]
    assert row == (
        "| 3 | &lt;img src=x onerror=alert(1)&gt; \\!\\[p\\](http://x/p.png) "
        "a\\\\\\\\\\|b \\*c\\* |"
    )
    assert row.count("|") - row.count("\\|") == 3

"""`aicompete chart`: what each chart shows (exact figures, marks and source lines), the files
it writes, and how it answers what it cannot do. The browser's view is in `test_browser`."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from aicompete.knowledge.loading import load_knowledge
from aicompete.listings.chart import GROUPS_NOTE, HATCHED_NOTE, Bar, Chart, Panel, chart_of
from aicompete.listings.contract import INFERRED_NOTE
from aicompete.listings.dau import SOURCES_NOTE
from aicompete.listings.publications import publications
from aicompete.listings.registry import builder
from aicompete.output.chart import cut_to_width, draw, shown
from tests import fictional
from tests.conftest import BUNDLED, Run, assert_clean_error, many_campaigns
from tests.corpus_base import corpus_base
from tests.test_terminal import HOSTILE

DERIVED = "† derived: computed by aicompete from the stated figures, not stated in the source"
CHINA_DAILY = "China Daily, “Alibaba steps up focus on Qwen LLM” (2026-03-07)"


def _chart(facts: Path, listing: str, *names: str) -> Chart:
    knowledge = load_knowledge(facts)
    arguments = [list(names)] if listing == "compare" else []
    return chart_of(listing, builder(listing)(knowledge, *arguments), publications(knowledge))


def test_dau_chart_labels_every_figure_and_names_measurer_and_publication() -> None:
    chart = _chart(BUNDLED, "dau")
    assert chart.title == "Daily active users"
    [panel] = chart.panels
    assert panel.title == (
        "Peak DAU · this year's Spring Festival holiday (2026-02-15/2026-02-23) · "
        "measured by QuestMobile"
    )
    # The holiday is a time of the context alone, inferred for every figure, and what Qwen's
    # and Yuanbao's figures count (a peak) the file infers: each is marked.
    assert panel.bars == (
        Bar("Doubao (ByteDance)", 145_000_000, "145.0M*", inferred=True),
        Bar("Qwen (Alibaba)", 73_520_000, "73.52M* · 50.7% of Doubao†", inferred=True),
        Bar("Yuanbao (Tencent)", 40_540_000, "40.54M* · 28.0% of Doubao†", inferred=True),
    )
    assert chart.notes == (DERIVED, INFERRED_NOTE)
    assert chart.credit == panel.credit == f"Data: QuestMobile, as reported by {CHINA_DAILY}."


def test_campaigns_chart_gives_yuan_and_dollars_and_marks_conversions() -> None:
    chart = _chart(BUNDLED, "campaigns")
    assert chart.title == "Promotional campaigns: spend in yuan"
    [panel] = chart.panels
    assert panel.bars == (
        Bar('Qwen (Alibaba)\n"Spring Festival Treat" campaign', 3e9, "¥3.0B ($435.0M†)"),
        Bar("Yuanbao (Tencent)\nCash red packets", 1e9, "¥1.0B ($145.0M)"),
        Bar(
            'Wenxin (Baidu)\nInvestment in "search + AI" information distribution',
            5e8,
            "¥500.0M ($72.5M†)",
        ),
        Bar(
            "Doubao (ByteDance)\nExclusive partnership with the CMG Spring Festival Gala",
            None,
            "amount not stated",
        ),
    )
    assert chart.notes == (
        DERIVED,
        "† converted at 1 CNY = 0.145 USD, the rate that yuanbao-cash-red-packets states",
    )
    assert chart.credit == f"Source: {CHINA_DAILY}."


def test_compare_chart_puts_comparable_dau_and_total_spend_side_by_side() -> None:
    chart = _chart(BUNDLED, "compare", "doubao", "qwen", "wenxin")
    assert chart.title == "Side by side: ByteDance, Alibaba, Baidu"
    dau, spend = chart.panels
    # Baidu has no figure at all: the others' still compare.
    assert dau.title == (
        "Peak DAU · this year's Spring Festival holiday (2026-02-15/2026-02-23) · "
        "measured by QuestMobile"
    )
    assert [(bar.label, bar.value, bar.text) for bar in dau.bars] == [
        ("ByteDance (Doubao)", 145_000_000, "145.0M*"),
        ("Alibaba (Qwen)", 73_520_000, "73.52M*"),
        ("Baidu (Wenxin)", None, "no figure"),
    ]
    assert spend.title == "Total promotional spend in yuan†"
    assert spend.bars == (
        Bar("ByteDance (Doubao)", None, "unknown: an amount is not stated", derived=True),
        Bar("Alibaba (Qwen)", 3e9, "¥3.0B† ($435.0M†)", derived=True),
        Bar("Baidu (Wenxin)", 5e8, "¥500.0M† ($72.5M†)", derived=True),
    )
    assert chart.notes[-3:] == (DERIVED, HATCHED_NOTE, INFERRED_NOTE)
    assert chart.notes[0].startswith("Basis: peak DAU, 2026-02-15/2026-02-23, measured by")
    # Each panel is credited to its own: the spend to the publication alone, not to the
    # measurer of the DAU figures.
    assert dau.credit == f"Data: QuestMobile, as reported by {CHINA_DAILY}."
    assert spend.credit == f"Source: {CHINA_DAILY}."
    assert chart.credit == (
        "Peak DAU · this year's Spring Festival holiday (2026-02-15/2026-02-23): "
        f"{dau.credit}\nTotal promotional spend in yuan: {spend.credit}"
    )


@pytest.fixture
def fictional_facts(tmp_path: Path) -> Path:
    return fictional.write(tmp_path)


def test_groups_of_figures_are_panels_of_their_own(fictional_facts: Path) -> None:
    chart = _chart(fictional_facts, "dau")
    assert [panel.title for panel in chart.panels] == [
        "Peak DAU · Spring Festival holiday (2026-02-15/2026-02-23) · measured by Chartwell",
        "Peak DAU · Spring Festival holiday (2026-02-15/2026-02-23) · measured by Metrica",
        "Peak DAU · Spring Festival holiday (2025-01-28/2025-02-04) · measured by Chartwell",
    ]
    newest = chart.panels[0]
    # One app's figure in two sources: each bar names its source's publisher, never its id,
    # and the day it was published where one publisher gives both.
    assert [(bar.label, bar.text) for bar in newest.bars] == [
        ("Lumo (Brightfield)\n[Fictional Press, 2026-02-22]", "125.0M*"),
        ("Lumo (Brightfield)\n[Fictional Press, 2026-02-20]", "120.0M*"),
        # Each share is of the leader as the same source states it.
        ("Kestrel (Northwind)\n[Fictional Press, 2026-02-20]", "60.0M* · 50.0% of Lumo†"),
        ("Kestrel (Northwind)\n[Fictional Press, 2026-02-22]", "60.0M* · 48.0% of Lumo†"),
        ("Tidal (Harbor)", "30.0M* · 25.0% of Lumo†"),
    ]
    assert [bar.text for bar in chart.panels[2].bars] == ["90.0M*", "60.0M* · 66.7% of Lumo†"]
    assert chart.notes == (DERIVED, SOURCES_NOTE, INFERRED_NOTE, GROUPS_NOTE)
    # Each panel is credited to its own measurer and publications.
    assert [panel.credit.split(",")[0] for panel in chart.panels] == [
        "Data: Chartwell",
        "Data: Metrica",
        "Data: Chartwell",
    ]
    assert "(2026-02-21)" in chart.panels[1].credit and "(2026-02-22)" not in chart.panels[1].credit
    assert "(2025-02-10)" in chart.panels[2].credit
    assert "fictional-" not in chart.credit


def test_converted_unconvertible_and_unknown_amounts(fictional_facts: Path) -> None:
    [panel] = _chart(fictional_facts, "campaigns").panels
    bars = {bar.label.split("\n")[1] + " " + bar.text: bar for bar in panel.bars}
    # The post's restatement of the advertising folds into the herald's: one bar.
    assert [(bar.value, bar.derived) for bar in bars.values()] == [
        (4_285_714_286, True),
        (3_900_000_000, True),
        (1_000_000_000, False),
        (None, False),
        (None, False),
    ]
    assert list(bars) == [
        "Advertising ¥4.29B† ($600.0M)",
        "A campaign in euros ¥3.9B†",
        "Red packets ¥1.0B ($140.0M)",
        "Billboards £80.0M (no rate to yuan)",
        "Partnership with a televised gala amount not stated",
    ]


def test_figures_of_different_groups_get_no_common_axis(fictional_facts: Path) -> None:
    chart = _chart(fictional_facts, "compare", "nib", "kestrel")
    assert [panel.title for panel in chart.panels] == ["Total promotional spend in yuan†"]
    assert any("do not compare" in note for note in chart.notes)
    # No DAU panel, so no measurer in the source line.
    assert chart.credit.startswith("Source: Fictional Press")


def test_text_from_the_knowledge_file_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    chart = shown(_chart(path, "dau"))
    texts = [chart.title, chart.credit, *chart.notes]
    texts += [panel.title for panel in chart.panels]
    texts += [bar.label + bar.text for panel in chart.panels for bar in panel.bars]
    assert not any(
        ord(character) < 32 and character != "\n" for text in texts for character in text
    )
    assert "\\x1b" in chart.panels[0].title


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        size: tuple[int, int] = image.size
        return size


def test_chart_writes_a_png_for_a_slide(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "dau.png"
    result = run("chart", "dau", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}\n"
    assert result.stdout == ""
    width, height = _png_size(out.read_bytes())
    # 10 inches at 160 dots an inch, wider than tall.
    assert width == 1600
    assert 400 < height < width


def test_chart_writes_an_svg_of_shapes_with_named_parts(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "spend.SVG"
    # Which chart, like the image type, is read case aside.
    assert run("chart", "Campaigns", "--output", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    ids = {element.get("id") for element in root.iter()}
    assert {"title", "footer", "bar-0-0", "value-0-0", "label-0-3", "value-0-3"} <= ids
    # Text is drawn as shapes: no font to load, nothing to fetch.
    assert "<text" not in text
    assert "@font-face" not in text and "url(http" not in text


@pytest.mark.parametrize("name", ["chart.svg", "chart.png"])
def test_the_same_chart_is_the_same_file(run: Run, tmp_path: Path, name: str) -> None:
    first, second = tmp_path / f"1-{name}", tmp_path / f"2-{name}"
    assert run("chart", "compare", "doubao", "qwen", "-o", str(first)).exit_code == 0
    assert run("chart", "compare", "doubao", "qwen", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_dollar_sign_is_no_formula(fictional_facts: Path) -> None:
    from aicompete.output.chart import draw

    chart = _chart(fictional_facts, "campaigns")
    dollars = Chart("$1 and $2", chart.panels, ("$3 and $4",), chart.credit)
    assert b"$1 and $2" in draw(dollars, "svg")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chart", "history", "-o", "x.png"], "no chart of 'history'; choose from: dau, campaigns"),
        (["chart", "dau", "-o", "x.jpg"], "'x.jpg': the file name must end in .svg or .png"),
        (["chart", "dau", "qwen", "-o", "x.png"], "chart dau takes no names"),
        (["chart", "compare", "qwen", "-o", "x.png"], "'qwen' names only Alibaba"),
        (["chart", "compare", "qwen", "nobody", "-o", "x.png"], "unknown company or app"),
        (["chart", "dau"], "Missing option '--output'"),
    ],
)
def test_what_a_chart_cannot_be_is_a_usage_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not list(work.iterdir())


def test_nothing_to_chart_is_an_error(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "dau.png"
    result = run("--facts", str(empty), "chart", "dau", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        "aicompete: error: nothing to chart: the knowledge base has no rows for dau\n"
    )
    assert not out.exists()


def test_a_file_that_cannot_be_written_is_an_error(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "dau.svg"
    result = run("chart", "dau", "-o", str(out))
    assert_clean_error(result, out)
    assert "cannot write: No such file or directory" in result.stderr


@pytest.mark.parametrize(
    ("args", "module"),
    [(["chart", "dau", "-o", "dau.png"], "matplotlib"), (["brief", "-o", "b.html"], "jinja2")],
)
def test_without_the_extra_the_command_says_how_to_install_it(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    module: str,
) -> None:
    # As if the charts extra were not installed: importing the module fails.
    for name in list(sys.modules):
        if name.partition(".")[0] == module or name in (
            "aicompete.output.chart",
            "aicompete.output.brief",
        ):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"aicompete: error: {args[0]} needs {module}, which is not installed: "
        'pip install "aicompete[charts]"\n'
    )
    assert not list(work.iterdir())


def test_other_commands_never_import_matplotlib_or_jinja2(tmp_path: Path) -> None:
    program = (
        "import sys\n"
        "from aicompete.core import run\n"
        "for args in (['dau', '--json'], ['campaigns'], ['dau', '--format', 'svg']):\n"
        "    assert run(args) == 0\n"
        "loaded = {name.partition('.')[0] for name in sys.modules}\n"
        "print(sorted(loaded & {'matplotlib', 'jinja2', 'numpy', 'PIL'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env={"XDG_CACHE_HOME": str(tmp_path), "PATH": ""},
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_a_chart_draws_the_first_bars_and_says_how_many_it_left_out(
    run: Run, tmp_path: Path
) -> None:
    """Thousands of campaigns are one slide: the first 20 bars (or --limit N), and a note."""
    facts = many_campaigns(tmp_path / "facts.toml", 500)
    knowledge = load_knowledge(facts)
    listing = builder("campaigns")(knowledge)
    chart = chart_of("campaigns", listing, publications(knowledge))
    [panel] = chart.panels
    assert len(panel.bars) == 20
    assert chart.notes[0] == "First 20 of 500 bars; 480 left out (--limit N shows more)."
    out = tmp_path / "spend.png"
    result = run("--facts", str(facts), "chart", "campaigns", "--limit", "5", "-o", str(out))
    assert result.exit_code == 0, result.output
    width, height = _png_size(out.read_bytes())
    assert (width, height) == _png_size(
        draw(chart_of("campaigns", listing, publications(knowledge), 5), "png")
    )
    assert height < width


def test_the_limit_counts_bars_across_panels(fictional_facts: Path) -> None:
    knowledge = load_knowledge(fictional_facts)
    listing = builder("dau")(knowledge)
    chart = chart_of("dau", listing, publications(knowledge), 2)
    assert sum(len(panel.bars) for panel in chart.panels) == 2
    assert chart.notes[0] == (
        f"First 2 of {len(listing.rows)} bars; {len(listing.rows) - 2} left out "
        "(--limit N shows more)."
    )


def test_a_long_name_is_cut_to_the_width_never_wrapped_to_the_height() -> None:
    def chart(label: str) -> Chart:
        panel = Panel("", (Bar(label, 1.0, "1"), Bar("short", 2.0, "2")))
        return Chart("A title", (panel,), (), "Source: somewhere.")

    long_name = "Campaign " + "of many words " * 40
    assert _png_size(draw(chart(long_name), "png")) == _png_size(draw(chart("short"), "png"))
    svg = ElementTree.fromstring(draw(chart(long_name), "svg"))
    label = next(element for element in svg.iter() if element.get("id") == "label-0-0")
    # Drawn as shapes: the cut label is one line, ending in an ellipsis (its glyph's path).
    assert len(label.findall(".//{http://www.w3.org/2000/svg}use")) < 40
    assert cut_to_width("x" * 100, 30) == "x" * 29 + "\u2026"
    assert cut_to_width("名" * 40, 30) == "名" * 14 + "\u2026"
    assert cut_to_width("fits\nand so does this", 30) == "fits\nand so does this"


def test_a_label_is_cut_between_words_never_inside_one(tmp_path: Path) -> None:
    campaign = "Exclusive partnership with the CMG Spring Festival Gala"
    assert cut_to_width(campaign, 30) == "Exclusive partnership with…"
    assert cut_to_width("Doubao (ByteDance)\n" + campaign, 30) == (
        "Doubao (ByteDance)\nExclusive partnership with…"
    )
    # Every label of a chart of the corpus keeps its words whole, up to its ellipsis.
    facts = corpus_base(tmp_path)
    knowledge = load_knowledge(facts)
    for listing in ("dau", "campaigns"):
        chart = chart_of(listing, builder(listing)(knowledge), publications(knowledge))
        words = {word for panel in chart.panels for bar in panel.bars for word in bar.label.split()}
        for panel in chart.panels:
            for bar in panel.bars:
                for word in cut_to_width(bar.label, 30).split():
                    assert word.removesuffix("\u2026") in words


def test_each_panel_is_credited_to_its_own_by_publisher_name(corpus: Path) -> None:
    knowledge = load_knowledge(corpus)
    sources = publications(knowledge)
    compare = chart_of("compare", builder("compare")(knowledge, ["doubao", "qwen"]), sources)
    dau_panel, spend_panel = compare.panels
    assert dau_panel.credit.startswith("Data: AICPB.com, as reported by ")
    assert "QuestMobile" not in spend_panel.credit and "AICPB" not in spend_panel.credit
    dau = chart_of("dau", builder("dau")(knowledge), sources)
    ids = {source.id for source in knowledge.sources}
    for chart in (compare, dau):
        text = chart.credit + " ".join(bar.label for panel in chart.panels for bar in panel.bars)
        assert not any(source in text for source in ids)
    labels = [bar.label for panel in dau.panels for bar in panel.bars]
    assert "Doubao (ByteDance)\n[Harbour Wire]" in labels

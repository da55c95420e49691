"""The brief and the charts in a real browser: headless Chromium (see `tests/browser.py`).

Each page is opened from its file at 375 and 1280 pixels wide (the brief at 768 too), and
must make no request that leaves the machine, log no error, hold the expected rows, look
like something (not a blank screenshot) and keep every text inside its box. Skipped, with
the reason, where no Chromium is installed; CI installs it and sets AICOMPETE_REQUIRE_BROWSER
so that they run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests import fictional
from tests.browser import (
    CHART_PARTS,
    CHROMIUM_ARGS,
    LOW_CONTRAST,
    OVERFLOWS,
    TABLE_ROWS,
    blankness,
    chromium,
    inside,
    overlap,
    screenshot,
    visit,
)
from tests.conftest import Run
from tests.test_brief import CAMPAIGN_ROWS, DAU_ROWS

WIDTHS = [375, 1280]
# A tablet, too: wide tables turn to cards below 960 pixels, narrow ones below 640.
PAGE_WIDTHS = [375, 768, 1280]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    if executable is None:
        if os.environ.get("AICOMPETE_REQUIRE_BROWSER"):
            pytest.fail("AICOMPETE_REQUIRE_BROWSER is set, but no Chromium is installed")
        pytest.skip("no Chromium installed (apt-get install chromium); CI runs these tests")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _write(run: Run, path: Path, *args: str) -> Path:
    result = run(*args, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def _assert_looks_like_something(png: bytes) -> None:
    dark, white = blankness(png)
    assert dark > 0.005, "the screenshot has almost no text or bars"
    assert white < 0.99, "the screenshot is blank"


@pytest.mark.parametrize("width", PAGE_WIDTHS)
def test_the_brief_reads_offline_at_every_width(
    browser: Browser, run: Run, tmp_path: Path, width: int
) -> None:
    page_file = _write(run, tmp_path / "brief.html", "brief")
    with visit(browser, page_file, width) as seen:
        page = seen.page
        assert seen.remote_requests == []
        assert seen.requests == [page_file.as_uri()]
        tables = page.evaluate(TABLE_ROWS)
        assert tables[0] == DAU_ROWS
        assert tables[1] == CAMPAIGN_ROWS
        # The news of Thursday's e-mail is linked to the e-mail: undated, placed by its links.
        assert [len(rows) for rows in tables] == [3, 4, 4, 7, 9, 14]
        assert page.evaluate(OVERFLOWS) == []
        assert page.evaluate(LOW_CONTRAST) == []
        # Notes are reached by their links.
        page.click("a[href='#note-2']")
        assert page.evaluate("location.hash") == "#note-2"
        _assert_looks_like_something(screenshot(page, f"brief-{width}"))
        assert seen.errors == []


@pytest.mark.parametrize("width", PAGE_WIDTHS)
def test_a_brief_of_many_sources_fits_at_every_width(
    browser: Browser, run: Run, tmp_path: Path, width: int
) -> None:
    facts = fictional.write(tmp_path)
    page_file = _write(run, tmp_path / "brief.html", "--facts", str(facts), "brief")
    with visit(browser, page_file, width) as seen:
        # A campaign restated by another source is one row.
        assert [len(rows) for rows in seen.page.evaluate(TABLE_ROWS)] == [5, 2, 2, 5, 4, 2, 2]
        assert seen.page.evaluate(OVERFLOWS) == []
        assert seen.page.evaluate(LOW_CONTRAST) == []
        _assert_looks_like_something(screenshot(seen.page, f"brief-fictional-{width}"))
        assert seen.remote_requests == []
        assert seen.errors == []


def test_the_brief_prints_without_its_contents_list(
    browser: Browser, run: Run, tmp_path: Path
) -> None:
    page_file = _write(run, tmp_path / "brief.html", "brief")
    # An A4 page's width at 96 pixels to the inch, less its margins.
    with visit(browser, page_file, 680, media="print") as seen:
        assert seen.page.evaluate("getComputedStyle(document.querySelector('nav')).display") == (
            "none"
        )
        assert seen.page.evaluate(OVERFLOWS) == []
        assert seen.errors == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("args", "bars"),
    [
        (["chart", "dau"], [3]),
        (["chart", "campaigns"], [4]),
        (["chart", "compare", "doubao", "qwen", "wenxin"], [3, 3]),
    ],
)
def test_a_chart_keeps_its_text_inside_and_apart(
    browser: Browser, run: Run, tmp_path: Path, width: int, args: list[str], bars: list[int]
) -> None:
    chart = _write(run, tmp_path / "chart.svg", *args)
    with visit(browser, chart, width) as seen:
        found = seen.page.evaluate(CHART_PARTS)
        frame, parts = found["frame"], found["parts"]
        seen.page.set_viewport_size(
            {"width": int(frame["right"]) + 1, "height": int(frame["bottom"]) + 1}
        )
        name = f"chart-{args[1]}-{width}"
        _assert_looks_like_something(screenshot(seen.page, name, full_page=False))
        assert seen.remote_requests == []
        assert seen.errors == []
    for panel, count in enumerate(bars):
        for kind in ("bar", "label", "value"):
            assert [f"{kind}-{panel}-{n}" in parts for n in range(count + 1)] == [True] * count + [
                False
            ]
    assert {"title", "footer"} <= set(parts)
    outside = [name for name, box in parts.items() if not inside(box, frame)]
    assert outside == []
    texts = {name: box for name, box in parts.items() if not name.startswith("bar-")}
    assert [
        pair for pair in combinations(texts, 2) if overlap(texts[pair[0]], texts[pair[1]])
    ] == []
    bar_boxes = [box for name, box in parts.items() if name.startswith("bar-")]
    assert [
        name
        for name, box in parts.items()
        if name.startswith("value-") and any(overlap(box, bar) for bar in bar_boxes)
    ] == []


def test_many_panels_of_one_chart_keep_apart(browser: Browser, run: Run, tmp_path: Path) -> None:
    facts = fictional.write(tmp_path)
    chart = _write(run, tmp_path / "chart.svg", "--facts", str(facts), "chart", "dau")
    with visit(browser, chart, 1280) as seen:
        found = seen.page.evaluate(CHART_PARTS)
        assert seen.errors == [] and seen.remote_requests == []
    parts = found["parts"]
    assert {"panel-0", "panel-1", "panel-2"} <= set(parts)
    texts = {name: box for name, box in parts.items() if not name.startswith("bar-")}
    assert [
        pair for pair in combinations(texts, 2) if overlap(texts[pair[0]], texts[pair[1]])
    ] == []
    assert all(inside(box, found["frame"]) for box in parts.values())


def test_a_table_as_svg_loads_nothing_and_is_light(
    browser: Browser, run: Run, tmp_path: Path
) -> None:
    result = run("campaigns", "--format", "svg")
    image = tmp_path / "campaigns.svg"
    image.write_text(result.stdout, encoding="utf-8")
    with visit(browser, image, 1280) as seen:
        png = screenshot(seen.page, "table-campaigns", full_page=False)
        assert seen.remote_requests == []
        assert seen.errors == []
    _assert_looks_like_something(png)
    assert blankness(png)[1] > 0.5, "a light background"

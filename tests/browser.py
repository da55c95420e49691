"""Headless Chromium for the tests: the system's own Chromium, driven by Playwright.

Playwright's own browser downloads are never used: the tests launch the Chromium that the
system installed (Debian's `chromium`; CI installs it), headless, with a fresh temporary
profile for every launch (Playwright makes one), and with nothing in the background that
would reach the network. A page is opened from a file; every request it makes is recorded,
and any that is not for a file or inline data is refused.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Page, Route

# Quiet and offline: no sandbox (CI runs as root), no GPU, and none of Chromium's own calls
# home (updates, sync, safe browsing lists, field trials).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]
LOCAL_SCHEMES = ("file:", "data:")
# Set to a folder, the tests save their screenshots there for a person to look at.
SCREENSHOTS = "AICOMPETE_SCREENSHOTS"


def chromium() -> str | None:
    """The system's Chromium, if it has one."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Visit:
    """What a page did while it was open: the requests it made and the errors it logged."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


@contextmanager
def visit(browser: Browser, path: Path, width: int, media: str = "screen") -> Iterator[Visit]:
    """The file open in a window `width` pixels wide."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda message: _console(seen, message.type, message.text))
        page.on("pageerror", lambda error: seen.errors.append(str(error)))

        def refuse_remote(route: Route) -> None:
            if route.request.url.startswith(LOCAL_SCHEMES):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", refuse_remote)
        page.emulate_media(media="print" if media == "print" else "screen")
        page.goto(path.as_uri(), wait_until="load")
        yield seen
    finally:
        context.close()


def _console(seen: Visit, kind: str, text: str) -> None:
    if kind == "error":
        seen.errors.append(text)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> bytes:
    """The page as a PNG, saved under $AICOMPETE_SCREENSHOTS when that is set."""
    png = page.screenshot(full_page=full_page)
    folder = os.environ.get(SCREENSHOTS)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.png").write_bytes(png)
    return png


def blankness(png: bytes) -> tuple[float, float]:
    """How much of a screenshot is dark (text, bars) and how much is pure white."""
    with Image.open(io.BytesIO(png)) as image:
        histogram = image.convert("L").histogram()
    total = sum(histogram)
    return sum(histogram[:128]) / total, histogram[255] / total


# Each text that leaves the box that holds it (its nearest block), or the window, and a page
# wider than its window; text hidden for screen readers only is not shown, so not checked.
OVERFLOWS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide in ${width}px`);
  }
  const hidden = (element) => {
    for (; element; element = element.parentElement) {
      const style = getComputedStyle(element);
      if (style.display === "none" || style.clipPath !== "none") return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text || hidden(node.parentElement)) continue;
    let box = node.parentElement;
    while (box.parentElement && getComputedStyle(box).display.startsWith("inline")) {
      box = box.parentElement;
    }
    const limit = box.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width === 0) continue;
      if (rect.left < limit.left - 1 || rect.right > limit.right + 1
          || rect.left < -1 || rect.right > width + 1) {
        problems.push(`"${text.slice(0, 40)}" overflows its ${box.tagName.toLowerCase()}`);
        break;
      }
    }
  }
  return problems;
}"""

# Each element whose own text has less contrast with its background than WCAG's 4.5:1.
LOW_CONTRAST = """() => {
  const parse = (color) => color.match(/[\\d.]+/g).map(Number);
  const channel = (value) => {
    value /= 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (element) => {
    for (; element; element = element.parentElement) {
      const color = parse(getComputedStyle(element).backgroundColor);
      if (color.length === 3 || color[3] > 0) return color;
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const element of document.body.querySelectorAll("*")) {
    const own = [...element.childNodes].some(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (!own) continue;
    const [light, dark] = [luminance(parse(getComputedStyle(element).color)),
                           luminance(background(element))].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) low.push(`${element.tagName.toLowerCase()}: ${ratio.toFixed(2)}`);
  }
  return low;
}"""

# Each table's body rows, each cell as text, as `test_brief.Page` reads them: the notes a
# cell cites as ` [1,2]`, its flags as ` {inferred: metric}`.
TABLE_ROWS = """() => [...document.querySelectorAll("table")].map((table) =>
  [...table.querySelectorAll("tbody tr")].map((row) => [...row.children].map((cell) => {
    const parts = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent);
        else if (child.matches("sup.refs")) {
          parts.push(` [${[...child.querySelectorAll("a")].map((a) => a.textContent).join(",")}]`);
        } else if (child.matches(".flag")) parts.push(` {${child.textContent}}`);
        else walk(child);
      }
    };
    walk(cell);
    return parts.join("").split(/\\s+/).join(" ").trim();
  })))"""

# The boxes of a chart's named parts (see `output.chart`) and of the whole image, in pixels.
CHART_PARTS = """() => {
  const box = (element) => {
    const rect = element.getBoundingClientRect();
    return {left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom};
  };
  const named = /^(title|footer|panel-\\d+|label-\\d+-\\d+|value-\\d+-\\d+|bar-\\d+-\\d+)$/;
  const parts = {};
  for (const group of document.querySelectorAll("g[id]")) {
    if (named.test(group.id)) parts[group.id] = box(group);
  }
  return {frame: box(document.documentElement), parts: parts};
}"""


Box = dict[str, float]


def inside(inner: Box, outer: Box, slack: float = 0.5) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["top"] >= outer["top"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def overlap(first: Box, second: Box, slack: float = 0.5) -> bool:
    return (
        min(first["right"], second["right"]) - max(first["left"], second["left"]) > slack
        and min(first["bottom"], second["bottom"]) - max(first["top"], second["top"]) > slack
    )

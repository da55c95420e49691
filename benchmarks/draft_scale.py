"""How long `aicompete draft` takes on a long article: articles of 400, 1,600 and 5,000
figures (each sentence a DAU figure and a campaign's amount, in the words of real reporting),
drafted against a base from `aicompete init`, timed by the wall clock in a fresh process.

    python -m benchmarks.draft_scale            # 400, 1,600 and 5,000 figures
    python -m benchmarks.draft_scale 400 1600   # the sizes given

The draft reads each sentence once, and each candidate's evidence near where it stands, so
its time grows with the article's length.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aicompete.knowledge.bundled import init_base

SIZES = (400, 1_600, 5_000)
_APPS = (
    ("ByteDance", "Doubao"),
    ("Alibaba", "Qwen"),
    ("Tencent", "Yuanbao"),
    ("Baidu", "Wenxin"),
)


def article(figures: int) -> str:
    """An article of `figures` sentences, each a DAU figure and a campaign's amount."""
    lines = ["A long article of figures", "Written for aicompete's benchmarks."]
    for number in range(figures):
        owner, app = _APPS[number % len(_APPS)]
        lines.append(
            f"Data from analytics firm QuestMobile showed {owner}'s {app} had "
            f"{10 + number % 90}.{number % 10} million daily active users on Feb "
            f"{1 + number % 28}, and {app} spent {1 + number % 9} billion yuan on red packets."
        )
    return "\n".join(lines) + "\n"


def seconds(figures: int) -> float:
    """The wall-clock seconds of `aicompete draft` of an article of `figures` figures."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        init_base(base)
        (base / "articles").mkdir()
        path = base / "articles" / f"figures-{figures}.txt"
        path.write_text(article(figures), encoding="utf-8")
        command = [sys.executable, "-m", "aicompete", "--facts", str(base / "facts.toml")]
        command += ["draft", str(path), "--publisher", "P", "--published", "2026-03-01"]
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    sizes = [int(size) for size in (argv if argv is not None else sys.argv[1:])] or SIZES
    for figures in sizes:
        print(f"{figures:>6,} figures: {seconds(figures):6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

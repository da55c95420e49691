"""`aicompete sources`: each source, the facts citing it, and whether their quotes verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import BUNDLED, ROOT, Run, assert_golden


def test_sources_table(run: Run) -> None:
    result = run("sources")
    assert result.exit_code == 0
    assert_golden("sources.txt", result.stdout)


def test_sources_json_counts_the_facts_citing_each(run: Run) -> None:
    rows = json.loads(run("sources", "--json").stdout)
    assert rows == [
        {
            "id": "chinadaily-qwen",
            "title": "Alibaba steps up focus on Qwen LLM",
            "publisher": "China Daily",
            "contact": "lijiaying@chinadaily.com.cn",
            "file": "seeds/000_ffdd459b55fbeb1b.txt",
            "readable": True,
            "facts": 45,
            "verified": 45,
            "all_verified": True,
        }
    ]


def _copy(tmp_path: Path, text: str, with_seed: bool = True) -> Path:
    path = tmp_path / "facts.toml"
    path.write_text(text, encoding="utf-8")
    if with_seed:
        shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return path


def test_a_changed_quote_shows_as_not_all_verified(run: Run, tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8").replace(
        "recorded a peak of 145 million DAUs", "recorded a peak of 146 million DAUs"
    )
    rows = json.loads(run("--facts", str(_copy(tmp_path, text)), "sources", "--json").stdout)
    assert (rows[0]["facts"], rows[0]["verified"], rows[0]["all_verified"]) == (45, 44, False)


def test_a_missing_source_text_is_unreadable(run: Run, tmp_path: Path) -> None:
    path = _copy(tmp_path, BUNDLED.read_text(encoding="utf-8"), with_seed=False)
    result = run("--facts", str(path), "sources", "--json")
    assert result.exit_code == 0
    row = json.loads(result.stdout)[0]
    assert (row["readable"], row["verified"], row["all_verified"]) == (False, 0, False)

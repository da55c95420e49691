"""`aicompete new-source`: a ready [[sources]] block for an article's text file, which
validates once completed, and refuses what `validate` would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, facts_rows


def test_new_source_prints_a_block_that_validates_once_completed(run: Run, facts: Path) -> None:
    article = facts.parent / "fictional" / "fifth.txt"
    article.write_text(
        "A fifth fictional article\nFICTIONAL: Northwind's Kestrel grew.\n", encoding="utf-8"
    )
    result = run(
        "--facts",
        str(facts),
        "new-source",
        str(article),
        "--publisher",
        "Fictional Press",
        "--published",
        "2026-03-01",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('[[sources]]\nid = "a-fifth-fictional-article"\n')
    assert 'file = "fictional/fifth.txt"' in result.stdout
    assert "sha256 = " in result.stdout
    facts.write_text(result.stdout + "\n" + facts.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("validate", str(facts)).exit_code == 0
    sources = {row["id"]: row for row in facts_rows(run, facts, "sources")}
    assert sources["a-fifth-fictional-article"]["text_matches"] is True


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--id", "../../etc", "should be an id"),
        ("--published", "2026-13-45", "is not a day of the calendar"),
        ("--publisher", "\u200b\u2060", "should not be blank"),
        ("--title", "\u00ad", "should not be blank"),
    ],
)
def test_new_source_refuses_what_validate_would(
    run: Run, facts: Path, option: str, value: str, message: str
) -> None:
    article = facts.parent / "fictional" / "fifth.txt"
    article.write_text("A fifth fictional article\n", encoding="utf-8")
    args = ["--facts", str(facts), "new-source", str(article), "--publisher", "Fictional Press"]
    result = run(*args, option, value)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert f"Invalid value for {option}: " in result.stderr and message in result.stderr


def test_a_title_of_invisible_characters_falls_back_to_the_file_name(run: Run, facts: Path) -> None:
    article = facts.parent / "fictional" / "fifth.txt"
    article.write_text("\u200b\u200d\ufeff\n\nFICTIONAL: Northwind grew.\n", encoding="utf-8")
    result = run("--facts", str(facts), "new-source", str(article), "--publisher", "P")
    assert result.exit_code == 0, result.stderr
    assert 'title = "FICTIONAL: Northwind grew."' in result.stdout
    article.write_text("\u200b\u2060\n", encoding="utf-8")
    result = run("--facts", str(facts), "new-source", str(article), "--publisher", "P")
    assert result.exit_code == 0, result.stderr
    assert 'id = "fifth"\ntitle = "fifth"\n' in result.stdout


def test_new_source_refuses_a_file_outside_the_folder(
    run: Run, facts: Path, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Outside\n", encoding="utf-8")
    result = run("--facts", str(facts), "new-source", str(outside))
    assert result.exit_code == 2
    assert "is not inside" in result.stderr

"""`aicompete sources`: each source, what is known of it, the facts citing it, and whether
they verify; and the source files a knowledge file may name."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import FactsFile, Run, assert_golden, json_output

SHA256 = "0556034c49b0fd470836a2f707f5b6422343558fbd09af24e01074a549499216"


def test_sources_table(run: Run) -> None:
    result = run("sources")
    assert result.exit_code == 0
    assert_golden("sources.txt", result.stdout)


def test_sources_json_counts_the_facts_citing_each(run: Run) -> None:
    assert json_output(run, "sources") == [
        {
            "id": "chinadaily-qwen",
            "title": "Alibaba steps up focus on Qwen LLM",
            "publisher": "China Daily",
            "published": "2026-03-07",
            "author": None,
            "url": "https://www.chinadaily.com.cn/a/202603/07/WS69ab7e72a310d6866eb3c48e.html",
            "contact": "lijiaying@chinadaily.com.cn",
            "file": "seeds/000_ffdd459b55fbeb1b.txt",
            "sha256": SHA256,
            "readable": True,
            "unreadable_because": None,
            "text_matches": True,
            "facts": 48,
            "verified": 48,
            "all_verified": True,
            "company_ids": ["bytedance", "alibaba", "tencent", "baidu", "questmobile"],
            "app_ids": ["doubao", "qwen", "yuanbao", "wenxin"],
        }
    ]


def test_a_changed_quote_shows_as_not_all_verified(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(
        ("recorded a peak of 145 million DAUs", "recorded a peak of 146 million DAUs")
    )
    rows = json.loads(run("--facts", str(path), "sources", "--json").stdout)
    assert (rows[0]["facts"], rows[0]["verified"], rows[0]["all_verified"]) == (48, 47, False)


def test_a_changed_text_no_longer_matches(run: Run, facts_file: FactsFile) -> None:
    path = facts_file()
    seed = next((path.parent / "seeds").iterdir())
    seed.write_bytes(seed.read_bytes() + b"\n")
    row = json.loads(run("--facts", str(path), "sources", "--json").stdout)[0]
    assert (row["text_matches"], row["verified"], row["all_verified"]) == (False, 0, False)


def test_a_missing_source_text_is_unreadable(run: Run, facts_file: FactsFile) -> None:
    path = facts_file()
    next((path.parent / "seeds").iterdir()).unlink()
    result = run("--facts", str(path), "sources", "--json")
    assert result.exit_code == 0
    row = json.loads(result.stdout)[0]
    assert (row["readable"], row["text_matches"], row["verified"]) == (False, None, 0)


def test_a_source_file_must_stay_in_the_knowledge_files_folder(
    run: Run, facts_file: FactsFile, tmp_path: Path
) -> None:
    for name, file in (("outside.toml", "../seeds/"), ("absolute.toml", "/etc/")):
        path = facts_file(('file = "seeds/', f'file = "{file}'), name=name)
        result = run("validate", str(path), "--json")
        assert result.exit_code == 1
        (problem,) = json.loads(result.stdout)
        assert (problem["kind"], problem["field"]) == ("source", "file")
        assert problem["message"].endswith(
            "leaves the knowledge file's folder: name a file inside it"
        )


def test_a_link_out_of_the_folder_is_not_read(
    run: Run, facts_file: FactsFile, tmp_path: Path
) -> None:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("the same text as any quote", encoding="utf-8")
    path = facts_file(('file = "seeds/000_ffdd459b55fbeb1b.txt"', 'file = "linked.txt"'))
    (path.parent / "linked.txt").symlink_to(secret)
    rows = json.loads(run("--facts", str(path), "verify", "--json").stdout)
    reasons = {row["reason"] for row in rows}
    assert len(reasons) == 1
    assert "is outside the knowledge file's folder" in reasons.pop()


def test_a_pipe_or_a_device_is_not_read(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(('file = "seeds/000_ffdd459b55fbeb1b.txt"', 'file = "pipe.txt"'))
    os.mkfifo(path.parent / "pipe.txt")
    rows = json.loads(run("--facts", str(path), "verify", "--json").stdout)
    assert {row["reason"] for row in rows} == {
        f"the text of source 'chinadaily-qwen' cannot be read: {path.parent / 'pipe.txt'}: "
        "is not a regular file"
    }


@pytest.mark.parametrize("kind", ["the-knowledge-file", "a-toml-draft", "knowledge-as-text"])
def test_a_source_that_is_no_article_is_refused_with_its_line(
    run: Run, facts_file: FactsFile, kind: str
) -> None:
    """A knowledge file, or a draft of one, holds every value it records: as a source's text
    it would prove any fact that quotes it, an invented 999-million DAU included."""
    name = {
        "the-knowledge-file": "facts.toml",
        "a-toml-draft": "draft.toml",
        "knowledge-as-text": "notes.txt",
    }[kind]
    invented = (
        ('file = "seeds/000_ffdd459b55fbeb1b.txt"', f'file = "{name}"'),
        ("value = 145000000", "value = 999000000"),
    )
    path = facts_file(*invented)
    if name != "facts.toml":
        (path.parent / name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("--facts", str(path), "verify", "--json")
    assert result.exit_code == 1
    reasons = {row["reason"] for row in json.loads(result.stdout)}
    assert len(reasons) == 1
    reason = reasons.pop()
    line = path.read_text(encoding="utf-8").splitlines().index(f'file = "{name}"') + 1
    assert f"{path}:{line}: sources[0].file: '{name}'" in reason
    assert "not an article" in reason
    (row,) = json_output(run, "--facts", str(path), "sources")
    assert (row["readable"], row["verified"]) == (False, 0)
    assert row["unreadable_because"] == reason.partition("cannot be read: ")[2]
    table = run("--facts", str(path), "sources", env={"COLUMNS": "250"}).stdout
    assert "Unreadable because" in table and "not an article" in " ".join(table.split())


def test_an_article_that_mentions_a_kind_is_still_an_article(
    run: Run, facts_file: FactsFile
) -> None:
    path = facts_file()
    seed = next((path.parent / "seeds").iterdir())
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\n[[sources]] is how a knowledge file begins.\n",
        encoding="utf-8",
    )
    (row,) = json_output(run, "--facts", str(path), "sources")
    assert row["readable"] is True and row["unreadable_because"] is None

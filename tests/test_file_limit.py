"""AICOMPETE_MAX_FILE_MB sets the size limit of the knowledge file, in MiB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aicompete.knowledge.loading import MAX_FILE_BYTES, MAX_FILE_VARIABLE
from tests.conftest import FactsFile, Run, assert_clean_error


def _messages(run: Run, path: Path, env: dict[str, str] | None = None) -> list[str]:
    answer = run("validate", str(path), "--json", env=env)
    assert_clean_error(answer, path)
    return [row["message"] for row in json.loads(answer.stdout)]


def test_a_file_over_the_default_limit_is_read_when_the_limit_is_raised(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "facts.toml"
    # Sparse: one byte over the limit on paper, all NUL bytes when read.
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    (refused,) = _messages(run, path)
    assert f"the limit is {MAX_FILE_BYTES:,}" in refused
    assert MAX_FILE_VARIABLE in refused
    raised = MAX_FILE_BYTES // 1024 // 1024 + 1
    (read,) = _messages(run, path, {MAX_FILE_VARIABLE: str(raised)})
    assert "NUL byte" in read


def test_a_lower_limit_refuses_a_file_the_default_reads(
    run: Run, facts_file: FactsFile, tmp_path: Path
) -> None:
    path = facts_file()
    assert run("validate", str(path), "--json", env={MAX_FILE_VARIABLE: "1"}).exit_code == 0
    large = tmp_path / "large.toml"
    large.write_text(path.read_text(encoding="utf-8") + f"# {'x' * 1024 * 1024}\n")
    assert run("validate", str(large), "--json").exit_code == 0
    (refused,) = _messages(run, large, {MAX_FILE_VARIABLE: "1"})
    assert f"the limit is {1024 * 1024:,}" in refused
    answer = run("--facts", str(large), "dau", env={MAX_FILE_VARIABLE: "1"})
    assert_clean_error(answer, large)


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "abc", "64MB", "\u0661\u0662"])
def test_a_limit_that_is_no_whole_number_above_0_is_refused(
    run: Run, facts_file: FactsFile, value: str
) -> None:
    path = facts_file()
    (refused,) = _messages(run, path, {MAX_FILE_VARIABLE: value})
    assert f"{MAX_FILE_VARIABLE} is {value!r}" in refused
    answer = run("--facts", str(path), "dau", env={MAX_FILE_VARIABLE: value})
    assert_clean_error(answer, path)
    assert MAX_FILE_VARIABLE in answer.stderr

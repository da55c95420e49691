"""The toml-test conformance corpus: no document is a knowledge file; all get a clean answer.

The corpus is the `valid/` and `invalid/` documents of toml-lang/toml-test at commit
d168c2a4f539a5219c804055af1600b8cf9ca6d7 (CONTRIBUTING.md says how to fetch it). It is read from
the folder `AICOMPETE_TOML_TEST` names (a checkout of that repository, or a copy of its
documents); these tests are skipped, saying so, when it names none.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tomli

from tests.conftest import Run, assert_clean_error

PINNED = "d168c2a4f539a5219c804055af1600b8cf9ca6d7"


def _corpus() -> Path:
    """Where the documents are: the folder named, or its `tests/` (as toml-test's own checkout
    keeps them); nowhere when none is named."""
    folder = Path(os.environ.get("AICOMPETE_TOML_TEST") or os.devnull)
    return folder / "tests" if (folder / "tests" / "valid").is_dir() else folder


CORPUS = _corpus()
DOCUMENTS = sorted(CORPUS.rglob("*.toml")) if CORPUS.is_dir() else []
ABSENT = pytest.mark.skip(
    reason=f"no toml-test corpus: set AICOMPETE_TOML_TEST to a checkout of toml-lang/toml-test at "
    f"{PINNED[:12]} (CONTRIBUTING.md)"
)
# One test per folder of the corpus: hundreds of documents, each answered five times.
FOLDERS = sorted({path.parent for path in DOCUMENTS})
CASES = [pytest.param(folder, id=folder.relative_to(CORPUS).as_posix()) for folder in FOLDERS] or [
    pytest.param(None, marks=ABSENT)
]


@pytest.mark.skipif(not DOCUMENTS, reason=ABSENT.kwargs["reason"])
def test_corpus_is_whole() -> None:
    assert len(list((CORPUS / "invalid").rglob("*.toml"))) > 500
    assert len(list((CORPUS / "valid").rglob("*.toml"))) > 250


@pytest.mark.parametrize("folder", CASES)
def test_every_command_answers_every_document_cleanly(run: Run, folder: Path) -> None:
    documents = sorted(folder.glob("*.toml"))
    assert documents
    for path in documents:
        _assert_answered_cleanly(run, path)


def _assert_answered_cleanly(run: Run, path: Path) -> None:
    empty = path.relative_to(CORPUS).parts[0] == "valid" and _is_empty(path)
    answers = {
        "validate": run("validate", str(path), "--json"),
        "verify": run("--facts", str(path), "verify", "--json"),
        "dau": run("--facts", str(path), "dau"),
        "campaigns": run("--facts", str(path), "campaigns", "--json"),
        "leadership": run("--facts", str(path), "leadership", "--format", "csv"),
    }
    for command, answer in answers.items():
        if empty:
            # A document of nothing but comments and white space: an empty knowledge base.
            assert (answer.exit_code, answer.stderr) == (0, ""), (path, command)
            continue
        assert_clean_error(answer, path)
        if command == "validate":
            assert json.loads(answer.stdout), (path, "validate lists no problem")
        else:
            assert answer.stdout == "", (path, command)


def _is_empty(path: Path) -> bool:
    try:
        return tomli.loads(path.read_text(encoding="utf-8")) == {}
    except (UnicodeDecodeError, tomli.TOMLDecodeError):
        return False

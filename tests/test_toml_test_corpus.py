"""The toml-test conformance corpus: no document is a knowledge file; all get a clean answer.

The corpus is read from the `shared` folder beside the repository (see its README); these
tests are skipped when it is not there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli

from tests.conftest import ROOT, Run, assert_clean_error

CORPUS = ROOT.parent / "shared" / "peer-suites" / "toml-test"
DOCUMENTS = sorted(CORPUS.rglob("*.toml"))
ABSENT = pytest.mark.skip(
    reason="the toml-test corpus is not beside the repository (shared/peer-suites/toml-test)"
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

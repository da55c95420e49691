"""`aicompete draft` of a long article: a stated size limit, progress as it reads, a clean
stop on Ctrl-C, and no step that reads the whole text again for each candidate."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from aicompete import core
from aicompete.errors import ExitStatus
from aicompete.knowledge.bundled import init_base
from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import Source
from aicompete.proof import drafting
from aicompete.proof.verification import Fact, Prover
from tests.conftest import Run

_APPS = (("ByteDance", "Doubao"), ("Alibaba", "Qwen"), ("Tencent", "Yuanbao"))


def _long_article(sentences: int) -> str:
    """An article of many figures, one a sentence, in the words of real reporting."""
    lines = ["A long article of figures", "Written for aicompete's tests."]
    for number in range(sentences):
        owner, app = _APPS[number % len(_APPS)]
        lines.append(
            f"Data from analytics firm QuestMobile showed {owner}'s {app} had "
            f"{10 + number % 80}.{number % 10} million daily active users on Feb "
            f"{1 + number % 28}."
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    init_base(tmp_path)
    (tmp_path / "articles").mkdir()
    return tmp_path / "facts.toml"


def test_an_article_over_the_limit_is_refused_with_how_to_read_it(run: Run, base: Path) -> None:
    article = base.parent / "articles" / "long.txt"
    article.write_text(_long_article(10) + "word " * 250_000 + "\n", encoding="utf-8")
    options = ("--facts", str(base), "draft", str(article), "--publisher", "P")
    refused = run(*options, env={"AICOMPETE_MAX_ARTICLE_MB": "1"})
    assert refused.exit_code == ExitStatus.USAGE
    assert "more than the 1 MiB of an article" in refused.stderr
    assert "AICOMPETE_MAX_ARTICLE_MB" in refused.stderr
    bad = run(*options, env={"AICOMPETE_MAX_ARTICLE_MB": "lots"})
    assert bad.exit_code == ExitStatus.USAGE and "'lots'" in bad.stderr


def test_the_draft_tells_how_far_it_has_read(base: Path) -> None:
    text = _long_article(60)
    source = Source(id="long", title="Long", publisher="P", file="articles/long.txt")
    read: list[int] = []
    drafting.draft(load_knowledge(base), source, text, new_source=True, progress=read.append)
    assert read == sorted(read) and len(read) > 60
    assert read[-1] == len(text.rstrip())


def test_ctrl_c_stops_the_draft_with_nothing_written(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = base.parent / "articles" / "long.txt"
    article.write_text(_long_article(50), encoding="utf-8")

    def interrupted(*_arguments: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(drafting._Drafter, "_campaigns", interrupted)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = core.run(["--facts", str(base), "draft", str(article), "--publisher", "P"])
    assert code == ExitStatus.INTERRUPTED
    assert out.getvalue() == ""
    assert "interrupted" in err.getvalue() and "Traceback" not in err.getvalue()


def test_no_candidate_reads_the_whole_text_for_its_evidence(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each candidate's quote is found near where it stands: reading the whole text for each
    of them made a long article's draft grow with the square of its length."""
    whole: list[str] = []
    checked = Prover._evidence

    def counted(prover: Prover, fact: Fact) -> tuple[str, ...]:
        whole.append(fact.id)
        return checked(prover, fact)

    monkeypatch.setattr(Prover, "_evidence", counted)
    text = _long_article(120)
    source = Source(id="long", title="Long", publisher="P", file="articles/long.txt")
    found = drafting.draft(load_knowledge(base), source, text, new_source=True)
    assert len([c for c in found.candidates if c.kind == "figure"]) == 120
    assert whole == []

"""The README and the manual say what the code does: their examples print what they show, their
generated parts are current, and their links lead somewhere."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from pathlib import Path

import pytest
import tomli
from cogapp import Cog

from tests.conftest import ROOT, Run

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CURATING = ROOT / "docs" / "curating.md"


def _page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_the_readme_reads_in_five_minutes() -> None:
    assert len(README.encode("utf-8")) < 10 * 1024


def test_the_run_and_test_commands_are_there() -> None:
    assert "pip install . && aicompete dau" in README
    assert 'pip install -e ".[test]" && pytest' in README


def test_generated_parts_are_what_the_code_generates_now() -> None:
    """`cog -r PAGE` regenerates a page's reference parts from the commands."""
    generated = [str(page) for page in PAGES if "[[[cog" in page.read_text(encoding="utf-8")]
    assert len(generated) >= 2
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = Cog().main(["cog", "--check", "--diff", *generated])
    assert status == 0, f"stale; run cog -r on the page:\n{printed.getvalue()}"


# A console example: `$ aicompete ...`, then what it prints.
_EXAMPLE = re.compile(r"```console\n(\$ aicompete [^\n]*\n.*?)```", re.DOTALL)


def _runnable(line: str) -> list[str] | None:
    """The arguments of an example that runs as it stands from the repository's folder: on
    the bundled file, or on a file of the manual's (`docs/example/facts.toml`). Examples of a
    folder of one's own (the curator's loop) run in their own test."""
    args = shlex.split(line[2:])[1:]
    files = [arg for arg in args if arg.endswith((".toml", ".txt"))]
    if all(arg.startswith("docs/") and (ROOT / arg).is_file() for arg in files):
        return args
    return None


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_examples_print_what_the_page_shows(
    run: Run, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AICOMPETE_UPDATE_GOLDEN=1 writes what they print into the page instead."""
    monkeypatch.chdir(ROOT)
    text = page.read_text(encoding="utf-8")
    updated = text
    for block in _EXAMPLE.findall(text):
        line = block.partition("\n")[0]
        args = _runnable(line)
        if args is None:
            continue
        result = run(*args)
        assert result.exit_code == 0, result.output
        updated = updated.replace(block, f"{line}\n{result.stdout}", 1)
    if os.environ.get("AICOMPETE_UPDATE_GOLDEN"):
        page.write_text(updated, encoding="utf-8")
    assert updated == text


def test_the_readme_answers_each_question_with_a_command_and_its_output() -> None:
    examples = [block.partition("\n")[0] for block in _EXAMPLE.findall(README)]
    assert len(examples) >= 5
    assert all(_runnable(line) is not None for line in examples)


def _block(text: str, after: str, language: str) -> str:
    """The first fenced block of `language` after the line that begins with `after`."""
    start = text.index(f"```{language}\n", text.index(after)) + len(f"```{language}\n")
    return text[start : text.index("```", start)]


def _console(run: Run, block: str) -> str:
    """Run each `$ aicompete ...` line of a console block; return the block with what each
    printed after it, which the page must show."""
    printed = ""
    for command in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
        line = command.partition("\n")[0]
        result = run(*shlex.split(line)[1:])
        assert result.exit_code == 0, result.output
        printed += f"$ {line}\n{result.stdout}"
    return printed


def test_the_curators_loop_runs_as_shown(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AICOMPETE_UPDATE_GOLDEN=1 writes what the loop prints into the page instead."""
    text = CURATING.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    article = _block(text, "**1. Copy the text**", "text")
    (tmp_path / "articles" / "example-daily-2026-03-01.txt").write_text(article, encoding="utf-8")
    assert run("init", str(tmp_path)).exit_code == 0
    drafted = _block(text, "**2. Draft**", "console")
    printed = _console(run, drafted)
    with (tmp_path / "facts.toml").open("a", encoding="utf-8") as file:
        file.write("\n" + printed.partition("\n")[2])
    checked = _block(text, "**5. Validate and verify.**", "console")
    updated = text.replace(drafted, printed, 1).replace(checked, _console(run, checked), 1)
    if os.environ.get("AICOMPETE_UPDATE_GOLDEN"):
        CURATING.write_text(updated, encoding="utf-8")
    assert updated == text


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(heading) for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_links_lead_to_files_and_headings_that_exist(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{_page_id(page)}: {target}"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{_page_id(page)}: {target}"


def test_the_site_lists_every_page_of_the_manual() -> None:
    """mkdocs.yml's navigation holds each page of docs/, so that the site and GitHub show the
    same manual."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s+- [^:\n]+: (\S+\.md)$", config, re.MULTILINE))
    assert listed == {page.name for page in (ROOT / "docs").glob("*.md")}


def test_the_toml_test_corpus_is_named_with_its_repository_and_commit() -> None:
    """Anyone can fetch what the conformance tests read."""
    from tests.test_toml_test_corpus import PINNED

    for text in (README, (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")):
        assert "github.com/toml-lang/toml-test" in text
        assert PINNED in text


def test_the_docs_tools_are_in_the_extras_that_use_them() -> None:
    extras = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert any(requirement.startswith("cogapp") for requirement in extras["test"])
    assert any(requirement.startswith("mkdocs") for requirement in extras["docs"])


def test_the_internals_page_names_every_module() -> None:
    """A module added without a line in docs/internals.md leaves the page stale."""
    page = (ROOT / "docs" / "internals.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(\w+)`", page))
    modules = {
        path.stem
        for path in (ROOT / "aicompete").rglob("*.py")
        if path.stem not in {"__init__", "__main__"}
    }
    assert sorted(modules - named) == []


def test_the_manuals_example_base_verifies(run: Run) -> None:
    """The manual's examples read docs/example/facts.toml: every fact of it is proven against
    its articles, whose texts its sources pin by SHA-256."""
    result = run("--facts", str(ROOT / "docs" / "example" / "facts.toml"), "verify", "--json")
    assert result.exit_code == 0, result.output

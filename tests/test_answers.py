"""Answers given again: a repeated question is answered from the bytes its first answer wrote
(stdout, stderr and exit status alike), and never once anything that shapes the answer has
changed: the knowledge file, the width, the colour settings, the environment, the terminal,
the version or the code."""

from __future__ import annotations

import os
import pty
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from aicompete import answers
from aicompete.knowledge import cache, file_status
from tests.conftest import BUNDLED, ROOT, FactsFile, Run

# Runs the console script's entry as `aicompete` does, and notes on leaving (what is
# registered at exit runs on both paths) whether the command line was loaded. With "later",
# knowledge files are hashed as if a minute after they last changed: their status is trusted
# at once, where it is otherwise trusted only two seconds after they last changed.
PROBE = """
import atexit, sys, time
marker, when = sys.argv[1:3]
if when == "later":
    from types import SimpleNamespace
    from aicompete.knowledge import cache
    cache.time = SimpleNamespace(time_ns=lambda: time.time_ns() + 60 * 10**9, time=time.time)
atexit.register(lambda: open(marker, "w").write("ran" if "typer" in sys.modules else "replayed"))
sys.argv = ["aicompete", *sys.argv[3:]]
from aicompete.entry import main
main()
"""


@dataclass(frozen=True)
class Asked:
    """What one process gave: its exit status, the bytes of each stream, and whether the
    command line ran or a kept answer was given."""

    status: int
    stdout: bytes
    stderr: bytes
    how: str

    @property
    def given(self) -> tuple[int, bytes, bytes]:
        return self.status, self.stdout, self.stderr


def ask(
    tmp_path: Path,
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    when: str = "later",
    stderr_tty: bool = False,
) -> Asked:
    marker = tmp_path / "how"
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    command = [sys.executable, "-c", PROBE, str(marker), when, *args]
    if not stderr_tty:
        done = subprocess.run(command, env=environ, cwd=cwd, capture_output=True, timeout=120)
        return Asked(done.returncode, done.stdout, done.stderr, marker.read_text())
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            command, env=environ, cwd=cwd, stdout=subprocess.PIPE, stderr=follower, timeout=120
        )
    finally:
        os.close(follower)
        os.close(leader)
    return Asked(done.returncode, done.stdout, b"", marker.read_text())


def kept() -> list[Path]:
    return sorted(cache.folder().glob("answer-*"))


@pytest.mark.parametrize(
    "args",
    [
        ["dau", "--json"],
        ["campaigns", "--format", "csv"],
        ["leadership", "--company", "alibaba"],
        ["lookup", "qwen", "--format", "jsonl"],
        ["compare", "tencent", "alibaba", "--format", "markdown"],
        ["timeline", "--limit", "3"],
        ["history", "qwen", "--json"],
        ["conflicts"],
        ["show", "yu-bowen"],
        ["fields", "dau"],
        ["schema"],
    ],
)
def test_a_repeated_question_gets_the_same_bytes_without_the_command_line(
    tmp_path: Path, args: list[str]
) -> None:
    first = ask(tmp_path, *args)
    again = ask(tmp_path, *args)
    assert (first.how, again.how) == ("ran", "replayed")
    assert again.given == first.given
    assert first.status == 0 and first.stdout
    assert len(kept()) == 1


def test_an_answer_with_its_knowledge_file_named_anywhere(
    tmp_path: Path, facts_file: FactsFile
) -> None:
    facts = facts_file()
    args = ("--facts", "facts.toml", "dau", "--json")
    first = ask(tmp_path, *args, cwd=facts.parent)
    again = ask(tmp_path, *args, cwd=facts.parent)
    assert (again.how, again.given) == ("replayed", first.given)
    # The same arguments in another folder name another file.
    other = tmp_path / "other"
    other.mkdir()
    (other / "facts.toml").write_text(
        BUNDLED.read_text(encoding="utf-8").replace("value = 145000000", "value = 146000000", 1),
        encoding="utf-8",
    )
    elsewhere = ask(tmp_path, *args, cwd=other)
    assert elsewhere.how == "ran"
    assert b"146000000" in elsewhere.stdout


def _rewritten(facts: Path) -> None:
    """The file's content changed in place, to a figure of another length."""
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("value = 145000000", "value = 1450000000", 1), encoding="utf-8")


def _renamed_over(facts: Path) -> None:
    """Another file, saved as editors save, renamed over it."""
    text = facts.read_text(encoding="utf-8")
    new = facts.with_name("new.toml")
    new.write_text(text.replace("value = 145000000", "value = 1450000000", 1), encoding="utf-8")
    new.replace(facts)


@pytest.mark.parametrize("change", [_rewritten, _renamed_over])
def test_a_changed_knowledge_file_never_gets_a_kept_answer(
    tmp_path: Path, facts_file: FactsFile, run: Run, change: object
) -> None:
    facts = facts_file()
    args = ("--facts", str(facts), "dau", "--json")
    ask(tmp_path, *args)
    assert ask(tmp_path, *args).how == "replayed"
    assert callable(change)
    change(facts)
    # Asked at once, when the new file's status is not yet trusted, and then as if later.
    for when in ("now", "later", "later"):
        changed = ask(tmp_path, *args, when=when)
        assert b'"value": 1450000000' in changed.stdout
        assert changed.stdout.decode() == run(*args).stdout
    assert ask(tmp_path, *args).how == "replayed"


@pytest.mark.parametrize(
    "env",
    [
        {"COLUMNS": "60"},
        {"LINES": "10"},
        {"NO_COLOR": "1"},
        {"FORCE_COLOR": "1"},
        {"TERM": "dumb"},
        {"AICOMPETE_PAGER": "more"},
        {"PAGER": "most"},
        {"LC_ALL": "C"},
        {"PYTHONIOENCODING": "latin-1"},
    ],
)
def test_an_answer_is_given_again_only_in_the_environment_it_was_given_in(
    tmp_path: Path, env: dict[str, str], run: Run
) -> None:
    args = ("dau",)
    ask(tmp_path, *args)
    assert ask(tmp_path, *args).how == "replayed"
    other = ask(tmp_path, *args, env=env)
    assert other.how == "ran"
    if "PYTHONIOENCODING" not in env:
        assert other.stdout.decode() == run(*args, env=env).stdout
    assert ask(tmp_path, *args, env=env).given == other.given


def test_colour_forced_into_a_pipe_is_its_own_answer(tmp_path: Path) -> None:
    plain = ask(tmp_path, "dau")
    coloured = ask(tmp_path, "dau", env={"FORCE_COLOR": "1"})
    assert b"\x1b[" in coloured.stdout and b"\x1b[" not in plain.stdout
    assert ask(tmp_path, "dau").given == plain.given
    assert ask(tmp_path, "dau", env={"FORCE_COLOR": "1"}).given == coloured.given


def test_an_answer_written_with_stderr_on_a_terminal_is_its_own(tmp_path: Path) -> None:
    ask(tmp_path, "dau", "--json")
    first = ask(tmp_path, "dau", "--json", stderr_tty=True)
    assert first.how == "ran"
    again = ask(tmp_path, "dau", "--json", stderr_tty=True)
    assert (again.how, again.given) == ("replayed", first.given)


def test_output_to_a_terminal_is_never_kept(tmp_path: Path) -> None:
    """A terminal's answer may be paged: each is written by the command line."""
    marker = tmp_path / "how"
    for _ in range(2):
        leader, follower = pty.openpty()
        try:
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    PROBE,
                    str(marker),
                    "later",
                    "fields",
                    "dau",
                    "--fields",
                    "name",
                ],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=follower,
                stderr=subprocess.PIPE,
                check=True,
                timeout=120,
            )
        finally:
            os.close(follower)
            os.close(leader)
        assert marker.read_text() == "ran"
    assert kept() == []


def test_another_version_never_gets_a_kept_answer(tmp_path: Path) -> None:
    ask(tmp_path, "dau", "--json")
    version = "import aicompete; aicompete.__version__ = '0.0.0+other'\n"
    marker = tmp_path / "how"
    subprocess.run(
        [sys.executable, "-c", version + PROBE, str(marker), "later", "dau", "--json"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert marker.read_text() == "ran"


def test_changed_code_changes_every_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "package"
    (package / "output").mkdir(parents=True)
    module = package / "output" / "table.py"
    module.write_text("", encoding="utf-8")
    monkeypatch.setattr(answers, "__file__", str(package / "answers.py"))

    def key() -> bytes:
        return answers.Question.of(["dau"], "/", {}, False, ("utf-8", "utf-8")).key

    before = key()
    assert key() == before
    os.utime(module, ns=(0, 10**9))
    assert key() != before
    changed = key()
    module.write_text("# a fix", encoding="utf-8")
    assert key() != changed


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "--json"],
        ["sources"],
        ["validate"],
        ["dau", "--fields", "bogus"],
        ["show", "nobody"],
        ["--facts", "missing.toml", "dau"],
        ["--version"],
    ],
)
def test_only_successful_answers_of_the_knowledge_file_alone_are_kept(
    tmp_path: Path, args: list[str]
) -> None:
    first = ask(tmp_path, *args, cwd=tmp_path)
    again = ask(tmp_path, *args, cwd=tmp_path)
    assert (first.how, again.how) == ("ran", "ran")
    assert again.given == first.given
    assert kept() == []


def _damaged(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-1] + b"!")


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:40])


def _others_may_write(path: Path) -> None:
    path.chmod(0o666)


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("spoil", [_damaged, _truncated, _others_may_write, _emptied])
def test_a_spoiled_answer_goes_to_the_command_line(tmp_path: Path, spoil: object) -> None:
    first = ask(tmp_path, "dau", "--json")
    [answer] = kept()
    assert callable(spoil)
    spoil(answer)
    again = ask(tmp_path, "dau", "--json")
    assert (again.how, again.given) == ("ran", first.given)


def test_another_users_answer_is_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    question = answers.Question(b"k" * answers.KEY_SIZE)
    answers.keep(question, answers.Answer(0, [(answers.STDOUT, b"[]\n")], []))
    found = answers.find(question)
    assert found is not None and found.output == [(answers.STDOUT, b"[]\n")]
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    assert answers.find(question) is None


def test_an_answer_keeps_its_status_and_both_streams_in_order() -> None:
    output = [(answers.STDOUT, b"out\n"), (answers.STDERR, b"warning\n"), (answers.STDOUT, b"")]
    read = [("/data/facts.toml", b"h" * file_status.CONTENT_SIZE)]
    key = b"q" * answers.KEY_SIZE
    blob = answers.Answer(1, output, read).encode(key)
    decoded = answers.Answer.decode(blob, key)
    assert decoded is not None
    assert (decoded.status, decoded.output, decoded.read) == (1, output, read)
    assert answers.Answer.decode(blob, b"x" * answers.KEY_SIZE) is None


def test_a_file_read_as_two_contents_in_one_run_is_no_ones_answer() -> None:
    file_status.identified.clear()
    file_status.identify("/data/facts.toml", b"a" * file_status.CONTENT_SIZE)
    file_status.identify("/data/facts.toml", b"a" * file_status.CONTENT_SIZE)
    assert file_status.identified == {"/data/facts.toml": b"a" * file_status.CONTENT_SIZE}
    file_status.identify("/data/facts.toml", b"b" * file_status.CONTENT_SIZE)
    file_status.identify("/data/facts.toml", b"a" * file_status.CONTENT_SIZE)
    assert file_status.identified == {"/data/facts.toml": None}
    file_status.identified.clear()


def test_kept_answers_are_pruned_oldest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers, "KEEP_ANSWERS", 3)
    monkeypatch.setattr(answers, "KEEP_BYTES", 10**9)
    for number in range(5):
        question = answers.Question(bytes([number]) * answers.KEY_SIZE)
        answers.keep(question, answers.Answer(0, [(answers.STDOUT, b"x" * 100)], []))
        os.utime(answers.path_of(question.key), ns=(number * 10**9, number * 10**9))
    assert [path.name[len("answer-") :][:2] for path in kept()] == ["02", "03", "04"]
    # A bound on bytes: the newest answer stays, the older ones go until the rest fit.
    monkeypatch.setattr(answers, "KEEP_BYTES", 500)
    newest = answers.Question(b"\x09" * answers.KEY_SIZE)
    answers.keep(newest, answers.Answer(0, [(answers.STDOUT, b"y" * 200)], []))
    assert [path.name[len("answer-") :][:2] for path in kept()] == ["04", "09"]


def test_a_kept_answer_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    ask(tmp_path, "dau", "--json")
    probe = shlex.join(
        [sys.executable, "-c", PROBE, str(tmp_path / "how"), "later", "dau", "--json"]
    )
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {probe} | head -c 0"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert (tmp_path / "how").read_text() == "replayed"


def test_a_kept_answer_imports_nothing_heavy(tmp_path: Path) -> None:
    heavy = ("typer", "click", "rich", "pydantic", "json", "pathlib", "typing", "enum", "re")
    probe = PROBE.replace(
        '"ran" if "typer" in sys.modules else "replayed"',
        f"repr(sorted(name for name in {heavy!r} if name in sys.modules))",
    )
    marker = tmp_path / "how"
    # The bundled file changed long before: its status is trusted as it is.
    command = [sys.executable, "-c", probe, str(marker), "now", "dau", "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(2):
        subprocess.run(command, env=env, capture_output=True, check=True, timeout=120)
    assert marker.read_text() == "[]"


def test_what_runs_at_exit_is_written_on_either_path(tmp_path: Path) -> None:
    """Leaving without tearing the interpreter down still runs what is registered at exit,
    and flushes what it writes, as Python's own exit does."""
    probe = "import atexit, sys\natexit.register(lambda: sys.stderr.write('bye'))\n" + PROBE
    command = [sys.executable, "-c", probe, str(tmp_path / "how"), "later", "dau", "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for how in ("ran", "replayed"):
        done = subprocess.run(command, env=env, capture_output=True, check=True, timeout=120)
        assert (tmp_path / "how").read_text() == how
        assert done.stderr == b"bye"

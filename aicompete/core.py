"""The process: its arguments, its signals, how each way a command ends becomes a message and
an exit status, the answers it keeps, and how it leaves.

`run` runs the command line (`cli.app`) on a list of arguments and returns the exit status;
the tests come through it. `main` is the process around it, where `aicompete.entry` hands over
a question it holds no answer for: what the run writes is recorded, and kept as the answer to
that question when it may be given again (`answers`).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, BinaryIO, NoReturn, TextIO

import typer

from aicompete import answers
from aicompete.entry import leave
from aicompete.errors import ExitStatus, Failure
from aicompete.output.writer import OutputClosed, silence_stdout
from aicompete.session import Session

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# Why writing to stdout can fail other than a closed pipe: the disk or the file is full.
_OUTPUT_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def run(argv: Sequence[str] | None = None, session: Session | None = None) -> int:
    """Run the command line on `argv` (else the process's arguments) in `session` (else a new
    one); return the exit status.

    Every failure becomes a message and an exit status; the console script and the tests both
    come through here.
    """
    from aicompete.cli import app
    from aicompete.typer_internals import lazy_command, shown_click_error

    args = _normalized(sys.argv[1:] if argv is None else list(argv))
    try:
        command = lazy_command(app)
        code = command(args=args, prog_name="aicompete", standalone_mode=False, obj=session)
    except (typer.Abort, KeyboardInterrupt):
        code = ExitStatus.INTERRUPTED
    except Terminated as stop:
        typer.echo(f"aicompete: stopped by signal {stop.signal}", err=True)
        code = 128 + stop.signal
    except (OutputClosed, BrokenPipeError):
        # A reader that has gone away (`| head`), from an answer or from help and usage
        # written outside the writer: the command stops as quietly.
        silence_stdout()
        code = ExitStatus.SUCCESS
    except Failure as failure:
        code = _failed(str(failure), failure.status)
    except OSError as error:
        if error.errno not in _OUTPUT_FULL:
            code = _internal_error(error)
        else:
            # Output written outside the writer (help) met a full disk: said as it says it.
            silence_stdout()
            code = _failed(f"cannot write output: {error.strerror}", ExitStatus.ERROR)
    except Exception as error:
        shown = shown_click_error(error)
        code = _internal_error(error) if shown is None else shown
    # Typer turns an interrupt into exit status 130 itself, without a word.
    if code == ExitStatus.INTERRUPTED:
        typer.echo("aicompete: interrupted", err=True)
    return int(code) if isinstance(code, int) else ExitStatus.SUCCESS


def _failed(message: str, status: int) -> int:
    from aicompete.output.escaping import clean

    # The message may quote the knowledge file: its control characters are escaped.
    typer.echo(f"aicompete: error: {clean(message)}", err=True)
    return status


# Global options that may also come after the command, and how many values each takes.
_GLOBAL_AFTER = {"--facts": 1, "--no-pager": 0}
# Options whose value may be left out: `--show-completion` alone is for the current shell.
_OPTIONAL_VALUE = ("--show-completion", "--install-completion")


def _normalized(args: list[str]) -> list[str]:
    """The arguments as click reads them: no arguments at all ask for help (on stdout, exit
    0, as gh does); a global option after the command is moved before it
    (`aicompete dau --facts X`); a completion option without a shell gets an empty one."""
    if not args:
        return ["--help"]
    moved: list[str] = []
    kept: list[str] = []
    command_seen = False
    at = 0
    while at < len(args):
        arg = args[at]
        if arg == "--":
            kept += args[at:]
            break
        name, equals, _ = arg.partition("=")
        following = args[at + 1] if at + 1 < len(args) else None
        if name in _OPTIONAL_VALUE and not equals and (not following or following[0] == "-"):
            arg = f"{arg}="
        values = 0 if "=" in arg else _GLOBAL_AFTER.get(name, int(name in _OPTIONAL_VALUE))
        taken = [arg, *args[at + 1 : at + 1 + values]]
        if command_seen and name in _GLOBAL_AFTER:
            moved += taken
        else:
            kept += taken
            command_seen = command_seen or not arg.startswith("-")
        at += 1 + values
    return moved + kept


def _internal_error(error: Exception) -> int:
    """An error nobody expected: one line and how to report it, or the traceback when asked."""
    if os.environ.get("AICOMPETE_DEBUG"):
        raise error
    from aicompete.output.escaping import clean

    typer.echo(
        f"aicompete: internal error: {type(error).__name__}: {clean(str(error))}\n"
        f"This is a bug; please report it at {_issue_tracker()} with the command you ran. "
        "Set AICOMPETE_DEBUG=1 to see the traceback.",
        err=True,
    )
    return ExitStatus.ERROR


def _issue_tracker() -> str:
    """Where to report a bug: the `Issues` address of the installed package's metadata."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("aicompete").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    found = [url.partition(",")[2].strip() for url in urls if url.lower().startswith("issues")]
    return found[0] if found else "the project's issue tracker"


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP): raised where it runs, so that what it
    was writing is cleaned up as on an interrupt. Like `KeyboardInterrupt`, not an
    `Exception`: code that turns failures into a slower path must not swallow it."""

    def __init__(self, number: int) -> None:
        super().__init__(f"signal {number}")
        self.signal = number


def _stop_on_signals() -> None:
    import signal

    def stop(number: int, _frame: object) -> None:
        raise Terminated(number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def main(question: answers.Question | None = None) -> NoReturn:
    """The process: text that the output's encoding lacks is replaced, not a crash; a request
    to stop cleans up like an interrupt; the answer to `question` is kept when it may be given
    again; and the process leaves as soon as its answer is out."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    _stop_on_signals()
    session = Session(lasting=True)
    if question is None:
        leave(run(session=session))
    recording = Recording()
    status = run(session=session)
    try:
        recording.stop()
        _keep(question, session, recording, status)
    except Terminated as stop:
        leave(128 + stop.signal)
    leave(status)


def _keep(question: answers.Question, session: Session, recording: Recording, status: int) -> None:
    """Keep the answer of a run that may be given again: a success of a repeatable command,
    written whole, whose knowledge file was read as one content; and, when stderr is a
    terminal, with nothing written there (a load's progress is drawn there)."""
    from aicompete.cli import REPEATABLE
    from aicompete.knowledge.file_status import identified

    if status != ExitStatus.SUCCESS or session.command not in REPEATABLE or recording.failed:
        return
    if recording.stderr_tty and any(stream == answers.STDERR for stream, _ in recording.output):
        return
    read = list(identified.items())
    if session.read_knowledge and not read:
        return
    files = [(name, content) for name, content in read if content is not None]
    if len(files) == len(read):
        answers.keep(question, answers.Answer(status, recording.output, files))


class Recording:
    """What the process writes to stdout and stderr from now on, in order, as it reaches them:
    each stream is replaced by one that writes through and keeps a copy."""

    def __init__(self) -> None:
        self.output: list[tuple[int, bytes]] = []
        self.failed = False
        self.stderr_tty = sys.stderr.isatty()
        self._streams = (sys.stdout, sys.stderr)
        sys.stdout = self._recorded(sys.stdout, answers.STDOUT)
        sys.stderr = self._recorded(sys.stderr, answers.STDERR)

    def _recorded(self, stream: TextIO, number: int) -> TextIO:
        stream.flush()
        copied = io.BufferedWriter(_Copying(stream.buffer, number, self))
        return io.TextIOWrapper(
            copied,
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=bool(stream.line_buffering),
        )

    def stop(self) -> None:
        """Flush what is still buffered into the record, and write to the streams directly."""
        for recorded in (sys.stdout, sys.stderr):
            try:
                recorded.flush()
            except (OSError, ValueError):
                self.failed = True
        sys.stdout, sys.stderr = self._streams


class _Copying(io.RawIOBase):
    """A binary stream that writes to `stream` and keeps a copy of each write in `recording`;
    a write that fails marks the recording as failed, an answer not to keep."""

    def __init__(self, stream: BinaryIO, number: int, recording: Recording) -> None:
        super().__init__()
        self._stream = stream
        self._number = number
        self._recording = recording

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        copy = bytes(data)
        try:
            self._stream.write(copy)
            self._stream.flush()
        except BaseException:
            self._recording.failed = True
            raise
        self._recording.output.append((self._number, copy))
        return len(copy)

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

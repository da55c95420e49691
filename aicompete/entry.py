"""The console script: a question answered before is answered again from the bytes its answer
wrote, at little more than Python's own start-up; any other goes to the command line (`core`).

Nothing heavy is imported before an answer is found: Typer, click, rich and pydantic together
cost several times Python's start-up, and a kept answer needs none of them. Any doubt (no
answer, a damaged or foreign one, a knowledge file that may have changed, an error) sends the
question to the command line.
"""

from __future__ import annotations

import os
import sys

from aicompete import answers

# Not `typing.TYPE_CHECKING`: typing costs more to import than giving an answer.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn


def main() -> NoReturn:
    try:
        question = answers.Question.of_process()
        answer = answers.find(question) if question is not None else None
    except Exception:
        question = answer = None
    if answer is not None:
        give(answer)
    from aicompete import core

    core.main(question)


def give(answer: answers.Answer) -> NoReturn:
    """Write the answer's bytes as its run wrote them, and leave with its exit status; a
    closed pipe, a full disk and Ctrl-C end it as they end the command line."""
    status = answer.status
    try:
        for stream, data in answer.output:
            _write_all(stream, data)
    except BrokenPipeError:
        # The reader has gone away (`| head`): the answer ends there, quietly.
        pass
    except OSError as error:
        from aicompete.errors import ExitStatus

        _say(f"aicompete: error: cannot write output: {error.strerror or error}\n")
        status = ExitStatus.ERROR
    except KeyboardInterrupt:
        from aicompete.errors import ExitStatus

        _say("aicompete: interrupted\n")
        status = ExitStatus.INTERRUPTED
    leave(status)


def leave(status: int) -> NoReturn:
    """End the process once its answer is out: run what is registered to run at exit, flush
    the standard streams (as Python's own exit does, in that order), then end without tearing
    the interpreter down, which frees every object (a whole knowledge base) one by one and
    only costs time."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            # None, or closed: every answer is flushed as it is written, and what fails here
            # was said already.
            continue
    os._exit(status)


def _write_all(stream: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(stream, view) :]


def _say(message: str) -> None:
    try:
        _write_all(answers.STDERR, message.encode(sys.stderr.encoding or "utf-8", "replace"))
    except OSError:
        return

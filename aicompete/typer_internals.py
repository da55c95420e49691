"""The one module that reaches into Typer's internals; each use falls back to the public way.

Typer builds a click command for every registered command on every run, reading each
function's signature and type hints: a few million instructions per command, paid again for
every command the user did not ask for. The group built here has the same options, help and
behaviour, but its commands are built on first use: a run of `aicompete dau` builds `dau`
alone, while `--help` (which lists them all) builds them all. A Typer without the internals
this needs gets its own, eager group: slower, never broken.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aicompete.errors import UsageError

if TYPE_CHECKING:
    import typer
    from typer._click import Command
    from typer.models import CommandInfo


class LazyCommands(MutableMapping[str, "Command"]):
    """Subcommands by name, in definition order; a Typer registration is built on first use."""

    def __init__(
        self, entries: dict[str, Command | CommandInfo], build: Callable[[CommandInfo], Command]
    ) -> None:
        self._entries = entries
        self._build = build

    def __getitem__(self, name: str) -> Command:
        from typer._click import Command

        entry = self._entries[name]
        if not isinstance(entry, Command):
            entry = self._entries[name] = self._build(entry)
        return entry

    def __setitem__(self, name: str, command: Command) -> None:
        self._entries[name] = command

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def lazy_command(app: typer.Typer) -> Command:
    """The app's click group, with its registered commands built on first use if it can be.

    When the shell asks for completions, Typer's completion classes are registered first:
    the app has its own completion options, so Typer does not do it.
    """
    import os

    from typer import main as typer_main

    if app.info.name and f"_{app.info.name.replace('-', '_').upper()}_COMPLETE" in os.environ:
        try:
            from typer._completion_classes import completion_init
        except ImportError:
            # A Typer without them: the shell is offered no completions, and nothing breaks.
            pass
        else:
            completion_init()

    try:
        return _lazy_group(app)
    except (ImportError, AttributeError, TypeError):
        return typer_main.get_command(app)


def shown_click_error(error: Exception) -> int | None:
    """Show `error` as click shows its own errors (usage, bad parameter) and return its exit
    code; None if it is not one of them.

    Their base class is found from `typer.BadParameter`, whether Typer vendors click or not.
    """
    import typer

    base = next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException")
    if not isinstance(error, base):
        return None
    shown: Any = error
    shown.show()
    code: int = shown.exit_code
    return code


def _lazy_group(app: typer.Typer) -> Command:
    from typer import main as typer_main
    from typer.core import TyperGroup

    shell = copy.copy(app)
    shell.registered_commands = []
    group = typer_main.get_command(shell)
    if not isinstance(group, TyperGroup):
        # An app without a callback or sub-apps is a single command: nothing to defer.
        return typer_main.get_command(app)

    def build(info: CommandInfo) -> Command:
        return typer_main.get_command_from_info(
            info,
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
        )

    # Typer puts commands before sub-apps; so does this.
    entries: dict[str, Command | CommandInfo] = {
        _name(info): info for info in app.registered_commands
    }
    entries.update(group.commands)
    group.commands = LazyCommands(entries, build)
    return group


def _name(info: CommandInfo) -> str:
    from typer.main import get_command_name

    if info.name:
        return info.name
    assert info.callback is not None, "a Typer command has a callback"
    return get_command_name(info.callback.__name__)


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


class UnknownShell(UsageError):
    """A shell that no completion script is written for, or none found."""


class CompletionUnavailable(UsageError):
    """A Typer without the completion scripts this version of aicompete writes with."""


def _completion_shared() -> Any:
    """Typer's completion module, or `CompletionUnavailable` saying what to install."""
    import importlib

    try:
        return importlib.import_module("typer._completion_shared")
    except ImportError:
        raise CompletionUnavailable(
            "shell completion needs a Typer that aicompete supports: pip install 'typer<0.29'"
        ) from None


def _shell(shell: str | None) -> str:
    if shell:
        found = shell
    else:
        try:
            found = _completion_shared()._get_shell_name()
        except (CompletionUnavailable, AttributeError):
            import os

            found = Path(os.environ.get("SHELL", "")).name
    if found not in SHELLS:
        raise UnknownShell(
            f"no completion for {found or 'this shell'!r}; name one of: {', '.join(SHELLS)}"
        )
    return found


def completion_script(program: str, shell: str | None) -> str:
    """The completion script of `program` for `shell` (None: the shell it runs in)."""
    shared = _completion_shared()
    variable = f"_{program.replace('-', '_').upper()}_COMPLETE"
    script: str = shared.get_completion_script(
        prog_name=program, complete_var=variable, shell=_shell(shell)
    )
    return script + "\n"


def install_completion(program: str, shell: str | None) -> tuple[str, Path]:
    """Install the completion of `program` for `shell`; the shell and the file it went to."""
    shared = _completion_shared()
    variable = f"_{program.replace('-', '_').upper()}_COMPLETE"
    found: str
    path: Path
    found, path = shared.install(shell=_shell(shell), prog_name=program, complete_var=variable)
    return found, path

"""The command line: parse options, call a query, print its rendering, map errors to exit codes.

This is the only module that prints or exits.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from aicompete import __version__
from aicompete.environment import Environment
from aicompete.records import record

if TYPE_CHECKING:
    from aicompete.models import KnowledgeBase
    from aicompete.queries import Listing

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 the knowledge file cannot be used, a check failed, or an "
    "unexpected error; 2 usage error; 130 interrupted."
)

app = typer.Typer(
    name="aicompete",
    help="Sourced facts on China's AI assistant race: DAU, promotional budgets and leadership "
    "changes, each traced to the sentence that states it.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    svg = "svg"


class CampaignSortKey(str, Enum):
    spend = "spend"
    company = "company"
    app = "app"


@record
class Settings:
    facts: Path | None
    env: Environment


# The output options every listing command takes, defined once.
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,...",
        help="Fields to show, in this order (see `aicompete fields COMMAND`).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aicompete {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    facts: Annotated[
        Path | None,
        typer.Option(
            "--facts",
            envvar="AICOMPETE_FACTS",
            help="Knowledge file to read instead of the bundled one.",
            dir_okay=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = Settings(facts, Environment.detect())


@app.command(
    epilog="Examples: aicompete dau; aicompete dau --json; aicompete dau --format csv",
)
def dau(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Apps ranked by daily active users, largest first, with each one's share of the leader."""
    from aicompete import queries

    _emit(ctx, queries.dau(_knowledge(ctx)), output_format, json_output, fields)


@app.command(
    epilog="Examples: aicompete campaigns --sort spend; aicompete campaigns --sort company "
    "--reverse; aicompete campaigns --json",
)
def campaigns(
    ctx: typer.Context,
    sort: Annotated[
        CampaignSortKey,
        typer.Option(help="Order by spend (largest first), company or app (A to Z)."),
    ] = CampaignSortKey.spend,
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Reverse the order; unknown amounts stay last.")
    ] = False,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Promotional campaigns: amount in CNY and USD (stated or derived), and purpose."""
    from aicompete import queries

    listing = queries.campaigns(_knowledge(ctx), sort.value, reverse)
    _emit(ctx, listing, output_format, json_output, fields)


@app.command(epilog="Examples: aicompete leadership; aicompete leadership --json")
def leadership(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Leadership and organisation changes and statements: who, role, what, when, quote."""
    from aicompete import queries

    _emit(ctx, queries.leadership(_knowledge(ctx)), output_format, json_output, fields)


def _knowledge(ctx: typer.Context) -> KnowledgeBase:
    from aicompete.load import KnowledgeFileError, load_knowledge
    from aicompete.paths import bundled_facts

    settings: Settings = ctx.obj
    try:
        return load_knowledge(settings.facts or bundled_facts())
    except KnowledgeFileError as error:
        _fail(str(error), EXIT_DATA)


def _emit(
    ctx: typer.Context,
    listing: Listing,
    output_format: OutputFormat,
    json_output: bool,
    fields: str | None,
) -> None:
    from aicompete import render
    from aicompete.queries import select_fields

    settings: Settings = ctx.obj
    if json_output and output_format not in (OutputFormat.table, OutputFormat.json):
        raise typer.BadParameter("--json conflicts with --format", param_hint="--json")
    chosen = OutputFormat.json if json_output else output_format
    if fields is not None:
        names = [name.strip() for name in fields.split(",") if name.strip()]
        valid = [field.name for field in listing.fields]
        unknown = [name for name in names if name not in valid]
        if unknown or not names:
            raise typer.BadParameter(
                f"unknown field {', '.join(map(repr, unknown))}; valid fields: {', '.join(valid)}"
                if unknown
                else f"no field named; valid fields: {', '.join(valid)}",
                param_hint="--fields",
            )
    elif chosen.value in render.HUMAN_FORMATS:
        names = list(listing.table_fields)
    else:
        names = [field.name for field in listing.fields]
    listing = select_fields(listing, names)
    env = settings.env
    if chosen is OutputFormat.json:
        text = render.to_json(listing)
    elif chosen is OutputFormat.jsonl:
        text = render.to_jsonl(listing)
    elif chosen is OutputFormat.csv:
        text = render.to_delimited(listing, ",")
    elif chosen is OutputFormat.tsv:
        text = render.to_delimited(listing, "\t")
    elif chosen is OutputFormat.markdown:
        text = render.to_markdown(listing)
    else:
        from aicompete import tables

        if chosen is OutputFormat.svg:
            text = tables.to_svg(listing, width=env.width)
        else:
            text = tables.to_table(listing, color=env.color, width=env.width)
    sys.stdout.write(text)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"aicompete: error: {message}", err=True)
    raise typer.Exit(code)


def main() -> None:
    """Console entry point: run the app, turning every failure into a message and exit code."""
    from aicompete.startup import lazy_command

    try:
        code = lazy_command(app)(standalone_mode=False)
    except typer.Abort:
        typer.echo("aicompete: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except KeyboardInterrupt:
        typer.echo("aicompete: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without Python's own complaint at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except Exception as error:
        code = _usage_or_internal(error)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _usage_or_internal(error: Exception) -> int:
    from typer._click.exceptions import ClickException

    if isinstance(error, ClickException):
        error.show()
        return error.exit_code
    if os.environ.get("AICOMPETE_DEBUG"):
        raise error
    typer.echo(
        f"aicompete: internal error: {type(error).__name__}: {error}\n"
        "This is a bug; please report it with the command you ran. "
        "Set AICOMPETE_DEBUG=1 to see the traceback.",
        err=True,
    )
    return EXIT_DATA


if __name__ == "__main__":
    main()

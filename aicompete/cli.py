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
    from aicompete.queries import Field, Listing

EXIT_OK = 0
EXIT_DATA = 1
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 the knowledge file cannot be used, a check failed, or an "
    "unexpected error; 2 usage error; 130 interrupted."
)

app = typer.Typer(
    name="aicompete",
    help="Sourced facts on China's AI assistant race: DAU, promotional budgets and leadership "
    "changes, each traced to the sentence that states it.",
    epilog="\b\nExamples:\n"
    "  aicompete dau\n"
    "  aicompete campaigns --sort spend --json\n"
    "  aicompete leadership --format markdown\n"
    "  aicompete lookup yu bowen\n"
    "  aicompete compare tencent alibaba\n"
    "  aicompete timeline\n"
    "  aicompete verify\n"
    "  aicompete fields campaigns\n"
    "  aicompete export facts.db\n\n" + EXIT_CODES_HELP,
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


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for --fields: the command's fields, after any already typed."""
    fields = _command_fields().get(ctx.info_name or "", ())
    typed, _, last = incomplete.rpartition(",")
    prefix = typed + "," if typed else ""
    chosen = set(typed.split(","))
    return [
        prefix + field.name
        for field in fields
        if field.name.startswith(last) and field.name not in chosen
    ]


def _field_names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _check_fields(ctx: typer.Context, value: str | None) -> str | None:
    """Each name in --fields is a field of the command: checked before any work is done."""
    if value is None:
        return None
    names = _field_names(value)
    valid = [field.name for field in _command_fields()[ctx.info_name or ""]]
    unknown = [name for name in names if name not in valid]
    if unknown:
        raise typer.BadParameter(
            f"unknown field {', '.join(map(repr, unknown))}; valid fields: {', '.join(valid)}"
        )
    if not names:
        raise typer.BadParameter(f"no field named; valid fields: {', '.join(valid)}")
    return value


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
        callback=_check_fields,
        autocompletion=_complete_fields,
    ),
]


def _version(value: bool) -> None:
    if value:
        _write(f"aicompete {__version__}\n")
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


@app.command(
    epilog="Examples: aicompete lookup lin junyang; aicompete lookup 'red packet' --json; "
    "aicompete lookup tongyi --fields kind,id,summary",
)
def lookup(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help="Words to find: a name, alias, role, or words of a description or quote.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Find any fact or entity by the words you would type; best match first."""
    from aicompete import search

    text = " ".join(query)
    knowledge = _knowledge(ctx)
    try:
        listing = search.lookup(knowledge, text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="QUERY") from None
    if not listing.rows and not json_output and output_format is OutputFormat.table:
        from aicompete.render import clean

        _write(f"no match for {clean(text)!r}\n")
        return
    _emit(ctx, listing, output_format, json_output, fields)


@app.command(
    epilog="Examples: aicompete compare tencent alibaba; aicompete compare doubao qwen yuanbao; "
    "aicompete compare bytedance qwen --json",
)
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME NAME...",
            help="Two or more companies or apps; an app stands for the company that runs it.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Companies side by side: app, DAU and share of the leader, campaigns, spend, leadership."""
    from aicompete import compare as comparison
    from aicompete.catalog import UnknownName

    knowledge = _knowledge(ctx)
    try:
        listing = comparison.compare(knowledge, names)
    except (UnknownName, comparison.NotEnoughPlayers) as error:
        raise typer.BadParameter(str(error), param_hint="NAME") from None
    _emit(ctx, listing, output_format, json_output, fields)


@app.command(
    epilog="Examples: aicompete timeline; aicompete timeline --json; "
    "aicompete timeline --fields rank,when,who,event",
)
def timeline(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Every dated or dateable event, earliest first, dated exactly as reported."""
    from aicompete import timeline as events

    listing = events.timeline(_knowledge(ctx))
    _emit(ctx, listing, output_format, json_output, fields)


@app.command(
    epilog="Examples: aicompete show yu-bowen; aicompete show qwen-spring-festival-treat --json; "
    "aicompete show app:qwen",
)
def show(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An id (as `lookup` shows it), KIND:ID when kinds share an id, or an exact name.",
            show_default=False,
        ),
    ],
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Everything about one record: every field, what it names, what names it, its quotes."""
    from aicompete import show as showing
    from aicompete.catalog import AmbiguousId, UnknownName

    knowledge = _knowledge(ctx)
    try:
        found = showing.detail(knowledge, name)
    except (UnknownName, AmbiguousId) as error:
        raise typer.BadParameter(str(error), param_hint="ID") from None
    if json_output:
        _write(showing.to_json(found))
        return
    from aicompete.panels import to_detail_text

    env = ctx.obj.env
    _write(to_detail_text(found, color=env.color, width=env.width))


@app.command(
    epilog="Examples: aicompete verify; aicompete verify --json; "
    "aicompete --facts my-facts.toml verify",
)
def verify(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Prove every fact against its source: the quote verbatim, each figure in the quote.

    Exits 1, naming the facts, if any fact fails.
    """
    from aicompete import reports
    from aicompete.sources import read_source_texts
    from aicompete.verify import check_facts

    path = _facts_path(ctx)
    knowledge = _knowledge(ctx)
    checks = check_facts(knowledge, read_source_texts(knowledge, path.parent))
    _emit(ctx, reports.verification(checks), output_format, json_output, fields)
    failed = [check.id for check in checks if not check.ok]
    if failed:
        shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
        _fail(f"{path}: {len(failed)} of {len(checks)} facts failed: {shown}", EXIT_DATA)


@app.command(
    epilog="Examples: aicompete validate; aicompete validate my-facts.toml; "
    "aicompete validate my-facts.toml --json",
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Knowledge file to check; by default the --facts file or the bundled one."
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Check a knowledge file and list every problem: kind, id, field, line and message."""
    from aicompete import reports
    from aicompete.load import check_file
    from aicompete.render import HUMAN_FORMATS

    path = path or _facts_path(ctx)
    document, problems = check_file(path)
    # People get one line for a valid file; programs get the (empty) list in their format.
    for_people = not json_output and output_format.value in HUMAN_FORMATS
    if problems or not for_people:
        listing = reports.problems(str(path), document, problems)
        _emit(ctx, listing, output_format, json_output, fields)
    if problems:
        _fail(f"{path}: {len(problems)} problem{'s' * (len(problems) > 1)}", EXIT_DATA)
    if for_people:
        _write(f"{path}: valid\n")


@app.command(epilog="Examples: aicompete schema; aicompete schema > facts.schema.json")
def schema() -> None:
    """Print the JSON Schema of the knowledge file, with a description of every field."""
    from aicompete.schema import schema_text

    _write(schema_text())


@app.command(epilog="Examples: aicompete sources; aicompete sources --json")
def sources(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """The source documents: how many facts cite each, and whether their quotes verify."""
    from aicompete import reports
    from aicompete.sources import read_source_texts
    from aicompete.verify import check_facts

    knowledge = _knowledge(ctx)
    texts = read_source_texts(knowledge, _facts_path(ctx).parent)
    listing = reports.sources(knowledge, texts, check_facts(knowledge, texts))
    _emit(ctx, listing, output_format, json_output, fields)


def _command_fields() -> dict[str, tuple[Field, ...]]:
    """The fields of every listing command, for `fields` and for completion."""
    from aicompete import compare, queries, reports, search, timeline

    return {
        "dau": queries.DAU_FIELDS,
        "campaigns": queries.CAMPAIGN_FIELDS,
        "leadership": queries.LEADERSHIP_FIELDS,
        "lookup": search.LOOKUP_FIELDS,
        "compare": compare.COMPARE_FIELDS,
        "timeline": timeline.TIMELINE_FIELDS,
        "verify": reports.CHECK_FIELDS,
        "validate": reports.PROBLEM_FIELDS,
        "sources": reports.SOURCE_FIELDS,
        "fields": queries.FIELD_FIELDS,
    }


def _complete_commands(incomplete: str) -> list[str]:
    return [name for name in _command_fields() if name.startswith(incomplete)]


@app.command(
    "fields",
    epilog="Examples: aicompete fields campaigns; aicompete fields dau --json",
)
def fields_command(
    ctx: typer.Context,
    command: Annotated[
        str,
        typer.Argument(
            help="A listing command.", metavar="COMMAND", autocompletion=_complete_commands
        ),
    ],
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """The fields a command outputs, with their type and a one-line description."""
    from aicompete import queries

    known = _command_fields()
    if command not in known:
        raise typer.BadParameter(
            f"no listing command {command!r}; choose from: {', '.join(known)}",
            param_hint="COMMAND",
        )
    _emit(ctx, queries.describe_fields(command, known[command]), output_format, json_output, fields)


@app.command(epilog="Examples: aicompete export facts.db; aicompete export facts.db --force")
def export(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="SQLite database file to write.", metavar="PATH", dir_okay=False)
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write the knowledge base to a SQLite database; derived values become views."""
    import sqlite3

    from aicompete.export import write_database

    if path.exists() and not force:
        raise typer.BadParameter(f"{path} exists; use --force to replace it", param_hint="PATH")
    knowledge = _knowledge(ctx)
    try:
        write_database(knowledge, path)
    except (OSError, sqlite3.Error) as error:
        _fail(f"{path}: cannot write: {error}", EXIT_DATA)
    typer.echo(f"Wrote {path}", err=True)


def _facts_path(ctx: typer.Context) -> Path:
    from aicompete.paths import bundled_facts

    settings: Settings = ctx.obj
    return settings.facts or bundled_facts()


def _knowledge(ctx: typer.Context) -> KnowledgeBase:
    from aicompete.load import KnowledgeFileError, load_knowledge

    try:
        return load_knowledge(_facts_path(ctx))
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
        # Already checked against the command's fields by `_check_fields`.
        names = _field_names(fields)
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
    _write(text)


def _write(text: str) -> None:
    """Write to stdout; a reader that has gone away (`| head`) ends the command quietly."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_OK) from None


def _silence_stdout() -> None:
    """Point stdout at nothing, so that Python's own flush at exit has nowhere to fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _fail(message: str, code: int) -> NoReturn:
    from aicompete.render import clean

    # The message may quote the knowledge file: its control characters are escaped.
    typer.echo(f"aicompete: error: {clean(message)}", err=True)
    raise typer.Exit(code)


def main() -> None:
    """Console entry point: run the app, turning every failure into a message and exit code."""
    from aicompete.startup import lazy_command

    try:
        code = lazy_command(app)(prog_name="aicompete", standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output written outside `_write` (help, usage) met a closed pipe: stop as quietly.
        _silence_stdout()
        code = EXIT_OK
    except Exception as error:
        code = _usage_or_internal(error)
    # Typer turns an interrupt into exit code 130 itself, without a word.
    if code == EXIT_INTERRUPTED:
        typer.echo("aicompete: interrupted", err=True)
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
        "This is a bug; please report it at the project's issue tracker with the command you "
        "ran. Set AICOMPETE_DEBUG=1 to see the traceback.",
        err=True,
    )
    return EXIT_DATA

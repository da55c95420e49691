"""The command line: parse options, build a listing, print its rendering, map errors to exit codes.

This is the only module that prints or exits. Listings come from `listings.registry`, formats
from `output.formats`; domain errors become one line and an exit code: a `UsageError` exits
2, a `KnowledgeFileError` 1.

Unlike the other modules, this one does not postpone its annotations: Typer reads the
commands' parameters from them, and objects cost it less than strings to evaluate on every run.
"""

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from aicompete import __version__
from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.output.formats import OutputFormat
from aicompete.terminal import Terminal

if TYPE_CHECKING:
    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.listings.contract import Listing
    from aicompete.listings.filters import Filters

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
    epilog="\b\nExamples:\n"
    "  aicompete dau\n"
    "  aicompete campaigns --sort spend --json\n"
    "  aicompete leadership --format markdown\n"
    "  aicompete lookup yu bowen\n"
    "  aicompete compare tencent alibaba\n"
    "  aicompete timeline\n"
    "  aicompete verify\n"
    "  aicompete fields campaigns\n"
    "  aicompete export facts.db\n"
    "  aicompete chart dau -o dau.png\n"
    "  aicompete brief -o brief.html\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FormatConflict(UsageError):
    """`--json` together with another `--format`."""


@frozen
class Settings:
    facts: Path | None
    terminal: Terminal


@contextmanager
def _usage(param_hint: str) -> Iterator[None]:
    """A domain usage error raised inside becomes click's usage error for `param_hint` (exit 2)."""
    try:
        yield
    except UsageError as error:
        raise typer.BadParameter(str(error), param_hint=param_hint) from None


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for --fields: the command's fields, after any already typed."""
    from aicompete.listings.registry import fields_of

    typed, _, last = incomplete.rpartition(",")
    prefix = typed + "," if typed else ""
    chosen = set(typed.split(","))
    return [
        prefix + field.name
        for field in fields_of(ctx.info_name or "")
        if field.name.startswith(last) and field.name not in chosen
    ]


def _check_fields(ctx: typer.Context, value: str | None) -> str | None:
    """Each name in --fields is a field of the command: checked before any work is done."""
    if value is None:
        return None
    from aicompete.listings.contract import check_field_names, field_names
    from aicompete.listings.registry import fields_of

    try:
        check_field_names(fields_of(ctx.info_name or ""), field_names(value))
    except UsageError as error:
        raise typer.BadParameter(str(error)) from None
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


# The filters every listing of facts takes, defined once.
CompanyOption = Annotated[
    str | None,
    typer.Option(
        "--company",
        metavar="NAME",
        help="Only rows about this company: its name, id or alias, or an app's, which stands "
        "for the company that runs it.",
        show_default=False,
    ),
]
AppOption = Annotated[
    str | None,
    typer.Option(
        "--app",
        metavar="NAME",
        help="Only rows about this app: its name, id or alias.",
        show_default=False,
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="ID",
        help="Only rows from this source: its id or title.",
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar="TEXT",
        help="Only figures of this period, as reported.",
        show_default=False,
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
    ctx.obj = Settings(facts, Terminal.detect())


@app.command(
    epilog="Examples: aicompete dau; aicompete dau --json; aicompete dau --format csv",
)
def dau(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    period: PeriodOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Apps ranked by daily active users within each group of comparable figures (same
    metric, period and measurer), with each one's share of its group's leader."""
    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    listing = _build("dau", knowledge)
    _emit(
        ctx,
        _narrowed(knowledge, listing, _filters(company, app_name, source, period)),
        chosen,
        fields,
    )


def _complete_sort_keys(incomplete: str) -> list[str]:
    from aicompete.listings.campaigns import SORT_KEYS

    return [key for key in SORT_KEYS if key.startswith(incomplete)]


@app.command(
    epilog="Examples: aicompete campaigns --sort spend; aicompete campaigns --sort company "
    "--reverse; aicompete campaigns --json",
)
def campaigns(
    ctx: typer.Context,
    sort: Annotated[
        str,
        typer.Option(
            help="Order by spend (largest first), company or app (A to Z).",
            metavar="[spend|company|app]",
            autocompletion=_complete_sort_keys,
        ),
    ] = "spend",
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Reverse the order; unknown amounts stay last.")
    ] = False,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Promotional campaigns: amount in CNY and USD (stated or converted), and purpose."""
    chosen = _format(output_format, json_output)
    with _usage("--sort"):
        key = _sort_key(sort)
    knowledge = _knowledge(ctx)
    listing = _build("campaigns", knowledge, key, reverse)
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), chosen, fields)


class UnknownSortKey(UsageError):
    """A `--sort` value that is no sort key."""


def _sort_key(value: str) -> str:
    from aicompete.listings.campaigns import SORT_KEYS

    if value not in SORT_KEYS:
        raise UnknownSortKey(f"{value!r} is not one of {', '.join(map(repr, SORT_KEYS))}")
    return value


@app.command(epilog="Examples: aicompete leadership; aicompete leadership --json")
def leadership(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Leadership and organisation changes and statements: who, role, what, when, quote."""
    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    listing = _build("leadership", knowledge)
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), chosen, fields)


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
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Find any fact or entity by the words you would type; best match first."""
    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    with _usage("QUERY"):
        listing = _build("lookup", knowledge, " ".join(query))
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), chosen, fields)


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
    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    with _usage("NAME"):
        listing = _build("compare", knowledge, names)
    _emit(ctx, listing, chosen, fields)


@app.command(
    epilog="Examples: aicompete timeline; aicompete timeline --json; "
    "aicompete timeline --fields rank,when,who,event",
)
def timeline(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Every dated or dateable event, earliest first, dated exactly as reported; events the
    sources do not order share a rank."""
    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    listing = _build("timeline", knowledge)
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), chosen, fields)


@app.command(
    epilog="Examples: aicompete history doubao; aicompete history qwen --json; "
    "aicompete history doubao --source chinadaily-qwen",
)
def history(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="APP", help="An app: its name, id or alias.", show_default=False),
    ],
    source: SourceOption = None,
    period: PeriodOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """One app's DAU figures over time, each series (metric and measurer) in period order,
    with the change from one period to the next."""
    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    with _usage("APP"):
        listing = _build("history", knowledge, name)
    filters = _filters(source=source, period=period)
    _emit(ctx, _narrowed(knowledge, listing, filters), chosen, fields)


@app.command(
    epilog="Examples: aicompete conflicts; aicompete conflicts --json; "
    "aicompete conflicts --company alibaba",
)
def conflicts(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    period: PeriodOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Where two sources state the same thing differently: both values, both quotes and both
    sources. Exits 0 whether or not there are any."""
    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    listing = _build("conflicts", knowledge)
    _emit(
        ctx,
        _narrowed(knowledge, listing, _filters(company, app_name, source, period)),
        chosen,
        fields,
    )


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
    from aicompete.listings import detail

    knowledge = _knowledge(ctx)
    with _usage("ID"):
        found = detail.build(knowledge, name)
    if json_output:
        from aicompete.output.machine import detail_to_json

        _write(detail_to_json(found))
        return
    from aicompete.output.detail import to_detail_text

    terminal = _settings(ctx).terminal
    _write(to_detail_text(found, color=terminal.color, width=terminal.width))


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
    from aicompete.knowledge.source_texts import read_source_texts
    from aicompete.knowledge.verification import check_facts

    chosen = _format(output_format, json_output)
    path = _facts_path(ctx)
    knowledge = _knowledge(ctx)
    checks = check_facts(knowledge, read_source_texts(knowledge, path.parent))
    _emit(ctx, _build("verify", checks), chosen, fields)
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
    from aicompete.knowledge.loading import check_file

    chosen = _format(output_format, json_output)
    path = path or _facts_path(ctx)
    document, problems = check_file(path)
    # People get one line for a valid file; programs get the (empty) list in their format.
    if problems or not chosen.for_people:
        _emit(ctx, _build("validate", str(path), document, problems), chosen, fields)
    if problems:
        _fail(f"{path}: {len(problems)} problem{'s' * (len(problems) > 1)}", EXIT_DATA)
    if chosen.for_people:
        _write(f"{path}: valid\n")


@app.command(
    "new-source",
    epilog="Examples: aicompete --facts my-facts.toml new-source articles/story.txt "
    "--publisher 'Example Daily' >> my-facts.toml",
)
def new_source(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The article's text, inside the knowledge file's folder.",
            show_default=False,
        ),
    ],
    source_id: Annotated[
        str | None, typer.Option("--id", help="Its id; by default made from its first line.")
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Its headline; by default its first line.")
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    published: Annotated[
        str | None, typer.Option(help="The day it was published, YYYY-MM-DD.")
    ] = None,
    author: Annotated[str | None, typer.Option(help="Who wrote it.")] = None,
) -> None:
    """Print a ready [[sources]] block for an article's text file: id, title, file and its
    SHA-256 filled in, to append to the knowledge file."""
    from aicompete.knowledge.source_texts import new_source as describe
    from aicompete.output.toml import to_toml

    folder = (_settings(ctx).facts or Path("knowledge.toml")).parent
    with _usage("FILE"):
        found = describe(folder, file)
    block = {
        "id": source_id or found["id"],
        "title": title or found["title"],
        "publisher": publisher,
        "file": found["file"],
        "url": url,
        "published": published,
        "author": author,
        "sha256": found["sha256"],
    }
    _write(to_toml("sources", [block]))
    if publisher is None:
        typer.echo(
            'aicompete: add the publisher (publisher = "..."): the knowledge file needs it',
            err=True,
        )


@app.command(epilog="Examples: aicompete schema; aicompete schema > facts.schema.json")
def schema() -> None:
    """Print the JSON Schema of the knowledge file, with a description of every field."""
    from aicompete.knowledge.schema import schema_text

    _write(schema_text())


@app.command(epilog="Examples: aicompete sources; aicompete sources --json")
def sources(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """The source documents: how many facts cite each, and whether their quotes verify."""
    from aicompete.knowledge.source_texts import read_source_texts
    from aicompete.knowledge.verification import check_facts

    chosen = _format(output_format, json_output)
    knowledge = _knowledge(ctx)
    texts = read_source_texts(knowledge, _facts_path(ctx).parent)
    listing = _build("sources", knowledge, texts, check_facts(knowledge, texts))
    _emit(ctx, listing, chosen, fields)


def _complete_commands(incomplete: str) -> list[str]:
    from aicompete.listings.registry import LISTINGS

    return [name for name in LISTINGS if name.startswith(incomplete)]


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
    from aicompete.listings.registry import fields_of

    chosen = _format(output_format, json_output)
    with _usage("COMMAND"):
        described = fields_of(command)
    _emit(ctx, _build("fields", command, described), chosen, fields)


@app.command(epilog="Examples: aicompete export facts.db; aicompete export facts.db --force")
def export(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="SQLite database file to write.", metavar="PATH", dir_okay=False)
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write the knowledge base to a SQLite database, derived values in tables of their own."""
    import sqlite3

    from aicompete.output.sqlite import write_database

    if path.exists() and not force:
        raise typer.BadParameter(f"{path} exists; use --force to replace it", param_hint="PATH")
    knowledge = _knowledge(ctx)
    try:
        write_database(knowledge, path)
    except (OSError, sqlite3.Error) as error:
        _fail(f"{path}: cannot write: {error}", EXIT_DATA)
    typer.echo(f"Wrote {path}", err=True)


def _complete_charts(incomplete: str) -> list[str]:
    from aicompete.output.charts import CHARTS

    return [name for name in CHARTS if name.startswith(incomplete)]


@app.command(
    epilog="Examples: aicompete chart dau -o dau.png; aicompete chart campaigns -o spend.svg; "
    "aicompete chart compare doubao qwen -o rivals.png",
)
def chart(
    ctx: typer.Context,
    listing: Annotated[
        str,
        typer.Argument(
            metavar="LISTING",
            help="What to chart: dau, campaigns or compare.",
            autocompletion=_complete_charts,
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Image to write: SVG or PNG, as its extension says.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME...]",
            help="For compare: two or more companies or apps.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Draw a chart for a slide, as SVG or PNG: every bar labelled, derived values marked †,
    and a source line. Needs the charts extra: pip install "aicompete[charts]"."""
    from aicompete.output.charts import check_request, image_type

    with _usage("LISTING"):
        check_request(listing, names or [])
    with _usage("--output"):
        image = image_type(output)
    with _extra("chart", "matplotlib"):
        from aicompete.output.plot import draw
    from aicompete.listings.publications import publications
    from aicompete.output.charts import chart_of

    knowledge = _knowledge(ctx)
    with _usage("NAME"):
        built = _build(listing, knowledge, *([names] if listing == "compare" else []))
    drawn = chart_of(listing, built, publications(knowledge))
    if not drawn.panels:
        _fail(f"nothing to chart: the knowledge base has no rows for {listing}", EXIT_DATA)
    _save(output, draw(drawn, image))


@app.command(
    epilog="Examples: aicompete brief -o brief.html; "
    "aicompete --facts my-facts.toml brief -o brief.html",
)
def brief(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="HTML file to write.",
            dir_okay=False,
            show_default=False,
        ),
    ],
) -> None:
    """Write a one-page HTML brief: DAU, campaigns and companies side by side, the timeline
    and the leadership changes, every figure linked to its quote and source, and what verify
    does not prove marked. Needs the charts extra: pip install "aicompete[charts]"."""
    with _extra("brief", "jinja2"):
        from aicompete.output.brief import to_html
    from aicompete.knowledge.source_texts import read_source_texts
    from aicompete.knowledge.verification import check_facts
    from aicompete.listings.brief import build

    path = _facts_path(ctx)
    knowledge = _knowledge(ctx)
    checks = check_facts(knowledge, read_source_texts(knowledge, path.parent))
    _save(output, to_html(build(knowledge, checks)).encode("utf-8"))
    failed = sum(not check.ok for check in checks)
    if failed:
        typer.echo(
            f"aicompete: {failed} of {len(checks)} facts are not proven; the brief marks "
            "them (see aicompete verify)",
            err=True,
        )


@contextmanager
def _extra(command: str, *modules: str) -> Iterator[None]:
    """Imports of the charts extra's `modules`: one missing says how to install it (exit 1)."""
    try:
        yield
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in modules:
            raise
        _fail(
            f'{command} needs {missing}, which is not installed: pip install "aicompete[charts]"',
            EXIT_DATA,
        )


def _save(path: Path, data: bytes) -> None:
    """Write a file the user named, and say so on stderr; a file that cannot be written is
    an error (exit 1)."""
    from aicompete.output.cells import clean

    try:
        path.write_bytes(data)
    except OSError as error:
        _fail(f"{path}: cannot write: {error.strerror or error}", EXIT_DATA)
    typer.echo(f"Wrote {clean(str(path))}", err=True)


def _settings(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


def _facts_path(ctx: typer.Context) -> Path:
    from aicompete.knowledge.bundled import bundled_facts

    return _settings(ctx).facts or bundled_facts()


def _knowledge(ctx: typer.Context) -> "KnowledgeBase":
    from aicompete.knowledge.loading import load_knowledge
    from aicompete.knowledge.problems import KnowledgeFileError

    try:
        return load_knowledge(_facts_path(ctx))
    except KnowledgeFileError as error:
        _fail(str(error), EXIT_DATA)


def _build(command: str, *arguments: object) -> "Listing":
    """The listing of a listing command, from its registry entry."""
    from aicompete.listings.registry import builder

    return builder(command)(*arguments)


def _filters(
    company: str | None = None,
    app: str | None = None,
    source: str | None = None,
    period: str | None = None,
) -> "Filters | None":
    """The filters asked for, if any: the module that applies them loads only then."""
    if company is None and app is None and source is None and period is None:
        return None
    from aicompete.listings.filters import Filters

    return Filters(company, app, source, period)


def _narrowed(
    knowledge: "KnowledgeBase", listing: "Listing", filters: "Filters | None"
) -> "Listing":
    """The listing with only the rows the filters ask for (names resolved as in `compare`)."""
    if filters is None:
        return listing
    from dataclasses import replace

    from aicompete.listings.filters import narrow, resolve

    with _usage("--company / --app / --source / --period"):
        narrowing = resolve(knowledge, filters)
    return replace(
        narrow(listing, narrowing),
        empty_message=listing.empty_message or "no rows match the filters",
    )


def _format(output_format: OutputFormat, json_output: bool) -> OutputFormat:
    """The format asked for; `--json` with another `--format` is a usage error.

    Called before the knowledge file is read, so that a usage error costs nothing.
    """
    if json_output and output_format not in (OutputFormat.table, OutputFormat.json):
        with _usage("--json"):
            raise FormatConflict(f"--json conflicts with --format {output_format.value}")
    return OutputFormat.json if json_output else output_format


def _emit(ctx: typer.Context, listing: "Listing", chosen: OutputFormat, fields: str | None) -> None:
    from aicompete.listings.contract import field_names, select_fields

    if chosen.for_people and not listing.rows and listing.empty_message:
        from aicompete.output.cells import clean

        _write(clean(listing.empty_message) + "\n")
        return
    if fields is not None:
        # Already checked against the command's fields by `_check_fields`.
        names = field_names(fields)
    elif chosen.for_people:
        names = list(listing.table_fields)
    else:
        names = [field.name for field in listing.fields]
    _write(chosen.render(select_fields(listing, names), _settings(ctx).terminal))


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
    from aicompete.output.cells import clean

    # The message may quote the knowledge file: its control characters are escaped.
    typer.echo(f"aicompete: error: {clean(message)}", err=True)
    raise typer.Exit(code)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` (else the process's arguments); return the exit code.

    Every failure becomes a message and an exit code; the console script and the tests both
    come through here.
    """
    from aicompete.typer_internals import lazy_command, shown_click_error

    try:
        code = lazy_command(app)(
            args=None if argv is None else list(argv),
            prog_name="aicompete",
            standalone_mode=False,
        )
    except (typer.Abort, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output written outside `_write` (help, usage) met a closed pipe: stop as quietly.
        _silence_stdout()
        code = EXIT_OK
    except Exception as error:
        shown = shown_click_error(error)
        code = _internal_error(error) if shown is None else shown
    # Typer turns an interrupt into exit code 130 itself, without a word.
    if code == EXIT_INTERRUPTED:
        typer.echo("aicompete: interrupted", err=True)
    return code if isinstance(code, int) else EXIT_OK


def _internal_error(error: Exception) -> int:
    """An error nobody expected: one line and how to report it, or the traceback when asked."""
    if os.environ.get("AICOMPETE_DEBUG"):
        raise error
    typer.echo(
        f"aicompete: internal error: {type(error).__name__}: {error}\n"
        "This is a bug; please report it at the project's issue tracker with the command you "
        "ran. Set AICOMPETE_DEBUG=1 to see the traceback.",
        err=True,
    )
    return EXIT_DATA


def main() -> None:
    """Console entry point."""
    sys.exit(run())

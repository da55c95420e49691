"""The command line: parse options, build a listing, print its rendering, map errors to exit codes.

This is the only module that prints or exits. Listings come from `listings.registry`, formats
from `output.formats`; domain errors become one line and an exit code: a `UsageError` exits
2, a `KnowledgeFileError` 1.

Unlike the other modules, this one does not postpone its annotations: Typer reads the
commands' parameters from them, and objects cost it less than strings to evaluate on every run.
"""

import errno
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from aicompete import __version__
from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.output.formats import OutputFormat, json_for
from aicompete.terminal import Terminal

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.knowledge.search_index import SearchIndex
    from aicompete.knowledge.source_texts import SourceText, Unreadable
    from aicompete.listings.contract import Listing
    from aicompete.listings.filters import Filters
    from aicompete.listings.publications import Publication
    from aicompete.output.formats import CsvOptions
    from aicompete.proof.verification import FactCheck

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# A load that misses the cache shows its progress once it has taken this many seconds; a
# quicker one shows nothing.
PROGRESS_AFTER_SECONDS = 1.0

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
    "  aicompete --facts my-facts.toml draft articles/story.txt --publisher 'Example Daily'\n"
    "  aicompete fields campaigns\n"
    "  aicompete export facts.db\n"
    "  aicompete chart dau -o dau.png\n"
    "  aicompete brief -o brief.html\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    # Its own --show-completion and --install-completion, below, take the shell's name.
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


Command = TypeVar("Command", bound=Callable[..., None])


def command(name: str | None = None, **options: Any) -> Callable[[Command], Command]:
    """`app.command`, with the command's summary in `aicompete --help` the first clause of its
    docstring, whole: click would cut the whole first sentence short with "..." to fit."""

    def register(function: Command) -> Command:
        options.setdefault("short_help", summary(function.__doc__ or ""))
        return app.command(name, **options)(function)

    return register


def summary(doc: str) -> str:
    """The first clause of a docstring: up to its first colon, semicolon or full stop."""
    first = " ".join(doc.split("\n\n")[0].split())
    ends = [at for mark in (": ", "; ", ". ") if (at := (first + " ").find(mark)) >= 0]
    return first[: min(ends)].rstrip(".") if ends else first


class FormatConflict(UsageError):
    """`--json` together with another `--format`."""


@frozen
class Settings:
    facts: Path | None
    terminal: Terminal
    no_pager: bool


@contextmanager
def _usage(param_hint: str) -> Iterator[None]:
    """A domain usage error raised inside becomes click's usage error for `param_hint` (exit 2)."""
    try:
        yield
    except UsageError as error:
        raise typer.BadParameter(str(error), param_hint=error.option or param_hint) from None


def _completion_knowledge(ctx: typer.Context) -> "KnowledgeBase | None":
    """The knowledge base a completion offers from: the --facts file, else the bundled one."""
    from aicompete.knowledge.bundled import bundled_facts
    from aicompete.knowledge.loading import load_knowledge
    from aicompete.knowledge.problems import KnowledgeFileError

    facts = ctx.find_root().params.get("facts") or bundled_facts()
    try:
        return load_knowledge(Path(facts))
    except KnowledgeFileError:
        return None


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for `show`: the ids of the records, each once; after `KIND:`, the
    ids of that kind, as `show app:qwen` takes them."""
    from aicompete.knowledge.catalog import Catalog

    knowledge = _completion_knowledge(ctx)
    if knowledge is None:
        return []
    entries = Catalog(knowledge).entries
    kind, colon, _ = incomplete.partition(":")
    if colon:
        ids = dict.fromkeys(f"{entry.kind}:{entry.id}" for entry in entries if entry.kind == kind)
    else:
        ids = dict.fromkeys(entry.id for entry in entries)
    return [name for name in ids if name.startswith(incomplete)]


def _complete_players(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for `compare`: the ids of companies and apps."""
    knowledge = _completion_knowledge(ctx)
    if knowledge is None:
        return []
    ids = [company.id for company in knowledge.companies] + [app.id for app in knowledge.apps]
    return [name for name in ids if name.startswith(incomplete.casefold())]


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
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        metavar="N",
        min=1,
        help="Show only the first N rows, each with its rank in the whole listing.",
        show_default=False,
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
        help="Only rows of this period: words of the time as reported, case aside and in part "
        "('spring festival'), or a date their date overlaps (2026-02).",
        show_default=False,
    ),
]
MetricOption = Annotated[
    str | None,
    typer.Option(
        "--metric",
        metavar="METRIC",
        help="Only figures of this metric: its id or name (dau, 'peak DAU', mau).",
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Only rows dated on or after this date (2026-02-16, 2026-02, 2026).",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Only rows dated on or before this date (2026-02-16, 2026-02, 2026).",
        show_default=False,
    ),
]


ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace an existing file (with a new one, whole).")
]
BomOption = Annotated[
    bool,
    typer.Option(
        "--bom", help="CSV and TSV: start with a byte-order mark, so that Excel reads UTF-8."
    ),
]
FormulasOption = Annotated[
    bool,
    typer.Option(
        "--keep-formulas",
        help="CSV and TSV: keep text that begins with = + - @ as it is, which a spreadsheet "
        "would run as a formula (by default it starts with ').",
    ),
]


def _version(value: bool) -> None:
    if value:
        _write(f"aicompete {__version__}\n")
        raise typer.Exit()


def _show_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from aicompete.typer_internals import completion_script

    with _usage("--show-completion"):
        _write(completion_script("aicompete", value or None))
    raise typer.Exit()


def _install_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from aicompete.typer_internals import install_completion

    with _usage("--install-completion"):
        shell, path = install_completion("aicompete", value or None)
    typer.echo(f"{shell} completion installed in {path}; it takes effect in a new terminal")
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
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Write directly, never through a pager ($AICOMPETE_PAGER, else $PAGER, else "
            "less), even what is taller than the terminal.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    install_completion: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            metavar="[SHELL]",
            callback=_install_completion,
            is_eager=True,
            expose_value=False,
            help="Install completion for SHELL (bash, zsh, fish, powershell), else for the "
            "current one.",
        ),
    ] = None,
    show_completion: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            metavar="[SHELL]",
            callback=_show_completion,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for SHELL (bash, zsh, fish, powershell), else "
            "for the current one, to copy it or to customize its installation.",
        ),
    ] = None,
) -> None:
    ctx.obj = Settings(facts, Terminal.detect(), no_pager)


@command(
    epilog="Examples: aicompete figures; aicompete figures --metric mau; "
    "aicompete figures --app qwen --since 2026-02 --json",
)
def figures(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    period: PeriodOption = None,
    metric: MetricOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Every figure the sources state, whatever it counts: DAU, MAU, retention, queries,
    spend. Each with its unit and bound, its time as reported and the date it resolves to."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    listing = _build("figures", knowledge)
    filters = _filters(company, app_name, source, period, metric, since, until)
    _emit(ctx, _narrowed(knowledge, listing, filters), out)


@command(
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
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Apps ranked by daily active users. Each group of comparable figures (same metric,
    date and measurer) is ranked on its own, with each app's share of its leader."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    listing = _build("dau", knowledge)
    _emit(
        ctx,
        _narrowed(knowledge, listing, _filters(company, app_name, source, period)),
        out,
    )


def _complete_sort_keys(incomplete: str) -> list[str]:
    from aicompete.listings.campaigns import SORT_KEYS

    return [key for key in SORT_KEYS if key.startswith(incomplete)]


@command(
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
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Promotional campaigns: amount in CNY and USD (stated or converted), and purpose."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    with _usage("--sort"):
        key = _sort_key(sort)
    knowledge = _knowledge(ctx)
    listing = _build("campaigns", knowledge, key, reverse)
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), out)


class UnknownSortKey(UsageError):
    """A `--sort` value that is no sort key."""


def _sort_key(value: str) -> str:
    """The sort key asked for; case aside, as every choice of the command line (`-f JSON`)."""
    from aicompete.listings.campaigns import SORT_KEYS

    key = value.casefold()
    if key not in SORT_KEYS:
        raise UnknownSortKey(f"{value!r} is not one of {', '.join(map(repr, SORT_KEYS))}")
    return key


@command(epilog="Examples: aicompete leadership; aicompete leadership --json")
def leadership(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Leadership and organisation changes and statements: who, role, what, when, quote."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    listing = _build("leadership", knowledge)
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), out)


@command(
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
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Find any fact or entity by the words you would type; best match first."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    from aicompete.knowledge.search import Query

    with _usage("QUERY"):
        # Checked before the knowledge file is read: a usage error is found first.
        Query.parse(" ".join(query))
    listing = _build("lookup", _search_index(ctx), " ".join(query))
    filters = _filters(company, app_name, source)
    # The index answers alone; only names to narrow by need the knowledge base.
    if filters is not None:
        listing = _narrowed(_knowledge(ctx), listing, filters)
    _emit(ctx, listing, out)


@command(
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
            autocompletion=_complete_players,
        ),
    ],
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Companies side by side: app, DAU and share of the leader, campaigns, spend, leadership."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    with _usage("NAME"):
        listing = _build("compare", knowledge, names)
    _emit(ctx, listing, out)


@command(
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
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Every dated or dateable event, earliest first. Dates stay exactly as reported, and
    events the sources do not order share a rank."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    listing = _build("timeline", knowledge)
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), out)


@command(
    epilog="Examples: aicompete history doubao; aicompete history qwen --json; "
    "aicompete history qwen --metric dau",
)
def history(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="APP", help="An app: its name, id or alias.", show_default=False),
    ],
    metric: MetricOption = None,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    period: PeriodOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """One app's figures over time. Each series (metric and measurer) is in date order, with
    the change from one date to the next."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    with _usage("APP / --metric"):
        listing = _build("history", knowledge, name, metric)
    filters = _filters(company, app_name, source, period)
    _emit(ctx, _narrowed(knowledge, listing, filters), out)


@command(
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
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Where two sources state the same thing differently: both values, both quotes and both
    sources. Exits 0 whether or not there are any."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    listing = _build("conflicts", knowledge)
    _emit(
        ctx,
        _narrowed(knowledge, listing, _filters(company, app_name, source, period)),
        out,
    )


@command(
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
            autocompletion=_complete_ids,
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

        _write_answer(ctx, json_for(detail_to_json(found), _settings(ctx).terminal))
        return
    from aicompete.output.detail import to_detail_text

    terminal = _settings(ctx).terminal
    _write_answer(ctx, to_detail_text(found, color=terminal.color, width=terminal.width))


@command(
    epilog="Examples: aicompete verify; aicompete verify --json; "
    "aicompete --facts my-facts.toml verify",
)
def verify(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Prove every fact against its source: the quote verbatim, each figure in the quote.

    Exits 1, naming the facts, if any fact fails.
    """
    from aicompete.listings.verify import titled

    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    path = _facts_path(ctx)
    knowledge = _knowledge(ctx)
    _, checks = _proof(ctx, knowledge)

    listing = titled(
        _narrowed(
            knowledge, _build("verify", knowledge, checks), _filters(company, app_name, source)
        )
    )
    _emit(ctx, listing, out)
    # With filters, the verdict is on the facts asked about.
    failed = [str(row["id"]) for row in listing.rows if not row["ok"]]
    if failed:
        shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
        _fail(f"{path}: {len(failed)} of {len(listing.rows)} facts failed: {shown}", EXIT_DATA)


@command(
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
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """Check a knowledge file and list every problem: kind, id, field, line and message."""
    from aicompete.knowledge.loading import check_file

    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    path = path or _facts_path(ctx)
    with _load_progress() as progress:
        document, problems = check_file(path, progress)
    # People get one line for a valid file; programs get the (empty) list in their format.
    if problems or not out.format.for_people:
        _emit(ctx, _build("validate", str(path), document, problems), out)
    if problems:
        _fail(f"{path}: {len(problems)} problem{'s' * (len(problems) > 1)}", EXIT_DATA)
    if out.format.for_people:
        _write(f"{path}: valid\n")


# What a person gives about a new source, defined once for `new-source` and `draft`.
SourceIdOption = Annotated[
    str | None, typer.Option("--id", help="Its id; by default made from its first line.")
]
TitleOption = Annotated[str | None, typer.Option(help="Its headline; by default its first line.")]
PublisherOption = Annotated[str | None, typer.Option(help="Who published it.")]
UrlOption = Annotated[str | None, typer.Option(help="Where it was published.")]
PublishedOption = Annotated[str | None, typer.Option(help="The day it was published, YYYY-MM-DD.")]
AuthorOption = Annotated[str | None, typer.Option(help="Who wrote it.")]
ArticleArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="The article's text, inside the knowledge file's folder.",
        show_default=False,
    ),
]


@command(
    epilog="Examples: aicompete init my-base; aicompete --facts my-base/facts.toml verify",
)
def init(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="The folder to make the base in.", show_default=False),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace files of the same names in DIR.")
    ] = False,
) -> None:
    """Start a knowledge base of your own: copy the bundled knowledge file, its schema and
    its source texts into DIR, ready to extend with `draft`."""
    from aicompete.knowledge.bundled import init_base
    from aicompete.output.escaping import clean

    with _usage("DIR"):
        try:
            written = init_base(folder, replace=force)
        except OSError as error:
            _fail(f"{folder}: cannot write: {error.strerror or error}", EXIT_DATA)
    facts = folder / "facts.toml"
    typer.echo(f"Wrote {len(written)} files to {clean(str(folder))}", err=True)
    typer.echo(
        f"Next: copy an article into {clean(str(folder))}, then\n"
        f"  aicompete --facts {clean(str(facts))} draft ARTICLE --publisher NAME --published "
        "YYYY-MM-DD",
        err=True,
    )


@command(
    epilog="Examples: aicompete migrate old.toml > facts.toml; aicompete migrate facts.toml "
    "--in-place",
)
def migrate(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A knowledge file of the first format.", show_default=False
        ),
    ],
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="Rewrite FILE, keeping the old one as FILE.bak."),
    ] = False,
) -> None:
    """Rewrite a knowledge file of the first format as the current one: each [[dau]] becomes a
    [[figures]] record, its period its `when` (and `date` where a rule resolves it), its metric
    a [[metrics]] record; each inferred reason records the value it was written for.
    Comments and layout stay."""
    from aicompete.knowledge.bundled import bundled_facts
    from aicompete.knowledge.loading import parse_toml, read_bytes
    from aicompete.knowledge.migration import migrate as rewrite
    from aicompete.knowledge.problems import KnowledgeFileError
    from aicompete.output.escaping import clean
    from aicompete.output.toml import value

    try:
        text, document = parse_toml(file, read_bytes(file))
        bundled = bundled_facts()
        standard_text, standard = parse_toml(bundled, read_bytes(bundled))
    except KnowledgeFileError as error:
        _fail(str(error), EXIT_DATA)
    with _usage("FILE"):
        migrated = rewrite(text, document, standard_text, standard.get("metrics", []), value)
    if in_place:
        backup = file.with_name(file.name + ".bak")
        try:
            backup.write_bytes(file.read_bytes())
            temporary = file.with_name(f".{file.name}.migrating")
            temporary.write_text(migrated.text, encoding="utf-8")
            temporary.replace(file)
        except OSError as error:
            _fail(f"{file}: cannot write: {error.strerror or error}", EXIT_DATA)
        typer.echo(f"Wrote {clean(str(file))} (the old file is {clean(str(backup))})", err=True)
    else:
        _write(migrated.text)
    for note in migrated.notes:
        typer.echo(f"aicompete: {clean(note)}", err=True)


@command(
    "new-source",
    epilog="Examples: aicompete --facts my-facts.toml new-source articles/story.txt "
    "--publisher 'Example Daily' >> my-facts.toml",
)
def new_source(
    ctx: typer.Context,
    file: ArticleArgument,
    source_id: SourceIdOption = None,
    title: TitleOption = None,
    publisher: PublisherOption = None,
    url: UrlOption = None,
    published: PublishedOption = None,
    author: AuthorOption = None,
) -> None:
    """Print a ready [[sources]] block for an article's text file: id, title, file and its
    SHA-256 filled in, to append to the knowledge file."""
    from aicompete.knowledge.source_texts import check_new_source
    from aicompete.knowledge.source_texts import new_source as describe
    from aicompete.output.toml import to_toml

    path = _facts_path(ctx)
    with _usage("FILE"):
        _outside_bundled(ctx, path, file)
        found = describe(path, file)
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
    with _usage("FILE"):
        check_new_source(block)
    _write(to_toml("sources", [block]))
    if publisher is None:
        typer.echo(
            'aicompete: add the publisher (publisher = "..."): the knowledge file needs it',
            err=True,
        )


@command(
    epilog="Examples: aicompete --facts my-facts.toml draft articles/story.txt --publisher "
    "'Example Daily' > draft.toml; aicompete --facts my-facts.toml draft articles/story.txt "
    "--publisher 'Example Daily' --json",
)
def draft(
    ctx: typer.Context,
    file: ArticleArgument,
    source_id: SourceIdOption = None,
    title: TitleOption = None,
    publisher: PublisherOption = None,
    url: UrlOption = None,
    published: PublishedOption = None,
    author: AuthorOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the draft as JSON: one object per candidate.")
    ] = False,
) -> None:
    """Draft candidate facts from an article's text. The rules verify proves fields with
    find DAU figures, campaigns and their amounts, people and their roles, companies and
    apps, dated events and statements. Prints TOML to review and append to the knowledge
    file (the --facts file, whose names it reuses), each field with the status verify gives
    it; what it cannot fill is left for you, marked."""
    from aicompete.knowledge.source_texts import read_article
    from aicompete.listings.draft import build
    from aicompete.output.draft import draft_to_json, draft_to_toml
    from aicompete.proof.drafting import article_source
    from aicompete.proof.drafting import draft as draft_article

    path = _facts_path(ctx)
    knowledge = _knowledge(ctx)
    with _usage("FILE"):
        _outside_bundled(ctx, path, file)
        found, text = read_article(path, file)
    options = {
        "id": source_id,
        "title": title,
        "publisher": publisher,
        "url": url,
        "published": published,
        "author": author,
    }
    # Each refusal names its own option (--publisher, --id, --published) or the FILE.
    with _usage("FILE"):
        source, new = article_source(knowledge, found, options)
    items = build(knowledge, draft_article(knowledge, source, text.text, new_source=new))
    if json_output:
        _write(json_for(draft_to_json(items), _settings(ctx).terminal))
    else:
        _write(draft_to_toml(items, found["file"]))


@command(epilog="Examples: aicompete schema; aicompete schema > facts.schema.json")
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the knowledge file. Every field has a description."""
    from aicompete.knowledge.schema import schema_text

    _write_answer(ctx, schema_text())


@command(
    epilog="Examples: aicompete sources; aicompete sources --json; "
    "aicompete sources --company alibaba"
)
def sources(
    ctx: typer.Context,
    company: CompanyOption = None,
    app_name: AppOption = None,
    source: SourceOption = None,
    output_format: FormatOption = OutputFormat.table,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """The source documents: how many facts cite each, and whether their quotes verify."""
    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    knowledge = _knowledge(ctx)
    listing = _build("sources", knowledge, *_proof(ctx, knowledge))
    _emit(ctx, _narrowed(knowledge, listing, _filters(company, app_name, source)), out)


def _complete_commands(incomplete: str) -> list[str]:
    from aicompete.listings.registry import LISTINGS

    return [name for name in LISTINGS if name.startswith(incomplete)]


@command(
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
    limit: LimitOption = None,
    bom: BomOption = False,
    keep_formulas: FormulasOption = False,
) -> None:
    """The fields a command outputs. Each has its type and a one-line description."""
    from aicompete.listings.registry import fields_of

    out = _output(output_format, json_output, fields, limit, bom, keep_formulas)
    # Names chosen from a list are case-blind everywhere (`-f JSON`, `--sort Spend`).
    command = command.lower()
    with _usage("COMMAND"):
        described = fields_of(command)
    _emit(ctx, _build("fields", command, described), out)


@command(epilog="Examples: aicompete export facts.db; aicompete export facts.db --force")
def export(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="SQLite database file to write.", metavar="PATH", dir_okay=False)
    ],
    force: ForceOption = False,
) -> None:
    """Write the knowledge base to a SQLite database: records, search indexes, listings.

    The database is written whole to a new file, checked with SQLite's integrity check and
    renamed into place: an old one is kept as it was if anything fails.
    """
    import sqlite3

    from aicompete.output.files import check_target
    from aicompete.output.sqlite import write_database

    with _usage("PATH"):
        existed = check_target(path, replace=force)
    knowledge = _knowledge(ctx)
    try:
        with _usage("PATH"):
            searchable = write_database(knowledge, path, replace=force)
    except (OSError, sqlite3.Error) as error:
        _fail_to_write(path, error, existed)
    # Datasette's search box and `sqlite-utils search` need the indexes: say when they lack.
    missing = "" if searchable else ", without search indexes: this Python's SQLite has no FTS5"
    typer.echo(f"Wrote {path}{missing}", err=True)


def _complete_charts(incomplete: str) -> list[str]:
    from aicompete.output.charts import CHARTS

    return [name for name in CHARTS if name.startswith(incomplete)]


@command(
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
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            metavar="N",
            min=1,
            help="Draw the first N bars; the chart says how many it left out.",
        ),
    ] = 20,
    force: ForceOption = False,
) -> None:
    """Draw a chart for a slide, as SVG or PNG: every bar labelled, derived values marked †,
    and a source line. Needs the charts extra: pip install "aicompete[charts]"."""
    from aicompete.output.charts import check_request, image_type

    # Names chosen from a list are case-blind everywhere (`-f JSON`, `--sort Spend`).
    listing = listing.lower()
    with _usage("LISTING"):
        check_request(listing, names or [])
    with _usage("--output"):
        image = image_type(output)
    _check_output(output, force)
    with _extra("chart", "matplotlib"):
        from aicompete.output.plot import draw
    from aicompete.listings.publications import publications
    from aicompete.output.charts import chart_of

    knowledge = _knowledge(ctx)
    with _shown(f"Drawing the chart of {listing}"):
        with _usage("NAME"):
            built = _build(listing, knowledge, *([names] if listing == "compare" else []))
        drawn = chart_of(listing, built, publications(knowledge), limit)
        if not drawn.panels:
            _fail(f"nothing to chart: the knowledge base has no rows for {listing}", EXIT_DATA)
        data = draw(drawn, image)
    _save(output, data, force)


@command(
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
            help="HTML file to write; - for stdout.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    force: ForceOption = False,
) -> None:
    """Write a one-page HTML brief: DAU, campaigns and companies side by side, the timeline
    and the leadership changes, every figure linked to its quote and source, and what verify
    does not prove marked. Needs the charts extra: pip install "aicompete[charts]"."""
    with _extra("brief", "jinja2"):
        from aicompete.output.brief import to_html
    from aicompete.listings.brief import build

    _check_output(output, force)
    knowledge = _knowledge(ctx)
    _, checks = _proof(ctx, knowledge)
    with _shown("Writing the brief"):
        page = to_html(build(knowledge, checks)).encode("utf-8")
    _save(output, page, force)
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


def _check_output(path: Path, force: bool) -> None:
    """Refuse an output file that would not be written before any work is done (exit 2)."""
    from aicompete.output.files import Refused, check_target

    if str(path) != "-":
        try:
            check_target(path, replace=force)
        except Refused as error:
            _fail(str(error), EXIT_USAGE)


def _save(path: Path, data: bytes, force: bool) -> None:
    """Write a file the user named whole, or leave the one there as it was (`output.files`),
    and say so on stderr; `-` is stdout."""
    from aicompete.output.escaping import clean
    from aicompete.output.files import write_file

    if str(path) == "-":
        # Only the brief may be named so: a chart's name gives its image type.
        _write(data.decode("utf-8"))
        return
    existed = os.path.lexists(path)
    try:
        write_file(path, data, replace=force)
    except UsageError as error:
        _fail(str(error), EXIT_USAGE)
    except OSError as error:
        _fail_to_write(path, error, existed)
    typer.echo(f"Wrote {clean(str(path))}", err=True)


def _outside_bundled(ctx: typer.Context, facts: Path, article: Path) -> None:
    """An article outside the bundled knowledge file's folder is for a base of one's own:
    raise a usage error that says how to make one, instead of naming the installed package's
    folder."""
    from aicompete.knowledge.source_texts import NotASourceFile

    if _settings(ctx).facts is not None:
        return
    try:
        article.resolve().relative_to(facts.parent.resolve())
    except ValueError:
        raise NotASourceFile(
            "the bundled knowledge file is aicompete's own: start a base of yours with "
            f"`aicompete init DIR`, copy {article} into DIR, then run "
            "`aicompete --facts DIR/facts.toml` with this command"
        ) from None


def _fail_to_write(path: Path, error: Exception, existed: bool) -> NoReturn:
    """A file that could not be written: one line, exit 1, and that the old one is kept."""
    reason = getattr(error, "strerror", None) or str(error)
    kept = f"; {path} is as it was" if existed else ""
    _fail(f"{path}: cannot write: {reason}{kept}", EXIT_DATA)


def _settings(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


def _facts_path(ctx: typer.Context) -> Path:
    from aicompete.knowledge.bundled import bundled_facts

    return _settings(ctx).facts or bundled_facts()


# Where `_knowledge` keeps what it read: the context's `meta`, which every command's context
# shares with the global options'.
_KNOWLEDGE = "aicompete.knowledge"


def _knowledge(ctx: typer.Context) -> "KnowledgeBase":
    """The knowledge base, read once a run: a Markdown table's source line asks for it again."""
    knowledge: KnowledgeBase | None = ctx.meta.get(_KNOWLEDGE)
    if knowledge is not None:
        return knowledge
    from aicompete.knowledge.loading import load_knowledge
    from aicompete.knowledge.problems import KnowledgeFileError

    try:
        with _load_progress() as progress:
            knowledge = ctx.meta[_KNOWLEDGE] = load_knowledge(_facts_path(ctx), progress)
    except KnowledgeFileError as error:
        _fail(str(error), EXIT_DATA)
    return knowledge


def _search_index(ctx: typer.Context) -> "SearchIndex":
    from aicompete.knowledge.problems import KnowledgeFileError
    from aicompete.knowledge.search_index import for_file

    try:
        with _load_progress() as progress:
            return for_file(_facts_path(ctx), progress)
    except KnowledgeFileError as error:
        _fail(str(error), EXIT_DATA)


@contextmanager
def _shown(description: str) -> Iterator[None]:
    """A long step of a command, drawn on stderr as a stage once it has taken a while."""
    with _load_progress() as progress:
        if progress is not None:
            progress.stage(description)
        yield


def _load_progress() -> "LoadProgressDisplay | nullcontext[None]":
    """A display of a slow load's progress where a person may be watching stderr; else none."""
    try:
        watched = sys.stderr.isatty()
    except (AttributeError, ValueError):
        watched = False
    return LoadProgressDisplay() if watched else nullcontext()


class LoadProgressDisplay:
    """A load's stages, drawn by rich on stderr once the load has taken
    `PROGRESS_AFTER_SECONDS`, and gone when it ends: a `knowledge.progress.LoadProgress`.

    A cached load reports nothing, so it never shows; rich is imported only to draw.
    """

    def __init__(self) -> None:
        import threading
        import time

        self._started = time.monotonic()
        self._description = ""
        self._total: int | None = None
        self._done = 0
        self._shown: Progress | None = None
        self._task: TaskID | None = None
        # A stage can be one long call (parsing a large file) that reports nothing until it
        # ends: a timer draws it when the time comes, and rich animates it from then on.
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._finished = False

    def __enter__(self) -> "LoadProgressDisplay":
        return self

    def __exit__(self, *_exception: object) -> None:
        with self._lock:
            self._finished = True
            if self._timer is not None:
                self._timer.cancel()
            if self._shown is not None:
                self._shown.stop()

    def stage(
        self, description: str, total: int | None = None, expected_seconds: float = 0.0
    ) -> None:
        with self._lock:
            self._description, self._total, self._done = description, total, 0
            if self._shown is not None and self._task is not None:
                # A stage of its own: its bar starts empty, or pulses when its size is unknown.
                self._shown.remove_task(self._task)
                self._task = None
            self._draw(expected_seconds)
            if self._shown is None and self._timer is None:
                self._start_timer()

    def advance(self, steps: int) -> None:
        with self._lock:
            self._done += steps
            self._draw()

    def _start_timer(self) -> None:
        import threading
        import time

        wait = max(0.0, PROGRESS_AFTER_SECONDS - (time.monotonic() - self._started))
        self._timer = threading.Timer(wait, self._on_time)
        self._timer.daemon = True
        self._timer.start()

    def _on_time(self) -> None:
        with self._lock:
            if not self._finished:
                self._draw()

    def _draw(self, expected_seconds: float = 0.0) -> None:
        import time

        if self._shown is None:
            if time.monotonic() - self._started + expected_seconds < PROGRESS_AFTER_SECONDS:
                return
            self._shown = self._display()
            self._shown.start()
        if self._task is None:
            from aicompete.output.escaping import clean

            self._task = self._shown.add_task(clean(self._description), total=self._total)
        self._shown.update(self._task, completed=self._done)

    @staticmethod
    def _display() -> "Progress":
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        return Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr, highlight=False),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )


def _proof(
    ctx: typer.Context, knowledge: "KnowledgeBase"
) -> tuple["Mapping[str, SourceText | Unreadable]", list["FactCheck"]]:
    """The source texts beside the knowledge file, and every fact checked against them."""
    from aicompete.proof.proving import prove

    with _load_progress() as progress:
        return prove(knowledge, _facts_path(ctx), progress)


def _build(command: str, *arguments: object) -> "Listing":
    """The listing of a listing command, from its registry entry."""
    from aicompete.listings.registry import builder

    return builder(command)(*arguments)


def _filters(
    company: str | None = None,
    app: str | None = None,
    source: str | None = None,
    period: str | None = None,
    metric: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> "Filters | None":
    """The filters asked for, if any: the module that applies them loads only then."""
    asked = (company, app, source, period, metric, since, until)
    if all(value is None for value in asked):
        return None
    from aicompete.listings.filters import Filters

    return Filters(*asked)


def _narrowed(
    knowledge: "KnowledgeBase", listing: "Listing", filters: "Filters | None"
) -> "Listing":
    """The listing with only the rows the filters ask for (names resolved as in `compare`)."""
    if filters is None:
        return listing
    from dataclasses import replace

    from aicompete.listings.filters import narrow, resolve

    with _usage("--company / --app / --source / --period / --metric / --since / --until"):
        narrowing = resolve(knowledge, filters)
    return replace(
        narrow(listing, narrowing),
        empty_message=listing.empty_message or "no rows match the filters",
    )


class Output:
    """What the shared output options asked for: the format, the fields, how many rows, and
    how CSV is written. A plain class: every listing command makes one."""

    __slots__ = ("csv", "fields", "format", "limit")

    def __init__(
        self, format: OutputFormat, fields: str | None, limit: int | None, csv: "CsvOptions"
    ) -> None:
        self.format = format
        self.fields = fields
        self.limit = limit
        self.csv = csv


def _output(
    output_format: OutputFormat,
    json_output: bool,
    fields: str | None,
    limit: int | None,
    bom: bool,
    keep_formulas: bool,
) -> Output:
    """The shared output options, read before the knowledge file is, so that a usage error
    costs nothing: `--json` with another `--format` is one."""
    from aicompete.output.formats import CsvOptions

    if json_output and output_format not in (OutputFormat.table, OutputFormat.json):
        with _usage("--json"):
            raise FormatConflict(f"--json conflicts with --format {output_format.value}")
    chosen = OutputFormat.json if json_output else output_format
    return Output(chosen, fields, limit, CsvOptions(bom, keep_formulas))


def _emit(ctx: typer.Context, listing: "Listing", out: Output) -> None:
    from aicompete.listings.contract import field_names, select_fields

    if out.format.for_people and not listing.rows and listing.empty_message:
        from aicompete.output.escaping import clean

        _write(clean(listing.empty_message) + "\n")
        return
    if out.fields is not None:
        # Already checked against the command's fields by `_check_fields`.
        names = field_names(out.fields)
    elif out.format.for_people:
        names = list(listing.table_fields)
    else:
        names = [field.name for field in listing.fields]
    shown = select_fields(listing, names)
    if out.limit is not None:
        shown = shown.limited(out.limit)
    sources = _cited(ctx, listing, shown) if out.format.names_sources else ()
    _write_answer(ctx, out.format.render(shown, _settings(ctx).terminal, out.csv, sources))


def _cited(ctx: typer.Context, listing: "Listing", shown: "Listing") -> "list[Publication]":
    """The sources that the rows `shown` cite, as readers cite them, in the order first cited.
    The knowledge base is read for them only when there are any: `lookup` answers from its
    search index alone, and `validate`'s rows cite nothing."""
    from aicompete.listings.contract import cited

    ids = cited(listing.fields, shown.rows)
    if not ids:
        return []
    from aicompete.listings.publications import publications

    known = publications(_knowledge(ctx))
    # `lookup`'s rows come from the search index: a file changed since may lack a source.
    return [known[source] for source in ids if source in known]


def _write_answer(ctx: typer.Context, text: str) -> None:
    """Write a command's answer: through a pager when it is taller than the terminal (see
    `terminal.pager_command`), else directly."""
    settings = _settings(ctx)
    terminal = settings.terminal
    # Output to a pipe or a file, as scripts read it, is written at once: nothing to measure.
    if terminal.isatty:
        from aicompete.output.grid import screen_rows
        from aicompete.terminal import pager_command

        rows = screen_rows(text, terminal.width)
        command = pager_command(terminal, os.environ, rows, settings.no_pager)
        if command is not None and _page(command, text):
            return
    _write(text)


def _page(command: list[str], text: str) -> bool:
    """Show `text` through the pager `command`; False if the pager cannot be started.

    While the pager runs, Ctrl-C is the pager's own (less stops a search with it): aicompete
    ignores it, and waits. A pager quit before it read everything is no error.
    """
    import signal
    import subprocess

    from aicompete.terminal import pager_environment

    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=pager_environment(os.environ))
    except OSError:
        return False
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # communicate() takes a pager's early exit (a broken pipe) as the end of its input.
        pager.communicate(text.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "replace"))
    finally:
        signal.signal(signal.SIGINT, interrupt)
    return True


def _write(text: str) -> None:
    """Write to stdout; a reader that has gone away (`| head`) ends the command quietly, and
    an output that cannot be written (a full disk) is said so, in one line."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_OK) from None
    except OSError as error:
        _silence_stdout()
        _fail(f"cannot write output: {error.strerror or error}", EXIT_DATA)


def _silence_stdout() -> None:
    """Point stdout at nothing, so that Python's own flush at exit has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        # Not a real file (captured output): there is no flush at exit to fail.
        return


def _fail(message: str, code: int) -> NoReturn:
    from aicompete.output.escaping import clean

    # The message may quote the knowledge file: its control characters are escaped.
    typer.echo(f"aicompete: error: {clean(message)}", err=True)
    raise typer.Exit(code)


# Why writing to stdout can fail other than a closed pipe: the disk or the file is full.
_OUTPUT_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` (else the process's arguments); return the exit code.

    Every failure becomes a message and an exit code; the console script and the tests both
    come through here.
    """
    from aicompete.typer_internals import lazy_command, shown_click_error

    args = _normalized(sys.argv[1:] if argv is None else list(argv))
    try:
        code = lazy_command(app)(args=args, prog_name="aicompete", standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    except Terminated as stop:
        typer.echo(f"aicompete: stopped by signal {stop.signal}", err=True)
        code = 128 + stop.signal
    except BrokenPipeError:
        # Output written outside `_write` (help, usage) met a closed pipe: stop as quietly.
        _silence_stdout()
        code = EXIT_OK
    except OSError as error:
        if error.errno not in _OUTPUT_FULL:
            code = _internal_error(error)
        else:
            # Output written outside `_write` (help) met a full disk: said as `_write` says it.
            _silence_stdout()
            typer.echo(f"aicompete: error: cannot write output: {error.strerror}", err=True)
            code = EXIT_DATA
    except Exception as error:
        shown = shown_click_error(error)
        code = _internal_error(error) if shown is None else shown
    # Typer turns an interrupt into exit code 130 itself, without a word.
    if code == EXIT_INTERRUPTED:
        typer.echo("aicompete: interrupted", err=True)
    return code if isinstance(code, int) else EXIT_OK


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
    return EXIT_DATA


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


def main() -> None:
    """Console entry point: text that the output's encoding lacks is replaced, not a crash;
    a request to stop cleans up like an interrupt."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    _stop_on_signals()
    sys.exit(run())

"""The command line's definitions: the app, its global options, the options that many
commands share (each declared once), and every command, from its arguments to its answer.

The process around them (arguments, signals, exit statuses) is `core`; what one run has read,
and the way from a listing to its text, `session`; writing and paging, `output.writer`. Only
this module and `core` print or exit: a domain `UsageError` raised while a command runs
becomes click's usage error for the option it concerns (exit 2), a `Failure` one line and its
exit status (`core`).

Unlike the other modules, this one does not postpone its annotations: Typer reads the
commands' parameters from them, and objects cost it less than strings to evaluate on every run.
"""

import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from aicompete import __version__
from aicompete.errors import ExitStatus, Failure, UsageError
from aicompete.output import writer
from aicompete.output.formats import OutputFormat, json_for
from aicompete.session import Output, Session
from aicompete.terminal import Terminal

if TYPE_CHECKING:
    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.listings.contract import Listing
    from aicompete.listings.filters import Filters

# The commands whose answer depends on nothing but their arguments, the knowledge file (and
# what is derived from it), the code and the environment that shapes output: a repeated one is
# answered from the bytes it wrote before (`aicompete.answers`). Not `verify` and `sources`,
# which read the source texts too, nor `validate`, which may check another file; nor any
# command that writes a file or reads an article.
REPEATABLE = frozenset(
    {
        "figures",
        "dau",
        "campaigns",
        "leadership",
        "lookup",
        "compare",
        "timeline",
        "history",
        "conflicts",
        "show",
        "fields",
        "schema",
    }
)

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


def _choices(module: str, name: str) -> Callable[[str], list[str]]:
    """Shell completion from the choices `name` of `module`, imported only when completing."""

    def complete(incomplete: str) -> list[str]:
        import importlib

        choices: Sequence[str] = getattr(importlib.import_module(module), name)
        return [choice for choice in choices if choice.startswith(incomplete)]

    return complete


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
    from aicompete.listings.contract import check_field_names, names_in_fields_option
    from aicompete.listings.registry import fields_of

    try:
        check_field_names(fields_of(ctx.info_name or ""), names_in_fields_option(value))
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
        help="Only rows from this source: its id or title, or a publisher's name for every "
        "source it published.",
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


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation
    )


# The output options of every listing command, in the order their help lists them.
OUTPUT_OPTIONS = (
    _parameter("output_format", FormatOption, OutputFormat.table),
    _parameter("json_output", JsonOption, False),
    _parameter("fields", FieldsOption, None),
    _parameter("limit", LimitOption, None),
    _parameter("bom", BomOption, False),
    _parameter("keep_formulas", FormulasOption, False),
)
# The filters, by the name a command asks for them with.
FILTER_OPTIONS = {
    "company": _parameter("company", CompanyOption, None),
    "app": _parameter("app_name", AppOption, None),
    "source": _parameter("source", SourceOption, None),
    "period": _parameter("period", PeriodOption, None),
    "metric": _parameter("metric", MetricOption, None),
    "since": _parameter("since", SinceOption, None),
    "until": _parameter("until", UntilOption, None),
}


class ListingCommand:
    """A listing command's function, with the output options and the filters it takes added
    to its parameters, as Typer reads them, and passed to it gathered into one object each:
    `out`, an `Output`, and `filters`, the `Filters` asked for or None.

    The output options are read before the command runs, so that a usage error costs
    nothing: `--json` with another `--format` is one. The parameters are worked out when
    Typer builds the command, which it does only for the command that runs.
    """

    def __init__(self, function: Callable[..., None], filters: tuple[str, ...]) -> None:
        self.function = function
        self.filters = {name: FILTER_OPTIONS[name] for name in filters}
        self.__name__ = function.__name__
        self.__qualname__ = function.__qualname__
        self.__module__ = function.__module__
        self.__doc__ = function.__doc__

    @cached_property
    def __signature__(self) -> inspect.Signature:
        own = inspect.signature(self.function).parameters.values()
        kept = [parameter for parameter in own if parameter.name not in ("out", "filters")]
        return inspect.Signature([*kept, *self.filters.values(), *OUTPUT_OPTIONS])

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        parameters = self.__signature__.parameters.values()
        return {parameter.name: parameter.annotation for parameter in parameters}

    def __call__(self, **arguments: Any) -> None:
        out = _output(*(arguments.pop(option.name) for option in OUTPUT_OPTIONS))
        if self.filters:
            asked = {name: arguments.pop(option.name) for name, option in self.filters.items()}
            arguments["filters"] = _filters(**asked)
        self.function(**arguments, out=out)


# The filters most listings take: who a row is about and where it comes from; and with them,
# for listings of dated facts, when.
SUBJECTS = ("company", "app", "source")
DATED = (*SUBJECTS, "period", "since", "until")


def listing_command(
    *filters: str, name: str | None = None, **options: Any
) -> Callable[[Callable[..., None]], ListingCommand]:
    """A command that answers with a listing: it takes the output options and the `filters`
    named (`company`, `app`, `source`, `period`, `metric`, `since`, `until`), gathered into
    `out` and `filters`."""

    def register(function: Callable[..., None]) -> ListingCommand:
        return command(name, **options)(ListingCommand(function, filters))

    return register


class FormatConflict(UsageError):
    """`--json` together with another `--format`."""


def _output(
    output_format: OutputFormat,
    json_output: bool,
    fields: str | None,
    limit: int | None,
    bom: bool,
    keep_formulas: bool,
) -> Output:
    """What the output options ask for; `--json` with another `--format` is a usage error."""
    from aicompete.output.formats import CsvOptions

    if json_output and output_format not in (OutputFormat.table, OutputFormat.json):
        with _usage("--json"):
            raise FormatConflict(f"--json conflicts with --format {output_format.value}")
    chosen = OutputFormat.json if json_output else output_format
    return Output(chosen, fields, limit, CsvOptions(bom, keep_formulas))


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


def _version(value: bool) -> None:
    if value:
        writer.write(f"aicompete {__version__}\n")
        raise typer.Exit()


def _show_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from aicompete.typer_internals import completion_script

    with _usage("--show-completion"):
        writer.write(completion_script("aicompete", value or None))
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
    ctx.ensure_object(Session).configure(facts, Terminal.detect(), no_pager, ctx.invoked_subcommand)


def _session(ctx: typer.Context) -> Session:
    session: Session = ctx.obj
    return session


def _build(command: str, *arguments: object) -> "Listing":
    """The listing of a listing command, from its registry entry."""
    from aicompete.listings.registry import builder

    return builder(command)(*arguments)


# What a usage error in the filters names: any of them may hold the name that matches nothing.
FILTERS_HINT = "--company / --app / --source / --period / --metric / --since / --until"


def _answer(
    ctx: typer.Context, listing: "Listing", out: Output, filters: "Filters | None" = None
) -> "Listing":
    """Write the answer of `listing`, narrowed by `filters`; return the listing shown."""
    session = _session(ctx)
    with _usage(FILTERS_HINT):
        shown = session.narrowed(listing, filters)
    _write_answer(session, session.rendered(shown, out))
    return shown


def _write_answer(session: Session, text: str) -> None:
    writer.write_answer(text, session.terminal, session.no_pager)


@listing_command(
    *SUBJECTS,
    "period",
    "metric",
    "since",
    "until",
    epilog="Examples: aicompete figures; aicompete figures --metric mau; "
    "aicompete figures --app qwen --since 2026-02 --json",
)
def figures(ctx: typer.Context, out: Output, filters: "Filters | None") -> None:
    """Every figure the sources state, whatever it counts: DAU, MAU, retention, queries,
    spend. Each with its unit and bound, its time as reported and the date it resolves to."""
    _answer(ctx, _session(ctx).listing("figures"), out, filters)


@listing_command(
    *DATED,
    epilog="Examples: aicompete dau; aicompete dau --json; aicompete dau --format csv",
)
def dau(ctx: typer.Context, out: Output, filters: "Filters | None") -> None:
    """Apps ranked by daily active users. Each group of comparable figures (same metric,
    date and measurer) is ranked on its own, with each app's share of its leader."""
    _answer(ctx, _session(ctx).listing("dau"), out, filters)


@listing_command(
    *SUBJECTS,
    epilog="Examples: aicompete campaigns --sort spend; aicompete campaigns --sort company "
    "--reverse; aicompete campaigns --json",
)
def campaigns(
    ctx: typer.Context,
    out: Output,
    filters: "Filters | None",
    sort: Annotated[
        str,
        typer.Option(
            help="Order by spend (largest first), company or app (A to Z).",
            metavar="[spend|company|app]",
            autocompletion=_choices("aicompete.listings.campaigns", "SORT_KEYS"),
        ),
    ] = "spend",
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Reverse the order; unknown amounts stay last.")
    ] = False,
) -> None:
    """Promotional campaigns: amount in CNY and USD (stated or converted), and purpose."""
    from aicompete.listings.campaigns import sort_key_named

    with _usage("--sort"):
        key = sort_key_named(sort)
    listing = _session(ctx).listing("campaigns", key, reverse)
    _answer(ctx, listing, out, filters)


@listing_command(
    *SUBJECTS,
    epilog="Examples: aicompete leadership; aicompete leadership --category statement "
    "--company alibaba; aicompete leadership --json",
)
def leadership(
    ctx: typer.Context,
    out: Output,
    filters: "Filters | None",
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            metavar="[leadership|organisation|statement|profile]",
            help="Only events of this category; statement shows who said what, when, in the "
            "words quoted.",
            autocompletion=_choices("aicompete.listings.leadership", "CATEGORIES"),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Leadership and organisation changes, statements and profile facts in date order: who,
    role, what, when, quote."""
    from aicompete.listings.leadership import category_named

    with _usage("--category"):
        chosen = category_named(category) if category is not None else None
    _answer(ctx, _session(ctx).listing("leadership", chosen), out, filters)


@listing_command(
    *SUBJECTS,
    epilog="Examples: aicompete lookup lin junyang; aicompete lookup 'red packet' --json; "
    "aicompete lookup tongyi --fields kind,id,summary",
)
def lookup(
    ctx: typer.Context,
    out: Output,
    filters: "Filters | None",
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help="Words to find: a name, alias, role, or words of a description or quote.",
            show_default=False,
        ),
    ],
) -> None:
    """Find any fact or entity by the words you would type; best match first."""
    from aicompete.knowledge.search import Query

    with _usage("QUERY"):
        # Checked before the knowledge file is read: a usage error is found first.
        Query.parse(" ".join(query))
    # The index answers alone; only names to narrow by need the knowledge base.
    _answer(ctx, _build("lookup", _session(ctx).search_index(), " ".join(query)), out, filters)


@listing_command(
    epilog="Examples: aicompete compare tencent alibaba; aicompete compare doubao qwen yuanbao; "
    "aicompete compare bytedance qwen --json",
)
def compare(
    ctx: typer.Context,
    out: Output,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME NAME...",
            help="Two or more companies or apps; an app stands for the company that runs it.",
            show_default=False,
            autocompletion=_complete_players,
        ),
    ],
) -> None:
    """Companies side by side: app, DAU and share of the leader, campaigns, spend, leadership."""
    knowledge = _session(ctx).knowledge()
    with _usage("NAME"):
        listing = _build("compare", knowledge, names)
    _answer(ctx, listing, out)


@listing_command(
    *SUBJECTS,
    epilog="Examples: aicompete timeline; aicompete timeline --json; "
    "aicompete timeline --fields rank,when,who,event",
)
def timeline(ctx: typer.Context, out: Output, filters: "Filters | None") -> None:
    """Events in date order, each time as reported beside the date it resolves to; events
    the sources do not order share a rank, and undated ones come last."""
    _answer(ctx, _session(ctx).listing("timeline"), out, filters)


@listing_command(
    *DATED,
    epilog="Examples: aicompete history doubao; aicompete history qwen --json; "
    "aicompete history qwen --metric dau",
)
def history(
    ctx: typer.Context,
    out: Output,
    filters: "Filters | None",
    name: Annotated[
        str,
        typer.Argument(metavar="APP", help="An app: its name, id or alias.", show_default=False),
    ],
    metric: MetricOption = None,
) -> None:
    """One app's figures over time. Each series (metric and measurer) is in date order, with
    the change from one date to the next."""
    knowledge = _session(ctx).knowledge()
    with _usage("APP / --metric"):
        listing = _build("history", knowledge, name, metric)
    _answer(ctx, listing, out, filters)


@listing_command(
    *SUBJECTS,
    "period",
    epilog="Examples: aicompete conflicts; aicompete conflicts --json; "
    "aicompete conflicts --company alibaba",
)
def conflicts(ctx: typer.Context, out: Output, filters: "Filters | None") -> None:
    """Where two sources state the same thing differently: both values, both quotes and both
    sources. Exits 0 whether or not there are any."""
    _answer(ctx, _session(ctx).listing("conflicts"), out, filters)


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

    session = _session(ctx)
    knowledge = session.knowledge()
    with _usage("ID"):
        found = detail.build(knowledge, name)
    terminal = session.terminal
    if json_output:
        from aicompete.output.machine import detail_to_json

        _write_answer(session, json_for(detail_to_json(found), terminal))
        return
    from aicompete.output.detail import to_detail_text

    _write_answer(session, to_detail_text(found, color=terminal.color, width=terminal.width))


@listing_command(
    *SUBJECTS,
    epilog="Examples: aicompete verify; aicompete verify --json; "
    "aicompete --facts my-facts.toml verify",
)
def verify(ctx: typer.Context, out: Output, filters: "Filters | None") -> None:
    """Prove every fact against its source: the quote verbatim, each figure in the quote.

    Exits 1, naming the facts, if any fact fails.
    """
    from aicompete.listings.verify import titled

    session = _session(ctx)
    with _usage(FILTERS_HINT):
        listing = session.narrowed(session.verified(), filters)
    listing = titled(listing)
    _answer(ctx, listing, out)
    # With filters, the verdict is on the facts asked about.
    failed = [str(row["id"]) for row in listing.rows if not row["ok"]]
    if failed:
        shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
        raise Failure(
            f"{session.facts_path}: {len(failed)} of {len(listing.rows)} facts failed: {shown}"
        )


@listing_command(
    epilog="Examples: aicompete validate; aicompete validate my-facts.toml; "
    "aicompete validate my-facts.toml --json",
)
def validate(
    ctx: typer.Context,
    out: Output,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Knowledge file to check; by default the --facts file or the bundled one."
        ),
    ] = None,
) -> None:
    """Check a knowledge file and list every problem: kind, id, field, line and message."""
    from aicompete.knowledge.loading import check_file
    from aicompete.output.progress import load_progress

    path = path or _session(ctx).facts_path
    with load_progress() as progress:
        document, problems = check_file(path, progress)
    # People get one line for a valid file; programs get the (empty) list in their format.
    if problems or not out.format.for_people:
        _answer(ctx, _build("validate", str(path), document, problems), out)
    if problems:
        raise Failure(f"{path}: {len(problems)} problem{'s' * (len(problems) > 1)}")
    if out.format.for_people:
        writer.write(f"{path}: valid\n")


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
            raise Failure(f"{folder}: cannot write: {error.strerror or error}") from None
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
    from aicompete.output.escaping import clean
    from aicompete.output.files import write_file
    from aicompete.output.toml import value

    text, document = parse_toml(file, read_bytes(file))
    bundled = bundled_facts()
    standard_text, standard = parse_toml(bundled, read_bytes(bundled))
    with _usage("FILE"):
        migrated = rewrite(text, document, standard_text, standard.get("metrics", []), value)
    if in_place:
        backup = file.with_name(file.name + ".bak")
        try:
            write_file(backup, file.read_bytes(), replace=True)
            write_file(file, migrated.text.encode("utf-8"), replace=True)
        except OSError as error:
            raise Failure(f"{file}: cannot write: {error.strerror or error}") from None
        typer.echo(f"Wrote {clean(str(file))} (the old file is {clean(str(backup))})", err=True)
    else:
        writer.write(migrated.text)
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

    facts = _session(ctx).facts_path
    with _usage("FILE"):
        _outside_bundled(ctx, file)
        found = describe(facts, file)
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
    writer.write(to_toml("sources", [block]))
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
    find figures of every metric the file names (with unit, bound, when, date and who
    measured them), campaigns with their amounts and dates, people and their roles,
    companies and apps, dated events and statements. Prints TOML to review and append to the
    knowledge file (the --facts file, whose names it reuses), each field with the status
    verify gives it; what it cannot fill is left for you, marked, and another name of a
    record the file holds is proposed as a comment. An article of more than 2 MiB is refused
    unless AICOMPETE_MAX_ARTICLE_MB allows it."""
    from aicompete.knowledge.source_texts import max_article_bytes, read_article
    from aicompete.listings.draft import build
    from aicompete.output.draft import draft_to_json, draft_to_toml
    from aicompete.output.progress import load_progress
    from aicompete.proof.drafting import article_source
    from aicompete.proof.drafting import draft as draft_article

    session = _session(ctx)
    path = session.facts_path
    knowledge = session.knowledge()
    with _usage("FILE"):
        _outside_bundled(ctx, file)
        found, text = read_article(path, file, max_article_bytes())
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
    # A long article's reading is drawn on a terminal as it goes; Ctrl-C stops it with
    # nothing written.
    with load_progress() as progress:
        read = 0

        def advance(at: int) -> None:
            nonlocal read
            if progress is not None:
                progress.advance(at - read)
            read = at

        if progress is not None:
            progress.stage(f"Drafting {file.name}", total=len(text.text))
        drafted = draft_article(knowledge, source, text.text, new_source=new, progress=advance)
    items = build(knowledge, drafted)
    if json_output:
        writer.write(json_for(draft_to_json(items), session.terminal))
    else:
        writer.write(draft_to_toml(items, found["file"]))


def _outside_bundled(ctx: typer.Context, article: Path) -> None:
    """An article outside the bundled knowledge file's folder is for a base of one's own:
    raise a usage error that says how to make one, instead of naming the installed package's
    folder."""
    from aicompete.knowledge.source_texts import NotASourceFile

    session = _session(ctx)
    if session.facts is not None:
        return
    try:
        article.resolve().relative_to(session.facts_path.parent.resolve())
    except ValueError:
        raise NotASourceFile(
            "the bundled knowledge file is aicompete's own: start a base of yours with "
            f"`aicompete init DIR`, copy {article} into DIR, then run "
            "`aicompete --facts DIR/facts.toml` with this command"
        ) from None


@command(epilog="Examples: aicompete schema; aicompete schema > facts.schema.json")
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the knowledge file. Every field has a description."""
    from aicompete.knowledge.schema import schema_text

    _write_answer(_session(ctx), schema_text())


@listing_command(
    *SUBJECTS,
    epilog="Examples: aicompete sources; aicompete sources --json; "
    "aicompete sources --company alibaba",
)
def sources(ctx: typer.Context, out: Output, filters: "Filters | None") -> None:
    """The source documents: how many facts cite each, and whether their quotes verify."""
    session = _session(ctx)
    _answer(ctx, _build("sources", session.knowledge(), *session.proof()), out, filters)


@listing_command(
    name="fields",
    epilog="Examples: aicompete fields campaigns; aicompete fields dau --json",
)
def fields_command(
    ctx: typer.Context,
    out: Output,
    command: Annotated[
        str,
        typer.Argument(
            help="A listing command.",
            metavar="COMMAND",
            autocompletion=_choices("aicompete.listings.registry", "LISTINGS"),
        ),
    ],
) -> None:
    """The fields a command outputs. Each has its type and a one-line description."""
    from aicompete.listings.registry import fields_of

    # Names chosen from a list are case-blind everywhere (`-f JSON`, `--sort Spend`).
    command = command.lower()
    with _usage("COMMAND"):
        described = fields_of(command)
    _answer(ctx, _build("fields", command, described), out)


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
    knowledge = _session(ctx).knowledge()
    try:
        with _usage("PATH"):
            searchable = write_database(knowledge, path, replace=force)
    except (OSError, sqlite3.Error) as error:
        raise _cannot_write(path, error, existed) from None
    # Datasette's search box and `sqlite-utils search` need the indexes: say when they lack.
    missing = "" if searchable else ", without search indexes: this Python's SQLite has no FTS5"
    typer.echo(f"Wrote {path}{missing}", err=True)


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
            autocompletion=_choices("aicompete.listings.chart", "CHARTS"),
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
    from aicompete.listings.chart import check_request, image_type

    # Names chosen from a list are case-blind everywhere (`-f JSON`, `--sort Spend`).
    listing = listing.lower()
    with _usage("LISTING"):
        check_request(listing, names or [])
    with _usage("--output"):
        image = image_type(output)
    _check_output(output, force)
    with _extra("chart", "matplotlib"):
        from aicompete.output.chart import draw
    from aicompete.listings.chart import chart_of
    from aicompete.listings.publications import publications

    knowledge = _session(ctx).knowledge()
    with _shown(f"Drawing the chart of {listing}"):
        with _usage("NAME"):
            built = _build(listing, knowledge, *([names] if listing == "compare" else []))
        drawn = chart_of(listing, built, publications(knowledge), limit)
        if not drawn.panels:
            raise Failure(f"nothing to chart: the knowledge base has no rows for {listing}")
        data = draw(drawn, image)
    _save(output, data, force)


@command(
    epilog="Examples: aicompete brief -o brief.html; "
    "aicompete brief -o alibaba.html --company alibaba; "
    "aicompete --facts my-facts.toml brief -o brief.html --source 'China Daily' --limit 10",
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
    company: CompanyOption = None,
    source: SourceOption = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            metavar="N",
            min=1,
            help="Show the first N rows of each section; each says how many it left out.",
        ),
    ] = 20,
    force: ForceOption = False,
) -> None:
    """Write a one-page HTML brief: its key findings first, then DAU, campaigns and companies
    side by side, the timeline and the leadership changes, every figure linked to its quote
    and source, and what verify does not prove marked. Needs the charts extra: pip install
    "aicompete[charts]"."""
    with _extra("brief", "jinja2"):
        from aicompete.output.brief import to_html
    from aicompete.listings.brief import build

    _check_output(output, force)
    session = _session(ctx)
    filters = _filters(company=company, source=source)
    with _usage("--company / --source"):
        narrowing = session.narrowing(filters) if filters is not None else None
    check = session.fact_check()
    with _shown("Writing the brief"):
        written = build(session.knowledge(), check, narrowing, limit)
        page = to_html(written).encode("utf-8")
    _save(output, page, force)
    cited = len(written.notes)
    failed = sum(1 for note in written.notes if any(flag.status == "failed" for flag in note.flags))
    if failed:
        typer.echo(
            f"aicompete: {failed} of the {cited} facts the brief cites are not proven; the "
            "brief marks them (see aicompete verify)",
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
        raise Failure(
            f'{command} needs {missing}, which is not installed: pip install "aicompete[charts]"'
        ) from None


def _check_output(path: Path, force: bool) -> None:
    """Refuse an output file that would not be written before any work is done (exit 2)."""
    from aicompete.output.files import Refused, check_target

    if str(path) != "-":
        try:
            check_target(path, replace=force)
        except Refused as error:
            raise Failure(str(error), ExitStatus.USAGE) from None


def _save(path: Path, data: bytes, force: bool) -> None:
    """Write a file the user named whole, or leave the one there as it was (`output.files`),
    and say so on stderr; `-` is stdout."""
    import os

    from aicompete.output.escaping import clean
    from aicompete.output.files import write_file

    if str(path) == "-":
        # Only the brief may be named so: a chart's name gives its image type.
        writer.write(data.decode("utf-8"))
        return
    existed = os.path.lexists(path)
    try:
        write_file(path, data, replace=force)
    except UsageError as error:
        raise Failure(str(error), ExitStatus.USAGE) from None
    except OSError as error:
        raise _cannot_write(path, error, existed) from None
    typer.echo(f"Wrote {clean(str(path))}", err=True)


def _cannot_write(path: Path, error: Exception, existed: bool) -> Failure:
    """A file that could not be written: one line, exit 1, and that the old one is kept."""
    reason = getattr(error, "strerror", None) or str(error)
    kept = f"; {path} is as it was" if existed else ""
    return Failure(f"{path}: cannot write: {reason}{kept}")


@contextmanager
def _shown(description: str) -> Iterator[None]:
    """A long step of a command, drawn on stderr as a stage once it has taken a while."""
    from aicompete.output.progress import load_progress

    with load_progress() as progress:
        if progress is not None:
            progress.stage(description)
        yield

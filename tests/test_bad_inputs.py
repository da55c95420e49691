"""A catalogue of bad knowledge files, each refused cleanly by each loader that reads one: the
knowledge loader that every command reading the knowledge file shares, and `validate`'s own
check; and every such command loading through that loader.

Clean: exit 1, one line on stderr naming the file, no traceback; `validate` also lists the
problem, and the message says what is wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aicompete.knowledge.loading import MAX_FILE_BYTES
from aicompete.session import Session
from tests.conftest import BUNDLED, FactsFile, Result, Run, assert_clean_error
from tests.conftest import BUNDLED_TEXT as VALID

# How each loader is asked for a file: the knowledge loader (`Session.knowledge` and the search
# index, over `loading.read_knowledge_file`) through `dau`, as every command that reads the
# knowledge file does; `validate` through its own check (`loading.check_file`).
LOADERS = ("knowledge", "validate")


def _edited(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def _folder(path: Path) -> None:
    path.mkdir()


def _nothing(path: Path) -> None:
    """No file at all."""


def _too_large(path: Path) -> None:
    # Sparse: tens of megabytes on paper, refused by its size before a byte is read.
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES * 2)


def _large_wrong_shape(path: Path) -> None:
    # Just under the limit, and valid TOML: parsed, then refused for its shape.
    filler = MAX_FILE_BYTES - 100
    path.write_text(f"notes = '{'a' * filler}'\n", encoding="utf-8")


Content = str | bytes | Callable[[Path], None]

# name: (what the file holds, a phrase the message must contain)
BAD_INPUTS: dict[str, tuple[Content, str]] = {
    "missing file": (_nothing, "no such file"),
    "folder": (_folder, "is a folder"),
    "invalid TOML": ('x = 1\n[[dau]\nid = "a"\n', "invalid TOML"),
    "unterminated string": ('[[figures]]\nid = "a\n', "invalid TOML"),
    "duplicate key": ('[[figures]]\nid = "a"\nid = "b"\n', "invalid TOML"),
    "not UTF-8": (b'x = "caf\xe9"\n', "not UTF-8"),
    "UTF-16": ('x = "a"\n'.encode("utf-16"), "not UTF-8"),
    "NUL byte": (b"x = 1\n\x00\n", "NUL byte"),
    "arrays nested too deeply": ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "tables nested too deeply": ("x = " + "{a = " * 1000 + "1" + "}" * 1000, "nested too deeply"),
    "dotted key too long": (".".join(["a"] * 2000) + " = 1\n", "nested too deeply"),
    "nested deep but parseable": (
        _edited('id = "doubao-spring-festival-peak"', "id = " + "[" * 350 + "]" * 350),
        "Input should be a valid string",
    ),
    "integer of 5000 digits": ("x = " + "9" * 5000 + "\n", "too many digits"),
    "wrong shape: a string for a list": ('figures = "many"\n', "valid array"),
    "wrong shape: a table for a list": ('[figures]\nid = "a"\n', "valid array"),
    "wrong shape: numbers for records": ("apps = [1, 2]\n", "should be an object"),
    "unknown top-level key": ('title = "facts"\n', "unknown key"),
    "unknown key in a record": (
        _edited('metric = "peak-dau"', 'metric = "peak-dau"\nmetrc = "typo"'),
        "unknown key",
    ),
    "required key missing": (_edited('metric = "peak-dau"\n', ""), "required key is missing"),
    "wrong type: string for integer": (
        _edited("value = 145000000", 'value = "145000000"'),
        "write a whole number without quotes",
    ),
    "wrong type: float for integer": (_edited("value = 145000000", "value = 1.45e8"), "integer"),
    "wrong type: date for text": (
        _edited('when = "Wednesday"', "when = 2025-03-05"),
        "not a TOML date or time",
    ),
    "wrong type: boolean for text": (
        _edited('quote = "ByteDance\'s Doubao"', "quote = true"),
        "string",
    ),
    "negative number": (
        _edited("value = 3000000000", "value = -3000000000"),
        "greater than or equal to 0",
    ),
    "empty string": (_edited('quote = "Tencent\'s Yuanbao"', 'quote = ""'), "at least 1 character"),
    "id too long": (_edited('id = "baidu"', f'id = "{"b" * 101}"'), "at most 100 characters"),
    "unknown category": (_edited('category = "context"', 'category = "gossip"'), "'context'"),
    "currency that is no ISO code": (
        _edited('currency = "USD"', 'currency = "dollars"'),
        "'dollars' should be an ISO 4217 code",
    ),
    "id that is no slug": (
        _edited('id = "baidu"', 'id = "ba\u0456du"'),
        "should be an id: lowercase ASCII letters",
    ),
    "blank text": (
        _edited('quote = "Tencent\'s Yuanbao"', 'quote = "  \\t "'),
        "should not be blank",
    ),
    "text only of characters that print as nothing": (
        _edited('quote = "Tencent\'s Yuanbao"', 'quote = "\u200b\u2800\u3164\ufeff"'),
        "should not be blank",
    ),
    "a name that looks like another's, with a Cyrillic letter": (
        _edited('name = "Tencent"', 'name = "Tencent"\naliases = ["\u0410libaba"]'),
        "'\u0410libaba' is already what company:alibaba is called",
    ),
    # Beyond Cyrillic and Greek: Latin alpha, dotless i, Armenian oh and Cherokee A, as
    # Unicode's confusables data reads them. Tencent's new alias comes after Alibaba, whose
    # name it takes, and before QuestMobile and Baidu, whose names are then refused.
    **{
        f"a name that looks like another's, with {what}": (
            _edited('name = "Tencent"', f'name = "Tencent"\naliases = ["{alias}"]'),
            refused,
        )
        for what, alias, refused in (
            ("a Latin alpha", "\u0251libaba", "'\u0251libaba' is already what company:alibaba"),
            ("a dotless i", "Al\u0131baba", "'Al\u0131baba' is already what company:alibaba"),
            ("a Cherokee A", "\u13aalibaba", "'\u13aalibaba' is already what company:alibaba"),
            ("an Armenian oh", "QuestM\u0585bile", "'QuestMobile' is already what company:tencent"),
        )
    },
    "a name that is another's with an invisible character": (
        _edited('name = "Tencent"', 'name = "Tencent"\naliases = ["Ali\u200bbaba"]'),
        "is already what company:alibaba is called",
    ),
    "a name that is another's in another Unicode form": (
        _edited('name = "Tencent"', 'name = "Tencent"\naliases = ["Caf\u00e9"]').replace(
            'name = "Baidu"', 'name = "Baidu"\naliases = ["Cafe\u0301"]', 1
        ),
        "is already what company:tencent is called",
    ),
    "number beyond 64 bits": (
        _edited("value = 145000000", "value = 1000000000000000000000000000000"),
        "is too large",
    ),
    "inferred names no claim": (
        _edited(
            'inferred.company = { value = "alibaba", why = "He announced',
            'inferred.quote = { value = "alibaba", why = "He announced',
        ),
        "'quote' is not a field that can be inferred",
    ),
    "source file outside the folder": (
        _edited('file = "seeds/', 'file = "../seeds/'),
        "leaves the knowledge file's folder",
    ),
    "publication date not on the calendar": (
        _edited('published = "2026-03-07"', 'published = "2026-02-30"'),
        "is not a day of the calendar",
    ),
    "alias that is another company's id": (
        _edited(
            'description = "Chinese tech company, maker of Yuanbao"',
            'description = "d"\naliases = ["alibaba"]',
        ),
        "'alibaba' is already what company:alibaba is called",
    ),
    "duplicate id": (
        _edited('id = "qwen-spring-festival-peak"', 'id = "doubao-spring-festival-peak"'),
        "duplicate id 'doubao-spring-festival-peak'",
    ),
    "reference to nothing": (
        _edited('app = "doubao"\nmetric', 'app = "doubao-pro"\nmetric'),
        "no app has id 'doubao-pro'",
    ),
    "event after nothing": (
        _edited('after = ["lin-announces-departure"]', 'after = ["lin-leaves"]'),
        "no event has id 'lin-leaves'",
    ),
    "currency twice": (
        _edited('currency = "USD"', 'currency = "CNY"'),
        "a currency appears twice",
    ),
    "control characters in a key": ('"bell\\u0007\\nkey" = 1\n', "unknown key"),
    "tens of megabytes": (_too_large, "the limit is"),
    "large file of the wrong shape": (_large_wrong_shape, "unknown key"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every bad input written once, each in a folder of its own."""
    folder = tmp_path_factory.mktemp("bad")
    paths: dict[str, Path] = {}
    for number, (name, (content, _)) in enumerate(BAD_INPUTS.items()):
        (folder / str(number)).mkdir()
        path = paths[name] = folder / str(number) / "facts.toml"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            content(path)
    return paths


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_refused_cleanly(
    run: Run, bad_files: dict[str, Path], name: str, loader: str
) -> None:
    path = bad_files[name]
    expected = BAD_INPUTS[name][1]
    if loader == "validate":
        answer = run("validate", str(path), "--json")
        assert_clean_error(answer, path)
        messages = [row["message"] for row in json.loads(answer.stdout)]
        assert any(expected in message for message in messages), messages
    else:
        answer = run("--facts", str(path), "dau")
        assert_clean_error(answer, path)
        assert expected in answer.stderr
        assert answer.stdout == ""


def _app_commands() -> list[str]:
    """Every command of the app, by the name it is run by."""
    import typer

    from aicompete.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return list(group.commands)


# The arguments a command needs besides the knowledge file; ARTICLE and OUT/ stand for an
# article beside the knowledge file and a folder to write in.
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "lookup": ("alibaba",),
    "compare": ("tencent", "alibaba"),
    "history": ("qwen",),
    "show": ("yu-bowen",),
    "init": ("OUT/base",),
    "migrate": ("ARTICLE",),
    "new-source": ("ARTICLE", "--publisher", "P"),
    "draft": ("ARTICLE",),
    "fields": ("dau",),
    "export": ("OUT/facts.db",),
    "chart": ("dau", "-o", "OUT/dau.svg"),
    "brief": ("-o", "OUT/brief.html"),
}
# The commands that do not read the knowledge file through the knowledge loader, and why. Any
# other command of the app must.
NOT_LOADING = {
    "validate": "checks the file its own way, through each bad input above",
    "init": "writes a new knowledge base",
    "migrate": "reads the file of the first format it is given",
    "new-source": "reads the article; the knowledge file only says where its folder is",
    "schema": "prints the schema of any knowledge file",
    "fields": "lists the fields a command outputs",
}


@pytest.mark.parametrize("command", _app_commands())
def test_every_command_that_reads_the_knowledge_file_loads_it_through_the_loader(
    run: Run, bad_files: dict[str, Path], tmp_path: Path, command: str
) -> None:
    """One bad file, refused by each command that reads the knowledge file as `dau` refuses
    it: the same message and exit status, and nothing on stdout. The commands are the app's:
    a new one is held to this unless `NOT_LOADING` says why not."""
    # The table names commands of the app, whatever they are renamed.
    assert set(NOT_LOADING) | set(ARGUMENTS) <= set(_app_commands())
    # Written once for the module, so that no run waits for it to settle.
    path = bad_files["unknown top-level key"]
    (path.parent / "article.txt").write_text("An article.\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    arguments = [
        argument.replace("ARTICLE", str(path.parent / "article.txt")).replace(
            "OUT/", f"{tmp_path / 'out'}/"
        )
        for argument in ARGUMENTS.get(command, ())
    ]
    session = Session()
    answer = run("--facts", str(path), command, *arguments, session=session)
    if command in NOT_LOADING:
        assert not session.read_knowledge, answer
        return
    assert session.read_knowledge
    assert_clean_error(answer, path)
    # As `dau` says it, in `test_bad_input_is_refused_cleanly`.
    assert answer == Result(1, "", f"aicompete: error: {path}:1: title: unknown key\n")


def test_messages_escape_control_characters(run: Run, bad_files: dict[str, Path]) -> None:
    path = bad_files["control characters in a key"]
    message = run("--facts", str(path), "dau").stderr
    assert "\x07" not in message
    assert "bell\\x07\\x0akey: unknown key" in message


def test_invalid_toml_names_its_line(run: Run, bad_files: dict[str, Path]) -> None:
    path = bad_files["invalid TOML"]
    assert run("--facts", str(path), "dau").stderr.startswith(f"aicompete: error: {path}:2: ")


def test_many_records_are_checked_and_located(run: Run, tmp_path: Path) -> None:
    """20,000 records (5 MB), two problems in the last: found, with their lines."""
    first = VALID.index("[[figures]]")
    record = VALID[first : VALID.index("[[figures]]", first + 1)]
    records = [
        record.replace('id = "doubao-spring-festival-peak"', f'id = "dau-{n}"')
        for n in range(20_000)
    ]
    records[-1] = (
        records[-1]
        .replace('app = "doubao"', 'app = "doubao-pro"')
        .replace("value = 145000000", "value = -1")
    )
    text = VALID + "\n" + "".join(records)
    path = tmp_path / "facts.toml"
    path.write_text(text, encoding="utf-8")
    rows = json.loads(run("validate", str(path), "--json").stdout)
    app_line = text.count("\n", 0, text.index('app = "doubao-pro"')) + 1
    assert [(row["id"], row["field"], row["line"], row["message"]) for row in rows] == [
        ("dau-19999", "app", app_line, "no app has id 'doubao-pro'"),
        ("dau-19999", "value", app_line + 2, "Input should be greater than or equal to 0"),
    ]


@pytest.mark.parametrize("text", ["", "\n", "   \n\t\n", "# only a comment\n", "\r\n"])
def test_empty_file_is_an_empty_knowledge_base(run: Run, tmp_path: Path, text: str) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes(text.encode())
    for command in ("dau", "campaigns", "leadership", "verify"):
        answer = run("--facts", str(path), command, "--json")
        assert (answer.exit_code, answer.stdout, answer.stderr) == (0, "[]\n", "")
    assert run("validate", str(path)).stdout == f"{path}: valid\n"


def test_message_names_the_file_line_record_and_field(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(('metric = "peak-dau"', 'metric = "peak-dau"\nmetrc = "typo"'))
    line = path.read_text(encoding="utf-8").splitlines().index('metrc = "typo"') + 1
    answer = run("--facts", str(path), "dau")
    assert_clean_error(answer, path)
    assert answer.stderr == f"aicompete: error: {path}:{line}: figures[0].metrc: unknown key\n"


def test_message_names_a_field_below_a_record(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(("value = 3000000000", "value = -3000000000"))
    answer = run("--facts", str(path), "campaigns")
    assert_clean_error(answer, path)
    assert ": campaigns[0].amounts[0].value: Input should be greater than or equal to 0" in (
        answer.stderr
    )


def test_message_counts_the_other_problems(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(
        ('app = "doubao"\nmetric', 'app = "x"\nmetric'),
        ('app = "qwen"\nmetric', 'app = "y"\nmetric'),
    )
    answer = run("--facts", str(path), "dau")
    assert_clean_error(answer, path)
    assert answer.stderr.endswith(
        "figures[0].app: no app has id 'x' (and 1 more problem; see `aicompete validate`)\n"
    )


def test_only_validation_reads_the_confusables_data(tmp_path: Path) -> None:
    """Unicode's confusables data costs tens of milliseconds to read: a first load of a file
    with a name beyond ASCII, which validates, reads it; a command answered from the cache
    never does, whatever names it is given (beyond ASCII too)."""
    program = (
        "import sys\n"
        "from aicompete.core import run\n"
        "from aicompete.knowledge import look_alikes\n"
        "for args in sys.argv[1:]:\n"
        "    assert run(args.split()) == 0\n"
        "print(look_alikes._table.cache_info().currsize)\n"
    )
    facts = tmp_path / "facts.toml"
    facts.write_text(
        VALID.replace('name = "Tencent"', 'name = "Tencent"\naliases = ["\u817e\u8baf"]'),
        encoding="utf-8",
    )
    (tmp_path / "seeds").symlink_to(BUNDLED.parent / "seeds")
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "", "AICOMPETE_FACTS": str(facts)}
    first = subprocess.run(
        [sys.executable, "-c", program, "dau --json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert first.stdout.splitlines()[-1] == "1"
    cached = subprocess.run(
        [
            sys.executable,
            "-c",
            program,
            "dau --json --company \uff21\uff2c\uff29\uff22\uff21\uff22\uff21",
            "dau --json --company \u817e\u8baf",
            "compare qwen doubao --json",
            "show \uff51\uff57\uff45\uff4e --json",
            "lookup \u901a\u4e49 --json",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert cached.stdout.splitlines()[-1] == "0"


@pytest.mark.parametrize(
    "args",
    [
        ["lookup", "--", "..."],
        ["export", "EXISTING"],
        ["dau", "--json", "--format", "csv"],
        ["dau", "--fields", "app,app"],
    ],
)
def test_a_usage_error_is_found_before_a_broken_file(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[figures]]\n", encoding="utf-8")
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"")
    args = [str(existing) if arg == "EXISTING" else arg for arg in args]
    assert run("--facts", str(broken), *args).exit_code == 2

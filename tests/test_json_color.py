"""JSON in colour on a terminal, as gh and jq show it, and exactly the plain JSON anywhere else:
with the colour codes taken out, the same text, character for character."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aicompete.output.escaping import json_safe
from aicompete.output.highlight import COLORS, RESET, highlight_json
from tests import fictional
from tests.conftest import ROOT, FactsFile, Run

ESC = "\x1b"
CODES = re.compile(r"\x1b\[[0-9;]*m")
COLOURED = {"env": {"FORCE_COLOR": "1"}, "tty": True}


def strip(text: str) -> str:
    return CODES.sub("", text)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_piped_json_is_plain_even_with_force_color(run: Run, fmt: str) -> None:
    plain = run("dau", "--format", fmt).stdout
    assert ESC not in plain
    assert run("dau", "--format", fmt, env={"FORCE_COLOR": "1"}).stdout == plain


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_on_a_terminal_without_colour_is_plain(run: Run, fmt: str) -> None:
    plain = run("dau", "--format", fmt).stdout
    assert run("dau", "--format", fmt, tty=True, env={"NO_COLOR": "1"}).stdout == plain
    assert run("dau", "--format", fmt, tty=True, env={"TERM": "dumb"}).stdout == plain


@pytest.mark.parametrize(
    "args",
    [
        ("dau", "--json"),
        ("dau", "--format", "jsonl"),
        ("campaigns", "--json"),
        ("lookup", "qwen", "--format", "jsonl"),
        ("show", "qwen-spring-festival-treat", "--json"),
    ],
)
def test_json_on_a_terminal_in_colour_is_highlighted_json(run: Run, args: tuple[str, ...]) -> None:
    plain = run(*args).stdout
    coloured = run(*args, **COLOURED)
    assert coloured.exit_code == 0, coloured.output
    assert ESC in coloured.stdout
    assert strip(coloured.stdout) == plain


def test_a_draft_in_json_on_a_terminal_is_highlighted_json(run: Run, tmp_path: Path) -> None:
    facts = fictional.write(tmp_path)
    (tmp_path / "fictional" / "draft.txt").write_text(fictional.DRAFT_ARTICLE, encoding="utf-8")
    article = str(tmp_path / "fictional" / "draft.txt")
    args = ("--facts", str(facts), "draft", article, "--publisher", "Fictional Press", "--json")
    plain = run(*args)
    assert plain.exit_code == 0, plain.output
    coloured = run(*args, **COLOURED).stdout
    assert ESC in coloured and strip(coloured) == plain.stdout


def test_keys_strings_numbers_and_literals_each_have_their_colour(run: Run) -> None:
    coloured = run("dau", "--json", "--fields", "rank,app,value,reported_comparison", **COLOURED)
    key, string, number, null = (COLORS[kind] for kind in ("key", "string", "number", "null"))
    assert coloured.stdout.startswith(
        f'[\n  {{\n    {key}"rank"{RESET}: {number}1{RESET},\n'
        f'    {key}"app"{RESET}: {string}"Doubao"{RESET},\n'
        f'    {key}"value"{RESET}: {number}145000000{RESET},\n'
        f'    {key}"reported_comparison"{RESET}: {null}null{RESET}\n  }},\n'
    )


def test_what_looks_like_a_token_inside_a_string_is_part_of_the_string() -> None:
    text = '{"a\\": 1": ["\\\\", "true: null", -1.5e-3, false]}'
    key, string, number, boolean = (COLORS[k] for k in ("key", "string", "number", "boolean"))
    assert highlight_json(text) == (
        f'{{{key}"a\\": 1"{RESET}: [{string}"\\\\"{RESET}, {string}"true: null"{RESET}, '
        f"{number}-1.5e-3{RESET}, {boolean}false{RESET}]}}"
    )


def test_control_characters_stay_escaped(run: Run, facts_file: FactsFile) -> None:
    """Escaping comes first: a control character in the data is a `\\u` escape inside a
    highlighted string, never raw, and the only escape sequences are the colours."""
    path = facts_file(('name = "Tencent"', 'name = "Ten\\u001b[31mcent\\u202e"'))
    coloured = run("--facts", str(path), "dau", "--json", **COLOURED).stdout
    assert f'{COLORS["string"]}"Ten\\u001b[31mcent\\u202e"{RESET}' in coloured
    assert "\u202e" not in coloured
    assert {match.group() for match in CODES.finditer(coloured)} <= {*COLORS.values(), RESET}
    assert strip(coloured) == run("--facts", str(path), "dau", "--json").stdout


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
# The type each colour's tokens are, read back alone.
_TYPES: dict[str, tuple[type, ...]] = {
    "key": (str,),
    "string": (str,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}
_SEGMENT = re.compile(r"(\x1b\[[0-9;]*m)(.*?)" + re.escape(RESET))


def _keys(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(map(_keys, value.values()))
    return sum(map(_keys, value)) if isinstance(value, list) else 0


@given(_JSON, st.sampled_from([None, 2]))
def test_highlighting_adds_only_colour_to_any_json(value: Any, indent: int | None) -> None:
    text = json_safe(json.dumps(value, ensure_ascii=False, indent=indent))
    coloured = highlight_json(text)
    assert strip(coloured) == text
    kinds = {code: kind for kind, code in COLORS.items()}
    segments = _SEGMENT.findall(coloured)
    for code, token in segments:
        assert isinstance(json.loads(token), _TYPES[kinds[code]]), (code, token)
    assert sum(kinds[code] == "key" for code, _ in segments) == _keys(value)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("tty", [False, True])
def test_json_pays_only_for_what_it_shows(tmp_path: Path, tty: bool) -> None:
    """Plain JSON never imports the highlighter; coloured JSON imports it, and neither rich
    nor pygments."""
    import pty

    probe = (
        "import sys\n"
        "from aicompete.core import run\n"
        "code = run(['dau', '--json'])\n"
        "sys.stdout.flush()\n"
        "loaded = ('aicompete.output.highlight', 'rich', 'pygments')\n"
        "print(code, *(name for name in loaded if name in sys.modules), file=sys.stderr)\n"
    )
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm", PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path))
    # No pager: the probe's output is read once it has ended.
    env["AICOMPETE_PAGER"] = ""
    process = subprocess.run(
        [sys.executable, "-c", probe],
        stdout=follower if tty else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        timeout=60,
    )
    os.close(follower)
    os.close(leader)
    assert process.stderr == ("0 aicompete.output.highlight\n" if tty else "0\n")

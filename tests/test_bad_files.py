"""Bad knowledge files get one clear message naming the file (and line), exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BUNDLED, Run

VALID = BUNDLED.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "facts.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _fails(run: Run, path: Path, *expected: str) -> str:
    result = run("--facts", str(path), "dau")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    message = result.stderr
    assert message.startswith(f"aicompete: error: {path}")
    for text in expected:
        assert text in message
    return message


def test_missing_file(run: Run, tmp_path: Path) -> None:
    _fails(run, tmp_path / "nope.toml", "no such file")


def test_folder(run: Run, tmp_path: Path) -> None:
    result = run("--facts", str(tmp_path), "dau")
    assert result.exit_code == 1
    assert "is a folder" in result.stderr


def test_invalid_toml_names_the_line(run: Run, tmp_path: Path) -> None:
    _fails(run, _write(tmp_path, 'x = 1\n[[dau]\nid = "a"\n'), ":2:", "invalid TOML")


def test_unknown_key_names_kind_field_and_line(run: Run, tmp_path: Path) -> None:
    text = VALID.replace('metric = "peak DAU"', 'metric = "peak DAU"\nmetrc = "typo"', 1)
    line = text.splitlines().index('metrc = "typo"') + 1
    _fails(run, _write(tmp_path, text), f":{line}:", "dau[0].metrc", "unknown key")


def test_negative_amount(run: Run, tmp_path: Path) -> None:
    text = VALID.replace("value = 3000000000", "value = -3000000000")
    _fails(
        run, _write(tmp_path, text), "campaigns[0].amounts[0].value", "greater than or equal to 0"
    )


def test_wrong_type(run: Run, tmp_path: Path) -> None:
    _fails(
        run,
        _write(tmp_path, VALID.replace("value = 145000000", 'value = "145000000"')),
        "dau[0].value",
        "valid integer",
    )


def test_duplicate_id(run: Run, tmp_path: Path) -> None:
    text = VALID.replace('id = "qwen-spring-festival-peak"', 'id = "doubao-spring-festival-peak"')
    _fails(run, _write(tmp_path, text), "dau[1].id", "duplicate id")


def test_reference_to_nothing(run: Run, tmp_path: Path) -> None:
    text = VALID.replace('app = "doubao"\nvalue', 'app = "doubao-pro"\nvalue')
    _fails(run, _write(tmp_path, text), "dau[0].app", "no app has id 'doubao-pro'")


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b'x = "caf\xe9"\n', "not UTF-8"), (b"x = 1\n\x00\n", "NUL byte")],
)
def test_bytes_that_are_not_text(run: Run, tmp_path: Path, data: bytes, expected: str) -> None:
    _fails(run, _write(tmp_path, data), expected)


def test_deeply_nested_arrays(run: Run, tmp_path: Path) -> None:
    _fails(run, _write(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n"), "nested too deeply")


def test_several_problems_are_counted(run: Run, tmp_path: Path) -> None:
    text = VALID.replace('app = "doubao"\nvalue', 'app = "x"\nvalue').replace(
        'app = "qwen"\nvalue', 'app = "y"\nvalue'
    )
    _fails(run, _write(tmp_path, text), "and 1 more problem")


def test_empty_file_is_an_empty_knowledge_base(run: Run, tmp_path: Path) -> None:
    result = run("--facts", str(_write(tmp_path, "")), "campaigns", "--json")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"

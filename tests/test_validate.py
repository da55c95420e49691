"""`aicompete validate`: every problem of a file at once, each with where it is."""

from __future__ import annotations

import json
from pathlib import Path

from aicompete.knowledge.toml_lines import TomlLayout
from aicompete.knowledge.validation import MAX_PROBLEMS
from tests.conftest import BUNDLED, Run, assert_clean_error

VALID = BUNDLED.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "facts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_bundled_file_is_valid(run: Run) -> None:
    answer = run("validate")
    assert (answer.exit_code, answer.stdout, answer.stderr) == (0, f"{BUNDLED}: valid\n", "")
    assert run("validate", "--json").stdout == "[]\n"


def test_path_argument_wins_over_the_facts_option(run: Run, tmp_path: Path) -> None:
    broken = _write(tmp_path, "[[figures]]\n")
    assert run("--facts", str(broken), "validate", str(BUNDLED)).exit_code == 0
    assert_clean_error(run("--facts", str(broken), "validate"), broken)


def test_every_problem_of_a_file_with_several(run: Run, tmp_path: Path) -> None:
    text = (
        VALID.replace('metric = "peak-dau"', 'metrc = "peak-dau"', 1)
        .replace("value = 3000000000", "value = -3000000000")
        .replace('app = "doubao"\nmetrc', 'app = "doubao-pro"\nmetrc')
        .replace('id = "tencent"', 'id = "bytedance"')
        .replace('category = "context"', 'category = "gossip"', 1)
        .replace('description = "Cash red packets"', "description = 42")
    )
    path = _write(tmp_path, text)
    answer = run("validate", str(path), "--json")
    assert_clean_error(answer, path)
    assert answer.stderr == f"aicompete: error: {path}: 8 problems\n"
    rows = json.loads(answer.stdout)
    assert {row["file"] for row in rows} == {str(path)}
    dau = "doubao-spring-festival-peak"
    treat = "qwen-spring-festival-treat"
    assert [(r["kind"], r["id"], r["field"], r["line"], r["message"]) for r in rows] == [
        (
            "company",
            "bytedance",
            "id",
            _line(text, 'id = "bytedance"\nname = "Tencent"'),
            "duplicate id 'bytedance'",
        ),
        (
            "app",
            "yuanbao",
            "company",
            _line(text, 'company = "tencent"'),
            "no company has id 'tencent'",
        ),
        ("figure", dau, "metric", _line(text, "[[figures]]"), "required key is missing"),
        ("figure", dau, "app", _line(text, 'app = "doubao-pro"'), "no app has id 'doubao-pro'"),
        ("figure", dau, "metrc", _line(text, "metrc"), "unknown key"),
        (
            "campaign",
            treat,
            "amounts[0].value",
            _line(text, "-3000000000"),
            "Input should be greater than or equal to 0",
        ),
        (
            "campaign",
            "yuanbao-cash-red-packets",
            "description",
            _line(text, "description = 42"),
            "Input should be a valid string",
        ),
        (
            "event",
            "commercialization-targets-speculation",
            "category",
            _line(text, "gossip"),
            "Input should be 'leadership', 'organisation', 'statement', 'profile' or 'context'",
        ),
    ]


def test_table_lists_the_problems(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace('metric = "peak-dau"', 'metrc = "peak-dau"', 1))
    answer = run("validate", str(path))
    assert_clean_error(answer, path)
    assert "facts.toml: 2 problems" in answer.stdout
    for cell in ("figure", "doubao-spring-festival-peak", "metrc", "unknown key", "required key"):
        assert cell in answer.stdout


def test_a_file_that_is_not_toml_is_one_problem(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, 'x = 1\n[[dau]\nid = "a"\n')
    answer = run("validate", str(path), "--json")
    assert_clean_error(answer, path)
    [row] = json.loads(answer.stdout)
    assert (row["kind"], row["id"], row["field"], row["line"]) == (None, None, None, 2)
    assert row["message"].startswith("invalid TOML: ")


def test_missing_file_is_one_problem(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    answer = run("validate", str(path), "--json")
    assert_clean_error(answer, path)
    assert [row["message"] for row in json.loads(answer.stdout)] == ["no such file"]


def test_unknown_top_level_key_and_wrong_shape(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, 'title = "facts"\nfigures = "many"\n[[apps]]\nid = 7\n')
    rows = json.loads(run("validate", str(path), "--json").stdout)
    assert [(r["kind"], r["id"], r["field"], r["line"], r["message"]) for r in rows] == [
        (None, None, "title", 1, "unknown key"),
        ("figure", None, None, 2, "Input should be a valid array"),
        ("app", None, "name", 3, "required key is missing"),
        ("app", None, "company", 3, "required key is missing"),
        ("app", None, "source", 3, "required key is missing"),
        ("app", None, "quote", 3, "required key is missing"),
        ("app", None, "id", 4, "Input should be a valid string"),
    ]


def test_problems_stop_after_the_limit(run: Run, tmp_path: Path) -> None:
    records = "".join(f'[[apps]]\nid = "app-{n}"\n' for n in range(MAX_PROBLEMS))
    path = _write(tmp_path, records)
    answer = run("validate", str(path), "--json")
    assert answer.stderr == f"aicompete: error: {path}: {MAX_PROBLEMS + 1} problems\n"
    rows = json.loads(answer.stdout)
    assert rows[0]["id"] == "app-0"
    assert rows[0]["line"] == 1
    # Four keys are missing from each record.
    assert rows[-2]["id"] == f"app-{MAX_PROBLEMS // 4 - 1}"
    assert rows[-1]["message"] == f"checking stopped after the first {MAX_PROBLEMS:,} problems"


def test_layout_finds_records_and_keys() -> None:
    text = (
        'top = 1\n\n[[figures]]\nid = "a"\n\n  value = 3\n[[apps]]\nid = "b"\n'
        '[[figures]]\nid = "c"\n'
    )
    layout = TomlLayout(text)
    assert layout.line(("top",)) == 1
    assert layout.line(("figures", 0)) == 3
    assert layout.line(("figures", 0, "value")) == 6
    assert layout.line(("figures", 0, "missing")) == 3
    assert layout.line(("apps", 0, "id")) == 8
    assert layout.line(("figures", 1, "id")) == 10
    assert layout.line(("figures", 2, "id")) is None
    assert layout.line(("nothing",)) is None
    assert layout.line(()) is None


def test_validation_that_consumes_the_document_lets_each_record_go() -> None:
    """As a cold load validates: the same knowledge base, the document's records let go."""
    import tomli

    from aicompete.knowledge.validation import validate

    text = BUNDLED.read_text(encoding="utf-8")
    kept = validate(text, tomli.loads(text))
    document = tomli.loads(text)
    assert validate(text, document, consume=True) == kept
    assert all(record is None for records in document.values() for record in records)

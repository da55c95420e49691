"""`aicompete schema`: the JSON Schema of the knowledge file, committed and never drifting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import tomli

from tests.conftest import BUNDLED, ROOT, Run

COMMITTED = ROOT / "facts.schema.json"


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield from schema["properties"].items()
    for name, definition in schema["$defs"].items():
        for field, spec in definition["properties"].items():
            yield f"{name}.{field}", spec


def test_committed_schema_is_what_the_command_prints(run: Run) -> None:
    answer = run("schema")
    assert answer.exit_code == 0
    assert answer.stdout == COMMITTED.read_text(encoding="utf-8")


def test_facts_toml_names_the_committed_schema() -> None:
    first = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./facts.schema.json"
    assert (BUNDLED.parent / first.removeprefix("#:schema ")).resolve() == COMMITTED.resolve()


def test_bundled_file_is_valid_against_the_schema() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = tomli.loads(BUNDLED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)


def test_schema_refuses_what_the_loader_refuses() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))
    document = tomli.loads(BUNDLED.read_text(encoding="utf-8"))
    document["figures"][0]["metrc"] = "typo"
    document["figures"][1]["value"] = -1
    document["events"][0]["category"] = "gossip"
    del document["apps"][0]["company"]
    paths = sorted(
        ".".join(map(str, error.absolute_path)) for error in validator.iter_errors(document)
    )
    assert paths == ["apps.0", "events.0.category", "figures.0", "figures.1.value"]


def test_every_field_has_a_description() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    fields = dict(_properties(schema))
    assert len(fields) > 40
    assert [name for name, spec in fields.items() if not spec.get("description")] == []
    assert all(definition.get("description") for definition in schema["$defs"].values())

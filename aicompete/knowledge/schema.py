"""The JSON Schema of the knowledge file, generated from the models and their docstrings.

A copy is committed beside `facts.toml` as `facts.schema.json` (and installed beside it in
the package), which names it on its `#:schema` line so that TOML editors check the file as
it is typed.
"""

from __future__ import annotations

import json
from typing import Any

from aicompete.knowledge.models import KnowledgeBase

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "aicompete knowledge file"


def knowledge_schema() -> dict[str, Any]:
    """The schema as a JSON object: its dialect and title first, then pydantic's schema."""
    from pydantic import TypeAdapter

    generated: dict[str, Any] = TypeAdapter(KnowledgeBase).json_schema()
    generated.pop("title", None)
    return {"$schema": DIALECT, "title": TITLE, **generated}


def schema_text() -> str:
    """The schema as the text of `facts.schema.json`."""
    return json.dumps(knowledge_schema(), indent=2, ensure_ascii=False) + "\n"

"""A knowledge base of one's own holding the bundled file and the corpus's articles: what a
curator's `aicompete init` and the expected records of `tests/corpus` make together.

Each expected file is appended as a curator appends a reviewed draft; its `[[aliases]]` (a
table of the corpus, not of the knowledge file) become the `aliases` of the records they name.
A base of some articles only keeps, of the articles filed before them that it leaves out, the
sources and the companies, apps and people they bring in, which later files name.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Collection
from pathlib import Path

import tomli

from aicompete.knowledge.bundled import init_base

CORPUS = Path(__file__).resolve().parent / "corpus"
ARTICLES = sorted((CORPUS / "articles").glob("*.txt"))
_ALIAS_BLOCK = re.compile(r"\[\[aliases\]\]\n(?:[^\[\n][^\n]*\n|\n(?!\[))*")
_TABLES = {"app": "apps", "company": "companies", "person": "people"}
# What a base keeps of an article it leaves out: what later files name.
_NAMED_LATER = ("sources", "companies", "apps", "people")


def expected(article: Path) -> Path:
    return CORPUS / "expected" / f"{article.stem}.toml"


def corpus_base(
    folder: Path, count: int = len(ARTICLES), *, only: Collection[str] | None = None
) -> Path:
    """Write a base of the bundled file and the first `count` articles of the corpus, with
    their expected records, into `folder`; return its knowledge file. With `only` (article
    numbers, "01"), the other articles give their sources and names alone."""
    init_base(folder)
    (folder / "articles").mkdir(exist_ok=True)
    facts = folder / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    aliases: dict[str, list[str]] = {}
    for article in ARTICLES[:count]:
        shutil.copyfile(article, folder / "articles" / article.name)
        filed = expected(article).read_text(encoding="utf-8")
        if only is not None and article.name[:2] not in only:
            blocks = re.split(r"(?m)^(?=\[\[)", filed)[1:]
            filed = "".join(b for b in blocks if b[2:].split("]]")[0] in _NAMED_LATER)
        for alias in tomli.loads(filed).get("aliases", []):
            names = aliases.setdefault(alias["record"], [])
            names += [alias["alias"]] * (alias["alias"] not in names)
        text += "\n" + _ALIAS_BLOCK.sub("", filed)
    for record, names in aliases.items():
        kind, record_id = record.split(":")
        header = f'[[{_TABLES[kind]}]]\nid = "{record_id}"\n'
        listed = ", ".join(f'"{name}"' for name in names)
        text = text.replace(header, f"{header}aliases = [{listed}]\n", 1)
    facts.write_text(text, encoding="utf-8")
    return facts

"""A knowledge base of one's own holding the bundled file and the corpus's articles: what a
curator's `aicompete init` and the expected records of `tests/corpus` make together.

Each expected file is appended as a curator appends a reviewed draft; its `[[aliases]]` (a
table of the corpus, not of the knowledge file) become the `aliases` of the records they name.
A base of some articles only keeps, of the articles filed before them that it leaves out, the
sources and the companies, apps and people they bring in, which later files name.

The second look is one more article of our own, FICTIONAL in its figures, on that base: a
newer QuestMobile reading of two apps, AICPB.com's Qwen count of New Year's Eve, and Baidu's
campaign at another amount.
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


# FICTIONAL in its figures: written for these tests, about the players the corpus follows.
SECOND_LOOK = (
    "A second look at the holiday race\n"
    "Written for aicompete's tests; its figures are invented for them.\n"
    "QuestMobile data showed that Doubao had 90 million daily active users on Feb 22, and "
    "Qwen 20 million.\n"
    "AICPB.com data showed that Qwen had 35 million daily active users on New Year's Eve.\n"
    "Baidu's Wenxin set aside 600 million yuan for its holiday red packets.\n"
)
SECOND_LOOK_FACTS = """
[[sources]]
id = "test-second-look"
title = "A second look at the holiday race"
publisher = "Test Desk Daily"
published = "2026-03-15"
file = "articles/zz-second-look.txt"

[[figures]]
id = "doubao-dau-2026-02-22-second-look"
app = "doubao"
metric = "dau"
value = 90000000
unit = "users"
when = "Feb 22"
date = "2026-02-22"
measured_by = "questmobile"
source = "test-second-look"
quote = "Doubao had 90 million daily active users on Feb 22"

[[figures]]
id = "qwen-dau-2026-02-22-second-look"
app = "qwen"
metric = "dau"
value = 20000000
unit = "users"
when = "Feb 22"
date = "2026-02-22"
measured_by = "questmobile"
source = "test-second-look"
quote = "and Qwen 20 million"

[[figures]]
id = "qwen-dau-2026-02-16-second-look"
app = "qwen"
metric = "dau"
value = 35000000
unit = "users"
when = "New Year's Eve"
date = "2026-02-16"
measured_by = "aicpb"
source = "test-second-look"
quote = "Qwen had 35 million daily active users on New Year's Eve"

[[campaigns]]
id = "wenxin-red-packets-second-look"
app = "wenxin"
description = "Holiday red packets in Wenxin"
amounts = [{ value = 600000000, currency = "CNY" }]
same_as = "wenxin-search-plus-ai"
source = "test-second-look"
quote = "Baidu's Wenxin set aside 600 million yuan for its holiday red packets"
"""


def second_look_base(folder: Path) -> Path:
    """Write the corpus base and the second look into `folder`; return its knowledge file."""
    facts = corpus_base(folder)
    (facts.parent / "articles" / "zz-second-look.txt").write_text(SECOND_LOOK, encoding="utf-8")
    with facts.open("a", encoding="utf-8") as file:
        file.write(SECOND_LOOK_FACTS)
    return facts

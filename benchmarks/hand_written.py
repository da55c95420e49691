"""Why two parts of aicompete are written by hand: measured against the library they replace.

- The table engine (`output/text_table.py`) against rich's `Table`: the same `dau` listing,
  its table's fields, the same cell texts, printed at 100 columns without colour.
- The search index (`knowledge/search_index.py`) against an SQLite FTS5 table of the same
  records: the same query, answered in the same process.

Each side runs in a process of its own under callgrind, and so does the work both share
(reading the knowledge base from the cache, and for the table building the listing); a
side's cost is its process's instructions less the shared one's, so the search's include
opening the index or the database. Run from the repository:

    python benchmarks/hand_written.py [--sizes 1000 10000]

It prints a Markdown table of what each search finds on the bundled knowledge file for
queries as people type them, and one of the costs. It needs valgrind, and aicompete's
dependencies and rich installed (`pip install -e ".[test]"`); it writes its knowledge files
and databases under `benchmarks/.output/`.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUTPUT = HERE / ".output"
WIDTH = 100

# What each process does, after loading the knowledge base from the cache.
PROGRAMS = {
    "table: shared": (
        "from aicompete.listings.registry import builder\n"
        "from aicompete.listings.contract import select_fields\n"
        "from aicompete.output.display import cell\n"
        "listing = builder('dau')(knowledge)\n"
        "listing = select_fields(listing, listing.table_fields)\n"
    ),
    "table: text_table": (
        "from aicompete.listings.registry import builder\n"
        "from aicompete.listings.contract import select_fields\n"
        "from aicompete.output.table import to_table\n"
        "listing = builder('dau')(knowledge)\n"
        "listing = select_fields(listing, listing.table_fields)\n"
        f"sys.stdout.write(to_table(listing, color=False, width={WIDTH}))\n"
    ),
    "table: rich": (
        "from aicompete.listings.registry import builder\n"
        "from aicompete.listings.contract import select_fields\n"
        "from aicompete.output.display import cell\n"
        "listing = builder('dau')(knowledge)\n"
        "listing = select_fields(listing, listing.table_fields)\n"
        "from rich import box\n"
        "from rich.console import Console\n"
        "from rich.table import Table\n"
        "table = Table(title=listing.title, box=box.SIMPLE_HEAD)\n"
        "for field in listing.fields:\n"
        "    table.add_column(field.header, overflow='fold')\n"
        "for row in listing.rows:\n"
        "    table.add_row(*(cell(listing, field, row) for field in listing.fields))\n"
        f"Console(width={WIDTH}, color_system=None, markup=False).print(table)\n"
    ),
    "search: shared": "",
    "search: index": (
        "from aicompete.knowledge.search import Query\n"
        "from aicompete.knowledge.search_index import for_file\n"
        "index = for_file(facts)\n"
        "found = index.find(Query.parse(QUERY))\n"
        "print(len(found))\n"
    ),
    "search: fts5": (
        "import sqlite3\n"
        "connection = sqlite3.connect(database)\n"
        "found = connection.execute(\n"
        "    'SELECT text FROM records_fts WHERE records_fts MATCH ? ORDER BY rank', (QUERY,)\n"
        ").fetchall()\n"
        "print(len(found))\n"
    ),
}

PROLOGUE = (
    "import sys\n"
    "from pathlib import Path\n"
    "facts = Path(sys.argv[1])\n"
    "database = sys.argv[2]\n"
    "QUERY = sys.argv[3]\n"
    "from aicompete.knowledge.loading import load_knowledge\n"
    "knowledge = load_knowledge(facts)\n"
)


def lookup_query() -> str:
    """A name every generated file holds: the first person of its first article."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate_facts import build_article

    article = build_article(1)
    return str(next(record["name"] for kind, record in article.records if kind == "people"))


def instructions(program: str, facts: Path, database: Path, cache: Path, query: str) -> int:
    """The instructions of one process running `program`, as callgrind counts them."""
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={scratch}/out",
                sys.executable,
                "-c",
                PROLOGUE + program,
                str(facts),
                str(database),
                query,
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONHASHSEED": "0"},
            cwd=ROOT,
            check=True,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(done.stderr)
    return int(found.group(1))


def fts5_database(facts: Path, database: Path) -> None:
    """Every searched record's texts in an FTS5 table, as the search index holds them."""
    sys.path.insert(0, str(ROOT))
    from aicompete.knowledge.catalog import Catalog
    from aicompete.knowledge.kinds import FACT_KINDS
    from aicompete.knowledge.loading import load_knowledge
    from aicompete.knowledge.search import searchable

    catalog = Catalog(load_knowledge(facts))
    fact_kinds = {kind.name for kind in FACT_KINDS}
    texts = (
        " ".join(text for _, _, text in searchable(catalog, entry))
        for entry in catalog.entries
        if entry.kind in fact_kinds
    )
    database.unlink(missing_ok=True)
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE VIRTUAL TABLE records_fts USING fts5(text)")
        connection.executemany("INSERT INTO records_fts(text) VALUES (?)", ((t,) for t in texts))


# Queries as people type them: a name run together, the start of a word, a plural, a
# possessive, words out of order.
QUERIES = ("linjunyang", "tong", "red packets", "alibaba's", "junyang lin", "Qwen")


def found_by_each(queries: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """How many records each query finds on the bundled file: by aicompete's search, and by an
    FTS5 table of the same texts, the query given as FTS5 reads bare words."""
    sys.path.insert(0, str(ROOT))
    from aicompete.knowledge.bundled import bundled_facts
    from aicompete.knowledge.loading import load_knowledge
    from aicompete.knowledge.search import Query
    from aicompete.knowledge.search_index import build

    facts = bundled_facts()
    index = build(load_knowledge(facts))
    database = OUTPUT / "fts5-bundled.db"
    fts5_database(facts, database)
    counts = []
    with sqlite3.connect(database) as connection:
        for query in queries:
            words = " ".join(f'"{word}"' for word in re.findall(r"\w+", query))
            matched = connection.execute(
                "SELECT count(*) FROM records_fts WHERE records_fts MATCH ?", (words,)
            ).fetchone()[0]
            counts.append((query, len(index.find(Query.parse(query))), matched))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    sizes = parser.parse_args().sizes
    OUTPUT.mkdir(exist_ok=True)
    print("| query | aicompete finds | FTS5 finds |")
    print("| --- | ---: | ---: |")
    for query, ours, theirs in found_by_each(QUERIES):
        print(f"| `{query}` | {ours} | {theirs} |")
    print()
    query = lookup_query()
    print("| facts | part | aicompete | library | aicompete ÷ library |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for size in sizes:
        facts = OUTPUT / f"facts-{size}.toml"
        if not facts.exists():
            generator = [sys.executable, str(HERE / "generate_facts.py"), str(size)]
            subprocess.run([*generator, "-o", str(facts)], check=True)
        database = OUTPUT / f"fts5-{size}.db"
        fts5_database(facts, database)
        with tempfile.TemporaryDirectory() as cache:
            counts = {}
            # Filled first, so that every measured process reads the same cache and index.
            instructions(PROGRAMS["search: index"], facts, database, Path(cache), query)
            for name, program in PROGRAMS.items():
                counts[name] = instructions(program, facts, database, Path(cache), query)
        table = counts["table: text_table"] - counts["table: shared"]
        rich = counts["table: rich"] - counts["table: shared"]
        index = counts["search: index"] - counts["search: shared"]
        fts5 = counts["search: fts5"] - counts["search: shared"]
        print(
            f"| {size:,} | table | {table / 1e6:,.1f}M | {rich / 1e6:,.1f}M | {table / rich:.2f} |"
        )
        print(
            f"| {size:,} | search | {index / 1e6:,.1f}M | {fts5 / 1e6:,.1f}M | {index / fts5:.2f} |"
        )


if __name__ == "__main__":
    main()

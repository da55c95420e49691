"""A knowledge base of four FICTIONAL articles, written by the tests for the tests.

Every company, app, person, figure and event here is invented: none is real reporting. The
articles give the knowledge base what one real source cannot: two years of the same period,
two measurers, figures that agree and figures that conflict, a campaign restated with another
amount, an event restated with another day, amounts in dollars, euros and pounds, and a rate.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from aicompete.knowledge.migration import metric_blocks

BANNER = "FICTIONAL ARTICLE WRITTEN FOR AICOMPETE'S TESTS: no real company, app or event."
CHARTWELL = (
    "Data from analytics firm Chartwell showed that assistant apps reached record DAU levels "
    "during the Spring Festival holiday."
)
METRICA = (
    "According to analytics firm Metrica, Brightfield's Lumo had a peak of 110 million DAUs "
    "during the Spring Festival holiday, and Quill's Nib a peak of 20 million."
)

ARTICLES = {
    "fictional-ledger-2025": (
        "2025-02-10",
        [
            BANNER,
            CHARTWELL,
            "Brightfield's Lumo recorded a peak of 90 million DAUs, followed by Northwind's "
            "Kestrel at 60 million.",
            "Northwind's Kestrel spent 1 billion yuan ($140 million) on red packets.",
        ],
    ),
    "fictional-herald-2026": (
        "2026-02-20",
        [
            BANNER,
            CHARTWELL,
            "Brightfield's Lumo recorded a peak of 120 million DAUs, followed by Northwind's "
            "Kestrel at 60 million and Harbor's Tidal at 30 million.",
            "Harbor's Tidal spent $600 million on advertising.",
            "Brightfield's Lumo launched a campaign worth 500 million euros.",
            "Brightfield CEO Ann Vale resigned on Monday.",
        ],
    ),
    "fictional-wire-2026": (
        "2026-02-21",
        [
            BANNER,
            METRICA,
            "At the time, 1 euro was worth 7.8 yuan.",
            "Northwind's Kestrel spent 80 million pounds on billboards.",
        ],
    ),
    "fictional-post-2026": (
        "2026-02-22",
        [
            BANNER,
            CHARTWELL,
            "Brightfield's Lumo recorded a peak of 125 million DAUs, followed by Northwind's "
            "Kestrel at 60 million.",
            "Harbor's Tidal spent $650 million on advertising.",
            "Brightfield CEO Ann Vale resigned on Tuesday.",
            "Brightfield's Lumo also partnered with a televised gala.",
        ],
    ),
}

FACTS = """
[[companies]]
id = "brightfield"
name = "Brightfield"
description = "Fictional maker of Lumo"
source = "fictional-ledger-2025"
quote = "Brightfield's Lumo"

[[companies]]
id = "northwind"
name = "Northwind"
description = "Fictional maker of Kestrel"
source = "fictional-ledger-2025"
quote = "Northwind's Kestrel"

[[companies]]
id = "chartwell"
name = "Chartwell"
description = "Fictional analytics firm"
source = "fictional-ledger-2025"
quote = "analytics firm Chartwell"

[[companies]]
id = "harbor"
name = "Harbor"
description = "Fictional maker of Tidal"
source = "fictional-herald-2026"
quote = "Harbor's Tidal"

[[companies]]
id = "metrica"
name = "Metrica"
description = "Fictional analytics firm"
source = "fictional-wire-2026"
quote = "analytics firm Metrica"

[[companies]]
id = "quill"
name = "Quill"
description = "Fictional maker of Nib"
source = "fictional-wire-2026"
quote = "Quill's Nib"

[[apps]]
id = "lumo"
name = "Lumo"
company = "brightfield"
source = "fictional-ledger-2025"
quote = "Brightfield's Lumo"

[[apps]]
id = "kestrel"
name = "Kestrel"
company = "northwind"
source = "fictional-ledger-2025"
quote = "Northwind's Kestrel"

[[apps]]
id = "tidal"
name = "Tidal"
company = "harbor"
source = "fictional-herald-2026"
quote = "Harbor's Tidal"

[[apps]]
id = "nib"
name = "Nib"
company = "quill"
source = "fictional-wire-2026"
quote = "Quill's Nib"

[[people]]
id = "ann-vale"
name = "Ann Vale"
role = "Brightfield CEO"
company = "brightfield"
source = "fictional-herald-2026"
quote = "Brightfield CEO Ann Vale"

{metrics}
[[figures]]
id = "ledger-lumo"
app = "lumo"
value = 90000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2025-01-28/2025-02-04"
measured_by = "chartwell"
source = "fictional-ledger-2025"
quote = "Brightfield's Lumo recorded a peak of 90 million DAUs"
context = ["{chartwell}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}

[[figures]]
id = "ledger-kestrel"
app = "kestrel"
value = 60000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2025-01-28/2025-02-04"
measured_by = "chartwell"
source = "fictional-ledger-2025"
quote = "followed by Northwind's Kestrel at 60 million"
context = ["{chartwell}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}
inferred.metric = {{ value = "peak-dau", why = "It follows Lumo's peak in the same data." }}

[[figures]]
id = "herald-lumo"
app = "lumo"
value = 120000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2026-02-15/2026-02-23"
measured_by = "chartwell"
source = "fictional-herald-2026"
quote = "Brightfield's Lumo recorded a peak of 120 million DAUs"
context = ["{chartwell}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}

[[figures]]
id = "herald-kestrel"
app = "kestrel"
value = 60000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2026-02-15/2026-02-23"
measured_by = "chartwell"
source = "fictional-herald-2026"
quote = "followed by Northwind's Kestrel at 60 million and Harbor's Tidal at 30 million"
context = ["{chartwell}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}
inferred.metric = {{ value = "peak-dau", why = "It follows Lumo's peak in the same data." }}

[[figures]]
id = "herald-tidal"
app = "tidal"
value = 30000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2026-02-15/2026-02-23"
measured_by = "chartwell"
source = "fictional-herald-2026"
quote = "Harbor's Tidal at 30 million"
context = ["{chartwell}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}
inferred.metric = {{ value = "peak-dau", why = "It follows Lumo's peak in the same data." }}

[[figures]]
id = "wire-lumo"
app = "lumo"
value = 110000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2026-02-15/2026-02-23"
measured_by = "metrica"
source = "fictional-wire-2026"
quote = "{metrica}"

[[figures]]
id = "wire-nib"
app = "nib"
value = 20000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2026-02-15/2026-02-23"
measured_by = "metrica"
source = "fictional-wire-2026"
quote = "Quill's Nib a peak of 20 million"
context = ["{metrica}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}
inferred.metric = {{ value = "peak-dau", why = "A peak, beside Lumo's peak DAUs." }}

[[figures]]
id = "post-lumo"
app = "lumo"
value = 125000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2026-02-15/2026-02-23"
measured_by = "chartwell"
source = "fictional-post-2026"
quote = "Brightfield's Lumo recorded a peak of 125 million DAUs"
context = ["{chartwell}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}

[[figures]]
id = "post-kestrel"
app = "kestrel"
value = 60000000
unit = "users"
metric = "peak-dau"
when = "Spring Festival holiday"
date = "2026-02-15/2026-02-23"
measured_by = "chartwell"
source = "fictional-post-2026"
quote = "followed by Northwind's Kestrel at 60 million"
context = ["{chartwell}"]
inferred.when = {{ value = "Spring Festival holiday", why = "The sentence before dates the data." }}
inferred.metric = {{ value = "peak-dau", why = "It follows Lumo's peak in the same data." }}

[[campaigns]]
id = "ledger-kestrel-red-packets"
app = "kestrel"
description = "Red packets"
amounts = [{{ value = 1000000000, currency = "CNY" }}, {{ value = 140000000, currency = "USD" }}]
source = "fictional-ledger-2025"
quote = "Northwind's Kestrel spent 1 billion yuan ($140 million) on red packets."

[[campaigns]]
id = "herald-tidal-ads"
app = "tidal"
description = "Advertising"
amounts = [{{ value = 600000000, currency = "USD" }}]
source = "fictional-herald-2026"
quote = "Harbor's Tidal spent $600 million on advertising."

[[campaigns]]
id = "herald-lumo-euros"
app = "lumo"
description = "A campaign in euros"
amounts = [{{ value = 500000000, currency = "EUR" }}]
source = "fictional-herald-2026"
quote = "Brightfield's Lumo launched a campaign worth 500 million euros."

[[campaigns]]
id = "wire-kestrel-billboards"
app = "kestrel"
description = "Billboards"
amounts = [{{ value = 80000000, currency = "GBP" }}]
source = "fictional-wire-2026"
quote = "Northwind's Kestrel spent 80 million pounds on billboards."

[[campaigns]]
id = "post-tidal-ads"
app = "tidal"
description = "Advertising"
amounts = [{{ value = 650000000, currency = "USD" }}]
same_as = "herald-tidal-ads"
source = "fictional-post-2026"
quote = "Harbor's Tidal spent $650 million on advertising."

[[campaigns]]
id = "post-lumo-gala"
app = "lumo"
description = "Partnership with a televised gala"
source = "fictional-post-2026"
quote = "Brightfield's Lumo also partnered with a televised gala."

[[rates]]
id = "wire-euro-yuan"
base = "EUR"
counter = "CNY"
value = "7.8"
source = "fictional-wire-2026"
quote = "At the time, 1 euro was worth 7.8 yuan."

[[events]]
id = "herald-vale-resigns"
category = "leadership"
person = "ann-vale"
company = "brightfield"
summary = "Resigned"
when = "Monday"
date = "2026-02-16"
source = "fictional-herald-2026"
quote = "Brightfield CEO Ann Vale resigned on Monday."

[[events]]
id = "post-vale-resigns"
category = "leadership"
person = "ann-vale"
company = "brightfield"
summary = "Resigned"
when = "Tuesday"
date = "2026-02-17"
same_as = "herald-vale-resigns"
source = "fictional-post-2026"
quote = "Brightfield CEO Ann Vale resigned on Tuesday."
"""


# A fifth FICTIONAL article, for `aicompete draft`: other wordings of figures and amounts
# ("daily active users of 81.2 million", "$600 million", "RMB 2 billion"), names the
# knowledge base above holds, a figure that agrees with one source and conflicts with
# another, and names it does not hold.
DRAFT_ARTICLE = (
    "\n".join(
        [
            "Harbor and Quill raise their holiday spending",
            BANNER,
            CHARTWELL + " Brightfield's Lumo recorded a peak of 125 million DAUs.",
            "Northwind's Kestrel reported daily active users of 81.2 million during the Spring "
            "Festival holiday, according to analytics firm Metrica.",
            "Harbor's Tidal spent $600 million on advertising to reach younger users, and "
            'Quill\'s Nib launched a RMB 2 billion "Lantern Rush" campaign.',
            "Brightfield CEO Ann Vale resigned on Wednesday.",
            "Ember's Glow recorded 12 million DAUs.",
            "Harbor founder Omar Reyes said on Monday that the spending would continue.",
        ]
    )
    + "\n"
)


def write(folder: Path) -> Path:
    """Write the four articles and the knowledge file that cites them; return its path."""
    (folder / "fictional").mkdir(parents=True, exist_ok=True)
    sources = []
    for source_id, (published, sentences) in ARTICLES.items():
        data = ("\n".join(sentences) + "\n").encode("utf-8")
        (folder / "fictional" / f"{source_id}.txt").write_bytes(data)
        sources.append(
            f'[[sources]]\nid = "{source_id}"\ntitle = "{sentences[1][:40]}"\n'
            f'publisher = "Fictional Press"\nfile = "fictional/{source_id}.txt"\n'
            f'published = "{published}"\nsha256 = "{hashlib.sha256(data).hexdigest()}"\n'
        )
    path = folder / "fictional.toml"
    bundled = (Path(__file__).resolve().parent.parent / "facts.toml").read_text(encoding="utf-8")
    metrics = "".join(metric_blocks(bundled).values())
    facts = FACTS.format(chartwell=CHARTWELL, metrica=METRICA, metrics=metrics)
    path.write_text("\n".join(sources) + facts, encoding="utf-8")
    return path

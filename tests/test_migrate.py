"""migrate: a knowledge file of the first format ([[dau]] records, reasons alone) rewritten
as figures and metrics, its inferences keyed to their values, its comments kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import tomli

from tests.conftest import Run

# A FICTIONAL article and a knowledge file of the first format that cites it.
ARTICLE = (
    "Harbor and Quill raise their holiday spending\n"
    "FICTIONAL ARTICLE: every company, app and figure here is invented.\n"
    "Data from analytics firm Chartwell showed that assistant apps reached record DAU levels "
    "during the Spring Festival holiday. Harbor's Tidal recorded a peak of 41 million DAUs, "
    "followed by Quill's Nib at 20 million.\n"
    "Harbor said on Tuesday that it would spend more.\n"
)
CHARTWELL = (
    "Data from analytics firm Chartwell showed that assistant apps reached record DAU levels "
    "during the Spring Festival holiday."
)


def _first_format(published: str | None) -> str:
    dated = f'published = "{published}"\n' if published else ""
    sha = hashlib.sha256(ARTICLE.encode()).hexdigest()
    return f"""# A knowledge file of the first format.
[[sources]]
id = "daily"
title = "Harbor and Quill raise their holiday spending"
publisher = "Example Daily"
{dated}file = "article.txt"
sha256 = "{sha}"

[[companies]]
id = "chartwell"
name = "Chartwell"
description = "Analytics firm"
source = "daily"
quote = "analytics firm Chartwell"

[[companies]]
id = "harbor"
name = "Harbor"
description = "Maker of Tidal"
source = "daily"
quote = "Harbor's Tidal"

[[companies]]
id = "quill"
name = "Quill"
description = "Maker of Nib"
source = "daily"
quote = "Quill's Nib"

[[apps]]
id = "tidal"
name = "Tidal"
company = "harbor"
source = "daily"
quote = "Harbor's Tidal"

[[apps]]
id = "nib"
name = "Nib"
company = "quill"
source = "daily"
quote = "Quill's Nib"

# The figures, as the first format wrote them.
[[dau]]
id = "tidal-peak"
app = "tidal"
value = 41000000
metric = "peak DAU"
period = "Spring Festival holiday"
measured_by = "chartwell"
source = "daily"
quote = "Harbor's Tidal recorded a peak of 41 million DAUs"
context = ["{CHARTWELL}"]

[[dau]]
id = "nib-peak"
app = "nib"
value = 20000000
metric = "peak DAU"
period = "Spring Festival holiday"
measured_by = "chartwell"
source = "daily"
quote = "followed by Quill's Nib at 20 million"
context = ["{CHARTWELL}"]
inferred = {{ metric = "It follows Tidal's peak in the same data." }}

[[events]]
id = "harbor-spends"
category = "statement"
company = "harbor"
summary = "Said it would spend more"
when = "Tuesday"
speech = "reported"
source = "daily"
quote = "Harbor said on Tuesday that it would spend more."
"""


def _write(folder: Path, text: str) -> Path:
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "old.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_of_the_first_format_is_refused_with_the_way_over(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, _first_format("2026-03-01"))
    answer = run("--facts", str(path), "dau")
    assert answer.exit_code == 1
    assert "`aicompete migrate FILE` rewrites the file" in answer.stderr


def test_migrate_rewrites_figures_metrics_dates_and_reasons(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, _first_format("2026-03-01"))
    answer = run("migrate", str(path))
    assert answer.exit_code == 0, answer.output
    text = answer.stdout
    # Comments and layout stay; the first format's words are gone.
    assert text.startswith("# A knowledge file of the first format.\n")
    assert "# The figures, as the first format wrote them." in text
    assert "[[dau]]" not in text and "period =" not in text
    document = tomli.loads(text)
    tidal, nib = document["figures"]
    assert (tidal["metric"], tidal["unit"], tidal["when"], tidal["date"]) == (
        "peak-dau",
        "users",
        "Spring Festival holiday",
        "2026-02-15/2026-02-23",
    )
    assert nib["inferred"] == {
        "metric": {"value": "peak-dau", "why": "It follows Tidal's peak in the same data."}
    }
    # An event's time gets its date too, by the same rule: the Tuesday before Sunday Mar 1.
    assert document["events"][0]["date"] == "2026-02-24"
    # The standard metrics come from the bundled file, before the first figure.
    assert {"dau", "peak-dau", "mau"} <= {metric["id"] for metric in document["metrics"]}
    assert text.index("[[metrics]]") < text.index("[[figures]]")
    migrated = tmp_path / "facts.toml"
    migrated.write_text(text, encoding="utf-8")
    assert run("validate", str(migrated)).exit_code == 0
    verdicts = json.loads(run("--facts", str(migrated), "verify", "--json").stdout)
    # The first format never declared a time that only the context gives: verify asks for it.
    failed = {
        row["id"]: {
            name: why for name, why in row["reasons"].items() if row["fields"][name] == "failed"
        }
        for row in verdicts
        if not row["ok"]
    }
    asked = (
        "'Spring Festival holiday' is a time of the context, which the quote does not refer "
        "back to: declare it inferred, with why"
    )
    assert failed == {
        "tidal-peak": {"when": asked},
        "nib-peak": {"when": asked},
    }


def test_in_place_keeps_the_old_file_beside_the_new(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, _first_format("2026-03-01"))
    old = path.read_text(encoding="utf-8")
    answer = run("migrate", str(path), "--in-place")
    assert answer.exit_code == 0, answer.output
    assert answer.stdout == ""
    assert (tmp_path / "old.toml.bak").read_text(encoding="utf-8") == old
    assert "[[figures]]" in path.read_text(encoding="utf-8")
    # Once is enough: a current file has nothing to migrate.
    again = run("migrate", str(path))
    assert again.exit_code == 2
    assert "nothing of the first format" in again.stderr


def test_a_time_without_the_day_it_was_written_is_left_undated_and_said(
    run: Run, tmp_path: Path
) -> None:
    path = _write(tmp_path, _first_format(None))
    answer = run("migrate", str(path))
    assert answer.exit_code == 0
    assert "date =" not in answer.stdout
    assert "source 'daily' has no `published`, which 'Tuesday' needs" in answer.stderr


def test_a_metric_the_standard_ones_lack_becomes_a_record_to_check(
    run: Run, tmp_path: Path
) -> None:
    text = _first_format("2026-03-01").replace('metric = "peak DAU"', 'metric = "holiday DAU"', 1)
    answer = run("migrate", str(_write(tmp_path, text)))
    assert answer.exit_code == 0
    document = tomli.loads(answer.stdout)
    assert document["figures"][0]["metric"] == "holiday-dau"
    assert {
        "id": "holiday-dau",
        "name": "holiday DAU",
        "counts": "users",
        "window": "day",
        "words": ["holiday DAU"],
    } in document["metrics"]
    assert "metric 'holiday DAU' is new: check the words of [[metrics]] 'holiday-dau'" in (
        answer.stderr
    )

"""The draft-quality benchmark holds its targets, and BENCHMARKS.md shows what it measures."""

from __future__ import annotations

from benchmarks import draft_quality
from tests.conftest import ROOT


def test_draft_quality_targets_hold_and_benchmarks_md_is_current() -> None:
    recalls, precisions, fields = draft_quality.measure(draft_quality.draft_seed())
    assert all(recall.holds for recall in recalls)
    assert {recall.kind: (recall.found, recall.total) for recall in recalls} == {
        "dau": (3, 3),
        "campaign": (4, 4),
        "person": (6, 6),
        "event": (6, 7),
    }
    document = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    start = document.index(draft_quality.START) + len(draft_quality.START)
    shown = document[start : document.index(draft_quality.END)]
    assert shown == "\n" + draft_quality.report(recalls, precisions, fields)

"""The files `brief -o` and `chart -o` write: the old file whole or the new one, on a full
disk too; never through a link; an existing file replaced only with --force. `export`'s
database is in `test_export`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, fill_disk, left_beside


@pytest.mark.parametrize("command", ["brief", "chart"])
def test_brief_and_chart_on_a_full_disk_keep_the_old_file(
    run: Run, small_disk: Path, command: str
) -> None:
    name = "brief.html" if command == "brief" else "dau.png"
    args = ["brief"] if command == "brief" else ["chart", "dau"]
    path = small_disk / name
    path.write_bytes(b"the old one")
    fill_disk(small_disk, leave=4096)
    result = run(*args, "-o", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr == (
        f"aicompete: error: {path}: cannot write: No space left on device; {path} is as it was\n"
    )
    assert path.read_bytes() == b"the old one"
    assert left_beside(small_disk, name, "filler") == []


@pytest.mark.parametrize("command", ["brief", "chart"])
def test_brief_and_chart_refuse_a_link_and_replace_a_file_only_with_force(
    run: Run, tmp_path: Path, command: str
) -> None:
    name = "out.html" if command == "brief" else "out.svg"
    args = ["brief"] if command == "brief" else ["chart", "dau"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"keep")
    link = tmp_path / name
    link.symlink_to(elsewhere)
    result = run(*args, "-o", str(link), "--force")
    assert result.exit_code == 2, result.stderr
    assert "is a link" in result.stderr
    assert elsewhere.read_bytes() == b"keep" and link.is_symlink()
    link.unlink()
    link.write_bytes(b"the old one")
    result = run(*args, "-o", str(link))
    assert result.exit_code == 2
    assert "exists; use --force to replace it" in result.stderr
    assert link.read_bytes() == b"the old one"
    assert run(*args, "-o", str(link), "--force").exit_code == 0
    assert link.read_bytes() != b"the old one"
    assert left_beside(tmp_path, name, "elsewhere") == []

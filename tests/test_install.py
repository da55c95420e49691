"""The wheel, installed into a fresh virtual environment, works from any folder."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.install
def test_wheel_installs_and_runs_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("aicompete-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        assert "aicompete/templates/brief.html.j2" in archive.namelist()
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    table = subprocess.run(
        [str(bindir / "aicompete"), "dau"], cwd=elsewhere, capture_output=True, text=True
    )
    assert table.returncode == 0, table.stderr
    assert "Doubao" in table.stdout
    assert "145.0M" in table.stdout
    rows = json.loads(
        subprocess.run(
            [str(bindir / "aicompete"), "dau", "--json"],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert [row["value"] for row in rows] == [145000000, 73520000, 40540000]
    # Without the charts extra, chart and brief say how to install it.
    for command in (["chart", "dau", "-o", "dau.png"], ["brief", "-o", "brief.html"]):
        missing = subprocess.run(
            [str(bindir / "aicompete"), *command], cwd=elsewhere, capture_output=True, text=True
        )
        assert missing.returncode == 1
        assert missing.stderr.endswith('which is not installed: pip install "aicompete[charts]"\n')
    assert list(elsewhere.iterdir()) == []
    # The installed knowledge file keeps its source text and its schema beside it.
    verified = subprocess.run(
        [str(bindir / "aicompete"), "verify", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stderr
    assert all(row["ok"] for row in json.loads(verified.stdout))
    facts = Path(
        subprocess.run(
            [
                str(bindir / "python"),
                "-c",
                "from aicompete.knowledge.bundled import bundled_facts as b; print(b())",
            ],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    schema_line = facts.read_text(encoding="utf-8").splitlines()[0]
    assert schema_line == "#:schema ./facts.schema.json"
    assert (facts.parent / "facts.schema.json").is_file()

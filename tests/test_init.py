"""init: a knowledge base of one's own, from the bundled file, ready to extend."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BUNDLED, ROOT, Run


def test_init_copies_the_knowledge_file_its_schema_and_its_sources(
    run: Run, tmp_path: Path
) -> None:
    base = tmp_path / "my-base"
    answer = run("init", str(base))
    assert answer.exit_code == 0, answer.output
    assert answer.stdout == ""
    assert (base / "facts.toml").read_bytes() == BUNDLED.read_bytes()
    assert (base / "facts.schema.json").read_bytes() == (ROOT / "facts.schema.json").read_bytes()
    seed = next((ROOT / "seeds").iterdir())
    assert (base / "seeds" / seed.name).read_bytes() == seed.read_bytes()
    assert f"aicompete --facts {base / 'facts.toml'} draft ARTICLE" in answer.stderr
    # The copy verifies on its own, from its own folder.
    assert run("--facts", str(base / "facts.toml"), "verify").exit_code == 0


def test_init_never_replaces_a_base_without_force(run: Run, tmp_path: Path) -> None:
    base = tmp_path / "my-base"
    assert run("init", str(base)).exit_code == 0
    (base / "facts.toml").write_text("# mine\n", encoding="utf-8")
    refused = run("init", str(base))
    assert refused.exit_code == 2
    assert "already exist; use --force to replace" in refused.stderr
    assert (base / "facts.toml").read_text(encoding="utf-8") == "# mine\n"
    assert run("init", str(base), "--force").exit_code == 0
    assert (base / "facts.toml").read_bytes() == BUNDLED.read_bytes()


def test_draft_on_the_bundled_file_points_to_init(run: Run, tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("A story\nFICTIONAL: Harbor's Tidal spent $5 million.\n", encoding="utf-8")
    for command in ("draft", "new-source"):
        answer = run(command, str(article), "--publisher", "Example Daily")
        assert answer.exit_code == 2
        assert "aicompete init DIR" in answer.stderr
        assert "site-packages" not in answer.stderr

"""Where the bundled knowledge file is."""

from __future__ import annotations

from pathlib import Path

from aicompete.errors import UsageError

_PACKAGE = Path(__file__).resolve().parent.parent
# The metrics the bundled file ships, which `aicompete init` copies into a base of one's own.
STANDARD_METRICS = (
    "dau",
    "peak-dau",
    "wau",
    "mau",
    "retention-7d",
    "retention-30d",
    "queries",
    "orders",
    "downloads",
    "ad-spend",
    "acquisition-spend",
    "campaign-budget",
    "total-spend",
)


def bundled_facts() -> Path:
    """The knowledge file shipped with aicompete.

    An installed wheel holds it inside the package; a source checkout (and an editable
    install of one) keeps it at the top of the project, beside the package.
    """
    packaged = _PACKAGE / "facts.toml"
    return packaged if packaged.is_file() else _PACKAGE.parent / "facts.toml"


def bundled_files() -> list[tuple[Path, str]]:
    """What a base of one's own starts from: the bundled knowledge file, its schema and the
    source texts it cites, each with its path relative to the knowledge file's folder."""
    facts = bundled_facts()
    folder = facts.parent
    found = [(facts, "facts.toml"), (folder / "facts.schema.json", "facts.schema.json")]
    found += [
        (text, text.relative_to(folder).as_posix())
        for text in sorted((folder / "seeds").iterdir())
        if text.is_file()
    ]
    return found


class BaseExists(UsageError):
    """A folder that already holds a knowledge file or a file `init` would write."""


def init_base(folder: Path, *, replace: bool = False) -> list[Path]:
    """Copy the bundled knowledge file, its schema and its source texts into `folder` (made
    if missing), ready to extend; return what was written. Raise `BaseExists` when a file
    would be replaced, unless `replace`."""
    import shutil

    planned = [(source, folder / relative) for source, relative in bundled_files()]
    present = [target for _, target in planned if target.exists() or target.is_symlink()]
    if present and not replace:
        names = ", ".join(str(target) for target in present[:3])
        raise BaseExists(
            f"{names} already exist{'s' * (len(present) == 1)}; use --force to replace"
        )
    for source, target in planned:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        shutil.copyfile(source, target)
    return [target for _, target in planned]

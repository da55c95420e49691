"""Where the bundled knowledge file is."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_facts() -> Path:
    """The knowledge file shipped with aicompete.

    An installed wheel holds it inside the package; a source checkout (and an editable
    install of one) keeps it at the top of the project, beside the package.
    """
    packaged = _PACKAGE / "facts.toml"
    return packaged if packaged.is_file() else _PACKAGE.parent / "facts.toml"

"""Wording that orders one event after another."""

from __future__ import annotations

# Wording that puts what it introduces earlier than what the sentence is about.
AFTER_WORDS = ("after", "following", "responding to", "in response to", "since")
# Wording, in a later statement, that it came after what was stated before it.
LATER_WORDS = ("later", "afterward", "afterwards", "shortly afterward", "subsequently")

"""Ranks as people read a ranking: equal values share a rank, and the next rank skips."""

from __future__ import annotations

from collections.abc import Sequence


def shared_ranks(keys: Sequence[object]) -> list[int]:
    """The rank of each item of a sorted sequence by its key: 1, 1, 3 for two equal leaders.

    The export stores these same ranks, so that every output ranks ties alike.
    """
    ranks: list[int] = []
    for position, key in enumerate(keys, start=1):
        ranks.append(ranks[-1] if ranks and key == keys[position - 2] else position)
    return ranks

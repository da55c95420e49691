"""Circles in links between ids: which ids lead back to themselves, and through which others.

Pure and small, for the loader's check of events' `after` links.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


def on_circles(links: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each id whose links lead back to it, with every id of its circle, in the order of `links`.

    `links` maps an id to the ids it links to. Ids linked to but absent from `links` link
    nowhere. "Its circle" is every id that it reaches and that reaches it (the strongly
    connected component, found with Tarjan's algorithm, here without recursion, so that a
    chain of any length is fine); an id alone is on a circle only when it links to itself.
    """
    position = {name: rank for rank, name in enumerate(links)}
    number: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    stacked: set[str] = set()
    found: dict[str, tuple[str, ...]] = {}

    def visit(name: str) -> tuple[str, Iterator[str]]:
        number[name] = low[name] = len(number)
        stack.append(name)
        stacked.add(name)
        return name, iter(links[name])

    for root in links:
        if root in number:
            continue
        work = [visit(root)]
        while work:
            name, targets = work[-1]
            for target in targets:
                if target not in links:
                    continue
                if target not in number:
                    work.append(visit(target))
                    break
                if target in stacked:
                    low[name] = min(low[name], number[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[name])
                if low[name] == number[name]:
                    members = _pop_until(stack, stacked, name)
                    if len(members) > 1 or name in links[name]:
                        circle = tuple(sorted(members, key=position.__getitem__))
                        found.update((member, circle) for member in members)
    return found


def _pop_until(stack: list[str], stacked: set[str], name: str) -> list[str]:
    """Take ids off the stack down to `name`, which is taken too."""
    members: list[str] = []
    while True:
        member = stack.pop()
        stacked.discard(member)
        members.append(member)
        if member == name:
            return members

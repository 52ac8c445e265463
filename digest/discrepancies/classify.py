"""What kind of disagreement two sources' values are, and how a discrepancy is written down.

- conflict: both cannot be right, and nothing says one replaced the other;
- update: a later article gives another figure for the same thing (publication dates decide);
- expectation: a projection or plan against what was reported;
- correction: a source says itself that an earlier statement was wrong or was later denied;
- name variant: one name spelt two ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Citation, Discrepancy, DiscrepancyVariant

CONFLICT, UPDATE, EXPECTATION, CORRECTION, NAME_VARIANT = "conflict", "update", "expectation", "correction", "name variant"
ORDER = {CONFLICT: 0, CORRECTION: 1, UPDATE: 2, EXPECTATION: 3, NAME_VARIANT: 4}


def variant(value: str, citations: Iterable[Citation]) -> DiscrepancyVariant:
    citations = tuple(sorted(set(citations), key=lambda c: (c.source, c.sentence)))
    return DiscrepancyVariant(value=value, sources=tuple(sorted({c.source for c in citations})), citations=citations)


def kind_of(sides: Sequence[tuple[set[str], bool]], published: dict[str, str | None]) -> str:
    """The kind of a disagreement between sides, each (its sources, stated as expected).

    An expectation when some side is only expected and another is reported; an update when every
    pair of disagreeing sides comes from articles of different days (the later revises the
    earlier); else a conflict."""
    expected = [s for s in sides if s[1]]
    if expected and len(expected) < len(sides):
        return EXPECTATION
    dated = [{published.get(a) for a in sources} for sources, _ in sides]
    if all(None not in days for days in dated) and all(
            not (dated[i] & dated[j]) for i in range(len(sides)) for j in range(i + 1, len(sides))):
        return UPDATE
    return CONFLICT


def by_date(published: dict[str, str | None]):
    """A sort key for a variant: the earliest publication date of its sources, then its value."""
    def key(v: DiscrepancyVariant):
        return (min((published.get(s) or "9999" for s in v.sources), default="9999"), v.value.casefold(), v.value)
    return key


def ordered(found: Iterable[Discrepancy]) -> tuple[Discrepancy, ...]:
    return tuple(sorted(found, key=lambda d: (ORDER.get(d.kind, 9), d.topic.casefold(), [v.value for v in d.variants])))

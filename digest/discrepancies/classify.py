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


def kind_of(pairs: Sequence[tuple[str, bool, str, bool]], published: dict[str, str | None]) -> str:
    """The kind of a disagreement, from its clashing pairs (article, expected, article, expected).

    An expectation when in some pair one side is only expected and the other reported; an
    update when every clashing pair comes from articles of different days (the later revises
    the earlier); else a conflict."""
    if any(ea != eb for _, ea, _, eb in pairs):
        return EXPECTATION
    days = [(published.get(a), published.get(b)) for a, _, b, _ in pairs]
    if days and all(x and y and x != y for x, y in days):
        return UPDATE
    return CONFLICT


def by_date(published: dict[str, str | None]):
    """A sort key for a variant: the earliest publication date of its sources, then its value."""
    def key(v: DiscrepancyVariant):
        return (min((published.get(s) or "9999" for s in v.sources), default="9999"), v.value.casefold(), v.value)
    return key


def ordered(found: Iterable[Discrepancy]) -> tuple[Discrepancy, ...]:
    return tuple(sorted(found, key=lambda d: (ORDER.get(d.kind, 9), d.topic.casefold(), [v.value for v in d.variants])))

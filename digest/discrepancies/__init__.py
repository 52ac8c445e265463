"""Source discrepancies: where outlets disagree on the same thing, and nothing else.

Per article (`quantities`, `attributes`), numbers are read with what they count and typed values
with their slot. Across articles, each comparison says what makes two statements about one
thing: the same count or measure (`compare`), the same person's title (`roles`), the same quote's
words (`quoted`), the same status stated and denied (`claims`, `status`), the same place or person spelt two ways (`names`), the same thing's colour,
meal, or meeting's place and day (`slots`). Each difference is then classified (`classify`):
conflict, update by publication date, expectation against outcome, correction, name variant.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, ArticleRecord, Citation, Discrepancy, Person
from .attributes import find_attributes
from .claims import find_claims
from .classify import ordered
from .compare import count_discrepancies
from .names import name_variants, place_spellings
from .quantities import find_quantities
from .roles import role_conflicts
from .status import status_discrepancies, timing_discrepancies
from .slots import attribute_conflicts, event_day_slots, event_days, venue_conflicts
from .quoted import quote_wordings

__all__ = ["event_day_slots", "find_attributes", "find_claims", "find_discrepancies", "find_quantities"]


def find_discrepancies(
    articles: Sequence[Article],
    records: Sequence[ArticleRecord],
    people: Sequence[Person],
    time_slots: Sequence[tuple[str, str, str, bool, Citation]],
) -> tuple[Discrepancy, ...]:
    published = {a.id: a.published for a in articles}
    found: list[Discrepancy] = []
    found += role_conflicts(people)
    found += count_discrepancies(records, published)
    found += quote_wordings(records)
    found += status_discrepancies(records, published)
    found += timing_discrepancies(records, published)
    found += attribute_conflicts(records)
    found += venue_conflicts(records)
    found += place_spellings(records)
    found += event_days(time_slots, _names_by_sentence(records))
    found += name_variants(people, records)
    return ordered(found)


def _names_by_sentence(records: Sequence[ArticleRecord]) -> dict[tuple[str, int], tuple[frozenset[str], ...]]:
    """The people each sentence names, each as the set of its name's words."""
    names: dict[tuple[str, int], list[frozenset[str]]] = {}
    for record in records:
        for mention in record.people:
            parts = frozenset(p.lower() for p in mention.text.replace("-", " ").split() if len(p) > 1)
            names.setdefault((record.article_id, mention.sentence), []).append(parts)
    return {key: tuple(value) for key, value in names.items()}

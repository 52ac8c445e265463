"""What each publication day added to a story: new sources, facts, figures, conflicts, people
and quotes, from the publication dates of the corpus alone (never the time of the build).

Every item of the digest is attributed to the earliest publication day of the sources that
make it: a fact first reported on Tuesday is Tuesday's, whatever later articles repeat it; a
discrepancy appears on the day its second version does (before that there was nothing to
compare), and a version first given on a later day revises it on that day. An item with an
undated source is never attributed: nothing says when it came.

Attributing is one pass over the story's items. The other way, digesting the articles up to
each day again and comparing the results, would repeat the whole cross-article pass once per
publication day (measured in benchmarks/changes.py); the two differ only where a day's articles
change how older statements cluster, and then the statement is listed under the day it was
first made, which is what a reader following the story saw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .model import Story, Update


def story_updates(story: Story) -> tuple[Update, ...]:
    """One Update per publication day of the story, oldest first (none when nothing is dated)."""
    day = {a.id: a.published[:10] if a.published else None for a in story.articles}
    days = sorted({d for d in day.values() if d})
    if not days:
        return ()

    def first(sources: Iterable[str]) -> str | None:
        found = [day.get(s) for s in sources]
        return None if not found or None in found else min(found)

    added: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))

    def attribute(kind: str, items) -> None:
        for n, item in enumerate(items):
            when = first(item.sources)
            if when is not None:
                added[when][kind].append(n)

    attribute("facts", story.facts)
    attribute("single_source", story.single_source)
    attribute("people", story.people)
    attribute("quotes", story.quotes)
    for n, discrepancy in enumerate(story.discrepancies):
        versions = [first(v.sources) for v in discrepancy.variants]
        if len(versions) < 2 or None in versions:
            continue
        versions.sort()
        appeared = versions[1]
        added[appeared]["discrepancies"].append(n)
        for later in sorted(set(versions[2:]) - {appeared}):
            added[later]["revised"].append(n)
    for n, article in enumerate(story.articles):
        if day[article.id]:
            added[day[article.id]]["sources"].append(n)
    return tuple(
        Update(date=d, **{kind: tuple(added[d][kind]) for kind in
                          ("sources", "facts", "single_source", "discrepancies", "revised", "people", "quotes")})
        for d in days
    )

"""Coverage by outlet: which groups of outlets cover a story, and which key facts only outlets
of one group report (the "blindspot").

Groups are the user's, from outlets.yml (see outlets.py); articles whose outlet is unknown are
counted as "unknown" and never make a fact one group's.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import wording
from .model import (
    Article,
    ArticleRecord,
    Blindspot,
    Fact,
    GroupCoverage,
    OutletsConfig,
    Person,
    SourceOutlet,
    StoryOutlets,
)
from .outlets import UNKNOWN
from .people import PeopleIndex


def story_outlets(config: OutletsConfig, sources: Sequence[SourceOutlet], articles: Sequence[Article],
                  records: Sequence[ArticleRecord], facts: Sequence[Fact], people: Sequence[Person],
                  people_index: PeopleIndex) -> StoryOutlets:
    """Everything the outlets page shows for one story."""
    outlet_of = {s.source: s.outlet or UNKNOWN for s in sources}
    order = {o.name: n for n, o in enumerate(config.outlets)}
    present = sorted({outlet_of[a.id] for a in articles}, key=lambda name: order.get(name, len(order)))
    return StoryOutlets(
        sources=tuple(sources),
        outlets=tuple(present),
        coverage=group_coverage(config, sources),
        blindspots=blindspots(config, sources, facts),
        word_choice=wording.word_choice(records, people, people_index, outlet_of),
    )


def _groups_of(config: OutletsConfig) -> dict[str, dict[str, str]]:
    return {o.name: dict(o.groups) for o in config.outlets}


def group_coverage(config: OutletsConfig, sources: Sequence[SourceOutlet]) -> tuple[GroupCoverage, ...]:
    """Per group key, the articles of each value, in the order of outlets.yml; "unknown" (an
    unknown outlet, or an outlet without this group) last, when there are any."""
    groups = _groups_of(config)
    result = []
    for key, values in config.group_values:
        by_value: dict[str, list[str]] = {value: [] for value in values}
        unknown = []
        for source in sources:
            value = groups.get(source.outlet or "", {}).get(key)
            (by_value[value] if value is not None else unknown).append(source.source)
        counted = [(value, tuple(ids)) for value, ids in by_value.items()]
        if unknown:
            counted.append((UNKNOWN, tuple(unknown)))
        result.append(GroupCoverage(key=key, values=tuple(counted)))
    return tuple(result)


def blindspots(config: OutletsConfig, sources: Sequence[SourceOutlet], facts: Sequence[Fact]) -> tuple[Blindspot, ...]:
    """Key facts whose every source is an outlet of one value of a group, while the story has
    outlets of another value of that group that do not report it."""
    groups = _groups_of(config)
    outlet_of = {s.source: s.outlet for s in sources}
    found = []
    for key, _ in config.group_values:
        in_story = {groups[o][key] for o in outlet_of.values() if o is not None and key in groups[o]}
        if len(in_story) < 2:
            continue  # the story's outlets are all of one kind: nothing is a blindspot
        for fact in facts:
            outlets = [outlet_of.get(source) for source in fact.sources]
            values = {groups.get(o or "", {}).get(key) for o in outlets}
            if len(values) == 1 and None not in values:
                found.append(Blindspot(key=key, value=values.pop(), fact=fact,
                                       outlets=tuple(sorted(set(o for o in outlets if o)))))
    return tuple(found)

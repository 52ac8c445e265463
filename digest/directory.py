"""People across stories: one entry per person of the corpus, with every story they appear in.

The rules are those that merge people within a story (people.py): names compared by their key
(no accents, case, hyphens, honorifics or middle initials), spelling variants of the same
length merged, and a surname alone joining the one full name it ends. Two more rules hold
across stories: two people of one story stay apart (the story already kept them apart), and
entries whose roles clash stay apart ("chief engineer" and "spokesman": two namesakes), as the
role conflicts of discrepancies/roles.py judge titles. The merge is blocked by surname, so it stays
near-linear in the number of entries.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from .corpus import slugify, unique_slug
from .discrepancies.roles import GENERIC_TITLES, _role_head, _shared_word
from .model import Appearance, CorpusPerson
from .people import _similar_names, name_key

HISTORY = ("former", "ex", "then", "late", "acting")  # titles a person no longer holds


@dataclass
class _Group:
    keys: set[tuple[str, ...]] = field(default_factory=set)
    offices: dict[str, None] = field(default_factory=dict)  # distinct, in order
    stories: set[str] = field(default_factory=set)
    members: list[tuple[int, Appearance]] = field(default_factory=list)

    def add(self, position: int, appearance: Appearance, keys: set[tuple[str, ...]]) -> None:
        self.keys |= keys
        self.offices.update(dict.fromkeys(_offices(appearance.roles)))
        self.stories.add(appearance.story)
        self.members.append((position, appearance))


def merge_across(appearances: Sequence[Appearance]) -> tuple[CorpusPerson, ...]:
    """People of every story merged into one entry per person, sorted by name."""
    groups: list[_Group] = []
    by_last: dict[str, list[_Group]] = defaultdict(list)
    full, single = [], []
    for position, appearance in enumerate(appearances):
        key = name_key(appearance.name)
        if key:
            (full if len(key) >= 2 else single).append((position, appearance, key))
    strongest = sorted(full, key=lambda item: (-item[1].mentions, item[2], item[0]))
    for position, appearance, key in strongest:
        keys = {key} | {k for k in map(name_key, appearance.aliases) if len(k) >= 2 and k[-1] == key[-1]}
        matches = [g for g in by_last[key[-1]] if any(_similar_names(a, b) for a in keys for b in g.keys)
                   and _joins(g, appearance)]
        if matches:
            max(matches, key=_weight).add(position, appearance, keys)
            continue
        group = _Group()
        group.add(position, appearance, keys)
        groups.append(group)
        by_last[key[-1]].append(group)
    alone: dict[str, list[_Group]] = defaultdict(list)
    for position, appearance, key in sorted(single, key=lambda item: (-item[1].mentions, item[2], item[0])):
        word = key[0]
        named = [g for g in by_last.get(word, []) if _joins(g, appearance)]
        if len(named) == 1:  # a surname alone joins a full name only when it can mean no other
            named[0].add(position, appearance, set())
            continue
        if not named:
            same = [g for g in alone[word] if _joins(g, appearance)]
            if same:
                same[0].add(position, appearance, set())
                continue
        group = _Group()
        group.add(position, appearance, {key})
        groups.append(group)
        alone[word].append(group)
    return _people(groups)


def _weight(group: _Group) -> tuple[int, int]:
    return sum(a.mentions for _, a in group.members), -min(p for p, _ in group.members)


def _joins(group: _Group, appearance: Appearance) -> bool:
    return appearance.story not in group.stories and not _clash(tuple(group.offices), _offices(appearance.roles))


def _offices(roles: Sequence[str]) -> tuple[str, ...]:
    return tuple(role for role in roles if _is_office(role))


@functools.lru_cache(maxsize=65536)  # a few thousand distinct titles, asked about for every entry
def _is_office(role: str) -> bool:
    """A title that tells one person from a namesake: a current office or occupation, not a
    generic word ("leader", "official") that anyone's title can be described with."""
    words = role.lower().replace("-", " ").split()
    head = _role_head(role)
    return bool(words) and words[0] not in HISTORY and bool(head) and head not in GENERIC_TITLES


def roles_clash(a: Sequence[str], b: Sequence[str]) -> bool:
    """Both sides give a title and no title of one describes the same post as one of the other
    (the same office word, a close spelling of it, or a shared word besides it)."""
    return _clash(_offices(a), _offices(b))


def _clash(a: Sequence[str], b: Sequence[str]) -> bool:
    if not a or not b:
        return False
    return not any(_same_post(x, y) for x in a for y in b)


@functools.lru_cache(maxsize=1 << 17)
def _same_post(x: str, y: str) -> bool:
    hx, hy = _role_head(x), _role_head(y)
    return hx[:5] == hy[:5] or Indel.normalized_similarity(hx, hy) >= 0.7 or _shared_word(x, y)


def _people(groups: list[_Group]) -> tuple[CorpusPerson, ...]:
    people = []
    for group in groups:
        members = sorted(group.members, key=lambda m: m[0])
        named = [a for _, a in members if len(name_key(a.name)) >= 2] or [a for _, a in members]
        name = min(named, key=lambda a: (-a.mentions, a.name)).name
        aliases = sorted({alias for _, a in members for alias in (a.name, *a.aliases)} - {name},
                         key=lambda alias: (alias.casefold(), alias))
        people.append((name, members[0][0], tuple(aliases), tuple(a for _, a in members)))
    people.sort(key=lambda p: (p[0].casefold(), p[0], p[1]))
    used: set[str] = {"index"}
    return tuple(CorpusPerson(slug=unique_slug(slugify(name), used), name=name, aliases=aliases, appearances=found)
                 for name, _, aliases, found in people)

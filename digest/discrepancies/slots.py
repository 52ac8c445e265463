"""One thing's slot filled differently by sources: a colour, a meal, a meeting's place or day."""

from __future__ import annotations

from collections import defaultdict

from ..model import Citation, Discrepancy
from .attributes import EVENTS
from .classify import variant
from .compare import _names, related_articles

def _related(records):
    """Whether two articles are about one story (see compare.RELATED_ENTITIES)."""
    names = {r.article_id: _names(r) for r in records}

    def related(sources_a, sources_b) -> bool:
        return any(a != b and related_articles(names[a], names[b]) for a in sources_a for b in sources_b)
    return related


def attribute_conflicts(records) -> list[Discrepancy]:
    related = _related(records)
    slots: dict[tuple[str, str], list[tuple[str, Attribute]]] = defaultdict(list)
    for record in records:
        for attribute in record.attributes:
            if attribute.kind != "venue":
                slots[(attribute.kind, attribute.subject)].append((record.article_id, attribute))
    found = []
    for (kind, subject), items in sorted(slots.items()):
        values: dict[str, list[Citation]] = defaultdict(list)
        names: dict[str, set[str]] = defaultdict(set)
        for article_id, attribute in items:
            values[attribute.value].append(Citation(article_id, attribute.sentence))
            names[attribute.value] |= set(attribute.context)
        distinct = _exclusive_values(kind, values)
        if len(distinct) < 2:
            continue
        groups = [values[v] for v in distinct]
        if len({c.source for g in groups for c in g}) < 2:
            continue
        shared = set.intersection(*(names[v] for v in distinct))
        if not shared or not any(related({c.source for c in values[x]}, {c.source for c in values[y]})
                                 for x in distinct for y in distinct if x < y):
            continue  # meals or things of different people: a gold coin and a silver one
        topic = f"Colour of the {subject}" if kind == "colour" else "The meal"
        found.append(Discrepancy(topic=topic, kind="conflict",
                                 variants=tuple(variant(v, values[v]) for v in distinct),
                                 reason=f"same {'thing: the ' + subject if kind == 'colour' else 'occasion: the meal'}, "
                                        f"in statements naming {', '.join(sorted(shared))}"))
    return found


def venue_conflicts(records) -> list[Discrepancy]:
    """One meeting placed in different places: the expected venue against the reported one.
    Places that contain one another ("Italy", "Rome") are not compared, venues are compared only
    between statements naming the same people or bodies, and two reported venues are not set
    against each other (they are nearly always two meetings, or a city and its country)."""
    related = _related(records)
    items = [(r.article_id, a) for r in records for a in r.attributes if a.kind == "venue"]
    values: dict[str, list[tuple[Citation, bool]]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)
    for article_id, attribute in items:
        values[attribute.value].append((Citation(article_id, attribute.sentence), attribute.expected))
        names[attribute.value] |= set(attribute.context)
    reported = sorted(v for v, cites in values.items() if not all(expected for _, expected in cites))
    expected = sorted(v for v, cites in values.items() if v not in reported)
    found = []
    for a in reported:
        others = [b for b in expected if b != a and b.lower() not in a.lower() and a.lower() not in b.lower()
                  and names[a] & names[b] - {a.lower(), b.lower()}]
        for b in others:
            if len({c.source for c, _ in values[a] + values[b]}) < 2 or \
                    not related({c.source for c, _ in values[a]}, {c.source for c, _ in values[b]}):
                continue
            found.append(Discrepancy(topic=f"Venue of the meeting: {a} or {b}", kind="expectation", variants=(
                variant(f"{b} (expected)", [c for c, _ in values[b]]),
                variant(f"{a} (reported)", [c for c, _ in values[a]])), reason="same meeting: the same people or bodies named"))
    return found


def _exclusive_values(kind: str, values: dict[str, list[Citation]]) -> list[str]:
    """Values that cannot all be true: colour sets neither of which contains the other."""
    names = sorted(values)
    if kind != "colour":
        return names
    sets = {v: set(v.split(" and ")) for v in names}
    maximal = [v for v in names if not any(sets[v] < sets[w] for w in names)]
    return maximal if len(maximal) > 1 else []


def event_days(time_slots, names: dict[tuple[str, int], tuple[frozenset[str], ...]]) -> list[Discrepancy]:
    """The same event given different days: the expected day against the reported one.

    Two days are one event's only when their sentences name at least two of the same people
    (the parties to one meeting), in different sources; two reported days of "a meeting" are
    nearly always two meetings, so they are never set against each other."""
    by_event: dict[str, list] = defaultdict(list)
    for event, key, label, expected, citation in time_slots:
        by_event[event].append((key, label, expected, citation))
    found = []
    for event, items in sorted(by_event.items()):
        reported = [i for i in items if not i[2]]
        expected = [i for i in items if i[2]]
        pairs = [(r, e) for r in reported for e in expected
                 if r[0] != e[0] and r[3].source != e[3].source
                 and _shared_people(names.get((r[3].source, r[3].sentence), ()), names.get((e[3].source, e[3].sentence), ())) >= 2]
        if not pairs:
            continue
        variants: dict[tuple[str, str, bool], set[Citation]] = defaultdict(set)
        for pair in pairs:
            for key, label, is_expected, citation in pair:
                variants[(key, label, is_expected)].add(citation)
        found.append(Discrepancy(topic=f"Day of the {event}", kind="expectation", variants=tuple(
            variant(f"{label} ({'expected' if is_expected else 'reported'})", citations)
            for (key, label, is_expected), citations in sorted(variants.items(), key=lambda v: (v[0][0], v[0][2]))),
            reason=f"same {event}: the same people meet"))
    return found


def _shared_people(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> int:
    """How many people of one sentence the other names too (a name word in common)."""
    return sum(1 for person in a if any(person & other for other in b))


def event_day_slots(dated) -> list[tuple[str, str, str, bool, Citation]]:
    """(event, day key, label, expected, citation) for the days given to meetings, and to
    arrivals and departures at a named place ("arrival (X)"). The verb decides first; the nouns
    of its clause ("arrived ... for a summit meeting") after it."""
    slots = []
    for article_id, mention, key, label, _ in dated:
        if mention.kind not in ("weekday", "date"):
            continue
        anchors = set(mention.anchors)
        verbs = {a.removeprefix("verb:") for a in anchors if a.startswith("verb:")}
        places = sorted(a.removeprefix("place:") for a in anchors if a.startswith("place:"))
        event = next((e for e, words in EVENTS.items() if verbs & words), None)
        if event is None or (event != "meeting" and (anchors & EVENTS["meeting"])):
            event = next((e for e, words in EVENTS.items() if anchors & words), None)
        if event is None:
            continue
        if event != "meeting":
            if not places:
                continue  # an arrival with no place cannot be told from other arrivals
            event = f"{event} ({places[0].title()})"
        slots.append((event, key, label, mention.expected, Citation(article_id, mention.sentence)))
    return slots

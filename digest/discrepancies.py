"""Source discrepancies: where outlets disagree, compared value by value.

Per article, typed values are read from the parse: numbers with their unit (durations in days),
colours of things, meals, and the places and days given for events (meetings, arrivals,
departures). Across articles, values in the same slot are compared only between statements that
talk about the same thing (shared names and content words), and each difference is classified:
a conflict, an update (a later article revises a figure), an expectation against the outcome, or
a spelling variant of a name. Role titles of one person that cannot both be right are conflicts.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from .model import (
    Article,
    ArticleRecord,
    Attribute,
    Citation,
    Discrepancy,
    DiscrepancyVariant,
    Person,
    Quantity,
)
from .facts import SAME_FACT
from .people import TITLE_WORDS, _is_person_noun, name_key

# Closed classes of general English vocabulary whose members exclude each other in one slot.
COLOURS = {"red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "brown",
           "black", "white", "grey", "gray", "gold", "golden", "silver", "beige", "maroon",
           "navy", "crimson", "scarlet", "khaki", "olive", "turquoise", "teal", "cream", "ivory"}
MEALS = {"breakfast", "brunch", "lunch", "luncheon", "dinner", "supper", "banquet", "feast",
         "barbecue", "picnic", "tea"}
# Events whose place and day sources report; a slot is the event, the value its place or day.
EVENTS = {
    "meeting": {"meet", "meeting", "summit", "talk", "talks", "negotiation", "venue", "session"},
    "arrival": {"arrive", "arrival", "reach", "land"},
    "departure": {"leave", "depart", "departure"},
}
# Heads of titles that a person can hold beside any other (ranks, generic words).
GENERIC_TITLES = {"leader", "head", "chief", "official", "member", "figure", "counterpart",
                  "mp", "mep", "backbencher", "frontbencher", "democrat", "republican", "conservative",
                  "candidate", "lawmaker", "legislator", "politician", "activist", "veteran",
                  "marshal", "general", "colonel", "admiral", "major", "captain", "lieutenant",
                  "officer", "politician", "man", "woman", "father", "mother", "son", "daughter",
                  "wife", "husband", "brother", "sister", "predecessor", "successor", "ally"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000}
DAYS_PER = {"day": 1, "week": 7, "fortnight": 14, "month": 30.44, "year": 365.25, "decade": 3652.5}
# How a qualifier widens a number into the interval of values it allows.
QUALIFIERS = [
    (re.compile(r"\b(more than|over|above|upwards of|in excess of)\s*$"), (1.0, 1.35)),
    (re.compile(r"\b(at least|no fewer than|no less than)\s*$"), (1.0, 1.5)),
    (re.compile(r"\b(nearly|almost|close to|just under|less than|under|fewer than|up to)\s*$"), (0.88, 1.0)),
    (re.compile(r"\b(about|around|roughly|some|approximately|an estimated|estimated)\s*$"), (0.85, 1.15)),
]
EXACT = (0.97, 1.03)
NAME_VARIANT = "name variant"
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}


# ---------------------------------------------------------------------------------------------
# Per article


def find_quantities(doc, sentence_of) -> tuple[Quantity, ...]:
    found = []
    for token in doc:
        if not token.like_num or token.dep_ not in ("nummod", "amod", "compound", "quantmod", "npadvmod", "appos", "nsubj", "dobj", "pobj", "attr"):
            continue
        if token.i > 0 and doc[token.i - 1].like_num:
            continue  # the second word of "two hundred" is read with the first
        value = _number(doc, token)
        if value is None:
            continue
        unit_token = token.head if token.head.pos_ == "NOUN" else None
        if unit_token is None and token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and token.i + 2 < len(doc):
            unit_token = doc[token.i + 2]  # "60-hour"
        if unit_token is None or unit_token.pos_ not in ("NOUN",) or _YEARLIKE(token):
            continue
        unit = unit_token.lemma_.lower()
        (low_f, high_f), qualifier_start = _qualifier(doc, token)
        if unit in DAYS_PER:
            value, unit = value * DAYS_PER[unit], "day"
        context = _context(unit_token)
        found.append(Quantity(text=doc[min(qualifier_start, unit_token.i):max(token.i, unit_token.i) + 1].text,
                              sentence=sentence_of(token.idx), unit=unit,
                              low=round(value * low_f, 3), high=round(value * high_f, 3), context=context))
    return tuple(found)


def _YEARLIKE(token) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", token.text)) and token.ent_type_ == "DATE" and not token.head.lemma_.lower() in DAYS_PER


def _number(doc, token) -> float | None:
    text = token.text.lower().replace(",", "")
    try:
        value = float(text)
    except ValueError:
        value = NUMBER_WORDS.get(text)
        if value is None:
            return None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and following.lower_ in SCALES:
        value *= SCALES[following.lower_]
    return float(value)


def _qualifier(doc, token) -> tuple[tuple[float, float], int]:
    """How a qualifier before the number widens it ("more than", "nearly", "about"), and the
    index of the token where the qualified expression starts."""
    for size in (3, 2, 1):
        if token.i - size < 0:
            continue
        before = doc[token.i - size:token.i].text.lower()
        for pattern, factors in QUALIFIERS:
            if pattern.fullmatch(before.strip()) or pattern.search(before) and pattern.search(before).start() == 0:
                return factors, token.i - size
    return EXACT, token.i


def _context(unit_token) -> tuple[str, ...]:
    words = set()
    for token in [unit_token.head, unit_token.head.head, *unit_token.children, *unit_token.head.children]:
        if token.pos_ in ("NOUN", "VERB", "PROPN") and not token.is_stop and token.i != unit_token.i:
            words.add(token.lemma_.lower())
    return tuple(sorted(words))


def find_attributes(doc, sentence_of) -> tuple[Attribute, ...]:
    """Colours of things, meals, and the places and days given for events."""
    found = []
    for token in doc:
        lower = token.lower_
        parts = set(lower.split("-")) if "-" in lower else {lower}
        if parts & COLOURS and token.pos_ in ("ADJ", "NOUN", "PROPN") and token.head.pos_ == "NOUN":
            colours = set(parts & COLOURS)
            for child in token.children:
                if child.dep_ == "conj" and child.lower_ in COLOURS:
                    colours.add(child.lower_)
            head = token.head
            while head.lower_ in COLOURS and head.head.i != head.i:
                head = head.head
            if head.pos_ == "NOUN" and token.dep_ in ("amod", "compound", "nmod") and not _is_person_noun(head) \
                    and head.lemma_.lower() not in ("people", "person", "man", "woman", "child", "community", "voter"):
                found.append(Attribute("colour", head.lemma_.lower(), " and ".join(sorted(colours)),
                                       sentence_of(token.idx), _sentence_names(token.sent)))
        if token.pos_ == "NOUN" and token.lemma_.lower() in MEALS:
            found.append(Attribute("meal", "meal", token.lemma_.lower(), sentence_of(token.idx),
                                   _sentence_names(token.sent)))
    found += _venues(doc, sentence_of)
    return tuple(found)


HEDGES = {"possible", "possibly", "likely", "expect", "could", "would", "may", "might", "will", "plan",
          "probable", "probably", "scheduled", "reportedly"}
TRAVEL_VERBS = {"head", "travel", "go", "come", "fly", "move"}


def _venues(doc, sentence_of) -> list[Attribute]:
    """Where a meeting is said to take place: "held at X", "meet in X", "a possible venue is X",
    "head to X for talks". A definite noun ("the stadium") stands for the last place named
    with that word ("Riverside Stadium")."""
    meeting = EVENTS["meeting"] | {"hold"}
    found = []
    for token in doc:
        place = None
        head = token.head
        if token.dep_ == "prep" and token.lower_ in ("at", "in") and head.lemma_.lower() in meeting:
            if head.lemma_.lower() != "hold" or any(c.lemma_.lower() in EVENTS["meeting"] for c in head.children):
                place = next((c for c in token.children if c.dep_ == "pobj"), None)
        elif token.lemma_.lower() == "venue":
            place = next((c for c in [*head.children, *token.children] if c.dep_ in ("attr", "appos") and c.i != token.i), None)
            if place is not None:
                place = next((t for t in place.subtree if t.ent_type_ in ("GPE", "LOC", "FAC", "ORG")), place)
        elif token.lemma_.lower() in TRAVEL_VERBS:
            to = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            purpose = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for o in c.children]
            if to is not None and any(o.lemma_.lower() in EVENTS["meeting"] for o in purpose):
                place = next((c for c in to.children if c.dep_ == "pobj"), None)
        name = _place_name(doc, place) if place is not None else None
        if name:
            sentence = token.sent
            expected = any(t.lemma_.lower() in HEDGES for t in sentence)
            found.append(Attribute("venue", "meeting", name, sentence_of(token.idx), _sentence_names(sentence), expected))
    return found


def _place_name(doc, token) -> str | None:
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text.removeprefix("the ") if ent.label_ in ("GPE", "LOC", "FAC", "ORG") else None
    if token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.children):
        earlier = [e for e in doc.ents if e.end <= token.i and e.label_ in ("GPE", "LOC", "FAC", "ORG")
                   and e[-1].lemma_.lower() == token.lemma_.lower()]
        if earlier:
            return earlier[-1].text.removeprefix("the ")
    return None


def _sentence_names(sentence) -> tuple[str, ...]:
    return tuple(sorted({ent.text.lower() for ent in sentence.ents if ent.label_ in ("PERSON", "ORG", "GPE", "NORP")}))


# ---------------------------------------------------------------------------------------------
# Across articles

SIMILAR_PLACE = 0.7  # the sample's garbled border town scores 0.73 against the right spelling


def find_discrepancies(
    articles: Sequence[Article],
    records: Sequence[ArticleRecord],
    people: Sequence[Person],
    aligned: dict[tuple[tuple[str, int], tuple[str, int]], float],
    time_slots: Sequence[tuple[str, str, str, bool, Citation]],
) -> tuple[Discrepancy, ...]:
    published = {a.id: a.published for a in articles}
    found: list[Discrepancy] = []
    found += _role_conflicts(people)
    found += _number_conflicts(records, aligned, published)
    found += _attribute_conflicts(records)
    found += _venue_conflicts(records)
    found += _place_spellings(records)
    found += _event_days(time_slots)
    found += _name_variants(people, records)
    order = {"conflict": 0, "update": 1, "expectation": 2, NAME_VARIANT: 3}
    return tuple(sorted(found, key=lambda d: (order.get(d.kind, 9), d.topic.casefold(), [v.value for v in d.variants])))


def _variant(value: str, citations) -> DiscrepancyVariant:
    citations = tuple(sorted(set(citations), key=lambda c: (c.source, c.sentence)))
    return DiscrepancyVariant(value=value, sources=tuple(sorted({c.source for c in citations})), citations=citations)


def _role_head(role: str) -> str:
    words = re.split(r"\s+(?:of|at|for|in|to|from|with)\s+", role.lower())[0].split()
    return words[-1].strip(".,") if words else ""


def _role_conflicts(people: Sequence[Person]) -> list[Discrepancy]:
    """Titles of one person that cannot both be right: one source's office against the office
    several others agree on ("ministry spokesman" in four sources, "Foreign Minister" in one).

    Only offices count (minister, spokesman, president...), not descriptions (expert, lawyer);
    "former" titles are history; two titles that share a word besides the office ("Foreign
    Secretary", "foreign minister") describe one post; and two titles each given by one source,
    or each by several, are a person's several posts, not a conflict."""
    found = []
    for person in people:
        classes: list[tuple[str, list]] = []
        for role in person.roles:
            head = _role_head(role.text)
            words = role.text.lower().replace("-", " ").split()
            if head not in TITLE_WORDS or head in GENERIC_TITLES or words[0] in ("former", "ex", "then", "late", "acting"):
                continue
            for key, members in classes:
                if key[:5] == head[:5] or Indel.normalized_similarity(key, head) >= 0.7 or \
                        any(_shared_word(role.text, other.text) for other in members):
                    members.append(role)
                    break
            else:
                classes.append((head, [role]))
        if len(classes) < 2:
            continue
        support = [len({c.source for r in members for c in r.citations}) for _, members in classes]
        majority = [n for n, count in enumerate(support) if count >= 2]
        outliers = [n for n, count in enumerate(support) if count == 1]
        if len(majority) != 1 or not outliers:
            continue
        variants = tuple(
            _variant(" / ".join(sorted({r.text for r in classes[n][1]}, key=lambda text: (text.casefold(), text))),
                     [c for r in classes[n][1] for c in r.citations])
            for n in majority + outliers
        )
        found.append(Discrepancy(topic=f"Title of {person.name}", kind="conflict", variants=variants))
    return found


_ROLE_FILLER = {"of", "the", "for", "and", "on", "at", "in", "to", "a", "an", "s", "new", "senior", "top",
                "deputy", "chief", "state", "national", "general", "us", "u.s."}


def _shared_word(a: str, b: str) -> bool:
    """Two titles name the same post when they share a word besides the office itself."""
    def words(text: str) -> set[str]:
        found = set(re.findall(r"[a-z]+", text.lower())) - _ROLE_FILLER
        return found - {_role_head(text)}
    return bool(words(a) & words(b))


def _number_conflicts(records, aligned, published) -> list[Discrepancy]:
    """Numbers of one unit that cannot both be right, in two sources' versions of one statement
    (sentences aligned as the same fact, naming the same people, places or bodies); percentages
    and durations must also share a word around them. Only aligned sentence pairs are compared,
    never all numbers."""
    by_sentence: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
    names: dict[tuple[str, int], set[str]] = defaultdict(set)
    for record in records:
        for quantity in record.quantities:
            by_sentence[(record.article_id, quantity.sentence)].append(quantity)
        for entity in record.entities:
            if entity.label in NAME_LABELS:
                names[(record.article_id, entity.sentence)].add(entity.text.lower().removeprefix("the "))
        for person in record.people:
            names[(record.article_id, person.sentence)].add(person.text.lower())
    found: dict[tuple, Discrepancy] = {}
    for (ca, cb), similarity in sorted(aligned.items()):
        if similarity < SAME_FACT or ca not in by_sentence or cb not in by_sentence:
            continue
        if not names[ca] & names[cb]:
            continue  # the same template about different companies or people ("profit rose to X")
        for qa in by_sentence[ca]:
            same_unit = [qb for qb in by_sentence[cb] if qb.unit == qa.unit]
            if not same_unit or any(qa.low <= qb.high and qb.low <= qa.high for qb in same_unit):
                continue  # the other source gives a compatible figure for this unit
            # the figure in the other sentence that counts the same thing: the only one of its
            # unit in both sentences, or the one sharing the words around it
            qb = max(same_unit, key=lambda q: (len(set(qa.context) & set(q.context)), q.text))
            shared = set(qa.context) & set(qb.context)
            alone = len(same_unit) == 1 and sum(q.unit == qa.unit for q in by_sentence[ca]) == 1
            if not shared and (not alone or qa.unit in ("%", "day")):
                continue  # percentages and durations of different things abound in one sentence
            a, b = ca[0], cb[0]
            kind = "update" if published.get(a) and published.get(b) and published[a] != published[b] else "conflict"
            key = (qa.unit, tuple(sorted((qa.text, qb.text))), tuple(sorted((a, b))))
            if key in found:
                continue
            topic = {"day": "Duration", "%": "Percentage"}.get(qa.unit) or f"Number of {_plural(qa.unit)}"
            first, second = sorted(((qa, ca), (qb, cb)), key=lambda v: (published.get(v[1][0]) or "", v[1][0]))
            found[key] = Discrepancy(topic=f"{topic} ({', '.join(sorted(shared))})" if shared else topic, kind=kind,
                                     variants=(_variant(first[0].text, [Citation(*first[1])]),
                                               _variant(second[0].text, [Citation(*second[1])])))
    return list(found.values())


def _plural(noun: str) -> str:
    return noun if noun.endswith(("s", "people", "police", "staff")) else noun + "s"


def _attribute_conflicts(records) -> list[Discrepancy]:
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
        if not shared:
            continue  # meals or things of different people: a gold coin and a silver one
        topic = f"Colour of the {subject}" if kind == "colour" else "The meal"
        found.append(Discrepancy(topic=topic, kind="conflict",
                                 variants=tuple(_variant(v, values[v]) for v in distinct)))
    return found


def _venue_conflicts(records) -> list[Discrepancy]:
    """One meeting placed in different places: the expected venue against the reported one, or
    two reported venues. Places that contain one another ("Italy", "Rome") are not compared,
    and venues are compared only between statements naming the same people or bodies."""
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
        others = [b for b in reported + expected if b != a and b.lower() not in a.lower() and a.lower() not in b.lower()
                  and names[a] & names[b] - {a.lower(), b.lower()}]
        for b in others:
            if b in reported and b < a:
                continue  # each pair of reported venues once
            if len({c.source for c, _ in values[a] + values[b]}) < 2:
                continue
            kind = "conflict" if b in reported else "expectation"
            found.append(Discrepancy(topic=f"Venue of the meeting: {a} or {b}", kind=kind, variants=(
                _variant(f"{b} ({'reported' if b in reported else 'expected'})", [c for c, _ in values[b]]),
                _variant(f"{a} (reported)", [c for c, _ in values[a]]))))
    return found


def _exclusive_values(kind: str, values: dict[str, list[Citation]]) -> list[str]:
    """Values that cannot all be true: colour sets neither of which contains the other."""
    names = sorted(values)
    if kind != "colour":
        return names
    sets = {v: set(v.split(" and ")) for v in names}
    maximal = [v for v in names if not any(sets[v] < sets[w] for w in names)]
    return maximal if len(maximal) > 1 else []


def _place_spellings(records) -> list[Discrepancy]:
    """Two spellings of one place: close names in sentences that share content words."""
    places: dict[str, list[tuple[str, int]]] = defaultdict(list)
    written: dict[str, str] = {}
    for record in records:
        for entity in record.entities:
            if entity.label in ("GPE", "LOC", "FAC", "ORG"):  # small towns are often tagged ORG
                key = _place_key(entity.text)
                places[key].append((record.article_id, entity.sentence))
                written.setdefault(key, re.sub(r"(?:['’]s?)$", "", entity.text.removeprefix("the ")))
    by_id = {r.article_id: r for r in records}

    @functools.cache
    def terms(citation: tuple[str, int]) -> set[str]:
        return next((set(s.terms) for s in by_id[citation[0]].sentences if s.index == citation[1]), set())

    sources = {name: {s for s, _ in cited} for name, cited in places.items() if name}
    words = {name: name.split() for name in sources}
    # a garbled name is one source's against the spelling of several: compare only those pairs,
    # within blocks of the same first letter and number of words, and near in length
    common: dict[tuple[str, int], list[str]] = defaultdict(list)
    for name in sorted(sources):
        if len(sources[name]) >= 2:
            common[(name[0], len(name.split()))].append(name)
    for block in common.values():
        block.sort(key=lambda n: (len(n), n))
    found = []
    for rare in sorted(n for n in sources if len(sources[n]) == 1):
        block = common.get((rare[0], len(rare.split())), [])
        lengths = [len(n) for n in block]
        for b in block[bisect.bisect_left(lengths, len(rare) - 3):bisect.bisect_right(lengths, len(rare) + 3)]:
            if sources[rare] & sources[b] or not _spelling_variants(words[rare], words[b]):
                continue  # one source naming both has two places
            shared = max(len((terms(x) & terms(y)) - {f"ent:{rare}", f"ent:{b}", rare, b})
                         for x in places[rare] for y in places[b][:200])
            if shared < 2:
                continue
            variants = (_variant(written[b], [Citation(s, k) for s, k in places[b]]),
                        _variant(written[rare], [Citation(s, k) for s, k in places[rare]]))
            found.append(Discrepancy(topic=f"Place name: {variants[0].value} or {variants[1].value}",
                                     kind="conflict", variants=variants))
    return found


def _spelling_variants(words_a: list[str], words_b: list[str]) -> bool:
    """Names of as many words, all equal but one pair of close spellings ("Tirana"/"Tiranna")."""
    if len(words_a) != len(words_b):
        return False
    different = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    if len(different) != 1:
        return False
    x, y = different[0]
    if min(len(x), len(y)) < 5 or x[:4] == y[:4]:
        return False  # short names differ by a letter legitimately; "Britain"/"Britons" are two words
    return Indel.normalized_similarity(x, y) >= SIMILAR_PLACE


def _place_key(text: str) -> str:
    return re.sub(r"(?:['’]s?)$", "", text.lower().removeprefix("the ")).strip()


def _event_days(time_slots) -> list[Discrepancy]:
    """The same event given different days: expected against reported, or plain conflict."""
    by_event: dict[str, list] = defaultdict(list)
    for event, key, label, expected, citation in time_slots:
        by_event[event].append((key, label, expected, citation))
    found = []
    for event, items in sorted(by_event.items()):
        variants: dict[tuple[str, str, bool], list[Citation]] = defaultdict(list)
        for key, label, expected, citation in items:
            variants[(key, label, expected)].append(citation)
        reported = {key for key, _, expected in variants if not expected}
        days = {key for key, _, _ in variants}
        if len(days) < 2 or len({c.source for v in variants.values() for c in v}) < 2:
            continue
        if len(reported) >= 2:
            kind = "conflict"
        elif len(reported) == 1:
            kind = "expectation"
        else:
            continue  # only expectations that differ: nothing happened yet to compare with
        found.append(Discrepancy(topic=f"Day of the {event}", kind=kind, variants=tuple(
            _variant(f"{label} ({'expected' if expected else 'reported'})", citations)
            for (key, label, expected), citations in sorted(variants.items(), key=lambda v: (v[0][0], v[0][2])))))
    return found


def _name_variants(people: Sequence[Person], records) -> list[Discrepancy]:
    """Spellings of one person's name that differ beyond honorifics and initials."""
    written: dict[str, set[Citation]] = defaultdict(set)
    for record in records:
        for mention in record.people:
            written[mention.text].add(Citation(record.article_id, mention.sentence))
    found = []
    for person in people:
        forms: dict[str, set[Citation]] = defaultdict(set)
        for alias in person.aliases:
            if len(name_key(alias)) < 2 or alias.split()[0].lower().rstrip(".") in ("mr", "mrs", "ms", "dr", "president"):
                continue
            spelling = " ".join(w for w in re.split(r"\s+", alias) if not re.fullmatch(r"[A-Z]\.?", w))
            if alias in written:  # forms with an honorific are not spellings of the name
                forms[spelling] |= written[alias]
        spellings = {re.sub(r"[\s\-‐‑]+", " ", f).casefold(): f for f in forms}
        if len(spellings) < 2 and len({f.casefold() for f in forms}) < 2:
            continue
        distinct = sorted(forms, key=lambda form: (form.casefold(), form))
        if len({f.casefold() for f in distinct}) < 2:
            continue
        found.append(Discrepancy(topic=f"Spelling of {person.name}", kind=NAME_VARIANT,
                                 variants=tuple(_variant(f, forms[f]) for f in distinct)))
    return found


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

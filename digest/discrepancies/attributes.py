"""Typed values in one article: colours of things, meals, and the places given for meetings."""

from __future__ import annotations

from ..model import Attribute
from ..people import _is_person_noun

# Closed classes of general English vocabulary whose members exclude each other in one slot.
COLOURS = {"red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "brown",
           "black", "white", "grey", "gray", "gold", "golden", "silver", "beige", "maroon",
           "navy", "crimson", "scarlet", "khaki", "olive", "turquoise", "teal", "cream", "ivory"}
# Nouns a colour grades or names rather than colours ("a gold medal", "a red card").
COLOUR_IDIOMS = {"medal", "medallist", "medalist", "card", "light", "paper", "market", "carpet", "belt", "list",
                 "collar", "standard", "jersey", "ribbon", "line", "zone", "alert", "star", "tape"}
MEALS = {"breakfast", "brunch", "lunch", "luncheon", "dinner", "supper", "banquet", "feast",
         "barbecue", "picnic", "tea"}
# Events whose place and day sources report; a slot is the event, the value its place or day.
EVENTS = {
    "meeting": {"meet", "meeting", "summit", "talk", "talks", "negotiation", "venue", "session"},
    "arrival": {"arrive", "arrival", "reach", "land"},
    "departure": {"leave", "depart", "departure"},
}
# Heads of titles that a person can hold beside any other (ranks, generic words).


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
                    and head.lemma_.lower() not in COLOUR_IDIOMS \
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

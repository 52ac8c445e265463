"""Statuses one article states or denies, read from the parse.

Two kinds of act, in general English verbs: naming someone among a group ("the suit names X as a
defendant", "a list of defendants that includes X", "does not name X as a defendant") and
handing something over ("is delivering a cargo of fuel", "no fuel had been handed over").
A negation on the verb ("not", "never") or on the thing ("no fuel") denies the status.
Acts of obtaining records ("documents taken in a raid in January", "the information was
obtained within the past 10 days") are kept with the time they are dated to.
"""

from __future__ import annotations

from ..model import Claim

INCLUDE = {"name", "include", "list"}
DELIVER = {"deliver", "fly", "send", "supply", "ship", "airlift", "hand", "transfer", "provide"}
ACQUIRE = {"obtain", "seize", "take", "steal", "capture", "acquire", "smuggle", "spirit", "remove", "retrieve"}
# Nouns for records and what they hold: one class, since sources call one archive each of these.
RECORDS = {"document", "file", "information", "material", "archive", "record", "paper", "data", "intelligence",
           "dossier", "cache", "trove", "evidence"}
CONTAINERS = {"cargo", "shipment", "load", "consignment", "batch", "supply", "plane", "planeload"}
LATER = {"later", "subsequently", "since"}
CORRECTING = {"correct", "deny", "retract", "clarify", "admit"}


def find_claims(doc, sentence_of) -> tuple[Claim, ...]:
    found = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB":
            continue
        if lemma in INCLUDE:
            claim = _named(verb)
        elif lemma in ACQUIRE:
            claim = _obtained(verb)
        elif lemma in DELIVER and (lemma != "hand" or any(c.dep_ == "prt" and c.lower_ == "over" for c in verb.children)):
            claim = _delivered(verb)
        else:
            continue
        if claim is None:
            continue
        act, subject, role, negated, first, last, *when = claim
        found.append(Claim(sentence=sentence_of(verb.idx), act=act, subject=subject, role=role, negated=negated,
                           text=doc[first:last + 1].text, later=_later(verb), when=when[0] if when else ""))
    return tuple(found)


def _negated(verb) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in verb.children)


def _named(verb):
    """"names X as a defendant", "defendants that include X", "X is named as a defendant"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None and any(c.dep_ == "auxpass" for c in verb.children):
        obj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if obj is None or obj.pos_ != "PROPN" or obj.ent_type_ not in ("PERSON", "ORG"):
        return None
    role = None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("as", "among"):
            role = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if role is None and verb.dep_ == "relcl" and verb.head.pos_ == "NOUN":
        role = verb.head  # "a list of defendants that includes X"
    if role is None:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ == "NOUN":
            role = subject  # "Defendants include X"
    if role is None:
        return None
    words = [t for t in (verb, obj, role, *[c for c in verb.children if c.dep_ in ("aux", "neg")]) if t is not None]
    first = min(t.i for t in words)
    last = max(obj.i, role.i if role.i > verb.i else obj.i)
    return "include", obj.lower_, role.lemma_.lower(), _negated(verb), first, last


def _delivered(verb):
    """"is delivering a cargo of diesel fuel", "had flown emergency fuel", "no fuel had
    been handed over"."""
    thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if thing is None:
        thing = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if thing is None or thing.pos_ != "NOUN":
        return None
    if thing.lemma_.lower() in CONTAINERS:
        inner = next((g for c in thing.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        if inner is None:
            return None
        thing = inner
    negated = _negated(verb) or any(c.dep_ == "det" and c.lower_ == "no" for c in thing.children)
    span = [verb, thing, *[c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt")],
            *[c for c in thing.children if c.dep_ == "det"]]
    return "deliver", thing.lemma_.lower(), "", negated, min(t.i for t in span), max(t.i for t in span)


def _obtained(verb):
    """Records obtained at a stated time: "documents taken ... in January" (the records the verb
    describes), "the information was obtained within the past 10 days"."""
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        thing = verb.head
    else:
        thing = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if thing is None or thing.lemma_.lower() not in RECORDS or _negated(verb):
        return None
    dates = [t for child in verb.children if child.dep_ in ("prep", "npadvmod")
             for t in child.subtree if t.ent_type_ == "DATE"]
    if not dates:
        return None
    ent = next(e for e in verb.doc.ents if e.start <= dates[0].i < e.end)
    first = min(verb.i, thing.i) if thing.i > verb.i else verb.i
    return "obtain", "records", "", False, first, ent.end - 1, ent.text


def _later(verb) -> bool:
    """The act is told by a later statement: "officials later said no fuel had been...",
    "the ministry denied that ..."."""
    for word in [verb, *verb.ancestors][:3]:
        if word.lemma_.lower() in CORRECTING or any(c.lower_ in LATER and c.dep_ == "advmod" for c in word.children):
            return True
    return False

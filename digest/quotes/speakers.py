"""Who the word that names a quote's speaker is: a person or organisation of the article, a body,
a pronoun or role resolved to someone named before, a message's or document's owner, a group
that speaks, or a description of someone unnamed."""

from __future__ import annotations

import re

from ..nlp import doc_text
from ..people import _is_person_noun
from .marks import in_quote
from .referents import (covering, described_person, nearest_organisation, nearest_person, organisation_name,
                        organisation_named, person_or_organisation, person_with_role, proper_name, subject_referent)
from .vocabulary import (BODIES, DOCUMENT_GROUPS, DOCUMENTS, MAKING_VERBS, MESSAGE_NOUNS, ORGANISATION_LABELS,
                         PRONOUNS_GROUP, PRONOUNS_PERSON, PUBLISHING_PLACES, SPOKESPEOPLE)


def speaker_from_token(doc, token, people, entities, previous_quotes):
    """(speaker as written, kind, cue) for the subject of a reporting verb."""
    if token.lower_ in ("which", "that", "who") and token.head.dep_ == "relcl" and token.head.head.i != token.i:
        token = token.head.head  # "the announcement from X, which read, “…”": the announcement
    person = covering(people, token.idx)
    if person is not None:
        return person.text, "person", "verb"
    entity = covering(entities, token.idx)
    if entity is not None and entity.label in ORGANISATION_LABELS:
        return organisation_name(_whole_organisation(doc, entity)), "organisation", "verb"
    singular_noun = token.tag_ == "NN" or (token.tag_ == "NNP" and token.text.islower())
    if singular_noun and token.lemma_.lower() in BODIES:
        # "the French foreign ministry said": the body named before, else the body as written (the
        # tagger may call a lowercase "ministry" after two adjectives a proper noun)
        body = organisation_named(entities, token.lemma_.lower(), token.idx)
        if body:
            return body, "organisation", "role"
        owner = next((person_or_organisation(c, people, entities) for c in token.children if c.dep_ == "poss"), (None, None))
        if owner[0]:
            return f"{owner[0]} {token.lower_}", "organisation", "role"  # "Ana Silva’s campaign said"
        words = [t for t in doc[token.left_edge.i:token.i + 1] if t.dep_ not in ("det", "poss", "punct")]
        if len(words) >= 2 and all(t.dep_ in ("amod", "compound") or t.i == token.i for t in words):
            return " ".join(t.text for t in words), "organisation", "verb"
    lower = token.lower_
    if lower in PRONOUNS_PERSON:
        found = subject_referent(doc, token, people, lower) or nearest_person(doc, people, previous_quotes, token.idx, lower)
        return (found, "person", "pronoun") if found else (None, None, "pronoun")
    if lower in ("they", "we"):
        # "the campaign is seeking ... what they call “…”": the subject before it in the sentence
        earlier = [t for t in token.sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < token.i
                   and t.lower_ not in PRONOUNS_PERSON | PRONOUNS_GROUP and not in_quote(doc, t.idx)]
        if earlier:
            found = speaker_from_token(doc, max(earlier, key=lambda t: t.i), people, entities, previous_quotes)
            if found[0]:
                return found[0], found[1], "pronoun"
        return None, None, "pronoun"
    if lower in PRONOUNS_GROUP and lower == "it":
        previous = previous_quotes[-1] if previous_quotes else None
        if previous is not None and previous.speaker_kind == "organisation" and previous.start >= token.sent.start_char - 400:
            return previous.speaker, "organisation", "pronoun"  # "“…,” the ministry said. But it added, “…”"
        found = nearest_organisation(entities, token.idx, token.sent.start_char)
        return (found, "organisation", "pronoun") if found else (None, None, "pronoun")
    if token.pos_ == "NOUN" and _is_person_noun(token):
        # a role with the name beside it: "the engineer Ana Silva", "the spokesman, Tom Reed,";
        # the parser hangs a name after "the partner at Brockwell, Ana Silva," on the firm, which
        # a person cannot be an apposition of (after "a spokesman for the mayor, X," X may be the mayor)
        places = [o for p in token.children if p.dep_ == "prep" for o in p.children
                  if o.dep_ == "pobj" and not _is_person_noun(o) and covering(people, o.idx) is None]
        for child in [*token.children, *(c for o in places for c in o.children if c.dep_ == "appos")]:
            if child.dep_ in ("appos", "npadvmod", "compound"):
                named = next((m for t in child.subtree if (m := covering(people, t.idx)) is not None), None)
                if named is not None:
                    return named.text, "person", "verb"
    if token.pos_ == "NOUN" and not _is_person_noun(token) and token.lemma_.lower() not in MESSAGE_NOUNS:
        # "With 50 days until the election, Ana Silva, a party adviser, called ...": the parser
        # takes the thing before the name for the subject and the name for its apposition, which
        # a thing cannot have; the person speaks
        named = next((m for c in token.children if c.dep_ == "appos" and c.i > token.i
                      and (m := covering(people, c.idx)) is not None), None)
        if named is not None:
            return named.text, "person", "verb"
    if token.pos_ == "NOUN" and token.lemma_.lower() in MESSAGE_NOUNS:
        # a statement or spokesperson that belongs to someone: "a statement on the ministry's
        # website", "a Green Party spokesman"
        for child in token.subtree:
            if child.i == token.i or _about(child, token):
                continue
            owner = covering(people, child.idx)
            if owner is not None and token.lemma_.lower() not in SPOKESPEOPLE:
                return owner.text, "person", "verb"
            owner = covering(entities, child.idx)
            if owner is not None and owner.label in ("ORG", "GPE", "FAC") and token.tag_ == "NN":
                return organisation_name(owner.text), "organisation", "verb"
    if (token.pos_ == "NOUN" or token.dep_.startswith("nsubj")) and _document_word(token):
        return _document_speaker(doc, token, people, entities)
    if token.pos_ == "NOUN":
        if token.tag_ == "NN":  # singular role or body: "the spokesman", "the agency"
            modifiers = tuple(c.lower_ for c in token.children if c.dep_ in ("amod", "compound") and c.text[:1].isupper())
            role_holder = person_with_role(people, token.lemma_.lower(), token.idx, modifiers)
            if role_holder:
                return role_holder, "person", "role"
            body = organisation_named(entities, token.lemma_.lower(), token.idx)
            if body:
                return body, "organisation", "role"
            described = described_person(doc, token, people)
            if described:
                return described, "person", "role"
    if token.tag_ == "NNS" or token.lower_ == "police":
        # a group that speaks: "Police say", "Demonstrators said", "Tulsa police said"
        group = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct")]
        if len(group) <= 4 and not any(t.pos_ in ("NUM", "PRON") for t in group):
            return " ".join(t.text for t in group), "organisation", "verb"
    description = _description(doc, token)
    if description:
        return description, None, "description"
    if token.pos_ == "PROPN" and (entity is None or entity.label not in ("DATE", "TIME", "CARDINAL", "ORDINAL")):
        # a name the tagger did not call a person ("Tester said"): the name as written, or the
        # person of the article whose name ends with it
        name = proper_name(doc, token)
        if name:
            known = next((m.text for m in reversed(people) if m.start < token.idx and m.text.split()[-1] == name.split()[-1]), None)
            return known or name, "person", "verb"
    return None, None, "verb"


def _description(doc, token) -> str:
    """An unnamed speaker as the text describes them, when it names someone they belong to or
    what they are: "Ana Silva's doctor", "the mayor's office", "one Democratic source on the panel"."""
    if token.pos_ != "NOUN" or token.tag_ != "NN":
        return ""
    if not (_is_person_noun(token) or token.lemma_.lower() in BODIES | SPOKESPEOPLE | {"family"}):
        return ""
    words = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct")
             and not any(a.dep_ in ("relcl", "acl", "appos") and a.i != token.i and t in a.subtree for a in t.ancestors)]
    if words and words[0].dep_ == "det":
        words = words[1:]
    if not words or len(words) > 8 or not any(t.text[:1].isupper() for t in words):
        return ""  # "the official" says nothing of who; "the state's official" does
    return " ".join(t.text for t in words).replace(" ’s", "’s").replace(" 's", "'s")


def _document_word(token) -> str:
    """The document noun a token is ("suits" -> "suit"; "brief" even when tagged an adjective)."""
    for word in (token.lemma_.lower(), token.lower_):
        if word in DOCUMENTS:
            return word
    return ""


def _document_speaker(doc, token, people, entities):
    """A document speaks for whoever the text says made it: its owner ("the union's lawsuit",
    "a Homeland Security memo"), or the maker named where the article brings up the same kind of
    document ("the committee filed a lawsuit ... the suit says"); else the document itself."""
    for child in token.children:
        if _topic(child):
            continue
        if child.dep_ in ("poss", "compound") or (child.dep_ == "prep" and child.lower_ in ("from", "by", "on", "at")):
            for node in child.subtree:
                owner = person_or_organisation(node, people, entities)
                if owner[0]:
                    return owner[0], owner[1], "document"
    word = _document_word(token)
    group = next(g for g in DOCUMENT_GROUPS if word in g)
    for earlier in reversed(doc[:token.i]):
        if earlier.pos_ != "NOUN" or earlier.lemma_.lower() not in group:
            continue
        verb = earlier.head
        if earlier.dep_ == "pobj" and verb.lower_ in ("in", "through") and verb.head.pos_ == "VERB":
            # "In a statement, the ministry said ...": who speaks in it
            maker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        elif earlier.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in MAKING_VERBS:
            maker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if maker is None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                maker = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
        elif earlier.dep_ != "dobj":
            # "a lawsuit filed by the committee"
            acl = next((c for c in earlier.children if c.dep_ == "acl" and c.lemma_.lower() in MAKING_VERBS), None)
            agent = next((c for c in acl.children if c.dep_ == "agent"), None) if acl is not None else None
            maker = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
        else:
            maker = None
        if maker is not None:
            found = person_or_organisation(maker, people, entities)
            if found[0]:
                return found[0], found[1], "document"
    phrase = [t for t in doc[token.left_edge.i:token.i + 1] if t.dep_ not in ("det", "poss") or t.i == token.i]
    return "the " + " ".join(t.text for t in phrase).lower(), None, "document"


def _topic(token) -> bool:
    """A preposition that says what a message is about, not whose it is: "a report on Ana
    Silva's tenure", "a statement about the ministry" (but "a memo on the ministry's website")."""
    return token.dep_ == "prep" and token.lower_ in ("on", "about", "over", "into", "regarding") and not any(
        o.dep_ == "pobj" and o.lemma_.lower() in PUBLISHING_PLACES for o in token.children)


def _about(word, noun) -> bool:
    """The word is in what the noun is about (under a topic preposition of it)."""
    while word.i != noun.i and word.head.i != word.i:
        if _topic(word):
            return True
        word = word.head
    return False


_ORG_TAIL = re.compile(r"\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w&’'-]*(?:\s+(?:and|&|of|for|the|[A-Z][\w&’'-]*))*")


def _whole_organisation(doc, entity) -> str:
    """An organisation's name with the "for the X of Y" the tagger cut off ("UN Office [for the
    Co-ordination of Humanitarian Affairs]")."""
    if entity.label != "ORG":
        return entity.text
    tail = _ORG_TAIL.match(doc_text(doc), entity.end)
    if tail is None:
        return entity.text
    words = tail.group().split()
    while words and words[-1] in ("and", "&", "of", "for", "the", "on"):
        words.pop()
    return " ".join([entity.text, *words]) if words else entity.text

"""Who a word refers to among the people and organisations an article names: the mention at a
place in the text, the person a "he" or "she" refers to, the person last named with a role or as
a subject, the organisation named before."""

from __future__ import annotations

import re

from ..people import _is_person_noun
from .marks import in_quote
from .vocabulary import FEMALE_TITLES, MALE_TITLES, ORGANISATION_LABELS, PRONOUNS_PERSON, SPOKESPEOPLE


def proper_name(doc, token) -> str:
    """The proper noun with the compound names before it, without a possessive ending."""
    start = token.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == token.i \
            and doc[start - 1].dep_ in ("compound", "flat"):
        start -= 1
    words = [t.text for t in doc[start:token.i + 1] if t.text[:1].isupper()]
    if not words or words[0].lower() in ("the", "a", "an"):
        return ""
    return re.sub(r"['’]s?$", "", " ".join(words))


def person_or_organisation(token, people, entities):
    person = covering(people, token.idx)
    if person is not None:
        return person.text, "person"
    entity = covering(entities, token.idx)
    if entity is not None and entity.label in ORGANISATION_LABELS:
        return organisation_name(entity.text), "organisation"
    return None, None


def described_person(doc, token, people) -> str | None:
    """"the New York businessman said": a definite description of a person refers to the person
    last named as the subject of a clause, within the three sentences before."""
    if token.lemma_.lower() in SPOKESPEOPLE or not _is_person_noun(token):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    since = doc[max(0, token.sent.start - 1)].sent
    for _ in range(2):
        if since.start == 0:
            break
        since = doc[since.start - 1].sent
    subjects = []
    for mention in people:
        if not since.start_char <= mention.start < token.idx:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            subjects.append(mention)
    return max(subjects, key=lambda m: m.start).text if subjects else None


def covering(mentions, offset):
    for mention in mentions:
        if mention.start <= offset < mention.end:
            return mention
    return None


def _genders(people) -> dict[str, str]:
    """Surname -> "m" or "f" from the honorifics the article gives ("Mr", "Ms")."""
    gender: dict[str, str] = {}
    for mention in people:
        title = (mention.honorific or "").lower().rstrip(".")
        if title in MALE_TITLES | FEMALE_TITLES:
            gender[mention.text.split()[-1]] = "m" if title in MALE_TITLES else "f"
    return gender


SUBJECT_SENTENCES = 3  # sentences looked back for the subject a pronoun refers to (tuned on all of ../shared/dev/)


def subject_referent(doc, pronoun, people, lower: str) -> str | None:
    """The person a "he" or "she" refers to: the nearest subject before it, outside quotes, in
    its sentence and the ones before, that is a person of the right gender; a subject that is
    itself "he"/"she" passes the search on to the subjects before it, then to the sentences before
    ("Mr. X said ... He also warned ... “…,” he said"). The subject of the main verb comes first:
    the one who said, not the one said to do something."""
    gender = _genders(people)
    surnames = {m.text.split()[-1] for m in people}
    excluded = "f" if lower in ("he", "him") else "m"
    sentence = pronoun.sent
    before = pronoun.i
    for _ in range(SUBJECT_SENTENCES):
        subjects = [t for t in sentence if t.dep_ in ("nsubj", "nsubjpass") and t.i < before
                    and not in_quote(doc, t.idx)]
        # main clauses first: in "He warned the builders, which Ana Silva had hired", he is not Ana
        # Silva; in "Tom Reed said he expected Ana Silva to resign", the one who said
        for subject in sorted(subjects, key=lambda t: (t.head.dep_ in ("relcl", "acl", "advcl", "pcomp"),
                                                       _clause_depth(t), -t.i)):
            if subject.i >= before:
                continue
            if subject.lower_ in PRONOUNS_PERSON:
                if (subject.lower_ in ("he", "him")) == (lower in ("he", "him")):
                    before = subject.i  # the same referent: a subject before it ("While Ana Silva ..., she ...")
                continue
            person = covering(people, subject.idx)
            name = person.text if person is not None else (
                proper_name(doc, subject) if subject.pos_ == "PROPN" and subject.text in surnames
                and (not subject.ent_type_ or _after_title(doc, subject)) else "")
            # "Kan marked ...", "Mr Kan said ..." (tagged a firm): a surname named before
            if name and gender.get(name.split()[-1]) != excluded:
                return name
        if sentence.start == 0:
            return None
        sentence = doc[sentence.start - 1].sent
        for _ in range(QUOTED_SENTENCES):
            if sentence.start == 0 or not _quoted_sentence(doc, sentence):
                break
            sentence = doc[sentence.start - 1].sent  # the quote's own sentences hold no referent
        before = sentence.end
    return None


def _after_title(doc, token) -> bool:
    """The word before is a title of a man or a woman ("Mr", "Mrs"): a person, whatever the tagger says."""
    return token.i > 0 and doc[token.i - 1].lower_.rstrip(".") in MALE_TITLES | FEMALE_TITLES


def _clause_depth(token) -> int:
    """How many dependency steps below its sentence's root a subject's verb stands."""
    depth, verb = 0, token.head
    while verb.head.i != verb.i:
        depth, verb = depth + 1, verb.head
    return depth


QUOTED_SENTENCES = 8  # quoted sentences passed over on the way back (tuned on the PolNeAR dev split and the five dev stories)


def _quoted_sentence(doc, sentence) -> bool:
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    return bool(words) and all(in_quote(doc, t.idx) for t in words)


def nearest_person(doc, people, previous_quotes, before: int, pronoun: str = "he") -> str | None:
    """The person a "he" or "she" refers to when no subject says: the last one named before it
    whose honorifics in the article ("Mr", "Ms") do not say otherwise."""
    gender = _genders(people)
    excluded = "f" if pronoun in ("he", "him") else "m"
    earlier = [m for m in people if m.end <= before and gender.get(m.text.split()[-1]) != excluded
               and not in_quote(doc, m.start)]  # "“Peter,” he said": not Peter
    if not earlier:
        return None
    last = max(earlier, key=lambda m: m.start)
    # a pronoun right after a quote refers to its speaker when that speaker was the last named
    for quote in reversed(previous_quotes):
        if quote.speaker_kind == "person" and quote.start > last.start and \
                gender.get(quote.speaker.split()[-1]) != excluded:
            return quote.speaker
        break
    return last.text


def nearest_organisation(entities, before: int, sentence_start: int) -> str | None:
    earlier = [e for e in entities if e.end <= before and e.label == "ORG" and e.start >= sentence_start - 400]
    return organisation_name(max(earlier, key=lambda e: e.start).text) if earlier else None


def person_with_role(people, noun: str, before: int, modifiers: tuple[str, ...] = ()) -> str | None:
    """The last person named before with a role of this noun; the description's modifiers
    ("the Republican nominee") must be in the role too."""
    holders = [m for m in people if m.start < before and any(
        noun in role.lower().split() and all(w in role.lower().split() for w in modifiers) for role in m.roles)]
    return max(holders, key=lambda m: m.start).text if holders else None


def organisation_named(entities, noun: str, before: int) -> str | None:
    named = [e for e in entities if e.start < before and e.label == "ORG" and noun in e.text.lower().split()]
    return organisation_name(max(named, key=lambda e: e.start).text) if named else None


def organisation_name(text: str) -> str:
    text = re.sub(r"(?:['’]s?)$", "", text.strip())
    return re.sub(r"^the\s+", "", text, flags=re.I)

"""Per-article extraction: one parsed Doc into one ArticleRecord of plain values.

This is the only place a spaCy `Doc` is read; everything downstream works from the record.
"""

from __future__ import annotations

import bisect

from . import discrepancies, people, quotes, timeline, wording
from .nlp import doc_text
from .model import ArticleRecord, Sentence

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
# Penn tags of a finite verb (past, present, modal), for telling statements from captions.
FINITE_VERB_TAGS = {"VBD", "VBZ", "VBP", "MD"}
ENTITY_TERMS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "DATE", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"}


def extract(article_id: str, doc) -> ArticleRecord:
    sentences = _sentences(doc)
    starts = [s.start for s in sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    quoted = _quoted_characters(doc)
    sentences = tuple(
        Sentence(s.index, s.start, s.end, s.text, s.paragraph, s.terms,
                 quoted=sum(quoted[s.start:s.end]) >= 0.6 * max(1, len(s.text.strip())), statement=s.statement)
        for s in sentences
    )
    person_mentions, entities = people.find_mentions(doc, sentence_of)
    times = timeline.find_time_expressions(doc, sentence_of)
    return ArticleRecord(
        article_id=article_id,
        sentences=sentences,
        people=person_mentions,
        entities=entities,
        quotes=quotes.find_quotes(doc, sentence_of, person_mentions, entities),
        times=times,
        quantities=discrepancies.find_quantities(doc, sentence_of),
        attributes=discrepancies.find_attributes(doc, sentence_of),
        references=wording.find_references(doc, sentence_of, person_mentions, entities),
        claims=discrepancies.find_claims(doc, sentence_of),
    )


def _sentences(doc) -> list[Sentence]:
    found = []
    paragraph = 0
    previous_end = 0
    whole = doc_text(doc)
    for span in doc.sents:
        text = span.text.strip()
        if not text:
            continue
        start = span.start_char + (len(span.text) - len(span.text.lstrip()))
        end = start + len(text)
        paragraph += whole.count("\n\n", previous_end, start)
        previous_end = start
        terms = [t.lemma_.lower() for t in span if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha or t.like_num]
        terms += [f"ent:{e.text.lower()}" for e in span.ents if e.label_ in ENTITY_TERMS]
        found.append(Sentence(len(found), start, end, text, paragraph, tuple(terms), False, _states_something(span)))
    return found


def _states_something(span) -> bool:
    """A sentence with a predicate: a finite verb, or a verb at its root (finite verbs the tagger
    took for participles). Photo captions and labels have none ("The mayor and the engineer at the
    bridge on Monday, in a photo released by the city."). A headline in Title Case (every word of
    four letters or more capitalised) is taken as one: the tagger reads its verbs as names ("Union
    Files Lawsuit Against..."); a caption's lower-case words ("left", "during") keep it out."""
    if span.root.pos_ in ("VERB", "AUX") or any(t.tag_ in FINITE_VERB_TAGS for t in span):
        return True
    words = [t.text for t in span if t.is_alpha and len(t.text) >= 4]
    return bool(words) and all(w[0].isupper() for w in words)


def _quoted_characters(doc) -> bytearray:
    marks = bytearray(len(doc_text(doc)))
    for start, end in quotes.doc_quote_spans(doc):
        marks[start:end] = b"\x01" * (end - start)
    return marks

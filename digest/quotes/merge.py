"""Across articles: the same quote from several outlets becomes one, with the speaker most of them name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from ..model import ArticleRecord, Citation, Quote, QuoteVariant
from ..people import PeopleIndex

SAME_QUOTE_OVERLAP = 0.7  # share of the shorter quote's content words found in the longer one
SAME_QUOTE_PARTIAL = 90  # rapidfuzz partial_ratio of the shorter inside the longer
# A passage of this many content words, nearly all shared, is one quote even when two outlets
# name different speakers (one of them is wrong); tuned on all of ../shared/dev/ together.
SAME_QUOTE_LONG = 8
SAME_QUOTE_VERBATIM = 0.9
# How directly the text names a speaker: a reporting verb or "according to" over a document's
# maker, a role or a description, over what is inferred (pronouns, continuations). Only breaks
# ties between outlets; the order was checked on all of ../shared/dev/ together.
CUE_STRENGTH = {"verb": 3, "according": 3, "signature": 3, "document": 2, "noun": 2, "role": 2, "description": 1,
                "subject": 1, "pronoun": 1, "continuation": 1}
MAX_POSTING = 200
MAX_CANDIDATES = 10  # quotes compared with each quote, those sharing most words first
_STOP = {
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "for", "with", "at", "by", "from",
    "is", "are", "was", "were", "be", "been", "it", "that", "this", "as", "its", "their", "our",
    "we", "i", "you", "he", "she", "they", "not", "will", "would", "has", "have", "had", "do",
}


def merge_quotes(records: Sequence[ArticleRecord], people: PeopleIndex, person_order: dict[str, int]) -> tuple[Quote, ...]:
    """The same quote from several outlets (exact, reworded or translated) becomes one Quote."""
    items = []
    for record in records:
        for mention in record.quotes:
            speaker, kind = mention.speaker, mention.speaker_kind
            if kind == "person" and speaker:
                # the person the people stage made of the name; a name it rejected as no
                # person (an outlet, a firm) speaks as an organisation
                resolved = people.resolve(record.article_id, speaker)
                if resolved is None and people.rejected(record.article_id, speaker):
                    kind = "organisation"
                    if mention.cue == "pronoun":
                        speaker, kind = None, None  # "he" is no outlet: the referent was wrong
                speaker = resolved or speaker
            items.append((record.article_id, replace(mention, speaker_kind=kind), speaker))
    groups = _group_same_quotes(items)
    organisations = _organisation_names([speaker for _, m, speaker in items if m.speaker_kind == "organisation"])
    quotes = []
    for group in groups:
        speakers = [(speaker, m.speaker_kind if speaker else None) for _, m, speaker in group if speaker]
        cues = defaultdict(int)
        for _, m, speaker in group:
            if speaker:
                cues[(speaker, m.speaker_kind)] = max(cues[(speaker, m.speaker_kind)], CUE_STRENGTH.get(m.cue, 0))
        # the speaker most sources name; on a tie the one the text states most directly
        speaker, kind = (max(speakers, key=lambda s: (sum(x == s for x in speakers), cues[s], s[0] or ""))
                         if speakers else (None, None))
        if kind == "organisation":
            speaker = organisations.get(speaker, speaker)
        longest = max(group, key=lambda g: (len(g[1].text), g[0]))
        variants = tuple(
            QuoteVariant(m.text, article_id, Citation(article_id, m.sentences[0]))
            for article_id, m, _ in sorted(group, key=lambda g: (g[0], g[1].start))
        )
        quotes.append(Quote(text=longest[1].text, speaker=speaker, speaker_kind=kind,
                            sources=tuple(sorted({v.source for v in variants})), variants=variants))

    def order(quote: Quote):
        rank = {"person": 0, "organisation": 1}.get(quote.speaker_kind or "", 2)
        first = quote.variants[0]
        return (rank, person_order.get(quote.speaker or "", 10**6), (quote.speaker or "").casefold(),
                -len(quote.sources), first.source, first.citation.sentence)

    return tuple(sorted(quotes, key=order))


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1)


def _group_same_quotes(items):
    """Union of quote pairs that share enough content words, when the groups' longest quotes are the
    same quote as well; candidates from an inverted index."""
    words = [_content_words(m.text) for _, m, _ in items]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            postings[w].append(i)
    # the named speakers of each group (by its root): two groups that name no speaker in common are
    # two quotes, unless a long passage is word for word in both; a quote nobody is named for so
    # cannot join two speakers' quotes ("the harbour board is with us", "the right thing for the board")
    speakers = [{speaker} if m.speaker_kind and speaker else set() for _, m, speaker in items]
    # each group's longest quote: two groups join only when these are one quote too, so that a phrase
    # several outlets quote ("a concentration camp guard") cannot join the different sentences holding it
    longest = list(range(len(items)))
    for i in range(len(items)):
        shared = Counter()
        for w in words[i]:
            if len(postings[w]) <= MAX_POSTING:  # a word in hundreds of quotes says nothing
                shared.update(j for j in postings[w] if j > i)
        for j, _ in sorted(shared.items(), key=lambda c: (-c[1], c[0]))[:MAX_CANDIDATES]:
            root_i, root_j = find(i), find(j)
            if root_i == root_j or items[i][0] == items[j][0]:
                continue
            if _no_speaker_in_common(speakers[root_i], speakers[root_j]) and not _word_for_word(words[i], words[j]):
                continue
            if _same_quote(items[i][1], items[j][1], words[i], words[j]):
                long_i, long_j = longest[root_i], longest[root_j]
                if (long_i, long_j) != (i, j) and not _same_quote(items[long_i][1], items[long_j][1],
                                                                   words[long_i], words[long_j]):
                    continue
                parent[root_j] = root_i
                speakers[root_i] |= speakers[root_j]
                longest[root_i] = max(long_i, long_j, key=lambda k: (len(items[k][1].text), -k))
    groups: dict[int, list] = defaultdict(list)
    for i, item in enumerate(items):
        groups[find(i)].append(item)
    return [groups[k] for k in sorted(groups)]


def _no_speaker_in_common(speakers_a: set[str], speakers_b: set[str]) -> bool:
    """Both groups name speakers (a document or a description names nobody), and none is one person
    or body in both."""
    return bool(speakers_a and speakers_b) and not any(
        a == b or _abbreviates(a, b) for a in speakers_a for b in speakers_b)


def _word_for_word(words_a, words_b) -> bool:
    """A long passage the two quotes share almost word for word."""
    smaller = min(len(words_a), len(words_b))
    return smaller >= SAME_QUOTE_LONG and len(words_a & words_b) / smaller >= SAME_QUOTE_VERBATIM


def _same_quote(qa, qb, words_a, words_b) -> bool:
    """The same words, or nearly: most content words shared, or the shorter inside the longer."""
    smaller = min(len(words_a), len(words_b))
    common = len(words_a & words_b)
    if smaller >= 4 and common / smaller >= SAME_QUOTE_OVERLAP:
        return True
    if common < min(2, smaller):
        return False  # the wording test below is slow: only for quotes sharing words
    short, long = sorted((qa.text.lower(), qb.text.lower()), key=len)
    return len(short.split()) >= 3 and fuzz.partial_ratio(short, long) >= SAME_QUOTE_PARTIAL


def _abbreviates(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return short.isupper() and "".join(w[0] for w in long.split() if w[0].isupper()) == short


def _organisation_names(names: list[str]) -> dict[str, str]:
    """Acronyms join the full name they abbreviate ("NRA" -> "National Rail Agency")."""
    full = sorted({n for n in names if n and len(n.split()) >= 2})
    mapping = {}
    for name in sorted({n for n in names if n}):
        for candidate in full:
            if name != candidate and _abbreviates(name, candidate):
                mapping[name] = candidate
                break
    return mapping

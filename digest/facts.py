"""Key facts: statements several independent sources make, aligned across articles.

Sentences are compared by TF-IDF over their content lemmas, numbers and entities. Candidate pairs
come from an inverted index over each sentence's most distinctive terms, so the cost grows with
the number of sentences, not with its square. Pairs above a similarity threshold are joined into
clusters holding at most one sentence per article. Articles that share many near-identical
sentences (a wire story reprinted with small edits) form one independent source.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Article, ArticleRecord, Citation, Fact, Sentence

SAME_FACT = 0.34  # cosine of two sentences that state the same thing (tuned on the sample's annotation)
ALIGNED = 0.2  # weaker alignment, for comparing the values inside statements (discrepancies)
NEAR_DUPLICATE = 0.85  # sentences copied from one wire story
TERMS_PER_SENTENCE = 10  # distinctive terms of a sentence used to find candidates
MAX_POSTING = 200  # a term in more sentences than this does not propose candidates
MAX_CANDIDATES = 30  # sentences compared with each sentence, those sharing most terms first
MIN_TERMS = 5  # shorter sentences (subheads, captions) are not facts
SINGLE_SOURCE_LIMIT = 12


@dataclass(frozen=True)
class Alignment:
    """Two sentences of different articles that say similar things."""

    a: Citation
    b: Citation
    similarity: float


@dataclass(frozen=True)
class FactsResult:
    facts: tuple[Fact, ...]
    single_source: tuple[Fact, ...]
    alignments: tuple[Alignment, ...]
    independent: dict[str, int]  # article id -> independent-source group


def find_facts(articles: Sequence[Article], records: Sequence[ArticleRecord]) -> FactsResult:
    sentences: list[tuple[str, Sentence]] = [
        (record.article_id, sentence)
        for record in records
        for sentence in record.sentences
        if len(sentence.terms) >= MIN_TERMS and not sentence.quoted
    ]
    vectors, idf = _tfidf([s.terms for _, s in sentences])
    pairs = _similar_pairs(sentences, vectors, idf)
    independent = _independent_sources(articles, records, pairs, sentences)
    clusters = _clusters(sentences, pairs)
    centroid = Counter()
    for vector in vectors:
        centroid.update(vector)
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0

    def centrality(members: list[int]) -> float:
        return sum(sum(w * centroid[t] for t, w in vectors[i].items()) / norm for i in members) / len(members)

    facts, single = [], []
    clustered = set()
    for members in clusters:
        support = len({independent[sentences[i][0]] for i in members})
        if support < 2:
            continue
        clustered.update(members)
        facts.append((-support, -centrality(members), _fact(members, sentences, vectors, support)))
    for i, (article_id, sentence) in enumerate(sentences):
        if i in clustered or not _informative(sentence):
            continue
        single.append((-centrality([i]), article_id, sentence.index, _fact([i], sentences, vectors, 1)))
    facts.sort(key=lambda f: (f[0], f[1], f[2].text))
    single.sort(key=lambda f: (f[0], f[1], f[2]))
    alignments = tuple(
        Alignment(Citation(*_cite(sentences[i])), Citation(*_cite(sentences[j])), round(sim, 4))
        for (i, j), sim in sorted(pairs.items()) if sim >= ALIGNED
    )
    return FactsResult(tuple(f[2] for f in facts), tuple(f[3] for f in single[:SINGLE_SOURCE_LIMIT]),
                       alignments, independent)


def _cite(item: tuple[str, Sentence]) -> tuple[str, int]:
    return item[0], item[1].index


def _tfidf(documents: list[tuple[str, ...]]) -> tuple[list[dict[str, float]], dict[str, float]]:
    df = Counter(term for terms in documents for term in set(terms))
    n = len(documents)
    idf = {term: math.log((n + 1) / (count + 1)) + 1 for term, count in df.items()}
    vectors = []
    for terms in documents:
        counts = Counter(terms)
        vector = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({t: v / norm for t, v in vector.items()})
    return vectors, idf


def _similar_pairs(sentences, vectors, idf) -> dict[tuple[int, int], float]:
    """Cosine of sentence pairs from different articles that share distinctive terms.

    Each sentence proposes candidates through its most distinctive terms (terms in very many
    sentences propose none), and only the candidates sharing most of those terms are compared:
    the work per sentence is bounded, so the stage grows linearly with the corpus."""
    top_terms = [sorted(vector, key=lambda t: (-idf[t], t))[:TERMS_PER_SENTENCE] for vector in vectors]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, terms in enumerate(top_terms):
        for term in terms:
            postings[term].append(i)
    pairs: dict[tuple[int, int], float] = {}
    for i, vector in enumerate(vectors):
        shared = Counter()
        for term in top_terms[i]:
            posting = postings[term]
            if len(posting) <= MAX_POSTING:
                shared.update(posting)
        shared.pop(i, None)
        candidates = sorted(shared.items(), key=lambda c: (-c[1], c[0]))[:MAX_CANDIDATES]
        for j, _ in candidates:
            if sentences[i][0] == sentences[j][0] or (min(i, j), max(i, j)) in pairs:
                continue
            other = vectors[j]
            similarity = sum(w * other.get(t, 0.0) for t, w in vector.items())
            if similarity >= ALIGNED:
                pairs[(min(i, j), max(i, j))] = similarity
    return pairs


def _independent_sources(articles, records, pairs, sentences) -> dict[str, int]:
    """Articles sharing several near-identical sentences are one source (a reprinted wire story)."""
    group = {a.id: n for n, a in enumerate(articles)}
    sizes = {r.article_id: max(1, len(r.sentences)) for r in records}
    shared = Counter()
    for (i, j), similarity in pairs.items():
        if similarity >= NEAR_DUPLICATE:
            shared[tuple(sorted((sentences[i][0], sentences[j][0])))] += 1
    for (a, b), count in sorted(shared.items()):
        if count >= 3 or (count >= 2 and count >= 0.5 * min(sizes[a], sizes[b])):
            old, new = group[b], group[a]
            for key, value in group.items():
                if value == old:
                    group[key] = new
    return group


def _clusters(sentences, pairs) -> list[list[int]]:
    """Join the most similar pairs first; a cluster never holds two sentences of one article."""
    cluster_of = {i: i for i in range(len(sentences))}
    members = {i: [i] for i in range(len(sentences))}
    articles = {i: {sentences[i][0]} for i in range(len(sentences))}
    for (i, j), similarity in sorted(pairs.items(), key=lambda p: (-p[1], p[0])):
        if similarity < SAME_FACT:
            break
        a, b = cluster_of[i], cluster_of[j]
        if a == b or articles[a] & articles[b]:
            continue
        for k in members[b]:
            cluster_of[k] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    return [sorted(m) for _, m in sorted(members.items()) if len(m) > 1]


def _fact(members, sentences, vectors, support) -> Fact:
    def representativeness(i: int) -> tuple:
        score = sum(sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items()) for j in members if j != i)
        length = len(sentences[i][1].text)
        return (score - (0.002 * max(0, length - 250)), -i)

    best = max(members, key=representativeness)
    citations = tuple(sorted((Citation(*_cite(sentences[i])) for i in members), key=lambda c: (c.source, c.sentence)))
    return Fact(text=fact_text(sentences[best][1].text), sources=tuple(sorted({c.source for c in citations})),
                citations=citations, support=support)


def fact_text(text: str) -> str:
    """A sentence cleaned to stand alone: no leading conjunction or dangling connective."""
    text = " ".join(text.split())
    text = re.sub(r"^(?:and|but|so|yet|or|also|however|meanwhile|still|then),?\s+", "", text, flags=re.I)
    return text[:1].upper() + text[1:]


def _informative(sentence: Sentence) -> bool:
    """A statement worth listing alone: long enough and carrying names or numbers."""
    return len(sentence.terms) >= 8 and any(t[:1].isdigit() or t.startswith("ent:") for t in sentence.terms)

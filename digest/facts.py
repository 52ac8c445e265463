"""Key facts: statements several independent sources make, aligned across articles.

Sentences are compared by TF-IDF over their content lemmas, numbers and entities. Candidate pairs
come from an inverted index over each sentence's most distinctive terms, so the cost grows with
the number of sentences, not with its square. Pairs above a similarity threshold are joined into
clusters holding at most one sentence per article. Articles that share many near-identical
sentences (a wire story reprinted with small edits) form one independent source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .model import Article, ArticleRecord, Citation, Fact, Sentence

SAME_FACT = 0.34  # cosine of two sentences that state the same thing (tuned on the sample's annotation)
NEAR_DUPLICATE = 0.85  # sentences copied from one wire story
TERMS_PER_SENTENCE = 8  # distinctive terms of a sentence used to find candidates
MAX_POSTING = 100  # a term in more sentences than this does not propose candidates
MAX_CANDIDATES = 30  # sentences compared with each sentence, those sharing most terms first
MIN_TERMS = 5  # shorter sentences (subheads, captions) are not facts
SINGLE_SOURCE_LIMIT = 12


@dataclass(frozen=True)
class FactsResult:
    facts: tuple[Fact, ...]
    single_source: tuple[Fact, ...]
    aligned: dict[tuple[tuple[str, int], tuple[str, int]], float]  # (article, sentence) pairs stating the same thing
    independent: dict[str, int]  # article id -> independent-source group


def find_facts(articles: Sequence[Article], records: Sequence[ArticleRecord]) -> FactsResult:
    sentences: list[tuple[str, Sentence]] = [
        (record.article_id, sentence)
        for record in records
        for sentence in record.sentences
        if len(sentence.terms) >= MIN_TERMS and not sentence.quoted
    ]
    if not sentences:
        return FactsResult((), (), {}, {a.id: n for n, a in enumerate(articles)})
    matrix, idf = _tfidf([s.terms for _, s in sentences])
    article_number = {a: n for n, a in enumerate(sorted({a for a, _ in sentences}))}
    article_of = np.array([article_number[a] for a, _ in sentences])
    pairs = _similar_pairs(matrix, idf, article_of)
    independent = _independent_sources(articles, records, pairs, sentences)
    clusters = _clusters(sentences, pairs)
    centroid = np.asarray(matrix.sum(axis=0)).ravel()
    centrality = matrix @ (centroid / (np.linalg.norm(centroid) or 1.0))

    facts, single = [], []
    clustered = set()
    for members, closeness in zip(clusters, _closeness(clusters, matrix)):
        support = len({independent[sentences[i][0]] for i in members})
        if support < 2:
            continue
        clustered.update(members)
        facts.append((-support, -float(centrality[members].mean()), _fact(members, closeness, sentences, support)))
    for i, (article_id, sentence) in enumerate(sentences):
        if i in clustered or not _informative(sentence):
            continue
        single.append((-float(centrality[i]), article_id, sentence.index, i))
    facts.sort(key=lambda f: (f[0], f[1], f[2].text))
    single.sort(key=lambda f: (f[0], f[1], f[2]))
    aligned = {(_cite(sentences[i]), _cite(sentences[j])): sim for (i, j), sim in sorted(pairs.items())}
    return FactsResult(tuple(f[2] for f in facts),
                       tuple(_fact([f[3]], np.zeros(1), sentences, 1) for f in single[:SINGLE_SOURCE_LIMIT]),
                       aligned, independent)


def _cite(item: tuple[str, Sentence]) -> tuple[str, int]:
    return item[0], item[1].index


def _tfidf(documents: list[tuple[str, ...]]):
    """Rows of L2-normalised TF-IDF (sublinear term frequency, smoothed idf) as a sparse matrix,
    and the idf of each column."""
    vocabulary: dict[str, int] = {}
    columns = np.array([vocabulary.setdefault(term, len(vocabulary)) for terms in documents for term in terms],
                       dtype=np.int64)
    rows = np.repeat(np.arange(len(documents)), [len(terms) for terms in documents])
    shape = (len(documents), len(vocabulary))
    counts = sparse.csr_matrix((np.ones(len(columns)), (rows, columns)), shape=shape)  # repeats summed
    counts.sort_indices()
    df = np.bincount(counts.indices, minlength=len(vocabulary))
    idf = np.log((len(documents) + 1) / (df + 1)) + 1
    data = (1 + np.log(counts.data)) * idf[counts.indices]
    matrix = sparse.csr_matrix((data, counts.indices, counts.indptr), shape=shape)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1 / norms) @ matrix
    return matrix.tocsr(), idf


def _rank_within_rows(rows: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Position of each entry inside its row once the row is sorted by key (distinct
    non-negative integers within a row): one sort of a combined integer key."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(rows.astype(np.int64) * (int(key.max()) + 1) + key)
    ranked_rows = rows[order]
    positions = np.arange(len(order))
    row_starts = np.maximum.accumulate(np.where(np.r_[True, ranked_rows[1:] != ranked_rows[:-1]], positions, 0))
    rank = np.empty_like(order)
    rank[order] = positions - row_starts
    return rank


def _similar_pairs(matrix, idf, article_of) -> dict[tuple[int, int], float]:
    """Cosine of sentence pairs from different articles that share distinctive terms.

    Each sentence proposes candidates through its most distinctive terms (terms in very many
    sentences propose none), and only the candidates sharing most of those terms are compared:
    the work per sentence is bounded, so the stage grows linearly with the corpus. All of it is
    done with sparse matrices."""
    n, vocabulary = matrix.shape
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    cols = matrix.indices
    df = np.bincount(cols, minlength=vocabulary)
    usable = df[cols] <= MAX_POSTING
    rows, cols = rows[usable], cols[usable]
    column_rank = np.empty(vocabulary, dtype=np.int64)  # most distinctive first, then by column
    column_rank[np.lexsort((np.arange(vocabulary), -idf))] = np.arange(vocabulary)
    keep = _rank_within_rows(rows, column_rank[cols]) < TERMS_PER_SENTENCE
    rows, cols = rows[keep], cols[keep]
    top = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, vocabulary))
    shared = (top @ top.T).tocoo()
    i, j, count = shared.row, shared.col, shared.data.astype(np.int64)
    other = (i != j) & (article_of[i] != article_of[j])
    i, j, count = i[other], j[other], count[other]
    if len(i) == 0:
        return {}
    # most shared terms first, then by sentence
    keep = _rank_within_rows(i, (count.max() - count) * n + j) < MAX_CANDIDATES
    i, j = i[keep], j[keep]
    keys = np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j)
    keys.sort()
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # each pair once
    low, high = keys // n, keys % n
    similarity = np.asarray(matrix[low].multiply(matrix[high]).sum(axis=1)).ravel()
    close = similarity >= SAME_FACT
    return {(int(a), int(b)): float(s) for a, b, s in zip(low[close], high[close], similarity[close])}


def _independent_sources(articles, records, pairs, sentences) -> dict[str, int]:
    """Articles sharing several near-identical sentences are one source (a reprinted wire story)."""
    group = {a.id: n for n, a in enumerate(articles)}
    sizes = {r.article_id: max(1, len(r.sentences)) for r in records}
    shared = Counter()
    for (i, j), similarity in pairs.items():
        if similarity >= NEAR_DUPLICATE:
            shared[tuple(sorted((sentences[i][0], sentences[j][0])))] += 1
    parent = {a.id: a.id for a in articles}

    def root(article_id: str) -> str:
        while parent[article_id] != article_id:
            parent[article_id] = parent[parent[article_id]]
            article_id = parent[article_id]
        return article_id

    for (a, b), count in sorted(shared.items()):
        if count >= 3 or (count >= 2 and count >= 0.5 * min(sizes[a], sizes[b])):
            parent[root(b)] = root(a)
    return {article_id: group[root(article_id)] for article_id in group}


def _clusters(sentences, pairs) -> list[list[int]]:
    """Join the most similar pairs first; a cluster never holds two sentences of one article."""
    cluster_of = {i: i for i in range(len(sentences))}
    members = {i: [i] for i in range(len(sentences))}
    articles = {i: {sentences[i][0]} for i in range(len(sentences))}
    for (i, j), similarity in sorted(pairs.items(), key=lambda p: (-p[1], p[0])):
        if similarity < SAME_FACT:
            break
        a, b = cluster_of[i], cluster_of[j]
        if a == b or not articles[a].isdisjoint(articles[b]):
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a  # relabel the smaller cluster: each sentence moves O(log n) times
        for k in members[b]:
            cluster_of[k] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    return [sorted(m) for _, m in sorted(members.items()) if len(m) > 1]


def _closeness(clusters: list[list[int]], matrix) -> list[np.ndarray]:
    """For each cluster, each member's summed cosine with the other members: its dot product
    with the sum of the cluster's rows, for all clusters in a few sparse products."""
    if not clusters:
        return []
    rows = np.concatenate([np.asarray(m) for m in clusters])
    owner = np.repeat(np.arange(len(clusters)), [len(m) for m in clusters])
    membership = sparse.csr_matrix((np.ones(len(rows)), (owner, rows)), shape=(len(clusters), matrix.shape[0]))
    sums = (membership @ matrix).tocsr()
    closeness = np.asarray(matrix[rows].multiply(sums[owner]).sum(axis=1)).ravel() - 1.0
    return np.split(closeness, np.cumsum([len(m) for m in clusters])[:-1])


def _fact(members, closeness, sentences, support) -> Fact:
    """The cluster's most representative sentence (closest to the others, not too long)."""
    lengths = np.array([len(sentences[i][1].text) for i in members])
    score = np.round(closeness - 0.002 * np.maximum(0, lengths - 250), 6)  # ties go to the first
    best = members[int(np.argmax(score))]
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

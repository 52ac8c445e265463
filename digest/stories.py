"""Stories from a flat folder: articles about the same story grouped by what they name (--cluster).

Each article becomes a TF-IDF vector of its content lemmas and named entities (entities count
double: a story is mostly who and where). Articles are taken in a stable order and join the most
similar existing story, found through an index of the stories' distinctive terms, or open a new
one: one pass, with bounded work per article. Articles that join no other form "Other articles".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from .corpus import slugify, unique_slug
from .model import Article, ArticleRecord

SAME_STORY = 0.2  # cosine of an article with a story's centroid (measured on BBC categories and a hand-made pair of stories)
TERMS_PER_ARTICLE = 15
CENTROID_TERMS = 60
MAX_CANDIDATES = 20
OTHER = "Other articles"


def cluster(articles: Sequence[Article], records: Sequence[ArticleRecord]) -> list[tuple[str, str, list[Article], list[ArticleRecord]]]:
    """(slug, title, articles, records) of each story found, largest first."""
    vectors = _vectors(records)
    centroids: list[Counter] = []
    members: list[list[int]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        top = sorted(vector, key=lambda t: (-vector[t], t))[:TERMS_PER_ARTICLE]
        candidates = Counter(c for term in top for c in index.get(term, ()))
        best, best_score = None, SAME_STORY
        for c, _ in sorted(candidates.items(), key=lambda x: (-x[1], x[0]))[:MAX_CANDIDATES]:
            score = _cosine(vector, centroids[c])
            if score >= best_score:
                best, best_score = c, score
        if best is None:
            best = len(members)
            members.append([])
            centroids.append(Counter())
        members[best].append(i)
        centroid = centroids[best]
        before = set(centroid)
        centroid.update(vector)
        trimmed = Counter(dict(sorted(centroid.items(), key=lambda x: (-x[1], x[0]))[:CENTROID_TERMS]))
        centroids[best] = trimmed
        for term in set(trimmed) - before:
            index[term].append(best)
    groups = sorted((m for m in members if len(m) > 1), key=lambda m: (-len(m), m[0]))
    singles = sorted(i for m in members if len(m) == 1 for i in m)
    used: set[str] = set()
    result = []
    for group in groups + ([singles] if singles else []):
        group_articles = [articles[i] for i in group]
        title = OTHER if group is singles else _title(group_articles)
        result.append((unique_slug(slugify(title), used), title, group_articles, [records[i] for i in group]))
    return result


def _vectors(records: Sequence[ArticleRecord]) -> list[dict[str, float]]:
    documents = []
    for record in records:
        counts = Counter()
        for sentence in record.sentences:
            for term in sentence.terms:
                counts[term] += 2 if term.startswith("ent:") else 1
        documents.append(counts)
    df = Counter(term for counts in documents for term in counts)
    n = len(documents)
    vectors = []
    for counts in documents:
        vector = {t: (1 + math.log(c)) * math.log((n + 1) / (df[t] + 1)) for t, c in counts.items() if df[t] > 1}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({t: v / norm for t, v in vector.items()})
    return vectors


def _cosine(vector: dict[str, float], centroid: Counter) -> float:
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    return sum(w * centroid.get(t, 0.0) for t, w in vector.items()) / norm


def _title(articles: Sequence[Article]) -> str:
    """The headline sharing most words with the others."""
    words = [{w.strip(".,:;!?\"'“”‘’|").lower() for w in a.title.split() if len(w) > 3} for a in articles]
    counts = Counter(w for ws in words for w in ws)
    best = max(range(len(articles)), key=lambda i: (sum(counts[w] - 1 for w in words[i]), -i))
    return articles[best].title

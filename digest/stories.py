"""Stories from a flat folder: articles about the same story grouped by what they name (--cluster).

Each article becomes a TF-IDF vector of its content lemmas and named entities. Articles are taken
in a stable order and join the most similar existing story, found through an index of the
stories' distinctive terms, or open a new one: one pass, with bounded work per article, that a
later build resumes when articles are added at the end. Articles that join no other form
"Other articles".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .corpus import RESERVED, slugify, unique_slug
from .model import Article, ArticleRecord

SAME_STORY = 0.15  # cosine of an article with a story's centroid (tuned with benchmarks/clusters.py on BBC categories)
TERMS_PER_ARTICLE = 15
CENTROID_TERMS = 60
MAX_CANDIDATES = 20
LOG_2 = math.log(2)  # log(1 + document frequency) of a term seen in one article
OTHER = "Other articles"


class Clustering:
    """The one pass over the articles so far, and all the next article is compared with.

    Term weights use the document frequencies of the articles seen so far, never of later ones,
    so the state after k articles depends only on those k: a saved state can be resumed when
    articles are added at the end, and gives what a pass from the start would.
    """

    def __init__(self) -> None:
        self.articles = 0
        self.document_frequency: Counter = Counter()
        self.shared: dict[str, float] = {}  # log(1 + document frequency) of terms in 2+ articles
        self.centroids: list[dict[str, float]] = []  # summed sublinear term counts of the members
        self.members: list[list[int]] = []
        self.index: dict[str, list[int]] = {}  # term -> stories whose centroid held it

    def add(self, counts: Counter) -> int:
        """Put the next article (its term counts) in the most similar story or a new one."""
        position = self.articles
        self.articles += 1
        for term in counts:
            frequency = self.document_frequency[term] = self.document_frequency[term] + 1
            if frequency > 1:
                self.shared[term] = math.log(frequency + 1)
        best = self._most_similar(self._vector({t: 1 + math.log(c) for t, c in counts.items()}), lambda c: True)
        if best is None:
            best = len(self.members)
            self.members.append([])
            self.centroids.append({})
        self.members[best].append(position)
        centroid = dict(self.centroids[best])
        for term, count in counts.items():
            centroid[term] = centroid.get(term, 0.0) + 1 + math.log(count)
        log_articles = math.log(self.articles + 1)
        kept = sorted(centroid.items(), key=lambda x: (-x[1] * (log_articles - self.shared.get(x[0], LOG_2)), x[0]))
        for term, _ in kept[:CENTROID_TERMS]:
            if term not in self.centroids[best]:
                self.index.setdefault(term, []).append(best)
        self.centroids[best] = dict(kept[:CENTROID_TERMS])
        return best

    def groups(self) -> list[list[int]]:
        """The article positions of each story. An article left alone gets a second chance
        against the stories as they ended (with the document frequencies of the whole pass): the
        first articles of a story often came too early for their shared words to count."""
        stories = [list(m) for m in self.members]
        for story, members in enumerate(self.members):
            if len(members) == 1:
                best = self._most_similar(self._vector(self.centroids[story]), lambda c: len(self.members[c]) > 1)
                if best is not None:
                    stories[best].append(members[0])
                    stories[story] = []
        return [sorted(m) for m in stories if m]

    def _most_similar(self, vector: dict[str, float], eligible) -> int | None:
        """The eligible story most similar to the vector, if similar enough; stories are
        candidates when their centroid held one of the vector's strongest terms."""
        top = sorted(vector, key=lambda t: (-vector[t], t))[:TERMS_PER_ARTICLE]
        candidates = Counter(c for term in top for c in self.index.get(term, ()) if eligible(c))
        best, best_score = None, SAME_STORY
        for c, _ in sorted(candidates.items(), key=lambda x: (-x[1], x[0]))[:MAX_CANDIDATES]:
            score = self._similarity(vector, self.centroids[c])
            if score >= best_score:
                best, best_score = c, score
        return best

    def _vector(self, sublinear_counts: dict[str, float]) -> dict[str, float]:
        """Unit TF-IDF vector of the terms seen in another article too. Its length counts the
        terms seen nowhere else as well: the first article of a new story shares only common
        words with the others, which must not make it look like them."""
        log_articles = math.log(self.articles + 1)
        weights = {t: c * (log_articles - self.shared.get(t, LOG_2)) for t, c in sublinear_counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {t: v / norm for t, v in weights.items() if t in self.shared}

    def _similarity(self, vector: dict[str, float], centroid: dict[str, float]) -> float:
        """Cosine of a unit vector with the centroid weighted by the current frequencies."""
        log_articles = math.log(self.articles + 1)
        norm = dot = 0.0
        for term, count in centroid.items():
            weight = count * (log_articles - self.shared.get(term, LOG_2))
            norm += weight * weight
            dot += vector.get(term, 0.0) * weight
        return dot / math.sqrt(norm) if norm else 0.0


def article_terms(record: ArticleRecord) -> Counter:
    """What an article is about: its content lemmas and entities (entities count double: a story
    is mostly who and where)."""
    counts: Counter = Counter()
    for sentence in record.sentences:
        for term in sentence.terms:
            counts[term] += 2 if term.startswith("ent:") else 1
    return counts


def pass_order(articles: Sequence[Article]) -> list[int]:
    """The order of the pass: by publication date (undated first), then file name. A new
    article is usually the newest, so it extends a saved pass instead of starting it again."""
    return sorted(range(len(articles)), key=lambda i: (articles[i].published or "", articles[i].id))


def cluster(articles: Sequence[Article], records: Sequence[ArticleRecord]) -> list[tuple[str, str, list[Article], list[ArticleRecord]]]:
    """(slug, title, articles, records) of each story found, largest first."""
    order = pass_order(articles)
    clustering = Clustering()
    for i in order:
        clustering.add(article_terms(records[i]))
    return [(slug, title, [articles[i] for i in group], [records[i] for i in group])
            for slug, title, group in stories_of(clustering, articles, order)]


def stories_of(clustering: Clustering, articles: Sequence[Article], order: Sequence[int]) -> list[tuple[str, str, list[int]]]:
    """(slug, title, article indexes in folder order) of each story of a finished pass over the
    articles in `order`, largest first; the articles that joined no other are "Other articles",
    last."""
    found = [sorted(order[position] for position in group) for group in clustering.groups()]
    groups = sorted((m for m in found if len(m) > 1), key=lambda m: (-len(m), m[0]))
    singles = sorted(i for m in found if len(m) == 1 for i in m)
    used: set[str] = set(RESERVED)
    result = []
    for group in groups + ([singles] if singles else []):
        title = OTHER if group is singles else _title([articles[i] for i in group])
        result.append((unique_slug(slugify(title), used), title, group))
    return result


def _title(articles: Sequence[Article]) -> str:
    """The headline sharing most words with the others."""
    words = [{w.strip(".,:;!?\"'“”‘’|").lower() for w in a.title.split() if len(w) > 3} for a in articles]
    counts = Counter(w for ws in words for w in ws)
    best = max(range(len(articles)), key=lambda i: (sum(counts[w] - 1 for w in words[i]), -i))
    return articles[best].title

"""Counts and measures of the same thing, wherever the sources give them.

Two numbers are about the same thing when they count the same noun (or measure the same thing in
one unit), what they say happened to the people counted is the same ("dead", "missing"), their
classifying modifiers agree ("engine tests" and "tests" said beside "engines", never "brake
tests" against "engine tests"), and nothing narrows one of them to a part: a year or a proper
name in the phrase, a place ("in X prefecture") or a clause ("people living near the plant").
Places the story is about (named in most articles) narrow nothing. Numbers whose intervals do not
overlap, from different sources, make a discrepancy of that thing with all its values.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from ..model import Citation, Discrepancy, Quantity
from .classify import by_date, kind_of, variant
from .quantities import MEASURES, SCALES

# Articles naming at least this many of the same places, bodies and people are about one story:
# 7 or more for every pair of four dev stories, 1 to 20 in the fifth (a wire report of the
# magnitude's upgrade names few), 0 or 1 for 90 % of the pairs in BBC categories (tuned on all
# dev stories and 60 articles of each BBC category together).
RELATED_ENTITIES = 4
# words (one of them a name or date) two statements of unrelated articles share to be about one
# thing (same tuning)
UNRELATED_SHARED = 3
CLASH_ROWS = 512  # counts compared with all the others at a time (a 512 x n array of booleans)
STORY_WIDE = 0.5  # a place named in at least this share of the articles is the story's setting (tuned on all dev stories)


def count_discrepancies(records, published: dict[str, str | None]) -> list[Discrepancy]:
    items: list[tuple[str, Quantity, frozenset[str]]] = []
    terms = {(r.article_id, s.index): frozenset(s.terms) for r in records for s in r.sentences}
    for record in records:
        seen = set()
        for q in record.quantities:
            key = (q.sentence, q.unit, q.state)
            if key in seen and q.unit != "people":
                continue  # "400km (250 miles)": one figure given twice in one sentence
            seen.add(key)
            if q.expected and q.unit != "people":
                continue  # a forecast of a measure ("a magnitude 7 or greater tremor") is of another event
            items.append((record.article_id, q, terms.get((record.article_id, q.sentence), frozenset())))
    setting = _setting(records)
    names = {r.article_id: _names(r) for r in records}
    items = [(a, _resolved(q, published.get(a)), t) for a, q, t in items]
    by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, (_, q, _) in enumerate(items):
        by_unit[(q.unit, q.state)].append(n)
    same: list[tuple[int, int]] = []  # pairs of counts of one thing
    article_number = {r.article_id: n for n, r in enumerate(records)}
    related_matrix = _related_articles_matrix(records, names)
    for (unit, _), members in by_unit.items():
        for i, j, related in _pairs_that_can_match(members, items, unit, related_matrix, article_number):
            if same_thing(items[i][1], items[j][1], items[i][2], items[j][2], setting, related):
                same.append((i, j))
    rows, cols = zip(*same) if same else ((), ())
    graph = sparse.coo_matrix((np.ones(len(same)), (rows, cols)), shape=(len(items), len(items)))
    _, component = csgraph.connected_components(graph, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)  # in the order of each group's first count
    for n, label in enumerate(component.tolist()):
        groups[label].append(n)
    found = []
    for members in groups.values():
        discrepancy = _discrepancy([items[n] for n in members], published)
        if discrepancy is not None:
            found.append(discrepancy)
    return found


def _related_articles_matrix(records, names) -> sparse.csr_matrix:
    """related_articles for every two articles (by their order in records) at once, from one
    sparse product of the names they share; an article is related to itself."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for n, record in enumerate(records):
        for name in names[record.article_id]:
            rows.append(n)
            cols.append(vocabulary.setdefault(name, len(vocabulary)))
    count = len(records)
    present = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(count, max(1, len(vocabulary))))
    shared = (present @ present.T).tocoo()
    sizes = np.array([len(names[r.article_id]) for r in records])
    needed = np.minimum(RELATED_ENTITIES, np.maximum(2, np.minimum(sizes[shared.row], sizes[shared.col]) // 2))
    keep = shared.data >= needed
    related = sparse.coo_matrix((np.ones(int(keep.sum())), (shared.row[keep], shared.col[keep])), shape=(count, count))
    return (related + sparse.identity(count, format="coo")).tocsr()


def _pairs_that_can_match(members, items, unit, related_matrix, article_number) -> list[tuple[int, int, bool]]:
    """The pairs of counts of one unit that same_thing can find to be one thing, with whether
    their articles are related, found without comparing every two (the comparison grew with the
    square of a story's counts): they share a word besides the numbers and the counted noun, and
    their articles are related or the words they share are three or more with a name among them."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, n in enumerate(members):
        for term in items[n][2]:
            if not term[:1].isdigit() and term != unit and term not in SCALES:
                rows.append(row)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
    if not vocabulary:
        return []
    present = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(members), len(vocabulary)))
    is_name = np.array([term.startswith("ent:") for term in vocabulary], dtype=float)
    names = present @ sparse.diags(is_name)
    shared = sparse.triu(present @ present.T, k=1).tocoo()
    if shared.nnz == 0:
        return []
    shared_names = (names @ names.T).tocsr()
    strong = (shared.data >= UNRELATED_SHARED) & (np.asarray(shared_names[shared.row, shared.col]).ravel() >= 1)
    articles = np.array([article_number[items[n][0]] for n in members])
    related = np.asarray(related_matrix[articles[shared.row], articles[shared.col]]).ravel() > 0
    keep = strong | related
    return [(members[r], members[c], bool(k)) for r, c, k in
            zip(shared.row[keep].tolist(), shared.col[keep].tolist(), related[keep].tolist())]


def _resolved(q: Quantity, published: str | None) -> Quantity:
    """The count with "last year" as the year before its article's, and the article's own year
    dropped (a count of the present needs no year)."""
    if not q.scope or not any(s.startswith("year:") for s in q.scope):
        return q
    year = published[:4] if published else None
    scope = set()
    for s in q.scope:
        if s == "year:last":
            if year is None:
                continue
            s = f"year:{int(year) - 1}"
        if s != f"year:{year}":
            scope.add(s)
    return replace(q, scope=tuple(sorted(scope)))


def related_articles(a: set[str], b: set[str]) -> bool:
    """Two articles about one story: RELATED_ENTITIES names in common, or half the names of a
    short article that names few."""
    return len(a & b) >= min(RELATED_ENTITIES, max(2, min(len(a), len(b)) // 2))


def _names(record) -> set[str]:
    """The places, bodies and people an article names (people by their last name)."""
    found = {e.text.lower().removeprefix("the ") for e in record.entities
             if e.label in ("ORG", "GPE", "NORP", "EVENT", "FAC", "LOC", "PRODUCT")}
    return found | {m.text.split()[-1].lower() for m in record.people if m.text.split()}


def _setting(records) -> set[str]:
    """Places named in most of the story's articles."""
    counts = Counter()
    for record in records:
        counts.update({e.text.lower() for e in record.entities if e.label in ("GPE", "LOC", "FAC")})
    return {f"name:{place}" for place, n in counts.items() if n >= max(2, STORY_WIDE * len(records))}


def same_thing(a: Quantity, b: Quantity, terms_a=frozenset(), terms_b=frozenset(), setting=frozenset(),
               related: bool = True) -> bool:
    if a.unit != b.unit or a.state != b.state:
        return False
    if a.unit in MEASURES and a.unit != "magnitude" and not (set(a.modifiers) & set(b.modifiers)):
        return False  # percentages, distances and sums of what is not said to be one thing
    mods_a, mods_b = set(a.modifiers), set(b.modifiers)
    if mods_a and mods_b and not (mods_a & mods_b):
        return False  # "brake tests" and "engine tests"
    for mine, theirs, their_terms in ((mods_a, mods_b, terms_b), (mods_b, mods_a, terms_a)):
        missing = {m for m in mine - theirs if not m.startswith("of:")}
        if missing and not missing <= their_terms:
            return False  # "diesel engines" against "engines" with no diesel said
    scope_a, scope_b = set(a.scope) - setting, set(b.scope) - setting
    days_a, days_b = {s for s in scope_a if s.startswith("day:")}, {s for s in scope_b if s.startswith("day:")}
    if days_a and days_b:
        # both dated to a day: the same count on two days is an update ("3,000 on Monday",
        # "4,500 now"); only a count of one day's act against a period's count is another thing
        scope_a, scope_b = scope_a - days_a, scope_b - days_b
    owners_a, owners_b = {s for s in scope_a if s.startswith("owner:")}, {s for s in scope_b if s.startswith("owner:")}
    if owners_a and owners_b and not owners_a & owners_b:
        return False  # the nominations of two films, the rises of two firms' profits
    if scope_a - owners_a != scope_b - owners_b:
        return False
    # the two statements share words besides the counted noun and the numbers ("4 million
    # homes ... power cuts" is not "1,800 homes destroyed"): one when their articles are about
    # one story, several when nothing else says they are
    shared = {t for t in terms_a & terms_b if not t[:1].isdigit() and t != a.unit and t not in SCALES}
    if related:
        return len(shared) >= 1
    return len(shared) >= UNRELATED_SHARED and any(t.startswith("ent:") for t in shared)


def _clashing_sides(group) -> list[tuple[str, bool, str, bool]]:
    """(article, expected, article, expected) of every two counts from different articles whose
    intervals do not overlap, each once: what kind_of decides on. The counts are made distinct
    first and compared in numpy, rows by rows, since a group can hold thousands of counts."""
    distinct = sorted({(a, q.expected, q.low, q.high) for a, q, _ in group})
    sides = sorted({(a, e) for a, e, _, _ in distinct})
    side_of = {side: n for n, side in enumerate(sides)}
    side = np.array([side_of[(a, e)] for a, e, _, _ in distinct])
    article_of = {a: n for n, a in enumerate(sorted({a for a, _ in sides}))}
    article = np.array([article_of[a] for a, _, _, _ in distinct])
    low = np.array([x[2] for x in distinct])
    high = np.array([x[3] for x in distinct])
    found = []
    for start in range(0, len(distinct), CLASH_ROWS):
        rows = slice(start, start + CLASH_ROWS)
        apart = (high[rows, None] < low[None, :]) | (high[None, :] < low[rows, None])
        apart &= article[rows, None] != article[None, :]
        x, y = np.nonzero(apart)
        found.append(side[rows][x] * len(sides) + side[y])
    pairs = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    return [(*sides[p // len(sides)], *sides[p % len(sides)]) for p in pairs.tolist()]


def _discrepancy(group, published) -> Discrepancy | None:
    if len({a for a, _, _ in group}) < 2:
        return None
    clashing = _clashing_sides(group)
    if not clashing:
        return None
    values: dict[str, list[tuple[str, Quantity]]] = defaultdict(list)
    for article_id, q, _ in group:
        values[q.text].append((article_id, q))
    kind = kind_of(clashing, published)
    variants = [variant(text, [Citation(a, q.sentence) for a, q in members]) for text, members in values.items()]
    variants.sort(key=by_date(published))
    thing = Counter(q.thing for _, q, _ in group).most_common(1)[0][0]
    unit = group[0][1].unit
    if unit.startswith("rank:"):
        topic, reason = f"Rank: {thing}", f"same ranking: {thing}"
    elif unit in MEASURES:
        topic, reason = thing[:1].upper() + thing[1:], f"same measure: {thing}"
    else:
        topic, reason = f"Number of {thing}", f"same count: {thing}"
    return Discrepancy(topic=topic, kind=kind, variants=tuple(variants), reason=reason)

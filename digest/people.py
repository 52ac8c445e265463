"""People: person mentions with their evidence in each article, then one entry per person.

Per article, every PERSON span of the tagger is kept with what speaks for it being a person
(an honorific, a title, an apposition, a verb it is the subject of) and what speaks against it
(it modifies a noun such as "newspaper", it is a hyphenated "X-Y" compound). Across articles,
name variants are merged (honorifics, middle initials, hyphenation, transliteration), surname-only
mentions attach to a full name, and entries whose evidence says "not a person" are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from .corpus import slugify, unique_slug
from .model import Article, ArticleRecord, Citation, EntityMention, Person, PersonMention, Role

HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor",
              "rev", "comrade", "mx"}
# Titles written before a name. General English vocabulary, not names of a story.
TITLE_WORDS = {
    "president", "vice", "minister", "premier", "chancellor", "secretary", "senator", "sen",
    "rep", "representative", "governor", "gov", "mayor", "king", "queen", "prince", "princess",
    "pope", "general", "gen", "marshal", "admiral", "colonel", "col", "major", "captain", "capt",
    "lieutenant", "lt", "sergeant", "sgt", "commander", "chief", "director", "chairman",
    "chairwoman", "chair", "judge", "justice", "ambassador", "envoy", "spokesman", "spokeswoman",
    "spokesperson", "leader", "officer", "commissioner", "deputy", "coach", "manager", "ceo",
    "founder", "head", "attorney", "prosecutor", "speaker", "sheikh", "emir", "sultan", "bishop",
    "cardinal", "father", "rabbi", "imam", "dr", "professor", "prof", "inspector", "superintendent",
    "detective", "constable", "sheriff", "councillor", "councilman", "councilwoman", "mp", "mep",
}
# Nouns that a name may modify while still naming a person ("Trump administration" stays a
# person only with other evidence; "Chosun Ilbo newspaper" does not).
_POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
_INITIAL = re.compile(r"^[a-z]\.?$")
SIMILAR_GIVEN_NAME = 0.82  # "Dmitry"/"Dmitri" 0.83, "Michael"/"Michelle" 0.80 (kept apart)


# ---------------------------------------------------------------------------------------------
# Per article


def find_mentions(doc, sentence_of) -> tuple[tuple[PersonMention, ...], tuple[EntityMention, ...]]:
    """Person mentions with evidence, and the other named entities (for their labels)."""
    people: list[PersonMention] = []
    others: list[EntityMention] = []
    for ent in doc.ents:
        sentence = sentence_of(ent.start_char)
        if ent.label_ != "PERSON":
            others.append(EntityMention(ent.text, ent.label_, sentence, ent.start_char, ent.end_char,
                                        ent.root.head.lemma_.lower()))
            continue
        mention = _person_mention(doc, ent, sentence)
        if mention is not None:
            people.append(mention)
    return tuple(people), tuple(others)


def _person_mention(doc, ent, sentence: int) -> PersonMention | None:
    tokens = list(ent)
    honorific = None
    # titles the tagger put inside the span: "President Vladimir Putin", "Mr Kim"
    while len(tokens) > 1 and _bare(tokens[0].text) in HONORIFICS | TITLE_WORDS:
        honorific = honorific or tokens[0].text.rstrip(".")
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = _POSSESSIVE.sub("", doc.text[start:end]).strip()
    if not text or not any(ch.isalpha() for ch in text):
        return None
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and honorific is None and _bare(before.text) in HONORIFICS | TITLE_WORDS:
        honorific = before.text.rstrip(".")
    roles = _roles(doc, ent)
    support, doubts = [], []
    if honorific:
        support.append("honorific")
    if roles:
        support.append("role")
    root = ent.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
        support.append("subject")
    if len(text.split()) >= 2:
        support.append("full name")
    if root.dep_ in ("compound", "amod", "nmod") and root.head.i >= ent.end and root.head.pos_ == "NOUN":
        if _bare(root.head.text) not in TITLE_WORDS:
            doubts.append(f"modifies '{root.head.lemma_}'")
    if len(tokens) == 1 and re.fullmatch(r"[A-Z][\w’']+-[A-Z][\w’']+", text):
        doubts.append("hyphenated compound")
    return PersonMention(text=text, sentence=sentence, start=start, end=end, honorific=honorific,
                         roles=tuple(roles), support=tuple(support), doubts=tuple(doubts))


def _bare(word: str) -> str:
    return word.lower().rstrip(".")


def _roles(doc, ent) -> list[str]:
    """Titles before the name, appositions after it, and the noun a name is in apposition to."""
    roles = []
    root = ent.root
    left = [child for child in root.lefts if child.i < ent.start and child.dep_ in ("compound", "amod", "nmod")]
    if left:
        begin = min(child.left_edge.i for child in left)
        span = [t for t in doc[begin:ent.start] if t.dep_ not in ("det", "poss", "case") and not t.is_punct]
        if span and span[-1].i == ent.start - 1 and _has_title(span):
            roles.append(_span_text(doc, span))
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.ent_type_ != "PERSON":
            roles.append(_apposition(doc, child, exclude=range(ent.start, ent.end)))
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and root.head.i < ent.start:
        head = root.head
        if head.ent_type_ != "PERSON" and (head.pos_ == "NOUN" or _bare(head.text) in TITLE_WORDS):
            roles.append(_apposition(doc, head, exclude=range(root.left_edge.i, root.right_edge.i + 1)))
    return [r for r in roles if r and len(r.split()) <= 14]


def _has_title(tokens) -> bool:
    return any(t.pos_ == "NOUN" or _bare(t.text) in TITLE_WORDS for t in tokens)


def _apposition(doc, head, exclude) -> str:
    """The words of an appositive noun phrase, without relative clauses or a leading article."""
    skip = set(exclude)
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "conj", "cc", "punct") and child.i > head.i:
            skip.update(range(child.left_edge.i, child.right_edge.i + 1))
    tokens = [t for t in head.subtree if t.i not in skip]
    while tokens and (tokens[0].dep_ in ("det", "poss", "case", "punct") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or not _has_title(tokens):
        return ""
    return _span_text(doc, tokens)


def _span_text(doc, tokens) -> str:
    """Text of a run of tokens as written, gaps (skipped tokens) closed with one space."""
    parts, previous = [], None
    for token in tokens:
        if previous is not None and token.i != previous.i + 1:
            parts.append(" ")
        elif previous is not None:
            parts.append(previous.whitespace_)
        parts.append(token.text)
        previous = token
    return " ".join("".join(parts).split())


# ---------------------------------------------------------------------------------------------
# Across articles


@dataclass
class _Cluster:
    key: tuple[str, ...]
    mentions: list[tuple[str, PersonMention]]  # (article id, mention)


class PeopleIndex:
    """Which canonical person a name written in an article refers to."""

    def __init__(self) -> None:
        self._by_name: dict[tuple[str, str], str] = {}

    def add(self, article_id: str, written: str, name: str) -> None:
        self._by_name[(article_id, name_key_text(written))] = name

    def resolve(self, article_id: str, written: str) -> str | None:
        return self._by_name.get((article_id, name_key_text(written)))


def merge_people(articles: Sequence[Article], records: Sequence[ArticleRecord]) -> tuple[tuple[Person, ...], PeopleIndex]:
    """One Person per real person across the story, and the index used to resolve speakers."""
    other_labels = Counter()
    for record in records:
        for entity in record.entities:
            other_labels[name_key_text(entity.text)] += 1
    authors = {name_key_text(a) for article in articles for a in article.authors}

    full: dict[tuple[str, ...], _Cluster] = {}
    single: list[tuple[str, PersonMention]] = []
    for record in records:
        for mention in record.people:
            key = name_key(mention.text)
            if not key:
                continue
            if len(key) >= 2:
                full.setdefault(key, _Cluster(key, [])).mentions.append((record.article_id, mention))
            else:
                single.append((record.article_id, mention))
    clusters = _merge_variants(list(full.values()))
    _attach_single_names(clusters, single)

    index = PeopleIndex()
    people: list[Person] = []
    used_slugs: set[str] = set()
    for cluster in sorted(clusters, key=lambda c: (-len(c.mentions), c.key)):
        if not _is_person(cluster, other_labels):
            continue
        name = _canonical_name(cluster)
        if name_key_text(name) in authors:
            continue
        for article_id, mention in cluster.mentions:
            index.add(article_id, mention.text, name)
            if mention.honorific:
                index.add(article_id, f"{mention.honorific} {mention.text}", name)
        people.append(_person(cluster, name, used_slugs))
    people.sort(key=lambda p: (-len(p.sources), -p.mentions, p.name))
    return tuple(people), index


def name_key(text: str) -> tuple[str, ...]:
    """Comparable tokens of a name: no accents, case, hyphens, honorifics or middle initials."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = _POSSESSIVE.sub("", plain.strip())
    words = [w.strip(".,") for w in re.split(r"[\s\-‐‑–]+", plain) if w.strip(".,")]
    while len(words) > 1 and words[0] in HONORIFICS | TITLE_WORDS:
        words = words[1:]
    if len(words) > 2:
        words = [w for w in words if not _INITIAL.match(w)] or words
    return tuple(words)


def name_key_text(text: str) -> str:
    return " ".join(name_key(text))


def _similar_names(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same number of words, each equal or a close spelling of the other ("dmitry"/"dmitri")."""
    if len(a) != len(b) or a == b:
        return a == b
    for x, y in zip(a, b):
        if x == y:
            continue
        if min(len(x), len(y)) < 4 or x[0] != y[0] or Indel.normalized_similarity(x, y) < SIMILAR_GIVEN_NAME:
            return False
    return True


def _merge_variants(clusters: list[_Cluster]) -> list[_Cluster]:
    """Merge clusters whose names are spelling variants; blocked by surname to stay near-linear."""
    by_last: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in sorted(clusters, key=lambda c: (-len(c.mentions), c.key)):
        by_last[cluster.key[-1]].append(cluster)
    merged: list[_Cluster] = []
    for group in by_last.values():
        kept: list[_Cluster] = []
        for cluster in group:
            for target in kept:
                if _similar_names(target.key, cluster.key):
                    target.mentions.extend(cluster.mentions)
                    break
            else:
                kept.append(cluster)
        merged.extend(kept)
    return merged


def _attach_single_names(clusters: list[_Cluster], single: list[tuple[str, PersonMention]]) -> None:
    """A surname alone joins the full name it belongs to: in its article first, else the story."""
    by_word: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        for word in {cluster.key[0], cluster.key[-1]}:
            by_word[word].append(cluster)
    own: dict[str, _Cluster] = {}
    for article_id, mention in single:
        word = name_key(mention.text)[0]
        candidates = by_word.get(word, [])
        in_article = [c for c in candidates if any(a == article_id for a, _ in c.mentions)]
        pool = in_article or candidates
        if pool:
            best = max(pool, key=lambda c: (sum(a == article_id for a, _ in c.mentions), len(c.mentions), c.key))
            best.mentions.append((article_id, mention))
        else:
            if word not in own:
                own[word] = _Cluster((word,), [])
                clusters.append(own[word])
            own[word].mentions.append((article_id, mention))


def _is_person(cluster: _Cluster, other_labels: Counter) -> bool:
    """Weigh the evidence of all mentions: titles and speech for, other labels and doubts against."""
    mentions = [m for _, m in cluster.mentions]
    strong = sum(1 for m in mentions if m.honorific or m.roles)
    undoubted = [m for m in mentions if not m.doubts]
    if not undoubted and not strong:
        return False
    names = {name_key_text(m.text) for m in mentions}
    elsewhere = sum(other_labels[n] for n in names)
    if elsewhere >= len(mentions) and not strong:
        return False
    if len(cluster.key) == 1:  # a single word: needs something besides the tagger's label
        return any(m.support for m in undoubted) and elsewhere < len(mentions)
    return True


def _canonical_name(cluster: _Cluster) -> str:
    counts = Counter(m.text for _, m in cluster.mentions)
    longest = max(len(name_key(t)) for t in counts)
    candidates = [t for t in counts if len(name_key(t)) >= min(longest, 2)] or list(counts)
    return max(sorted(candidates), key=lambda t: (counts[t], -len(t)))


def _person(cluster: _Cluster, name: str, used_slugs: set[str]) -> Person:
    aliases = set()
    citations = set()
    roles: dict[str, tuple[str, set[Citation]]] = {}
    for article_id, mention in cluster.mentions:
        aliases.add(mention.text)
        if mention.honorific:
            aliases.add(f"{mention.honorific} {mention.text}")
        citation = Citation(article_id, mention.sentence)
        citations.add(citation)
        for role in mention.roles:
            key = role.casefold()
            roles.setdefault(key, (role, set()))[1].add(citation)
    sources = sorted({c.source for c in citations})
    ordered_roles = sorted(roles.values(), key=lambda r: (-len({c.source for c in r[1]}), r[0].casefold()))
    return Person(
        slug=unique_slug(slugify(name), used_slugs),
        name=name,
        aliases=tuple(sorted(aliases, key=str.casefold)),
        roles=tuple(Role(text, tuple(sorted(cites, key=_citation_order))) for text, cites in ordered_roles),
        sources=tuple(sources),
        mentions=len(cluster.mentions),
        citations=tuple(sorted(citations, key=_citation_order)),
    )


def _citation_order(citation: Citation) -> tuple[str, int]:
    return (citation.source, citation.sentence)

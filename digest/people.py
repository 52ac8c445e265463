"""People: person mentions with their evidence in each article, then one entry per person.

Per article, every PERSON span of the tagger is kept with what speaks for it being a person
(an honorific, a title, an apposition, a verb it is the subject of) and what speaks against it
(it modifies a noun such as "newspaper", it is in apposition to "a law firm", it is a hyphenated
"X-Y" compound or ends in a plural noun). Across articles, name variants are merged (honorifics
and titles, middle initials, hyphenation, transliteration, nicknames from the `nicknames` table,
generational suffixes split off by `nameparser` unless the story names a son or father), a name
that ends a longer one and surname-only mentions attach to a full name, and entries whose
evidence says "not a person" are dropped: mostly doubted or tagged as another kind of entity
without titles at enough of their mentions, called a band or a firm by some source, written with
a number, or the body other people's roles place them at ("analyst at X").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from nameparser import HumanName
from nicknames import NickNamer
from rapidfuzz.distance import Indel

from .corpus import slugify, unique_slug
from .nlp import doc_text
from .model import Article, ArticleRecord, Citation, EntityMention, Person, PersonMention, Role

# Verbs that report speech: their subjects speak, so they are people or bodies.
SPEECH_VERBS = {
    "say", "tell", "add", "state", "warn", "note", "reply", "argue", "write", "ask", "claim",
    "insist", "declare", "explain", "announce", "report", "remind", "pledge", "vow", "promise",
    "urge", "describe", "quote", "stress", "emphasise", "emphasize", "acknowledge", "admit",
    "confirm", "deny", "suggest", "comment", "respond", "tweet", "post", "recall", "predict",
    "complain", "caution", "threaten", "concede", "assert", "maintain", "observe", "remark",
    "reiterate", "shout", "testify", "answer", "counter", "retort", "lament", "boast", "joke",
    "conclude", "continue", "agree", "accuse", "order", "demand", "proclaim", "mention", "hail",
    "call", "brand", "dub", "characterize", "characterise", "estimate", "believe", "think",
}
NAME_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "bin", "ibn", "al", "el", "du", "dos"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor",
              "rev", "comrade", "mx"}
NOBLE_TITLES = {"prince", "princess", "king", "queen", "pope", "emperor", "empress", "lord", "lady", "sir", "dame",
                "duke", "duchess", "earl", "baron", "baroness", "sheikh", "emir", "sultan"}
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
    "counsel", "special", "acting", "assistant", "associate", "senior", "former",  # "Special Counsel X"
}
# Nouns for bodies, outlets and things: a name in apposition to one of them ("a law firm, X";
# "the news service X") names that body, not a person. General vocabulary, checked on all of
# ../shared/dev/ together.
NON_PERSON_NOUNS = {
    "firm", "company", "newspaper", "paper", "daily", "tabloid", "magazine", "agency", "service",
    "outlet", "network", "channel", "broadcaster", "station", "website", "site", "blog", "group",
    "organization", "organisation", "party", "ministry", "bank", "fund", "foundation", "institute",
    "university", "school", "hospital", "court", "committee", "union", "band", "team", "club",
    "brand", "product", "program", "programme", "show", "book", "film", "report", "document",
}
# Nouns only a person's name modifies: "the Obama administration", "the Ruiz campaign" name a
# person, where "Daily Example newspaper" or "Green Party leader" need not (general vocabulary).
PERSON_OWNED = {"administration", "presidency", "campaign", "cabinet", "government"}
# Generational suffixes: "Jr." tells a son from his father, "III" a grandson from his grandfather.
GENERATIONAL = {"jr", "sr", "ii", "iii", "iv"}
# Words in a role that tell a son from his father ("the president's son, X Jr."): general vocabulary.
KINSHIP = {"son", "father", "daughter", "mother", "grandson", "grandfather", "granddaughter", "namesake"}
# Nouns for people by what they do, besides titles; with the agent suffixes below they tell a
# role ("leadership expert", "spokesperson") from a thing ("meeting", "region").
PERSON_NOUNS = {
    "expert", "analyst", "official", "aide", "adviser", "advisor", "envoy", "diplomat", "agent",
    "candidate", "nominee", "head", "boss", "chief", "staff", "pilot", "soldier", "activist",
    "scientist", "economist", "journalist", "correspondent", "editor", "author", "artist",
    "athlete", "player", "star", "champion", "veteran", "victim", "witness", "suspect", "lawyer",
    "doctor", "nurse", "student", "citizen", "resident", "native", "member", "delegate", "heir",
    "father", "mother", "son", "daughter", "brother", "sister", "wife", "husband", "uncle", "aunt",
    "cousin", "widow", "friend", "ally", "rival", "critic", "opponent", "supporter", "target",
    "second-in-command", "deputy", "successor", "predecessor", "counterpart", "colleague",
}
_AGENT_SUFFIX = re.compile(r"(?:er|or|ist|ian|man|woman|person|ant|ent|ee|eer|ier|arch|crat)$")
_POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
_INITIAL = re.compile(r"^[a-z]\.?$")
SIMILAR_GIVEN_NAME = 0.82  # "Andrey"/"Andrei" 0.83, "Michael"/"Michelle" 0.80 (kept apart)
# Share of a name's mentions with a title or an apposition for these to vouch for a person against
# the doubts of the others; share of doubted mentions above which a single word that "says" things
# is a body, not a person. Tuned on the five dev stories and the BBC benchmark together (clubs,
# firms and awards titled at 1 to 7 in 100 mentions; people named by one word at 25 in 100 or more).
VOUCHING_SHARE = 0.1
SINGLE_NAME_DOUBTS = 0.1


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
        mention = _person_mention(doc, _whole_name(doc, ent), sentence)
        if mention is not None:
            people.append(mention)
    for span in _untagged_full_names(doc, {m.text for m in people if " " not in m.text}):
        mention = _person_mention(doc, span, sentence_of(span.start_char))
        if mention is not None:
            people.append(mention)
    return tuple(sorted(people, key=lambda m: m.start)), tuple(others)


def _untagged_full_names(doc, single_names: set[str]):
    """Full names the tagger left untagged in "China's Xi Jinping", "Peru's Tomas Quispe" when it
    tagged one of their words a person elsewhere in the article: two proper nouns, the first
    compounded onto the second, owned by a place or a body, in no other entity."""
    if not single_names:
        return
    for token in doc:
        if token.dep_ != "compound" or token.head.i != token.i + 1:
            continue
        head = token.head
        if not (token.text in single_names or head.text in single_names):
            continue
        owner = [c for c in head.children if c.dep_ == "poss"]
        if (all(t.pos_ == "PROPN" and t.is_alpha and len(t.text) > 1 and t.text[:1].isupper() and not t.ent_type_
                and _bare(t.text) not in HONORIFICS | TITLE_WORDS | NOBLE_TITLES and not _is_person_noun(t)
                for t in (token, head))
                and head.tag_ != "NNPS" and [c.i for c in head.children if c.dep_ == "compound"] == [token.i]
                and len(owner) == 1 and owner[0].i < token.i and owner[0].ent_type_ in ("GPE", "NORP", "ORG")):
            yield doc[token.i:head.i + 1]


def _whole_name(doc, ent):
    """The tagger sometimes takes only the last part of a name ("Ana Maria [Silva]"): extend the
    span over the capitalised proper nouns compounded onto it that belong to no other entity."""
    start = ent.start
    while start > 0:
        token = doc[start - 1]
        if (token.pos_ == "PROPN" and not token.ent_type_ and token.dep_ == "compound"
                and ent.start <= token.head.i < ent.end and token.text[:1].isupper()
                and _bare(token.text) not in HONORIFICS and not _is_person_noun(token)):
            start -= 1
        else:
            break
    end = ent.end
    # "Park Soo-jin": the tagger can end the span at the hyphen of a hyphenated given name
    if end + 1 < len(doc) and doc[end].text in "-‐‑" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].ent_type_ in ("", "PERSON"):
        end += 2
    elif end < len(doc) and not doc[end].ent_type_ and doc[end].is_alpha and doc[end].text[:1].isupper() \
            and doc[end].pos_ in ("ADP", "PROPN") and not doc[end].is_sent_start and doc[end - 1].whitespace_:
        end += 1  # "Park Soo Jin": a capitalised word after the name, mid-sentence, is part of it
    return doc[start:end] if (start, end) != (ent.start, ent.end) else ent


def _person_mention(doc, ent, sentence: int) -> PersonMention | None:
    tokens = list(ent)
    honorific = None
    # titles the tagger put inside the span: "President Ana Silva", "Mr Reed"
    while len(tokens) > 1 and _bare(tokens[0].text) in HONORIFICS | TITLE_WORDS:
        if tokens[0].text[:1].isupper():
            honorific = honorific or tokens[0].text.rstrip(".")
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]  # "― Ana Silva" signing a quote
    while tokens and tokens[0].text[:1].islower() and tokens[0].lower_ not in NAME_PARTICLES:
        tokens = tokens[1:]  # the tagger took a word before the name ("rang Lucy")
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = _POSSESSIVE.sub("", doc_text(doc)[start:end]).strip()
    if not text or not any(ch.isalpha() for ch in text):
        return None
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and honorific is None and _bare(before.text) in HONORIFICS | TITLE_WORDS and before.text[:1].isupper():
        honorific = before.text.rstrip(".")
    roles = _roles(doc, ent)
    thing = _non_person_noun(doc, ent)
    if thing:  # "a newspaper, X": the apposition says what X is, not a role of a person
        roles = [r for r in roles if thing not in r.lower().split()]
    support, doubts = [], []
    if honorific:
        support.append("honorific")
    if roles:
        support.append("role")
    root = ent.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
        support.append("speaks" if root.head.lemma_.lower() in SPEECH_VERBS else "subject")
    if len(text.split()) >= 2:
        support.append("full name")
    owned = _owned_noun(doc, ent)
    if owned:
        support.append(f"owns '{owned}'")
    elif root.dep_ in ("compound", "amod", "nmod") and root.head.i >= ent.end and root.head.pos_ == "NOUN":
        doubts.append(f"modifies '{root.head.lemma_}'")  # "Daily Example newspaper", "Green Party leader"
    if len(tokens) == 1 and re.fullmatch(r"[A-Z][\w’']+-[A-Z][\w’']+", text):
        doubts.append("hyphenated compound")
    if tokens[0].lower_ == "the" or (ent.start > 0 and doc[ent.start - 1].lower_ == "the" and not roles and not owned):
        doubts.append("follows 'the'")  # "the Greens", "the Finance Bill": names of groups and things
    if tokens[-1].tag_ == "NNPS":
        doubts.append("plural")
    if thing:
        doubts.append(f"names a {thing}")  # "a law firm, X", "news service X"
    if len(tokens) == 1 and text.isupper() and len(text) > 1:
        doubts.append("acronym")
    return PersonMention(text=text, sentence=sentence, start=start, end=end, honorific=honorific,
                         roles=tuple(roles), support=tuple(support), doubts=tuple(doubts))


def _owned_noun(doc, ent) -> str | None:
    """The PERSON_OWNED noun right after a name, also after the second of two names ("the Bush
    and Obama administrations"). Read from the words, not the parse: the parser hangs such a
    name on the noun, on a noun after it or on the other name."""
    after = [ent.end, *(c.i + 1 for c in ent.root.children if c.dep_ == "conj" and c.i >= ent.end)]
    for i in after:
        if i < len(doc) and doc[i].pos_ == "NOUN" and doc[i].text.islower() and doc[i].lemma_.lower() in PERSON_OWNED:
            return doc[i].lemma_.lower()
    return None


def _non_person_noun(doc, ent) -> str | None:
    """The noun for a body or thing the name is in apposition to, or that stands right before it."""
    root = ent.root
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN" \
            and root.head.lemma_.lower() in NON_PERSON_NOUNS:
        return root.head.lemma_.lower()
    if ent.start > 0:
        before = doc[ent.start - 1]
        if before.pos_ == "NOUN" and before.text.islower() and before.lemma_.lower() in NON_PERSON_NOUNS:
            return before.lemma_.lower()
    return None


def _bare(word: str) -> str:
    return word.lower().rstrip(".")


def _roles(doc, ent) -> list[str]:
    """Titles before the name, appositions after it, and the noun a name is in apposition to."""
    roles = []
    root = ent.root
    if root.head.i >= ent.end and root.head.lower_.rstrip(".") in GENERATIONAL and root.dep_ in ("nmod", "compound"):
        root = root.head  # "Peter Carter, Jr.": the suffix carries the name's place in the sentence
    left = [child for child in root.lefts if child.i < ent.start and child.dep_ in ("compound", "amod", "nmod")]
    if left:
        begin = min(child.left_edge.i for child in left)
        span = list(doc[begin:ent.start])
        while span and (span[0].dep_ in ("det", "poss", "case") or span[0].is_punct):
            span = span[1:]
        while span and _bare(span[-1].text) in HONORIFICS:  # "London mayor Mr X": the role ends before "Mr"
            span = span[:-1]
        if span and span[-1].i >= ent.start - 2 and _has_title(span) and not any(t.ent_type_ == "PERSON" for t in span) \
                and not (len(span) == 1 and _bare(span[0].text) in HONORIFICS | NOBLE_TITLES):
            roles.append(_span_text(doc, span))
    if not roles:
        roles += _title_before(doc, ent)
    if not roles and root.dep_ == "conj" and root.head.ent_type_ == "PERSON" and root.head.i < ent.start:
        # "Generals Ana Silva and Tom Reed": a plural title before the first name is both names'
        first = next((e for e in doc.ents if e.start <= root.head.i < e.end), None)
        if first is not None:
            shared = [r for r in _title_before(doc, _whole_name(doc, first)) if r.split()[-1].lower().endswith("s")]
            roles += shared
    for appositive in _appositions_of(ent):
        roles.append(_apposition(doc, appositive, exclude=range(ent.start, ent.end)))
    if root.dep_ == "conj" and root.head.i < ent.start and _is_title_word(root.head) and root.head.ent_type_ != "PERSON" \
            and not any(t.dep_ == "cc" for t in doc[root.head.i + 1:ent.start]):
        # "Minister of Natural Resources, Tom Reed" parsed as a coordination; in "between the
        # minister and Tom Reed" the two are two people
        roles.append(_apposition(doc, root.head, exclude=range(root.left_edge.i, root.right_edge.i + 1)))
    elif root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        if not _is_person_noun(head) and head.head.dep_ == "prep" and _is_person_noun(head.head.head):
            head = head.head.head  # "the governor of that region, Oleg X": the role is the governor
        if head.ent_type_ != "PERSON" and head.tag_ != "NNPS" and head.tag_ != "NNS" and _is_person_noun(head):
            roles.append(_apposition(doc, head, exclude=range(root.left_edge.i, root.right_edge.i + 1)))
    return [r for r in roles if r and len(r.split()) <= 14]


def _title_before(doc, ent) -> list[str]:
    """A title right before the name that the parse attached elsewhere ("his Defense Minister
    Tom Reed" parsed as a coordination): the run of words before the name, ending in a title."""
    end = ent.start
    if end == 0 or not _is_title_word(doc[end - 1]) or not doc[end - 1].text[:1].isupper():
        return []
    start = end - 1
    while start > 0 and end - start < 6:
        token = doc[start - 1]
        if token.tag_ == "POS" or (token.pos_ in ("PROPN", "NOUN", "ADJ") and token.text[:1].isupper()
                                   and token.ent_type_ != "PERSON"):
            start -= 1
        else:
            break
    while start < end and doc[start].tag_ == "POS":
        start += 1
    return [_span_text(doc, list(doc[start:end]))]


def _is_title_word(token) -> bool:
    word = _bare(token.lemma_)
    return word in TITLE_WORDS or (word.endswith("s") and word[:-1] in TITLE_WORDS)


def _appositions_of(ent) -> list:
    """Appositive nouns that describe this name. In "A and B, the Y", the apposition belongs to
    B (the nearest name), although the parser often hangs it on A, the head of the coordination."""
    root = ent.root
    found = [c for c in root.rights if c.dep_ == "appos" and c.i >= ent.end
             and not any(conj.dep_ == "conj" and ent.end <= conj.i < c.i for conj in root.rights)]
    if root.dep_ == "conj":
        head = root.head
        found += [c for c in head.rights if c.dep_ == "appos" and c.i >= ent.end
                  and not any(conj.dep_ == "conj" and ent.end <= conj.i < c.i for conj in head.rights)]
    return [c for c in found if c.pos_ in ("NOUN", "PROPN") and c.ent_type_ != "PERSON"
            and c.tag_ not in ("NNS", "NNPS") and _is_person_noun(c)]


def _is_person_noun(token) -> bool:
    word = _bare(token.lemma_ if token.pos_ == "NOUN" else token.text)
    return word in TITLE_WORDS or word in PERSON_NOUNS or bool(_AGENT_SUFFIX.search(word))


def _has_title(tokens) -> bool:
    return any(_is_person_noun(t) for t in tokens if t.pos_ in ("NOUN", "PROPN"))


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
        self._by_surname: dict[tuple[str, str], str] = {}
        self._rejected: set[tuple[str, str]] = set()

    def add(self, article_id: str, written: str, name: str) -> None:
        key = name_key(written)
        self._by_name[(article_id, " ".join(key))] = name
        if key:
            self._by_surname.setdefault((article_id, _base(key)[-1]), name)

    def reject(self, article_id: str, written: str) -> None:
        self._rejected.add((article_id, name_key_text(written)))

    def resolve(self, article_id: str, written: str) -> str | None:
        """The person a name written in an article is; a surname alone, the person of that
        article whose name ends with it."""
        key = name_key(written)
        found = self._by_name.get((article_id, " ".join(key)))
        if found is None and len(key) == 1:
            found = self._by_surname.get((article_id, key[0]))
        return found

    def rejected(self, article_id: str, written: str) -> bool:
        """The name was written in the article but judged no person (an outlet, a firm)."""
        return (article_id, name_key_text(written)) in self._rejected


def merge_people(articles: Sequence[Article], records: Sequence[ArticleRecord]) -> tuple[tuple[Person, ...], PeopleIndex]:
    """One Person per real person across the story, and the index used to resolve speakers."""
    other_labels = Counter()
    for record in records:
        for entity in record.entities:
            other_labels[name_key_text(entity.text)] += 1
    authors = {name_key_text(a) for article in articles for a in article.authors}

    full: dict[tuple[str, ...], _Cluster] = {}
    single: list[tuple[str, PersonMention]] = []
    missed = _missed_mentions(records)
    for record in records:
        for mention in (*record.people, *missed.get(record.article_id, ())):
            key = name_key(mention.text)
            if not key:
                continue
            if len(_base(key)) >= 2:
                full.setdefault(key, _Cluster(key, [])).mentions.append((record.article_id, mention))
            else:
                single.append((record.article_id, mention))
    clusters = _merge_tails(_merge_generations(_merge_variants(list(full.values())), single))
    _attach_single_names(clusters, single)

    employers = _employers(records)
    index = PeopleIndex()
    people: list[Person] = []
    used_slugs: set[str] = set()
    for cluster in sorted(clusters, key=lambda c: (-len(c.mentions), c.key)):
        if not _is_person(cluster, other_labels, employers):
            for article_id, mention in cluster.mentions:
                index.reject(article_id, mention.text)
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


def _missed_mentions(records: Sequence[ArticleRecord]) -> dict[str, list[PersonMention]]:
    """Full names the tagger found in some articles of the story but missed in others.

    Each sentence's runs of two to four words are looked up in the set of names: linear in the
    text, whatever the number of names."""
    found_in: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for mention in record.people:
            if 2 <= len(mention.text.split()) <= 4 and not mention.doubts:
                found_in[mention.text].add(record.article_id)
    missed: dict[str, list[PersonMention]] = defaultdict(list)
    if not found_in:
        return missed
    first_words = {first.group() for first in map(_WORD.search, found_in) if first}
    for record in records:
        taken = [(m.start, m.end) for m in record.people] + [(e.start, e.end) for e in record.entities]
        for sentence in record.sentences:
            words = [(m.start(), m.end()) for m in _WORD.finditer(sentence.text)]
            for i in range(len(words)):
                if sentence.text[words[i][0]:words[i][1]] not in first_words:
                    continue  # no name begins with this word
                for n in (4, 3, 2):
                    if i + n > len(words):
                        continue
                    start, end = words[i][0], words[i + n - 1][1]
                    text = sentence.text[start:end]
                    owners = found_in.get(text)
                    if not owners or owners == {record.article_id}:
                        continue
                    start, end = sentence.start + start, sentence.start + end
                    if any(s < end and start < e for s, e in taken):
                        continue
                    taken.append((start, end))
                    missed[record.article_id].append(PersonMention(
                        text=text, sentence=sentence.index, start=start, end=end, support=("named in another source",)))
                    break
    return missed


_WORD = re.compile(r"[\w’'.-]+")


@functools.lru_cache(maxsize=65536)  # called for every mention, of a few thousand names
def name_key(text: str) -> tuple[str, ...]:
    """Comparable tokens of a name: no accents, case, hyphens, honorifics or middle initials; a
    generational suffix ("Jr.", "III") stays, last, as the marker of a different person."""
    plain = _POSSESSIVE.sub("", text.strip())
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    suffix = _suffix(plain)
    if suffix:
        plain = re.sub(r"[\s,]+" + re.escape(suffix) + r"\.?$", "", plain, flags=re.I)
    words = [w.strip(".,") for w in re.split(r"[\s\-‐‑–]+", plain.lower()) if w.strip(".,")]
    while len(words) > 1 and (words[0] in HONORIFICS or words[0] in TITLE_WORDS):
        words = words[1:]
    if len(words) > 2 or (suffix and len(words) > 1):
        words = [w for w in words if not _INITIAL.match(w)] or words
    return tuple(words) + ((suffix.lower().rstrip("."),) if suffix and words else ())


def _suffix(plain: str) -> str:
    """The generational suffix of a name of two words or more, as nameparser splits it."""
    words = plain.split()
    if len(words) < 2 or words[-1].strip(".,").lower() not in GENERATIONAL:
        return ""  # what nameparser would find must end the name: most names need no parse
    last = HumanName(plain).suffix.split(",")[-1].strip()
    return last if last.lower().rstrip(".") in GENERATIONAL and plain.rstrip(". ").endswith(last.rstrip(".")) else ""


def _generation(key: tuple[str, ...]) -> str:
    return key[-1] if len(key) > 1 and key[-1] in GENERATIONAL else ""


def _base(key: tuple[str, ...]) -> tuple[str, ...]:
    """The name without its generational suffix."""
    return key[:-1] if _generation(key) else key


def name_key_text(text: str) -> str:
    return " ".join(name_key(text))


_NICKNAMES = NickNamer()


def _similar_names(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same number of words, each equal or a close spelling of the other ("andrey"/"andrei"); the
    first may be a nickname of the other ("rick"/"richard", "rudy"/"rudolph")."""
    if len(a) != len(b) or a == b:
        return a == b
    for n, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if n == 0 and len(a) >= 2 and _nickname(x, y):
            continue
        if min(len(x), len(y)) < 4 or x[0] != y[0] or Indel.normalized_similarity(x, y) < SIMILAR_GIVEN_NAME:
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _nickname(x: str, y: str) -> bool:
    """One given name is a nickname of the other in the curated table of the `nicknames` package."""
    return y in _NICKNAMES.nicknames_of(x) or x in _NICKNAMES.nicknames_of(y)


def _merge_variants(clusters: list[_Cluster]) -> list[_Cluster]:
    """Merge clusters whose names are spelling variants; blocked by surname to stay near-linear."""
    by_last: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in sorted(clusters, key=lambda c: (-len(c.mentions), c.key)):
        by_last[_base(cluster.key)[-1]].append(cluster)
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


def _merge_generations(clusters: list[_Cluster], single: list[tuple[str, PersonMention]]) -> list[_Cluster]:
    """"Peter J. Carter Jr." is "Peter Carter" unless the story tells a father and a son apart: a
    role of either says son or father ("the senator's son, Peter Carter Jr."), or an article of
    the suffixed name gives the plain surname a title ("Senator Carter")."""
    plain: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        if not _generation(cluster.key):
            plain[cluster.key[-1]].append(cluster)
    titled = {(a, name_key(m.text)[0]) for a, m in single
              if m.honorific and _bare(m.honorific) in TITLE_WORDS and not _generation(name_key(m.text))}
    merged: list[_Cluster] = []
    for cluster in sorted(clusters, key=lambda c: (-len(c.mentions), c.key)):
        base = _base(cluster.key)
        if base == cluster.key:
            merged.append(cluster)
            continue
        articles = {a for a, _ in cluster.mentions}
        target = next((c for c in plain.get(base[-1], ()) if _similar_names(c.key, base)), None)
        if target is None or _kin(cluster) or _kin(target) or any((a, base[-1]) in titled for a in articles):
            merged.append(cluster)
        else:
            target.mentions.extend(cluster.mentions)
    return merged


def _kin(cluster: _Cluster) -> bool:
    return any(word in KINSHIP for _, m in cluster.mentions for role in m.roles for word in re.findall(r"\w+", role.lower()))


def _merge_tails(clusters: list[_Cluster]) -> list[_Cluster]:
    """A name of two words or more that ends a single longer name ("Soo Jin" of "Park Soo Jin",
    "Lopez Ortega") is that person."""
    by_tail: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        for n in range(1, len(cluster.key) - 1):
            by_tail[cluster.key[n:]].append(cluster)
    merged: list[_Cluster] = []
    for cluster in sorted(clusters, key=lambda c: (-len(c.key), c.key)):
        longer = by_tail.get(cluster.key, [])
        if len(longer) == 1 and longer[0] is not cluster and longer[0] in merged:
            longer[0].mentions.extend(cluster.mentions)
        else:
            merged.append(cluster)
    return merged


def _attach_single_names(clusters: list[_Cluster], single: list[tuple[str, PersonMention]]) -> None:
    """A surname alone joins the full name it ends: in its article first, else in the story. A
    name's first word alone ("Mr Lee" for "Lee Min-ho", where the family name comes first)
    joins only a full name of the same article. A royal or noble title ("Prince Charles") does
    not go with a surname at all."""
    by_last: dict[str, list[_Cluster]] = defaultdict(list)
    by_first: dict[str, list[_Cluster]] = defaultdict(list)
    per_article: dict[int, Counter] = {}
    for cluster in clusters:
        per_article[id(cluster)] = Counter(a for a, _ in cluster.mentions)
        by_last[_base(cluster.key)[-1]].append(cluster)
        by_first[cluster.key[0]].append(cluster)
    own: dict[str, _Cluster] = {}
    for article_id, mention in single:
        key = name_key(mention.text)
        word, generation = key[0], _generation(key)
        titled = mention.honorific is not None and _bare(mention.honorific) in NOBLE_TITLES
        pool = []
        if not titled:
            # "Carter Jr." and "Peter Jr." go with a suffixed name; a plain surname with a plain one if any
            same = [c for c in by_last.get(word, []) if _generation(c.key) == generation]
            last = same or ([] if generation else by_last.get(word, []))
            first = [c for c in by_first.get(word, []) if _generation(c.key) == generation or not generation]
            pool = [c for c in last if per_article[id(c)][article_id]] or \
                [c for c in first if per_article[id(c)][article_id]] or last or \
                (first if generation else [])
        if pool:
            best = max(pool, key=lambda c: (per_article[id(c)][article_id], len(c.mentions), c.key))
            best.mentions.append((article_id, mention))
            continue
        key = f"{_bare(mention.honorific)} {word}" if titled else " ".join((word, generation)).strip()
        if key not in own:
            own[key] = _Cluster(tuple(key.split()), [])
            clusters.append(own[key])
            per_article[id(own[key])] = Counter()
        own[key].mentions.append((article_id, mention))


# "at Example Research" in a role. Not a name before the role ("Example Motors chief"): that is
# also how a person's staff are named ("Ana Silva adviser"), and on BBC it took two entries more.
_EMPLOYER_AFTER = re.compile(r"\b(?:at|with)\s+(?:the\s+)?((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z][\w&'’.-]*)*)")


def _employers(records: Sequence[ArticleRecord]) -> set[str]:
    """Names the roles of the story's people place them at ("analyst at Example Research"):
    bodies, not people."""
    found = set()
    for record in records:
        for mention in record.people:
            for role in mention.roles:
                for run in _EMPLOYER_AFTER.findall(role):
                    if not _POSSESSIVE.search(run):  # "Ana Silva's sister" is kin, not staff
                        found.add(name_key_text(run))
    return found


def _is_person(cluster: _Cluster, other_labels: Counter, employers: set[str]) -> bool:
    """Weigh the evidence of all mentions: titles and speech for, other labels and doubts against."""
    mentions = [m for _, m in cluster.mentions]
    strong = sum(1 for m in mentions if m.honorific or m.roles or any(e.startswith("owns ") for e in m.support))
    # A title or an apposition vouches for a name only if it comes with enough of its mentions: a
    # stray "Former X" or "X, the handset maker" among dozens of mentions of a club or a firm
    # does not outweigh the rest.
    vouched = strong >= VOUCHING_SHARE * len(mentions)
    doubted = [m for m in mentions if m.doubts]
    if (len(mentions) - len(doubted)) * 2 < len(mentions) and not vouched:
        return False  # mostly written as a group or a thing ("the Greens", "Daily Example newspaper")
    if not vouched and any("plural" in m.doubts for m in mentions):
        return False  # a person's name before a plural noun names things ("the X Files")
    # some source says what it is ("the band X", "a firm, X"), at a mention without a role of its
    # own ("comedian and broadcaster X")
    if not vouched and any(d.startswith("names a ") for m in mentions if not (m.honorific or m.roles) for d in m.doubts):
        return False
    if not vouched and any(name_key_text(m.text) in employers for m in mentions if len(name_key(m.text)) >= 2):
        return False  # the story's people work at it or under it
    if any(ch.isdigit() for m in mentions for ch in m.text):
        return False  # a model or a version ("Gadget 3"), not a person's name
    names = {name_key_text(m.text) for m in mentions}
    elsewhere = sum(other_labels[n] for n in names)
    if elsewhere >= len(mentions) and not vouched:
        return False
    if len(_base(cluster.key)) == 1:  # a single word: a title or an honorific, or speaking in several sources
        sources = {a for a, m in cluster.mentions if not m.doubts}
        speaks = any("speaks" in m.support for m in mentions) and len(doubted) < SINGLE_NAME_DOUBTS * len(mentions)
        return (vouched or (len(sources) >= 2 and speaks)) and elsewhere < len(mentions)
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
        aliases=tuple(sorted(aliases, key=lambda alias: (alias.casefold(), alias))),
        roles=tuple(Role(text, tuple(sorted(cites, key=_citation_order))) for text, cites in ordered_roles),
        sources=tuple(sources),
        mentions=len(cluster.mentions),
        citations=tuple(sorted(citations, key=_citation_order)),
    )


def _citation_order(citation: Citation) -> tuple[str, int]:
    return (citation.source, citation.sentence)

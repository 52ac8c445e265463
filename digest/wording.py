"""Word choice: the noun phrases each outlet uses for the story's main people and groups.

Per article, the parse gives the phrases that refer to a name the article mentions: the title
written before a person's name ("Ruritanian leader Vasko"), an apposition on either side ("Vasko,
the country's leader"; "the agency's director, Ana Silva"), the noun a group's name modifies when
that noun stands for people or a body ("the Ruritanian regime", "foreign hackers"), and a later
definite "the X" whose head noun repeats one of those phrases of one name mentioned before ("the
dictator" after "dictator Vasko"). No coreference model: each phrase is tied to its name by the
syntax, or by the repeated noun.

Across articles, people are resolved through the people stage, a demonym joins its country
("Ruritanian" with "Ruritania"), and each outlet's phrases are counted with the sentences
that hold them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from .model import ArticleRecord, Citation, EntityMention, Person, PersonMention, Phrase, Reference, WordChoice
from .people import HONORIFICS, PERSON_NOUNS, TITLE_WORDS, PeopleIndex, name_key_text

GROUP_LABELS = {"ORG", "NORP", "GPE"}
# Nouns for bodies of people, and for people in the plural, that a group's name can modify ("the
# Ruritanian regime", "foreign hackers"); the people stage's titles and person nouns count too.
# General English vocabulary.
BODY_NOUNS = {
    "government", "regime", "administration", "leadership", "authorities", "authority", "state",
    "forces", "force", "military", "army", "navy", "troops", "police", "party", "junta", "cabinet",
    "ministry", "parliament", "congress", "court", "delegation", "side", "camp", "people", "public",
    "media", "press", "intelligence", "agency", "agencies", "establishment", "elite", "opposition",
    "rebels", "militants", "protesters", "demonstrators", "rioters", "mob", "crowd", "crowds",
    "operatives", "spies", "hackers", "team", "committee", "council", "campaign", "lawmakers",
    "legislators", "workers", "voters", "citizens", "nationals", "students", "community", "group",
    "network", "organization", "organisation", "movement", "faction", "coalition", "alliance",
    "dictatorship", "monarchy", "republic", "nation", "country", "mullahs", "clerics", "officials",
    "hacker", "protester", "demonstrator", "rioter", "lawmaker", "voter", "worker", "fighter", "attacker",
    "bomber", "invader", "settler", "farmer", "trader", "investor", "negotiator", "observer", "investigator",
    "researcher", "reporter", "donor", "insurgent", "dissident", "defector", "representative", "operative",
    "militant", "rebel", "spy", "national", "citizen", "student", "supporter", "opponent", "ally",
}
ROLE_DEPS = ("compound", "amod", "nmod")
# Endings of nouns for people that are rarely things; "-er", "-or" and "-ent" are as often things
# after a group's name ("computers", "servers", "documents"), so those nouns are listed instead.
_PEOPLE_ENDING = re.compile(r"(?:ist|ian|crat|arian|ee|eer)$")
LEADING = ("det", "poss", "case", "punct", "predet")
MAX_WORDS = 6  # longer appositions keep their head with its modifiers ("senior vice president")


# ---------------------------------------------------------------------------------------------
# Per article


def find_references(doc, sentence_of: Callable[[int], int], people: Sequence[PersonMention],
                    entities: Sequence[EntityMention]) -> tuple[Reference, ...]:
    """The phrases that refer to the people and groups named in one parsed article."""
    text = doc.text  # made anew from the tokens on each access
    mentions = []  # (span, target as written, label), in text order
    for person in people:
        span = doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is not None:
            mentions.append((span, person.text, "PERSON"))
    for entity in entities:
        if entity.label in GROUP_LABELS:
            span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is not None:
                mentions.append((span, _without_possessive(entity.text), entity.label))
    mentions.sort(key=lambda m: m[0].start)
    named = set()
    for span, _, _ in mentions:
        named.update(range(span.start, span.end))

    found: list[Reference] = []
    taken: set[int] = set()

    def add(tokens, span, target, label, kind) -> None:
        tokens = _trim(tokens)
        if not tokens or not any(t.pos_ in ("NOUN", "PROPN") for t in tokens):
            return
        if all(t.i in named for t in tokens) or len(tokens) == 1 and _bare(tokens[0].text) in HONORIFICS:
            return
        head = _head(tokens)
        if head is None or head.i in named and label == "PERSON":
            return
        # "Mr. Vasko's chief economic adviser" is compared as "chief economic adviser"; a group
        # as owner stays ("Ruritania's leader" is not "the leader")
        owner = max((t.i for t in tokens if t.tag_ == "POS" and t.i < head.i and t.i > 0
                     and doc[t.i - 1].ent_type_ == "PERSON"), default=-1)
        own = set(range(span.start, span.end))
        words = [t.lemma_.lower() for t in tokens if t.i > owner and t.i not in own and t.ent_type_ != "PERSON"
                 and t.dep_ not in LEADING and not t.is_punct and _bare(t.text) not in HONORIFICS]
        if not words:
            return
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        taken.update(t.i for t in tokens)
        found.append(Reference(text=_text(text, tokens), key=" ".join(words), head=head.lemma_.lower(),
                               target=target, label=label, sentence=sentence_of(start), start=start, end=end,
                               kind=kind))

    for span, target, label in mentions:
        root = span.root
        if label == "PERSON":
            # on any word of the name: "Park Soo-jin" is parsed in pieces, its root not always first
            left = [c for token in span for c in token.lefts if c.i < span.start and c.dep_ in ROLE_DEPS]
            if left:
                tokens = [t for t in doc[min(c.left_edge.i for c in left):span.start] if t.ent_type_ != "PERSON"]
                while tokens and _bare(tokens[-1].text) in HONORIFICS:
                    tokens = tokens[:-1]
                if tokens and tokens[-1].i >= span.start - 2:
                    add(tokens, span, target, label, "title")
        fits = (lambda noun: True) if label == "PERSON" else _is_group_noun
        for child in root.rights:
            if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN" and child.i not in named \
                    and fits(child):
                add(_core(doc, child), span, target, label, "apposition")
        head = root.head
        if root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN" and head.i not in named and fits(head):
            add(_core(doc, head), span, target, label, "apposition")
        if label != "PERSON" and root.dep_ in ("amod", "compound", "poss", "nmod") and root.head.i >= span.end:
            head = root.head
            belongs_to_person = head.dep_ in ("compound", "appos") and head.head.ent_type_ == "PERSON"
            if head.pos_ == "NOUN" and not belongs_to_person and _is_group_noun(head):
                add(_core(doc, head), span, target, label, "modifier")

    # a group's name may be inside ("the Ruritanian leader"); a person's name or a phrase
    # already found may not
    found += _anaphors(doc, text, sentence_of, found, taken | {t.i for t in doc if t.ent_type_ == "PERSON"})
    found.sort(key=lambda r: (r.start, r.end, r.target))
    return tuple(found)


def _anaphors(doc, text: str, sentence_of, described: list[Reference], excluded: set[int]) -> list[Reference]:
    """"the X" after a title or apposition with the head X of one person: that person again. Its
    other words must all be in that phrase ("the Ruritanian leader" after "Ruritanian leader
    Vasko"); when several people fit, the one mentioned last. Not for groups: "the campaign" after
    "the Vasko campaign" was as often the election campaign in the development stories."""
    by_head: dict[str, list[Reference]] = defaultdict(list)
    for reference in described:
        if reference.label == "PERSON":
            by_head[reference.head].append(reference)
    if not by_head:
        return []
    found = []
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.pos_ != "NOUN" or head.lemma_.lower() not in by_head or chunk[0].lower_ != "the":
            continue
        if head.tag_ == "NNS":
            continue  # "the two leaders": more than one person
        if any(t.i in excluded for t in chunk):
            continue
        if any(c.dep_ in ("prep", "acl", "relcl", "appos") and c.i > head.i for c in head.children):
            continue  # "the director of the agency": someone described anew, not named before
        words = {t.lemma_.lower() for t in chunk if t.dep_ not in LEADING and not t.is_punct and t.i != head.i}
        candidates = [r for r in by_head[head.lemma_.lower()] if r.end <= chunk.start_char
                      and words <= set(r.key.split())]
        if not candidates:
            continue
        latest = max(candidates, key=lambda r: r.start)
        tokens = _trim(list(chunk))
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        key = " ".join(t.lemma_.lower() for t in tokens if t.dep_ not in LEADING and not t.is_punct)
        found.append(Reference(text=_text(text, tokens), key=key, head=head.lemma_.lower(), target=latest.target,
                               label=latest.label, sentence=sentence_of(start), start=start, end=end, kind="anaphor"))
    return found


def _core(doc, head) -> list:
    """An appositive or governed noun phrase: its head with its modifiers before it, and what
    follows when the whole phrase is short (no clauses, coordinations or appositions)."""
    skip = ("relcl", "acl", "appos", "conj", "cc", "punct", "prep")
    left = [t for child in head.lefts if child.dep_ not in skip for t in child.subtree]
    right = [t for child in head.rights if child.dep_ not in ("relcl", "acl", "appos", "conj", "cc", "punct")
             or child.text in "-‐‑" for t in child.subtree]  # "son-in-law"
    tokens = sorted(left, key=lambda t: t.i) + [head]
    whole = tokens + sorted(right, key=lambda t: t.i)
    if len(whole) <= MAX_WORDS and all(b.i == a.i + 1 for a, b in zip(whole, whole[1:])):
        return whole
    return tokens if all(b.i == a.i + 1 for a, b in zip(tokens, tokens[1:])) else [head]


def _trim(tokens) -> list:
    """Without a leading article, possessive pronoun or punctuation ("its leader": "leader"); a
    possessive name stays ("Ruritania's leaders")."""
    tokens = list(tokens)
    while tokens and (tokens[0].dep_ in ("det", "predet", "punct", "advmod", "npadvmod") or tokens[0].is_punct
                      or tokens[0].tag_ == "POS"
                      or tokens[0].dep_ == "poss" and tokens[0].pos_ == "PRON"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    return tokens


def _head(tokens):
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    nouns = [t for t in roots if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1] if nouns else None


def _is_group_noun(token) -> bool:
    """A noun for a body of people, or for people in the plural ("officials"): a singular
    person noun ("the Ruritanian leader") stands for one person, not for the group."""
    if token.lemma_.lower() in BODY_NOUNS or token.lower_ in BODY_NOUNS:
        return True
    word = token.lemma_.lower()
    return token.tag_ == "NNS" and (word in TITLE_WORDS or word in PERSON_NOUNS or bool(_PEOPLE_ENDING.search(word)))


def _bare(word: str) -> str:
    return word.lower().rstrip(".")


def _without_possessive(text: str) -> str:
    for ending in ("'s", "’s", "'", "’"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def _text(text: str, tokens) -> str:
    return " ".join(text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)].split())


# ---------------------------------------------------------------------------------------------
# Across articles

MAIN_PEOPLE = 6  # people in the table: those most sources name
MAIN_GROUPS = 6  # groups in the table: those most outlets name
MAX_PHRASES = 12  # phrases shown per person or group, those most outlets use first


def word_choice(records: Sequence[ArticleRecord], people: Sequence[Person], people_index: PeopleIndex,
                outlet_of: dict[str, str]) -> tuple[WordChoice, ...]:
    """For the main people and groups named by two or more outlets: the phrases each outlet uses
    for them, with the sentences. `outlet_of` gives each article's outlet ("unknown" included)."""
    groups = _group_names(records)
    outlets_naming: dict[str, set[str]] = defaultdict(set)
    mentions: Counter = Counter()
    for record in records:
        for entity in record.entities:
            if entity.label in GROUP_LABELS:
                key = groups.get(_group_key(entity.text))
                if key is not None:
                    outlets_naming[key].add(outlet_of[record.article_id])
                    mentions[key] += 1
    main_people = [p.name for p in people
                   if len({outlet_of[s] for s in p.sources}) >= 2][:MAIN_PEOPLE]
    person_words = {name_key_text(alias) for p in people for alias in p.aliases} | \
        {name_key_text(alias).split()[-1] for p in people for alias in p.aliases if name_key_text(alias)}
    main_groups = sorted((k for k in outlets_naming if len(outlets_naming[k]) >= 2 and k not in person_words),
                         key=lambda k: (-len(outlets_naming[k]), -mentions[k], k))[:MAIN_GROUPS]
    wanted = {("person", name) for name in main_people} | {("group", key) for key in main_groups}
    uses: dict[tuple[str, str], dict[str, dict[str, list[Citation]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    written: dict[tuple[tuple[str, str], str], Counter] = defaultdict(Counter)
    for record in records:
        outlet = outlet_of[record.article_id]
        for reference in record.references:
            if reference.label == "PERSON":
                target = ("person", people_index.resolve(record.article_id, reference.target) or "")
            else:
                target = ("group", groups.get(_group_key(reference.target), ""))
            if target not in wanted:
                continue
            uses[target][reference.key][outlet].append(Citation(record.article_id, reference.sentence))
            written[(target, reference.key)][reference.text] += 1
    display = _display_names(records, groups)
    result = []
    for target in [("person", n) for n in main_people] + [("group", k) for k in main_groups]:
        phrases = []
        for key, by_outlet in uses.get(target, {}).items():
            forms = written[(target, key)]
            text = min(forms, key=lambda t: (-forms[t], len(t), t))
            phrases.append(Phrase(text=text, uses=tuple(
                (outlet, tuple(sorted(set(cites), key=lambda c: (c.source, c.sentence))))
                for outlet, cites in sorted(by_outlet.items()))))
        phrases.sort(key=lambda p: (-len(p.uses), -sum(len(c) for _, c in p.uses), p.text.casefold(), p.text))
        if phrases:
            name = target[1] if target[0] == "person" else display[target[1]]
            result.append(WordChoice(name=name, kind=target[0], phrases=tuple(phrases[:MAX_PHRASES])))
    return tuple(result)


def _group_key(text: str) -> str:
    return name_key_text(_without_possessive(text.removeprefix("the ").removeprefix("The ")))


def _group_names(records: Sequence[ArticleRecord]) -> dict[str, str]:
    """Each group's key to the key it is counted under: a demonym goes with its country
    ("ruritanian" with "ruritania", "italian" with "italy") when the story names both."""
    labels: dict[str, Counter] = defaultdict(Counter)
    for record in records:
        for entity in record.entities:
            if entity.label in GROUP_LABELS:
                labels[_group_key(entity.text)][entity.label] += 1
    names = {key: key for key in labels if key}
    places = [key for key in names if labels[key]["GPE"] >= labels[key]["NORP"]]
    for key in names:
        if labels[key]["NORP"] > labels[key]["GPE"]:
            country = next((p for p in sorted(places) if _demonym_of(key, p)), None)
            if country is not None:
                names[key] = country
    return names


def _demonym_of(demonym: str, place: str) -> bool:
    """"ruritanian" of "ruritania", "italian" of "italy", "nepali" of "nepal": the same words but the
    last, which extends the place's last word (less a final vowel)."""
    a, b = demonym.split(), place.split()
    if len(a) != len(b) or a[:-1] != b[:-1] or a[-1] == b[-1]:
        return False
    stem = b[-1][:-1] if b[-1][-1:] in "aeiouy" else b[-1]
    return len(stem) >= 3 and a[-1].startswith(stem) and len(a[-1]) - len(b[-1]) <= 4


def _display_names(records: Sequence[ArticleRecord], groups: dict[str, str]) -> dict[str, str]:
    """A group's name as most often written, among the spellings of the key it is counted under."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for record in records:
        for entity in record.entities:
            key = _group_key(entity.text)
            if entity.label in GROUP_LABELS and groups.get(key) == key:
                forms[key][_without_possessive(entity.text)] += 1
    return {key: min(counts, key=lambda t: (-counts[t], t)) for key, counts in forms.items()}

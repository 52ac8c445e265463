"""The shared data model: every stage reads and writes these frozen dataclasses.

Per-article records hold plain values with character offsets into the article's cleaned text, so
they can be cached by content hash and never carry a spaCy `Doc`. Cross-article stages refer to
articles by id and to sentences by their index in the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class Article:
    """One source article after reading and cleaning."""

    id: str  # the file name without its extension, unique within its story
    file: str  # path relative to the corpus folder, with forward slashes
    story: str  # slug of the story the article belongs to
    title: str
    outlet: str | None
    published: str | None  # trusted publication date, YYYY-MM-DD
    url: str | None
    authors: tuple[str, ...]
    text: str  # cleaned text, paragraphs separated by a blank line
    page_date: str | None = None  # a date printed in a scraped page header: a hint, not trusted
    content_hash: str = ""


@dataclass(frozen=True)
class Problem:
    """A file that was skipped, or read with a warning, and why."""

    file: str
    reason: str


# ---------------------------------------------------------------------------------------------
# Per-article extraction (the output of one spaCy pass, cached by content hash)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    terms: tuple[str, ...]  # content lemmas and entity keys, for similarity between sources
    quoted: bool  # most of the sentence is direct speech
    statement: bool = True  # has a predicate: it asserts something (photo captions and labels do not)


@dataclass(frozen=True)
class EntityMention:
    """A named entity other than a person (places, organisations, nationalities...)."""

    text: str
    label: str
    sentence: int
    start: int
    end: int
    governor: str = ""  # lemma of the word the entity attaches to ("station", "in")


@dataclass(frozen=True)
class PersonMention:
    """A span the tagger called PERSON, with the evidence around it."""

    text: str  # the name as written, without honorific or possessive
    sentence: int
    start: int
    end: int
    honorific: str | None = None  # "Mr", "President"...
    roles: tuple[str, ...] = ()  # titles and appositions stated at this mention
    support: tuple[str, ...] = ()  # evidence that this is a person ("honorific", "speaks"...)
    doubts: tuple[str, ...] = ()  # evidence that it is not ("names a newspaper"...)


@dataclass(frozen=True)
class QuoteMention:
    text: str
    start: int
    end: int
    sentences: tuple[int, ...]
    speaker: str | None  # as written in the article (a person's name, or an organisation)
    speaker_kind: str | None  # "person", "organisation" or None
    cue: str  # how the speaker was found: "verb", "according", "continuation", "pronoun"...


@dataclass(frozen=True)
class TimeMention:
    text: str
    start: int
    end: int
    sentence: int
    kind: str  # "date", "month", "year", "weekday", "holiday", "relative", "duration", or "lead": no
    #            expression (text ""), the article's lead in the present tense, dated by its article
    tense: str  # "past", "present" or "future" of the clause the expression belongs to
    expected: bool  # the clause is hedged or about the future
    clause: str  # the clause the expression belongs to
    anchors: tuple[str, ...] = ()  # lemmas of the verb it dates, its subject and objects, "place:x"
    nominal: bool = False  # it dates a noun ("a May 12 deadline"), so the verb's tense may not be its own
    dateline: bool = False  # a line of its own dating the text below it (a live blog's time stamp);
    #                         `sentence` and `clause` are then the first sentence below it


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, normalised so that sources can be compared."""

    text: str
    sentence: int
    unit: str  # "day" for durations (months and years converted), else the counted noun lemma
    low: float
    high: float
    context: tuple[str, ...]  # content lemmas around the number
    # what the number counts or measures, so that counts of one thing are told from others:
    thing: str = ""  # the counted or measured thing as written ("engine tests", "people dead")
    state: str = ""  # for counts of people: what happened to them ("dead", "missing"...)
    modifiers: tuple[str, ...] = ()  # classifying modifiers of the counted noun ("engine", "electrical")
    scope: tuple[str, ...] = ()  # what narrows the count: places, years, clauses ("year:2004", "clause:live")
    expected: bool = False  # a projection or possibility ("could exceed"), not a report


@dataclass(frozen=True)
class Attribute:
    """A typed value in a slot: the colour of a thing, the kind of a meal, a weekday of an act."""

    kind: str  # "colour", "meal"...
    subject: str  # lemma of the thing or act the value belongs to
    value: str
    sentence: int
    context: tuple[str, ...]
    expected: bool = False  # stated as a plan, a possibility or an expectation


@dataclass(frozen=True)
class Reference:
    """A noun phrase that names or describes a person or group the article mentions by name:
    a title before the name, an apposition, a noun the group's name modifies ("the Ruritanian
    regime"), or a later "the X" that repeats one of those nouns."""

    text: str  # as written, without a leading article or possessive
    key: str  # its lowercase lemmas without the group's own name: what outlets are compared on
    head: str  # lemma of its head noun
    target: str  # the name as written at the mention it refers to
    label: str  # "PERSON" or the entity label of the group ("ORG", "GPE", "NORP")
    sentence: int
    start: int
    end: int
    kind: str  # "title", "apposition", "modifier" or "anaphor"


@dataclass(frozen=True)
class Claim:
    """A status an article states or denies: who is named among what ("names X as a
    defendant"), what was handed over ("delivering fuel", "no fuel had been handed over")."""

    sentence: int
    act: str  # the class of the verb: "include", "deliver"
    subject: str  # what the status is about: a name's last word, or the lemma of the thing handed over
    role: str  # what it is named as ("defendant"), "" for deliveries
    negated: bool
    text: str  # the clause as written, the value shown
    later: bool = False  # told as a later statement ("officials later said"): a correction
    when: str = ""  # the time the act is dated to, as written ("in January", "within the past 10 days")


@dataclass(frozen=True)
class ArticleRecord:
    article_id: str
    sentences: tuple[Sentence, ...]
    people: tuple[PersonMention, ...]
    entities: tuple[EntityMention, ...]
    quotes: tuple[QuoteMention, ...]
    times: tuple[TimeMention, ...]
    quantities: tuple[Quantity, ...]
    attributes: tuple[Attribute, ...]
    references: tuple[Reference, ...] = ()  # word choice (see wording.py)
    claims: tuple[Claim, ...] = ()


# ---------------------------------------------------------------------------------------------
# Cross-article digest


@dataclass(frozen=True)
class Citation:
    source: str  # article id
    sentence: int  # sentence index in that article


@dataclass(frozen=True)
class Role:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    sources: tuple[str, ...]
    mentions: int
    citations: tuple[Citation, ...]  # the sentences that name the person


@dataclass(frozen=True)
class QuoteVariant:
    text: str
    source: str
    citation: Citation


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str | None
    speaker_kind: str | None
    sources: tuple[str, ...]
    variants: tuple[QuoteVariant, ...]


@dataclass(frozen=True)
class Fact:
    text: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...]
    support: int  # independent sources: reprints of one article count once


@dataclass(frozen=True)
class DiscrepancyVariant:
    value: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Discrepancy:
    topic: str
    kind: str  # "conflict", "update", "expectation", "correction", "name variant"
    variants: tuple[DiscrepancyVariant, ...]
    reason: str = ""  # why the values are about the same thing ("same count: people on board")


@dataclass(frozen=True)
class TimelineEntry:
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY; None when the story has no dates
    label: str  # the date as people read it ("Tuesday 12 September 2023", "Sunday")
    text: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...]
    background: bool  # before the story's own days
    expected: bool  # announced or expected, not reported as done


@dataclass(frozen=True)
class Outlet:
    """One outlet as the user describes it in outlets.yml."""

    name: str
    spellings: tuple[str, ...]  # ways the outlet is written, its name included
    domains: tuple[str, ...]  # web domains, without "www."
    groups: tuple[tuple[str, str], ...]  # (key, value) the user defines: ("lean", "left")


@dataclass(frozen=True)
class OutletsConfig:
    outlets: tuple[Outlet, ...]
    group_keys: tuple[str, ...]  # in the order of the file
    group_values: tuple[tuple[str, tuple[str, ...]], ...]  # key -> values, in the order of the file


@dataclass(frozen=True)
class SourceOutlet:
    """Which outlet an article comes from, and how that was recognised."""

    source: str  # article id
    outlet: str | None  # an outlet's name from outlets.yml; None: unknown
    how: str  # "name", "domain", "text", or why it is unknown


@dataclass(frozen=True)
class GroupCoverage:
    key: str  # a group key of outlets.yml ("lean")
    values: tuple[tuple[str, tuple[str, ...]], ...]  # value -> article ids; "unknown" last


@dataclass(frozen=True)
class Blindspot:
    """A key fact that only outlets of one group report, while outlets of others cover the story."""

    key: str
    value: str
    fact: Fact
    outlets: tuple[str, ...]  # the outlets that report it


@dataclass(frozen=True)
class Phrase:
    text: str  # as most often written
    uses: tuple[tuple[str, tuple[Citation, ...]], ...]  # outlet -> the sentences that use it


@dataclass(frozen=True)
class WordChoice:
    """The phrases outlets use for one of the story's main people or groups."""

    name: str
    kind: str  # "person" or "group"
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class StoryOutlets:
    sources: tuple[SourceOutlet, ...]  # in the order of the story's articles
    outlets: tuple[str, ...]  # outlets of the story, in the order of outlets.yml; "unknown" last
    coverage: tuple[GroupCoverage, ...]
    blindspots: tuple[Blindspot, ...]
    word_choice: tuple[WordChoice, ...]


@dataclass(frozen=True)
class Update:
    """What the articles of one publication day added to a story (see changes.py): positions in
    the story's own lists, so the update holds no copy of what it points to."""

    date: str  # YYYY-MM-DD
    sources: tuple[int, ...]  # articles published that day
    facts: tuple[int, ...]  # corroborated facts first reported that day
    single_source: tuple[int, ...]
    discrepancies: tuple[int, ...]  # first told apart that day (a second version appeared)
    revised: tuple[int, ...]  # older discrepancies given another version that day
    people: tuple[int, ...]  # first named that day
    quotes: tuple[int, ...]  # first quoted that day


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    articles: tuple[Article, ...]
    records: tuple[ArticleRecord, ...]  # in the order of `articles`
    people: tuple[Person, ...]
    quotes: tuple[Quote, ...]
    facts: tuple[Fact, ...]  # corroborated by two or more independent sources, best first
    single_source: tuple[Fact, ...]  # notable statements only one source makes
    discrepancies: tuple[Discrepancy, ...]
    timeline: tuple[TimelineEntry, ...]
    dates_known: bool
    outlets: StoryOutlets | None = None  # with an outlets.yml at the corpus root
    updates: tuple[Update, ...] = ()  # one per publication day, oldest first


@dataclass(frozen=True)
class Report:
    read: int
    skipped: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    unknown_outlets: tuple[Problem, ...] = ()  # articles whose outlet outlets.yml does not name
    notes: tuple[str, ...] = ()  # about the build as a whole ("no site_url: no feeds")


# ---------------------------------------------------------------------------------------------
# Across stories


@dataclass(frozen=True)
class Appearance:
    """A person's entry in one story, as the pages across stories need it (kept with the
    story's cached pages, so those pages are made without digesting the story again)."""

    story: str  # story slug
    story_title: str
    slug: str  # the person's page in the story: <story>/people/<slug>.md
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: int
    sources: int


@dataclass(frozen=True)
class CorpusPerson:
    """One person across the stories of the corpus (see directory.py)."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    appearances: tuple[Appearance, ...]  # in the order of the stories


@dataclass(frozen=True)
class Digest:
    stories: tuple[Story, ...]
    report: Report = field(default_factory=lambda: Report(read=0))

"""Timeline: time expressions in each article, resolved to dates, merged into dated events.

Per article, spaCy DATE/TIME entities (and weekday names and named days it missed) are
classified: a date, a month, a year, a weekday, a named day ("over Easter weekend"), a relative
expression, or a duration ("for six years", "more than 18 months"), which is never an event. A
line holding only a date ("0930 GMT, 4 June 2019", a live blog's stamp) dates the text below
it; a lead in the present tense that names no day is news of its article's day. Across articles,
each expression is resolved against its article's publication date (or the dateline above it)
with dateparser; a bare weekday, or a day and month without a year, goes to the nearest such day
in the direction the verb's tense implies. Untrusted page-header dates are checked against the
content. When no article has a date, weekdays keep the order of the story's week and dates stay
unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

import dateparser
import holidays
from dateutil.easter import easter

from .model import Article, ArticleRecord, Citation, TimeMention, TimelineEntry

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY_WORDS = re.compile(r"\b(?:" + "|".join(WEEKDAYS + MONTHS + [m[:3] for m in MONTHS + WEEKDAYS] + ["sept", "tues", "thurs"]) + r")\b\.?", re.I)
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie))s?"
_DURATION = re.compile(
    r"^(?:(?:for|over|during|within|in|of|the|past|last|next|first|more|than|nearly|almost|about|"
    r"around|some|at|least|up|to|roughly|only|just|another|several|few|many|a|an|\d[\d,.]*|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|hundred|dozens?|half)(?:\s+|-))*" + _UNIT + r"(?:-long|-old)?$",
    re.I,
)  # words and numbers, each followed by a space or hyphen, then a unit: "today" is no duration
_VAGUE = re.compile(r"\b(recent|recently|soon|now|currently|decades|years|months|weeks|days|opening|period|time|era|century)\b", re.I)
_FUTURE_WORDS = {"will", "shall", "'ll", "would", "could", "may", "might", "expect", "plan",
                 "schedule", "set", "likely", "due", "hope", "intend", "aim", "possible", "going"}
_UPCOMING = {"upcoming", "forthcoming", "planned", "scheduled", "proposed", "expected", "impending", "looming"}
# A time of day ("1830 GMT", "10:32 a.m.", "7 p.m. EDT"): never a year, and no part of a date.
_ZONE = r"(?:GMT|UTC|BST|CET|CEST|EET|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|JST|KST|IST|AEST|AEDT)"
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.m\.|\b\d{1,2}\s*[ap]m\b|"
                    r"\b\d{4}\s*(?:" + _ZONE + r"|hours|hrs)\b|\b" + _ZONE + r"\b")
# How far a day and month without a year may go against its clause's tense: a day ahead across
# the date line ("reported Saturday morning local time" in Friday's paper) and a day for a page
# dated late. Not tuned: no development story has a case either way.
TENSE_TOLERANCE_DAYS = 2

# Named days. Easter and the days counted from it (Western churches) come from dateutil.easter;
# civil and customary days from the `holidays` tables, US public and unofficial days first, then
# British public ones.
_EASTER_DAYS = {"ash wednesday": -46, "palm sunday": -7, "maundy thursday": -3, "holy thursday": -3,
                "good friday": -2, "holy saturday": -1, "easter": 0, "easter sunday": 0, "easter day": 0,
                "easter monday": 1, "pentecost": 49, "whit sunday": 49}
_HOLIDAY_TABLES = (("US", ("public", "unofficial")), ("GB", ("public",)))
# Short names people write for the tables' names.
_HOLIDAY_ALIASES = {"christmas": "christmas day", "thanksgiving": "thanksgiving day", "new year's": "new year's day",
                    "presidents' day": "washington's birthday", "presidents day": "washington's birthday",
                    "martin luther king day": "martin luther king jr. day", "mlk day": "martin luther king jr. day",
                    "juneteenth": "juneteenth national independence day", "st. patrick's day": "saint patrick's day",
                    "fourth of july": "independence day", "july fourth": "independence day"}
# Names whose everyday sense is another day than the table's: "May Day" is 1 May in most news,
# not Britain's early-May bank holiday; "Independence Day" is every country's own.
_AMBIGUOUS_HOLIDAYS = {"may day", "independence day"}
# What a holiday's name is followed by when it names a time ("over Easter weekend").
_HOLIDAY_TAIL = r"(?:\s+(?:weekend|holidays?|break|morning|afternoon|evening|night|eve))?"
# Words before a holiday's name that make it a time ("at Christmas", not "Christmas shopping").
_TIME_PREPOSITIONS = {"on", "over", "at", "during", "before", "after", "since", "until", "till", "by",
                      "around", "through", "from", "last", "next", "this"}


# ---------------------------------------------------------------------------------------------
# Per article


def find_time_expressions(doc, sentence_of) -> tuple[TimeMention, ...]:
    found = []
    datelines = _dateline_lines(doc)
    for start_token, end_token in _time_spans(doc, datelines):
        span = doc[start_token:end_token]
        text = span.text.strip()
        kind = classify(text)
        if kind is None or kind == "holiday" and span.root.dep_ == "compound" and span.root.head not in span:
            continue  # "Christmas decorations": a kind of thing, not a time
        dateline = (span.start_char, span.end_char) in datelines
        dated = span
        if dateline:
            below = _first_sentence_below(doc, span, datelines)
            if below is None:
                continue
            dated = doc[below.root.i:below.root.i + 1]
        tense, expected = ("future", True) if not dateline and _dates_an_upcoming_thing(span) else _tense(dated)
        found.append(TimeMention(text=text, start=span.start_char, end=span.end_char,
                                 sentence=sentence_of(dated.start_char), kind=kind, tense=tense,
                                 expected=expected, clause=_clause(doc, dated), anchors=_anchors(dated),
                                 nominal=not dateline and _dates_a_noun(span), dateline=dateline))
    lead = _present_lead(doc, {m.sentence for m in found if m.kind not in ("year", "month", "duration")}, sentence_of)
    if lead is not None:
        found.append(TimeMention(text="", start=lead.start_char, end=lead.start_char, sentence=sentence_of(lead.start_char),
                                 kind="lead", tense="present", expected=False, clause=_clause(doc, lead),
                                 anchors=_anchors(doc[lead.root.i:lead.root.i + 1])))
        found.sort(key=lambda m: m.start)
    return tuple(found)


# Shorter lines before the lead are datelines, bylines and kickers ("WASHINGTON —"). Measured on
# all development stories together: their timeline scores are the same for 4 to 12 words.
LEAD_MIN_WORDS = 8


def _present_lead(doc, dated_sentences: set[int], sentence_of):
    """The article's lead when it tells its news in the present tense and names no day ("Ruritania
    counts the cost of the floods", "the agency has raised its estimate"): news of the day it is
    published. The lead is the first sentence of LEAD_MIN_WORDS words with a finite verb; a
    lead in the past or future tense, a quotation, or one that names its day gives nothing."""
    for sent in doc.sents:
        if sum(t.is_alpha for t in sent) < LEAD_MIN_WORDS or not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent):
            continue
        root = sent.root
        aux = {c.tag_ for c in root.children if c.dep_ in ("aux", "auxpass")}
        present = root.tag_ in ("VBZ", "VBP") or root.tag_ in ("VBG", "VBN") and aux & {"VBZ", "VBP"}
        if (not present or "MD" in aux or sent.text.lstrip()[:1] in "\"“‘'"
                or sentence_of(sent.start_char) in dated_sentences):
            return None
        return sent
    return None


def _anchors(span) -> tuple[str, ...]:
    """What the expression dates: its verb, the nouns of that verb's clause (not of clauses
    below it, so "crossed on Tuesday to meet X" dates the crossing, not the meeting), and the
    places it names ("place:x"). A personal pronoun subject ("it would be held on Wednesday")
    stands for something else in the sentence, so the sentence's nouns are added."""
    verb = _governing_verb(span)
    words = {"verb:" + verb.lemma_.lower()}
    clause_heads = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp", "acomp", "oprd"}
    stack = [c for c in verb.children if c.dep_ not in clause_heads]
    while stack:
        token = stack.pop()
        if token.ent_type_ in ("GPE", "LOC", "FAC") and token.head.lower_ in ("in", "at", "into", "to", "from"):
            words.add("place:" + token.text.lower())
        elif token.pos_ == "NOUN":
            words.add(token.lemma_.lower())
        elif token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass") and token.lower_ in ("it", "they", "this"):
            words |= {t.lemma_.lower() for t in span.sent if t.pos_ == "NOUN"}
        stack.extend(c for c in token.children if c.dep_ not in clause_heads)
    return tuple(sorted(words))


def _time_spans(doc, datelines: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """DATE/TIME entity spans, adjacent ones joined ("Sunday" + "afternoon"), plus weekdays and
    named days the model missed; a dateline line is one span, whatever the model made of it."""
    spans: list[list[int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if spans and spans[-1][1] == ent.start:
            spans[-1][1] = ent.end
        else:
            spans.append([ent.start, ent.end])
    for start, end in _holiday_spans(doc, {i for s, e in spans for i in range(s, e)}):
        overlapping = [s for s in spans if s[0] < end and start < s[1]]
        for s in overlapping:
            spans.remove(s)
        spans.append([min([start] + [s[0] for s in overlapping]), max([end] + [s[1] for s in overlapping])])
    for start_char, end_char in datelines:
        line = doc.char_span(start_char, end_char, alignment_mode="expand")
        spans = [s for s in spans if s[1] <= line.start or s[0] >= line.end] + [[line.start, line.end]]
    covered = {i for s, e in spans for i in range(s, e)}
    for token in doc:
        if token.i not in covered and token.lower_ in WEEKDAYS:
            spans.append([token.i, token.i + 1])
    return sorted((s, e) for s, e in spans)


def _holiday_spans(doc, in_dates: set[int]):
    """Token spans of named days used as times: tagged as a date by the model, or after a
    preposition of time ("over Easter"), or with a tail ("Thanksgiving weekend")."""
    for match in _holiday_pattern().finditer(doc.text):
        if not match.group(1)[0].isupper():
            continue
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if span.start in in_dates or before in _TIME_PREPOSITIONS or match.group(2):
            yield span.start, span.end


def _dateline_lines(doc) -> set[tuple[int, int]]:
    """(start, end) of lines that hold nothing but a day and month, with a time of day, a year or
    a weekday ("0930 GMT, 4 June 2019"): a live blog's stamps, or an article's own date line."""
    lines = set()
    for line in re.finditer(r"[^\n]+", doc.text):
        text = line.group().strip()
        if len(text) > 60 or not _MONTH.search(text) or classify(text) != "date":
            continue
        rest = _DAY_WORDS.sub(" ", _CLOCK.sub(" ", text))
        if re.fullmatch(r"[\s\d,./:()–—-]*", rest) and re.search(r"\d", rest):
            start = line.start() + (len(line.group()) - len(line.group().lstrip()))
            lines.add((start, start + len(text)))
    return lines


def _first_sentence_below(doc, line, datelines):
    """The first sentence with a finite verb under a dateline (a byline is skipped), before the
    next dateline; None when there is none within three sentences."""
    starts = {s for s, _ in datelines}
    seen = 0
    for sent in doc.sents:
        if sent.start < line.end or not sent.text.strip():
            continue
        if seen == 3 or any(sent.start_char <= s < sent.end_char for s in starts):
            return None
        seen += 1
        if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent):
            return sent
    return None


def classify(text: str) -> str | None:
    """What kind of time expression this is; None for ones that name no point in time."""
    if _holiday_key(text):
        return "holiday"
    lower = _CLOCK.sub(" ", text).lower().strip(" ,")
    if re.fullmatch(r"(?:the )?(?:last|next|this|coming|previous|following) (?:week|weekend|month|year)|last night", lower):
        return "relative"
    if re.search(r"\b(ago|earlier|later|before|after)\b", lower) is None and _DURATION.match(lower):
        return "duration"
    if re.fullmatch(r"\d+[-\s]?(?:hour|minute|day|week|month|year)s?(?:-long|-old)?", lower):
        return "duration"
    has_month = bool(_MONTH.search(lower)) and not re.search(r"\bmay\b", lower) or re.search(r"\bmay\s+\d", lower)
    if has_month and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", _YEAR.sub("", lower)):
        return "date"
    if _WEEKDAY.search(lower):
        return "weekday"
    if has_month:
        return "month"
    if _YEAR.fullmatch(re.sub(r"^(?:in|the|early|late|mid|since|by)\s+", "", lower).strip("- ")):
        return "year"
    if re.search(r"\bago\b|\byesterday\b|\btoday\b|\btomorrow\b|\btonight\b|\blast (?:week|month|year|night)\b|"
                 r"\bnext (?:week|month|year)\b|^(?:early |late |earlier |later )?this (?:morning|afternoon|evening)$", lower):
        return "relative"
    if _YEAR.search(lower) and not _VAGUE.search(lower):
        return "year"
    return None


@functools.lru_cache(maxsize=64)
def _holiday_table(year: int) -> dict[str, dt.date]:
    """Lower-cased names of the tables' days in a year, the first table's day for a name."""
    table: dict[str, dt.date] = {}
    for country, categories in _HOLIDAY_TABLES:
        for day, names in sorted(holidays.country_holidays(country, years=year, categories=categories).items()):
            for name in names.split("; "):
                if "(observed)" not in name:
                    table.setdefault(name.lower(), day)
    return table


@functools.lru_cache(maxsize=1)
def _holiday_pattern() -> re.Pattern:
    """The named days as written: their names in the tables over a span of years (some days are
    new: Juneteenth since 2021), the Easter days and the aliases; group 2 is a tail ("weekend")."""
    names = {n for year in range(2016, 2026) for n in _holiday_table(year)} | set(_EASTER_DAYS) | set(_HOLIDAY_ALIASES)
    names -= _AMBIGUOUS_HOLIDAYS
    alternatives = sorted((re.escape(n).replace("'", "['’]").replace(r"\ ", r"\s+") for n in names), key=lambda a: (-len(a), a))
    # not followed by a name of which it is a part ("Easter Island", "Christmas Island")
    return re.compile(r"(?<![\w'’-])(" + "|".join(alternatives) + r")(" + _HOLIDAY_TAIL + r")(?![\w'’])(?!\s+(?-i:[A-Z]))", re.I)


def _holiday_key(text: str) -> str | None:
    """The named day in a time expression, lower-cased, aliases resolved; None if there is none."""
    match = _holiday_pattern().search(text)
    if match is None or not match.group(1)[0].isupper():
        return None
    name = re.sub(r"\s+", " ", match.group(1).lower().replace("’", "'"))
    return _HOLIDAY_ALIASES.get(name, name)


def holiday_day(key: str, year: int) -> dt.date | None:
    """The day of a named day (a `_holiday_key`) in a year; None where the tables have none."""
    if key in _EASTER_DAYS:
        return easter(year) + dt.timedelta(days=_EASTER_DAYS[key])
    return _holiday_table(year).get(key)


def _governing_verb(span):
    verb = span.root
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def _path_to_verb(span) -> list:
    """The tokens between the expression and the verb it belongs to."""
    path, token = [], span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
        if not span.start <= token.i < span.end and token.pos_ not in ("VERB", "AUX"):
            path.append(token)
    return path


def _dates_a_noun(span) -> bool:
    """Whether the expression hangs from a noun on its way to the verb ("a May 12 deadline",
    "his meeting on April 27"), not from the verb itself ("met on March 13")."""
    return any(t.pos_ == "NOUN" for t in _path_to_verb(span))


def _dates_an_upcoming_thing(span) -> bool:
    """A noun said to be ahead ("Friday's planned summit", "ahead of November's elections"):
    the expression is about the future whatever its clause's verb."""
    path = _path_to_verb(span)
    return any(t.lower_ == "ahead" for t in path) or any(
        c.dep_ == "amod" and c.lower_ in _UPCOMING for t in path if t.pos_ == "NOUN" for c in t.children)


def _tense(span) -> tuple[str, bool]:
    """Tense of the clause the expression belongs to, and whether it is hedged or future
    ("will meet", "is expected to meet", "is likely to be", "is possible as early as")."""
    verb = _governing_verb(span)
    if verb.tag_ == "VBD":
        return "past", False  # "after they met in 2019" stays past inside "it will be ..."
    chain, node = [verb], verb
    for _ in range(3):
        if node.dep_ in ("xcomp", "ccomp", "advcl") and node.head.i != node.i:
            node = node.head
            chain.append(node)
        else:
            break
    words = set()
    for link in chain:
        words.add(link.lemma_.lower())
        words |= {c.lemma_.lower() for c in link.children if c.dep_ in ("aux", "auxpass", "acomp", "attr", "advmod")}
    future = bool(words & _FUTURE_WORDS) or any(t.lower_ in ("next", "coming", "tomorrow") for t in span)
    if future:
        return "future", True
    if "Past" in verb.morph.get("Tense") or verb.tag_ in ("VBD", "VBN") or words & {"have", "be", "do"} and verb.tag_ == "VBN":
        return "past", False
    return "present", False


def _clause(doc, span) -> str:
    """The sentence the expression belongs to, without a leading conjunction. A sentence the
    model cut short ("the mayor announced on March 13" | "her decision to ...") goes on into the
    next when it has no final punctuation and the next begins in lower case on the same line."""
    sentence = span.sent
    end = sentence.end
    for _ in range(2):
        last = end - 1
        while last > sentence.start and doc[last].is_space:
            last -= 1
        following = last + 1
        while following < len(doc) and doc[following].is_space:
            following += 1
        if (following >= len(doc) or re.search(r"[.!?:;\"”’)\]]$", doc[last].text)
                or "\n" in doc[last:following].text_with_ws[len(doc[last].text):] or not doc[following].text[:1].islower()):
            break
        end = following + 1
        while end < len(doc) and not doc[end].is_sent_start:
            end += 1
    text = doc[sentence.start:end].text.strip()
    return re.sub(r"^(?:and|but|so|yet|or|then)\s+", "", text, flags=re.I)


# ---------------------------------------------------------------------------------------------
# Across articles

STORY_WINDOW_DAYS = 21  # events this long before the story's reference date are background
SAME_EVENT_OVERLAP = 0.4  # share of the shorter clause's content words found in the other


def reference_dates(articles: Sequence[Article], records: Sequence[ArticleRecord]) -> tuple[dict[str, dt.date], bool]:
    """Each article's date to resolve against, and whether the story has real dates at all.

    A trusted publication date wins. A page-header date counts only when the content agrees with
    it: within two months of the dated articles, or, with none, no later than a year after the
    latest year the article itself mentions. Undated articles take the story's median date.
    """
    dated = {a.id: dt.date.fromisoformat(a.published) for a in articles if a.published}
    median = _median(list(dated.values()))
    for article, record in zip(articles, records):
        if article.id in dated or not article.page_date:
            continue
        page = dt.date.fromisoformat(article.page_date)
        if median is not None:
            if abs((page - median).days) <= 60:
                dated[article.id] = page
            continue
        years = [int(y) for t in record.times for y in _YEAR.findall(t.text)]
        if years and page.year <= max(years) + 1:
            dated[article.id] = page
    median = _median(list(dated.values()))
    if median is None:
        return {}, False
    return {a.id: dated.get(a.id, median) for a in articles}, True


def _median(dates: list[dt.date]) -> dt.date | None:
    if not dates:
        return None
    ordered = sorted(dates)
    return ordered[(len(ordered) - 1) // 2]


def resolve(mention: TimeMention, reference: dt.date | None) -> tuple[str, str, dt.date | None] | None:
    """(date key, label, day) for a time expression; None when it names no resolvable time.

    The date key is YYYY-MM-DD, YYYY-MM, YYYY, or "weekday:N" when the story has no dates.
    """
    text = mention.text
    if mention.kind == "duration":
        return None
    if mention.kind == "lead":
        return (reference.isoformat(), _day_label(reference), reference) if reference else None
    if mention.kind == "weekday":
        weekday = WEEKDAYS.index(_WEEKDAY.search(text).group(1).lower())
        if reference is None:
            return f"weekday:{weekday}", WEEKDAYS[weekday].capitalize(), None
        day = _weekday_near(reference, weekday, mention)
        return day.isoformat(), _day_label(day), day
    if mention.kind == "year":
        year = _YEAR.search(text).group(1)
        return year, year, None
    if mention.kind == "holiday":
        day = _holiday_near(mention, reference)
        return (day.isoformat(), _day_label(day), day) if day else None
    if mention.kind in ("date", "month", "relative"):
        if reference is None and not _YEAR.search(text):
            return None
        cleaned = re.sub(r"^(?:on|in|the|early|late|mid|by|since|until|from)\s+", "", _CLOCK.sub(" ", text).strip(" ,"), flags=re.I)
        day = _parse_date(cleaned, reference or dt.date(2000, 1, 1), mention.tense == "future", mention.kind == "month")
        if day is None:
            return None
        if mention.kind == "date" and reference is not None and not _YEAR.search(text):
            day = _nearest(_in_years(day.month, day.day, reference), reference, _direction(mention))
            if day is None:
                return None
        if mention.kind == "month":
            key = f"{day.year:04d}-{day.month:02d}"
            return key, f"{MONTHS[day.month - 1].capitalize()} {day.year}", None
        if mention.kind == "relative" and re.search(r"\b(week|month|year)\b", text, re.I) and not re.search(r"\bago\b", text, re.I):
            if re.search(r"\byear\b", text, re.I):
                return str(day.year), str(day.year), None
            if re.search(r"\bmonth\b", text, re.I):
                return f"{day.year:04d}-{day.month:02d}", f"{MONTHS[day.month - 1].capitalize()} {day.year}", None
            monday = day - dt.timedelta(days=day.weekday())
            return monday.isoformat(), f"Week of {_day_label(monday)}", monday
        if re.search(r"\b(years?|decades?|centur)\b.*\bago\b", text, re.I):
            return str(day.year), str(day.year), None
        return day.isoformat(), _day_label(day), day
    return None


@functools.lru_cache(maxsize=65536)
def _parse_date(text: str, reference: dt.date, future: bool, month: bool) -> dt.date | None:
    """dateparser, remembered: news repeats the same expressions against the same dates."""
    settings = {"RELATIVE_BASE": dt.datetime.combine(reference, dt.time(12)),
                "PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if month:
        settings["PREFER_DAY_OF_MONTH"] = "first"
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


def _direction(mention: TimeMention) -> str:
    """The tense that decides which year a day without one falls in: the clause's, unless the
    expression dates a noun and the clause is not about the future ("came days before a May 12
    deadline": the deadline is not in the past); then the nearest such day."""
    return "present" if mention.nominal and mention.tense != "future" else mention.tense


def _in_years(month: int, day: int, reference: dt.date) -> list[dt.date]:
    found = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            found.append(dt.date(year, month, day))
        except ValueError:  # 29 February
            continue
    return found


def _nearest(candidates: list[dt.date], reference: dt.date, direction: str) -> dt.date | None:
    """The candidate nearest the reference among those the tense allows (a past event on or
    before the reference, a future one on or after it, within TENSE_TOLERANCE_DAYS)."""
    slack = dt.timedelta(days=TENSE_TOLERANCE_DAYS)
    if direction == "past":
        allowed = [c for c in candidates if c <= reference + slack]
    elif direction == "future":
        allowed = [c for c in candidates if c >= reference - slack]
    else:
        allowed = candidates
    return min(allowed or candidates, key=lambda c: (abs((c - reference).days), c), default=None)


def _holiday_near(mention: TimeMention, reference: dt.date | None) -> dt.date | None:
    """A named day: in the year the text gives, else the occurrence "last", "next" or "this"
    points to, else the nearest one the clause's tense allows."""
    key = _holiday_key(mention.text)
    year = re.search(_holiday_pattern().pattern + r",?\s+(?:of\s+)?" + _YEAR.pattern, mention.text, re.I)
    if year:  # "Christmas 2004", "Easter of 2019"; not "the worst Christmas since 1981"
        return holiday_day(key, int(year.group(year.lastindex)))
    if reference is None:
        return None
    days = [d for y in (reference.year - 1, reference.year, reference.year + 1) if (d := holiday_day(key, y))]
    words = set(mention.text.lower().split())
    if "last" in words:
        return max((d for d in days if d < reference), default=None)
    if "next" in words:
        return min((d for d in days if d > reference), default=None)
    if "this" in words:
        return next((d for d in days if d.year == reference.year), None)
    return _nearest(days, reference, _direction(mention))


def _weekday_near(reference: dt.date, weekday: int, mention: TimeMention) -> dt.date:
    lower = mention.text.lower()
    back = (reference.weekday() - weekday) % 7
    ahead = (weekday - reference.weekday()) % 7
    if "last" in lower.split():
        return reference - dt.timedelta(days=back or 7)
    if "next" in lower.split():
        return reference + dt.timedelta(days=ahead or 7)
    if mention.tense == "future" and ahead == 0 and re.search(r"\b(?:week ahead|next week|coming week)\b", mention.clause, re.I):
        return reference + dt.timedelta(days=7)  # "will meet on Friday in the week ahead", said on a Friday
    if mention.tense == "future" or ahead == 1 and re.search(r"\blocal time\b", mention.clause, re.I):
        return reference + dt.timedelta(days=ahead)  # "reported Saturday morning local time" in Friday's paper
    if mention.tense == "past":
        return reference - dt.timedelta(days=back)
    return reference - dt.timedelta(days=back) if back <= ahead else reference + dt.timedelta(days=ahead)


def _day_label(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


DATELINE_DAYS = 31  # a dateline further than this from its article's date is misread, not a reference.
# Not tuned: the one live blog of the development set runs over two days; a month keeps one
# misread line from re-dating a whole article.


def dated_mentions(articles: Sequence[Article], records: Sequence[ArticleRecord], references: dict[str, dt.date]):
    """(article id, mention, date key, label, day) for every time expression that resolves.

    Below a dateline, expressions resolve against its day ("two days ago" under "11 March"). A
    mention dated after its article's date is marked expected unless its own verb says it is
    done ("announced early Saturday", local time, in Friday's paper)."""
    for article, record in zip(articles, records):
        seen = set()
        published = references.get(article.id)
        reference = published
        for mention in record.times:
            resolved = resolve(mention, published if mention.dateline else reference)
            if resolved is None:
                continue
            day = resolved[2]
            if mention.dateline and published is not None and day is not None:
                if abs((day - published).days) <= DATELINE_DAYS:
                    reference = day
            if (resolved[0], mention.sentence) in seen:
                continue
            seen.add((resolved[0], mention.sentence))
            if (not mention.expected and day is not None and reference is not None and day > reference
                    and (mention.nominal or mention.tense != "past")):
                mention = replace(mention, expected=True)
            yield (article.id, mention, *resolved)


_SPAN_WORDS = re.compile(r"\b(?:week|fortnight|month|year|decade)s?\b", re.I)


def sentence_days(dated) -> dict[tuple[str, int], frozenset[str]]:
    """The single days each sentence names ("on Tuesday", "March 11", "yesterday", "at Easter"),
    as date keys, from dated_mentions: what tells apart two sentences about two days of one story.
    An article's lead dated by its page, a dateline, a week, a month or a year names no day."""
    days: dict[tuple[str, int], set[str]] = {}
    for article_id, mention, key, _label, _day in dated:
        if mention.kind == "lead" or mention.dateline or _SPAN_WORDS.search(mention.text):
            continue
        if key.startswith("weekday:") or len(key) == 10:
            days.setdefault((article_id, mention.sentence), set()).add(key)
    return {sentence: frozenset(keys) for sentence, keys in days.items()}


def _common_clause(clauses: list[str]) -> str:
    """The clause most of the others contain (then the one nearest 160 characters): the
    event as most sources put it. Reprints repeat clauses, so each distinct one is tested once."""
    counts = Counter(clauses)
    return max(counts, key=lambda c: (sum(n for d, n in counts.items() if c in d), -abs(len(c) - 160), c))


def build_timeline(dated: Sequence, references: dict[str, dt.date], dates_known: bool, terms_of) -> tuple[TimelineEntry, ...]:
    """Dated events of the story (from `dated_mentions`), same-day reports of one event merged,
    background first."""
    story_day = _median(list(references.values())) if dates_known else None
    events: dict[str, list[tuple[str, TimeMention, str, dt.date | None]]] = defaultdict(list)
    for article_id, mention, key, label, day in dated:
        events[key].append((article_id, mention, label, day))
    week_order = _story_week(events) if not dates_known else {}
    entries = []
    for key, items in events.items():
        for group in _same_events(items, terms_of):
            article_id, mention, label, day = group[0]
            background = _is_background(key, story_day)
            citations = tuple(sorted({Citation(a, m.sentence) for a, m, _, _ in group}, key=lambda c: (c.source, c.sentence)))
            text = _common_clause([m.clause for _, m, _, _ in group])
            entries.append(TimelineEntry(
                date=None if key.startswith("weekday:") else key,
                label=label,
                text=text,
                sources=tuple(sorted({a for a, _, _, _ in group})),
                citations=citations,
                background=background,
                expected=all(m.expected for _, m, _, _ in group),
            ))

    def order(entry: TimelineEntry):
        if entry.date is None:
            position = week_order.get(WEEKDAYS.index(entry.label.lower()), 7)
            return (0 if entry.background else 1, "9999", position, entry.expected, -len(entry.sources), entry.text)
        return (0 if entry.background else 1, entry.date, 0, entry.expected, -len(entry.sources), entry.text)

    return tuple(sorted(entries, key=order))


def _is_background(key: str, story_day: dt.date | None) -> bool:
    if key.startswith("weekday:"):
        return False
    if story_day is None:
        return True  # an absolute date in an undated story: before the story's own week
    if len(key) == 4:
        return int(key) < story_day.year
    if len(key) == 7:
        return key < story_day.isoformat()[:7]
    return (story_day - dt.date.fromisoformat(key)).days > STORY_WINDOW_DAYS


def _same_events(items, terms_of):
    """Group mentions of one date that tell the same event (by shared content words). Groups are
    found through an index of their words, not by comparing with every group."""
    groups: list[list] = []
    group_terms: list[set[str]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i[0], i[1].start)):
        terms = set(terms_of(item[0], item[1].sentence))
        candidates = Counter(g for t in terms for g in index.get(t, ())[:50])
        placed = False
        for g, _ in sorted(candidates.items(), key=lambda c: (-c[1], c[0]))[:20]:
            if any(member[0] == item[0] for member in groups[g]):
                continue
            smaller = min(len(terms), len(group_terms[g])) or 1
            if len(terms & group_terms[g]) / smaller >= SAME_EVENT_OVERLAP:
                groups[g].append(item)
                for t in terms - group_terms[g]:
                    index[t].append(g)
                group_terms[g] |= terms
                placed = True
                break
        if not placed:
            groups.append([item])
            group_terms.append(set(terms))
            for t in terms:
                index[t].append(len(groups) - 1)
    return groups


def _story_week(events) -> dict[int, int]:
    """Order of weekdays in an undated story: the week starts after the longest gap in the days
    the articles name (Saturday..Wednesday named: the story runs Saturday to Wednesday)."""
    named = sorted({int(k.split(":")[1]) for k in events if k.startswith("weekday:")})
    if not named:
        return {}
    gaps = [((named[(i + 1) % len(named)] - named[i]) % 7 or 7, named[(i + 1) % len(named)]) for i in range(len(named))]
    start = max(gaps, key=lambda g: (g[0], -g[1]))[1]
    return {day: (day - start) % 7 for day in range(7)}

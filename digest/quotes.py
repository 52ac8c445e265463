"""Quotes: direct speech in each article with its speaker, then merged across outlets.

Per article, quotation marks are paired over the cleaned text (a quote left open at the end of a
paragraph closes there, as newspapers reopen it in the next one; single curly marks count outside
double ones). Scare quotes around a word are not quotes of anyone. The speaker comes from the
parse: the reporting verbs above the quote and their subjects (the outermost person or body of
nested reported speech; "X said, quoting Y" gives Y), "according to X", a signature after a dash,
the words beside the marks when the parse does not join them ("Said X:"), a pronoun resolved to
the nearest subject before it, a role noun ("the spokesman") or description ("the businessman")
resolved to a person named before, a document ("the lawsuit says") resolved to who made it, or
the speaker of the quote just before when a paragraph of quote continues. A quote closed on a
comma right before "X said" is X's, though the parse hangs it on a relative clause before; a
quote in a clause of time ("as X went on about “…”") is of that clause's subject; a subject
inside other quote marks is a parse error, never a speaker. A speaker the text describes without a name keeps its
description; when the text does not say, the speaker is empty.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from .nlp import doc_text
from .model import ArticleRecord, Citation, EntityMention, PersonMention, Quote, QuoteMention, QuoteVariant
from .people import SPEECH_VERBS, PeopleIndex, _is_person_noun

ORGANISATION_LABELS = {"ORG", "GPE", "NORP", "FAC"}
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "representative", "official", "source"}
# Nouns for a message or a voice that belongs to a body or person named inside the phrase.
MESSAGE_NOUNS = SPOKESPEOPLE | {"statement", "report", "website", "release", "letter", "post", "message",
                                "communique", "announcement", "note", "account", "bulletin", "broadcast"}
# Documents and recordings that speak for whoever made them ("the lawsuit says"); each line of
# DOCUMENT_GROUPS holds words for the same kind of document. General vocabulary, checked on all
# of ../shared/dev/ (stories and PolNeAR) together.
DOCUMENT_GROUPS = (
    {"lawsuit", "suit", "complaint", "filing", "petition", "motion", "brief", "indictment", "case"},
    {"statement", "release", "communique", "announcement", "letter", "memo", "memorandum", "note"},
    {"report", "study", "survey", "poll", "analysis", "review", "document", "paper", "dossier"},
    {"ad", "advertisement", "commercial", "clip", "video", "spot", "film", "documentary"},
    {"article", "piece", "editorial", "column", "post", "tweet", "blog", "website", "book"},
    {"resolution", "ruling", "order", "decision", "verdict", "bill", "law", "treaty", "agreement", "deal"},
)
DOCUMENTS = set().union(*DOCUMENT_GROUPS)
# Where a body or person publishes its own documents ("a memo on the ministry's website").
PUBLISHING_PLACES = {"website", "site", "page", "homepage", "account", "feed", "blog", "channel"}
# Nouns for bodies that speak as one ("the ministry said"). General vocabulary, checked on all
# of ../shared/dev/ together.
BODIES = {"ministry", "department", "agency", "office", "government", "administration", "committee",
          "commission", "council", "court", "embassy", "company", "firm", "party", "campaign", "board",
          "union", "association", "organization", "organisation", "authority", "regulator", "military",
          "army", "navy", "police", "parliament", "congress", "senate", "cabinet", "presidency", "bank"}
# Verbs by which someone makes a document ("the committee filed a lawsuit"). General vocabulary,
# checked on all of ../shared/dev/ together.
MAKING_VERBS = {"file", "bring", "issue", "release", "publish", "write", "send", "post", "run", "air",
                "launch", "submit", "produce", "sign", "draft", "put", "make", "pass", "adopt", "unveil"}
# Verbs that report what a quote is, besides speech: what a speaker sings, alleges or is quoted
# in ("the lawsuit alleges", "Blige sings"). Checked on all of ../shared/dev/ together.
QUOTING_VERBS = SPEECH_VERBS | {"allege", "sing", "chant", "charge", "contend", "read", "put", "cite",
                                "blast", "slam", "praise", "laud", "criticize", "criticise", "mock",
                                "dismiss", "attack", "decry", "denounce", "condemn", "scold", "wonder",
                                "exclaim", "yell", "scream", "cry", "whisper", "pray", "chime", "quip",
                                "mutter", "snap", "thunder", "vow", "find", "conclude", "show", "accuse",
                                "liken", "rate", "label", "term"}
# Nouns for what someone said, whose owner speaks a quote they hold ("her claim that “…”").
# General vocabulary; tuned on the PolNeAR dev split and the five dev stories.
SPEECH_NOUNS = {"claim", "remark", "comment", "assertion", "promise", "pledge", "warning", "argument",
                "suggestion", "insistence", "accusation", "vow", "boast", "prediction", "words",
                "allegation", "complaint", "declaration", "description", "quip", "retort", "reply", "answer",
                "message", "slogan", "motto", "mantra", "refrain", "plea", "appeal", "line"}
# Verbs whose subject gets a message rather than gives it ("she received a warning: “…”").
RECEIVING_VERBS = {"receive", "get", "hear", "read", "see", "ignore", "reject", "dismiss", "deny", "find"}
# Conjunctions of a clause of time, whose own subject speaks a quote in it ("as Tom Reed went on
# about “…”, Ana Silva said yes": not hers).
TIME_CLAUSE_MARKS = {"as", "while", "when", "whenever", "after", "before", "until", "once"}
PRONOUNS_PERSON = {"he", "she", "him", "her"}
PRONOUNS_GROUP = {"it", "they", "we"}
_OPENING = {"“": "”", "„": "“", "«": "»", '"': '"'}
_CLOSING = {"”", "»", '"'}


# ---------------------------------------------------------------------------------------------
# Per article


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of quoted passages, paragraph by paragraph: double
    marks, and single curly marks (‘…’) outside double ones."""
    spans = []
    offset = 0
    for paragraph in text.split("\n\n"):
        opened_at, closer = None, None
        for i, ch in enumerate(paragraph):
            if opened_at is None:
                if ch in _OPENING and (ch != '"' or _opens_straight(paragraph, i)):
                    opened_at, closer = i + 1, _OPENING[ch]
                elif ch == "‘" and _opens_straight(paragraph, i) and i + 1 < len(paragraph) and paragraph[i + 1].isalpha():
                    opened_at, closer = i + 1, "’"
            elif closer == "’":
                if ch == "’" and (i + 1 == len(paragraph) or not paragraph[i + 1].isalpha()):
                    spans.append((offset + opened_at, offset + i))  # not the apostrophe of "don’t"
                    opened_at = None
            elif ch == closer or (ch in _CLOSING and ch != '"' and closer != '"') \
                    or (ch == '"' and closer != '"' and paragraph[i - 1] not in " \t\n"):  # “…" mixed marks
                spans += _with_inner(paragraph, opened_at, i, closer, offset)
                opened_at = None
            elif ch in "“«„" and closer != '"':  # a new quote opens before the last one closed
                spans.append((offset + opened_at, offset + i))
                opened_at = i + 1
        if opened_at is not None and opened_at < len(paragraph) and closer != "’":
            spans += _with_inner(paragraph, opened_at, len(paragraph), closer, offset)  # a single mark left open is an apostrophe
        offset += len(paragraph) + 2
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _with_inner(paragraph: str, start: int, end: int, closer: str, offset: int) -> list[tuple[int, int]]:
    """A span, and after it the curly quotes inside it when straight marks open it: a passage
    quoted from another text in straight marks keeps the quotes it holds ("… chanting “Go team!”")."""
    inner = [(offset + start + s, offset + start + e) for s, e in quote_spans(paragraph[start:end])] if closer == '"' else []
    return [(offset + start, offset + end), *inner]


def _opens_straight(paragraph: str, i: int) -> bool:
    """A straight quote opens at a word start (not after a letter, like 12" or inches)."""
    return i == 0 or not paragraph[i - 1].isalnum()


def find_quotes(doc, sentence_of, people: Sequence[PersonMention], entities: Sequence[EntityMention]) -> tuple[QuoteMention, ...]:
    quotes: list[QuoteMention] = []
    for start, end in quote_spans(doc_text(doc)):
        inner = doc_text(doc)[start:end]
        words = re.findall(r"[A-Za-z0-9’']+", inner)
        if not words:
            continue
        tokens = [t for t in doc if start <= t.idx < end]
        if not tokens:
            continue
        first = sentence_of(start)
        last = sentence_of(max(start, end - 1))
        speaker, kind, cue = _attribute(doc, tokens, start, end, people, entities, quotes, first)
        if len(words) == 1 and not (speaker and cue == "verb"):
            continue  # a scare quote around one word ("friendly" countries), unless a reporting
            # verb gives it to someone ("she said the talks were “fruitless”")
        if len(words) <= 3 and cue in ("none", "subject"):
            continue  # a short phrase nobody is said to have spoken is a term, not a quote
        if len(words) <= 3 and _modifies_noun(tokens, end):
            continue
        text = inner.strip().rstrip(",").strip()
        quotes.append(QuoteMention(text=text, start=start, end=end, sentences=tuple(range(first, last + 1)),
                                   speaker=speaker, speaker_kind=kind, cue=cue))
    return tuple(quotes)


def _modifies_noun(tokens, end: int) -> bool:
    last = tokens[-1]
    return last.dep_ in ("amod", "compound") and last.head.idx >= end


def _attribute(doc, tokens, start, end, people, entities, previous_quotes, first_sentence):
    inside = {t.i for t in tokens}
    sentence = tokens[0].sent
    signed = _signature(doc, end, people)
    if signed:
        return signed, "person", "signature"
    verbs, asides, own_clause = _governing_speech_verbs(tokens, inside)
    if not verbs and not own_clause:
        nearby = _nearby_speech_verb(doc, sentence, inside, start, end)
        verbs = [nearby] if nearby is not None else []
    if verbs and all(v.i < tokens[0].i for v in verbs) and verbs[0].dep_ == "relcl" \
            and doc_text(doc)[start:end].rstrip().endswith(","):
        # "The rules he cited are “…,” the paper reported": a quote closed on a comma before a
        # reporting verb is that verb's, not of a relative clause before it the parse hangs it on
        after = _adjacent_attribution(doc, start, end, people, entities, previous_quotes, before_quote=False)
        if after[0]:
            return after
    found = []
    for n, verb in enumerate(verbs + asides):
        if n == len(verbs) and found:
            break  # an aside ("In office, Ana Silva said, most voters came to believe “…”") says
            # who speaks only when the verbs above the quote name nobody
        relayed = _quoting(doc, verb, people, entities, previous_quotes)
        if relayed[0]:
            return relayed  # "the agency said, quoting Ms. Silva": she speaks
        subject = _subject(verb)
        if subject is not None and subject.i not in inside and not _in_quote(doc, subject.idx, (start, end)):
            # a subject inside other marks is the parser's mistake ("said on “Breakfast Hour”")
            speaker = _speaker_from_token(doc, subject, people, entities, previous_quotes)
            if speaker[0]:
                found.append(speaker)
    if found:
        # reported speech inside reported speech ("X said the ad “…” suggests"): the outermost
        # person or body that speaks; a document or a description only when nobody else does
        named = [f for f in found if f[1] in ("person", "organisation")]
        return named[-1] if named else found[0]
    adjacent = (None, None, "none") if own_clause else _adjacent_attribution(doc, start, end, people, entities, previous_quotes)
    if adjacent[0]:
        return adjacent
    owned = _speech_noun_owner(tokens, inside, people, entities)
    if owned[0]:
        return owned
    if verbs:
        return None, None, "verb"
    according = _according_to(sentence, inside)
    if according is not None:
        found = _speaker_from_token(doc, according, people, entities, previous_quotes)
        if found[0]:
            return found[0], found[1], "according"
    if _whole_sentence_quote(sentence, inside):
        # "“…?” | Ana Silva asked." split into two sentences: the attribution right after the
        # closing mark wins; else the speaker of the quote just before, else the next sentence's
        after = _speaker_of_next_sentence(doc, tokens[-1].sent, people, entities, previous_quotes)
        if after[0] and _attribution_follows(doc, end, tokens[-1].sent):
            return after[0], after[1], "verb"
        previous = previous_quotes[-1] if previous_quotes else None
        if previous and previous.speaker and previous.sentences[-1] >= first_sentence - 1:
            return previous.speaker, previous.speaker_kind, "continuation"
        if after[0]:
            return after[0], after[1], "verb"
        said = _speaker_of_previous_sentence(doc, sentence, people, entities, previous_quotes)
        if said[0]:
            return said[0], said[1], "continuation"
        return None, None, "none"
    for subject in _subjects_of_governing_verbs(tokens, inside):
        found = _speaker_from_token(doc, subject, people, entities, previous_quotes)
        if found[0]:
            return found[0], found[1], "subject"  # "X attacked “the hateful ideology”"
    return None, None, "none"


def _speech_noun_owner(tokens, inside, people, entities):
    """A quote in what a noun of speech says, whose owner the text names: "Ana Silva’s claim that
    there were “thousands of cases”", "a promise by the ministry to “act at once”"."""
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for root in roots:
        node = root
        for _ in range(4):
            if node.head.i == node.i:
                break
            node = node.head
            if node.i in inside:
                continue
            if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("acl", "relcl", "xcomp"):
                break  # a clause of its own: its verb, not a noun above it, says who speaks
            if node.pos_ == "NOUN" and node.lemma_.lower() in SPEECH_NOUNS:
                for child in node.children:
                    if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in ("by", "from")):
                        for part in child.subtree:
                            owner = _owner(part, people, entities)
                            if owner[0]:
                                return owner[0], owner[1], "noun"
                verb = node.head
                if node.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() not in RECEIVING_VERBS:
                    # "Ana Silva is rolling out a new message: “…”": who delivers it
                    subject = _controller(verb)
                    named = [] if subject is None else \
                        [subject, *(c for c in subject.children if c.dep_ in ("conj", "appos"))]  # "his wife, Ana Silva,"
                    for who in named:
                        owner = _owner(who, people, entities)
                        if owner[0]:
                            return owner[0], owner[1], "noun"
                break
    return None, None, "none"


def _controller(verb):
    """Who does what a verb says: its subject; for "to make" without one, the object of the verb
    above ("it prompted Ana Silva to make a comment") or else its subject ("she chose to make")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None or verb.dep_ != "xcomp":
        return subject
    above = verb.head
    return next((c for c in above.children if c.dep_ == "dobj"), None) or \
        next((c for c in above.children if c.dep_ == "nsubj"), None)


_SIGNATURE = re.compile(r"[”\"’»]?[ \t]*\n*[ \t]*[―—–]\s*")
_PARAGRAPH_SIGNATURE = re.compile(r"[”\"’»][^\S\n]*[―—–][^\S\n]*(?:[A-Z][\w’'.-]*[^\S\n]?){1,4}")


def _signature(doc, end: int, people) -> str | None:
    """A quote signed after a dash ("…” ― Ana Silva"), as in collected reader quotes and epigraphs."""
    text = doc_text(doc)
    match = _SIGNATURE.match(text, end)
    if match is None or "\n\n" in text[end:match.end()] and not text[match.start():match.end()].strip("”\"’» \t\n"):
        # a paragraph that opens with a quote and ends signed: the signature is of the whole
        # paragraph, though marks inside it closed the quote early ("“… ‘…” And … ” ― Ana Silva")
        opened = text.rfind("\n\n", 0, end) + 2 if text.rfind("\n\n", 0, end) >= 0 else 0
        closed = text.find("\n\n", end)
        closed = len(text) if closed < 0 else closed
        match = _PARAGRAPH_SIGNATURE.search(text, end, closed)
        if text[opened:opened + 1] not in _OPENING or match is None or text[match.end():closed].strip(" .\t\n"):
            return None
        match = _SIGNATURE.match(text, match.start())
    at = match.end()
    person = _covering(people, at)
    if person is not None and person.start <= at + 1:
        return person.text
    name = re.match(r"(?:[A-Z][\w’'.-]*\s?){1,4}", text[at:at + 80])
    if name is None:
        return None
    words = name.group().split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return None
    return " ".join(words).rstrip(".")


def _subjects_of_governing_verbs(tokens, inside):
    """The subjects of the verbs above the quote (within a few steps), nearest first, when no
    reporting verb governs it: "X dismissed the plan as “a waste of money”"; a subject that names
    nobody ("to make sure everything is “…”") passes on to the verb above."""
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for root in roots:
        node, steps = root, 0
        while steps < 6 and node.head.i != node.i:
            node, steps = node.head, steps + 1
            if node.i in inside or node.pos_ not in ("VERB", "AUX"):
                continue
            subject = next((c for c in node.children if c.dep_ == "nsubj" and c.i not in inside), None)
            if subject is not None:
                yield subject


def _attribution_follows(doc, end: int, sentence) -> bool:
    """The next sentence starts right after the closing mark, in the same paragraph, with its
    reporting verb among its first words ("“…?” Ana Silva asked, looking up")."""
    if sentence.end >= len(doc):
        return False
    following = doc[sentence.end].sent
    between = doc_text(doc)[end:following.start_char]
    if "\n" in between or between.strip("”\"’» \t"):
        return False
    return any(_quoting_lemma(t) and t.pos_ == "VERB" for t in following[:5])


def _reporting_subject(doc, span, people, entities, previous_quotes):
    """The speaker named as the subject of the first reporting verb in a span that has one."""
    for token in span:
        if _quoting_lemma(token) and token.pos_ == "VERB":
            subject = _subject(token)
            if subject is not None and not _in_quote(doc, subject.idx):
                speaker, kind, _ = _speaker_from_token(doc, subject, people, entities, previous_quotes)
                if speaker:
                    return speaker, kind
    return None, None


def _speaker_of_next_sentence(doc, sentence, people, entities, previous_quotes):
    """A whole-sentence quote followed by a short sentence that says who spoke ("… ?" Ana Silva asked.)."""
    if sentence.end >= len(doc):
        return None, None
    following = doc[sentence.end].sent
    words = [t for t in following if not t.is_punct and not t.is_space]
    if not words or len(words) > 12 or any(t.text in "“”\"" for t in following):
        return None, None
    return _reporting_subject(doc, following, people, entities, previous_quotes)


ADJACENT_TOKENS = 8  # words beside a quote mark that the surface fallback reads (tuned on all of ../shared/dev/)


_NAME_PHRASE = {"DET", "PROPN", "NOUN", "ADJ", "PRON", "PUNCT", "NUM"}  # the words of "the city's two top officials"


def _adjacent_attribution(doc, start: int, end: int, people, entities, previous_quotes, before_quote=True):
    """When the parse does not join a quote to its reporting verb: the words right after the
    closing mark ("”, Tulsa police chief Ana Silva said", "” said one source") or right before
    the opening one ("Said Ana Silva: “"), read in order; the speaker is the name next to the verb.
    Without `before_quote`, only a name and a finite reporting verb right after the closing mark."""
    after = [t for t in doc if t.idx >= end][:ADJACENT_TOKENS]
    before = [t for t in doc if t.idx + len(t.text) <= start][-ADJACENT_TOKENS:]
    for window, closing in ((after, True), (before, False))[:2 if before_quote else 1]:
        window = [t for t in window if not t.is_space]
        if closing:
            if doc_text(doc)[start:end].rstrip().endswith("."):
                continue  # “… .” ends a sentence: what follows is the next one
            window = window[next((n for n, t in enumerate(window) if t.text not in "”\"’»,"), len(window)):]
            cut = next((n for n, t in enumerate(window) if t.text in "“\"." or "\n" in t.whitespace_), len(window))
            window = window[:cut + 1]
        else:
            while window and window[-1].text in "“\"‘«":
                window = window[:-1]
            if not window or window[-1].text not in (":", ","):
                continue
            cut = max((n for n, t in enumerate(window) if t.text in ".”\"" or "\n" in t.whitespace_), default=-1)
            window = window[cut + 1:]
        verb = next((n for n, t in enumerate(window) if _is_reporting_verb(t) or t.lower_ in _INFLECTED), None)
        if verb is None:
            continue
        if not before_quote and (any(t.pos_ not in _NAME_PHRASE for t in window[:verb])
                                 or window[verb].tag_ not in ("VBD", "VBZ", "VBP", "NNP")):  # NNP: "Said" as a name
            continue  # only "“…,” the paper reported", not "“…,” when it reported" or "“…,” answering"
        ahead = [t for t in window[:verb] if t.pos_ in ("PROPN", "NOUN")]
        last = ahead[-1] if ahead else None
        if last is not None and last.dep_ == "appos" and last.head in ahead and doc[last.left_edge.i - 1].text == "," \
                and (last.head.pos_ == "PROPN" or _covering(people, last.head.idx) is not None):
            ahead.append(last.head)  # "”, Ana Silva, a party official, said": the name, not what she is
        behind = [t for t in window[verb + 1:] if t.pos_ in ("PROPN", "NOUN", "PRON") or t.dep_ == "nsubj"]
        for token in ([ahead[-1]] if ahead else []) + ([behind[0]] if behind else []):
            found = _speaker_from_token(doc, token, people, entities, previous_quotes)
            if found[0]:
                return found[0], found[1], "verb"
    return None, None, "none"


def _quoting(doc, verb, people, entities, previous_quotes):
    """"X said, quoting Y" or "citing Y": Y's words, relayed by X."""
    for child in verb.children:
        if child.lemma_.lower() in ("quote", "cite") and child.tag_ == "VBG":
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            person = _covering(people, obj.idx) if obj is not None else None
            if person is not None:  # "citing the release of Ana Silva's report": not her words
                return person.text, "person", "verb"
    return None, None, "none"


def _governing_speech_verbs(tokens, inside) -> tuple[list, list, bool]:
    """The reporting verbs above the quote in the parse, outside the quote, nearest first, and
    the reporting verbs set aside between commas beside them ("X, Ana Silva said, Y"); and
    whether the quote is in an adverbial clause of a named someone of its own ("as Tom Reed went
    on about “…”, Ana Silva said yes"), which the reporting verbs above do not report."""
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for root in roots:
        node, steps, verbs, asides = root, 0, [], []
        while steps < 8:
            if node.i not in inside and _is_reporting_verb(node):
                verbs.append(node)
            elif not verbs and node.i not in inside and node.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in TIME_CLAUSE_MARKS for c in node.children) and any(
                    c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.i not in inside for c in node.children):
                return [], [], True
            asides += [c for c in node.children if c.dep_ == "parataxis" and c.i not in inside
                       and _is_reporting_verb(c) and c not in asides]
            if node.head.i == node.i or (verbs and node.dep_ in ("relcl", "acl")):
                break  # "the announcement, which read “…”": the clause speaks for its noun
            node, steps = node.head, steps + 1
        if verbs:
            return verbs, [a for a in asides if a not in verbs], False
    return [], [], False


# Reporting verbs the tagger takes for proper nouns at the start of a sentence ("Said Ellis: ...").
_INFLECTED = {"said": "say", "says": "say", "told": "tell", "asked": "ask", "added": "add", "wrote": "write"}


def _is_reporting_verb(token) -> bool:
    if token.pos_ in ("VERB", "AUX"):
        return _quoting_lemma(token)
    return token.pos_ == "PROPN" and token.lower_ in _INFLECTED


def _quoting_lemma(token) -> bool:
    """The verb's lemma is a reporting verb, or the lemmatizer cut a regular ending wrongly
    ("rated" -> "rat"): the word without its "d", "ed" or "s" is one."""
    if token.lemma_.lower() in QUOTING_VERBS:
        return True
    word = token.lower_
    if token.tag_ in ("VBD", "VBN") and word.endswith("ed"):
        return word[:-1] in QUOTING_VERBS or word[:-2] in QUOTING_VERBS
    return token.tag_ == "VBZ" and word.endswith("s") and word[:-1] in QUOTING_VERBS


def _nearby_speech_verb(doc, sentence, inside, start, end):
    """A reporting verb of the same sentence outside the quote, nearest first (parse fallback)."""
    candidates = [t for t in sentence if t.i not in inside and _is_reporting_verb(t)
                  and (t.idx >= end or t.idx < start)]
    if not candidates:
        return None
    return min(candidates, key=lambda t: min(abs(t.idx - end), abs(t.idx - start)))


def _subject(verb):
    """Who speaks through a reporting verb: its subject; in the passive ("was branded a waste by
    MPs") the agent, except "X was quoted as saying", where X speaks."""
    own_subject = any(c.dep_.startswith("nsubj") for c in verb.children)
    if verb.tag_ == "VBG" and not own_subject and verb.i > 0 and verb.doc[verb.i - 1].pos_ == "PROPN" \
            and verb.doc[verb.i - 1].ent_type_ not in ("DATE", "TIME"):  # "tweets early Friday saying": not Friday
        return verb.doc[verb.i - 1]  # "footage of Ana Silva saying, “…”"
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and not own_subject:
        # "he appeared at a hearing for saying “…”", "she was criticised for saying “…”": who the
        # clause the preposition belongs to is about
        node = verb.head
        while node.dep_ in ("prep", "conj") and node.head.i != node.i and node.pos_ != "VERB":
            node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return subject
    if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN") and not own_subject:
        return verb.head  # "a statement reading, “…”"
    node = verb
    for _ in range(3):
        # a clause of the quote the parse also takes for a subject ("“…, one of the best,” Ana
        # Silva said") gives way to the subject outside the marks
        for child in sorted(node.children, key=lambda c: c.dep_ == "nsubj" and _in_quote(verb.doc, c.idx)):
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "nsubjpass":
                if node.lemma_.lower() == "quote":
                    return child
                agent = next((c for c in node.children if c.dep_ == "agent"), None)
                return next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head  # "said ... and warned", "was quoted as saying"
            continue
        break
    # inverted "said Ana Silva": the name can come as the object-like dependent
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "npadvmod", "appos") and child.i > verb.i and \
                (child.ent_type_ in ("PERSON", "ORG") or child.pos_ == "PROPN"):
            return child
    return None


def _according_to(sentence, inside):
    for token in sentence:
        if token.i in inside or token.lower_ != "according":
            continue
        for to in token.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
    return None


def _whole_sentence_quote(sentence, inside) -> bool:
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    return bool(words) and sum(t.i in inside for t in words) >= 0.8 * len(words)


def _speaker_of_previous_sentence(doc, sentence, people, entities, previous_quotes):
    """"... Ms Silva said." then a paragraph of quote: the subject of that reporting verb."""
    if sentence.start == 0:
        return None, None
    previous = doc[sentence.start - 1].sent
    while previous.start > 0 and all(t.is_space for t in previous):
        previous = doc[previous.start - 1].sent
    return _reporting_subject(doc, previous, people, entities, previous_quotes)


def _speaker_from_token(doc, token, people, entities, previous_quotes):
    """(speaker as written, kind, cue) for the subject of a reporting verb."""
    if token.lower_ in ("which", "that", "who") and token.head.dep_ == "relcl" and token.head.head.i != token.i:
        token = token.head.head  # "the announcement from X, which read, “…”": the announcement
    person = _covering(people, token.idx)
    if person is not None:
        return person.text, "person", "verb"
    entity = _covering(entities, token.idx)
    if entity is not None and entity.label in ORGANISATION_LABELS:
        return _organisation_name(_whole_organisation(doc, entity)), "organisation", "verb"
    singular_noun = token.tag_ == "NN" or (token.tag_ == "NNP" and token.text.islower())
    if singular_noun and token.lemma_.lower() in BODIES:
        # "the French foreign ministry said": the body named before, else the body as written (the
        # tagger may call a lowercase "ministry" after two adjectives a proper noun)
        body = _organisation_named(entities, token.lemma_.lower(), token.idx)
        if body:
            return body, "organisation", "role"
        owner = next((_owner(c, people, entities) for c in token.children if c.dep_ == "poss"), (None, None))
        if owner[0]:
            return f"{owner[0]} {token.lower_}", "organisation", "role"  # "Ana Silva’s campaign said"
        words = [t for t in doc[token.left_edge.i:token.i + 1] if t.dep_ not in ("det", "poss", "punct")]
        if len(words) >= 2 and all(t.dep_ in ("amod", "compound") or t.i == token.i for t in words):
            return " ".join(t.text for t in words), "organisation", "verb"
    lower = token.lower_
    if lower in PRONOUNS_PERSON:
        found = _subject_referent(doc, token, people, lower) or _nearest_person(doc, people, previous_quotes, token.idx, lower)
        return (found, "person", "pronoun") if found else (None, None, "pronoun")
    if lower in ("they", "we"):
        # "the campaign is seeking ... what they call “…”": the subject before it in the sentence
        earlier = [t for t in token.sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < token.i
                   and t.lower_ not in PRONOUNS_PERSON | PRONOUNS_GROUP and not _in_quote(doc, t.idx)]
        if earlier:
            found = _speaker_from_token(doc, max(earlier, key=lambda t: t.i), people, entities, previous_quotes)
            if found[0]:
                return found[0], found[1], "pronoun"
        return None, None, "pronoun"
    if lower in PRONOUNS_GROUP and lower == "it":
        previous = previous_quotes[-1] if previous_quotes else None
        if previous is not None and previous.speaker_kind == "organisation" and previous.start >= token.sent.start_char - 400:
            return previous.speaker, "organisation", "pronoun"  # "“…,” the ministry said. But it added, “…”"
        found = _nearest_organisation(entities, token.idx, token.sent.start_char)
        return (found, "organisation", "pronoun") if found else (None, None, "pronoun")
    if token.pos_ == "NOUN" and _is_person_noun(token):
        # a role with the name beside it: "the engineer Ana Silva", "the spokesman, Tom Reed,";
        # the parser hangs a name after "the partner at Brockwell, Ana Silva," on the firm, which
        # a person cannot be an apposition of (after "a spokesman for the mayor, X," X may be the mayor)
        places = [o for p in token.children if p.dep_ == "prep" for o in p.children
                  if o.dep_ == "pobj" and not _is_person_noun(o) and _covering(people, o.idx) is None]
        for child in [*token.children, *(c for o in places for c in o.children if c.dep_ == "appos")]:
            if child.dep_ in ("appos", "npadvmod", "compound"):
                named = next((m for t in child.subtree if (m := _covering(people, t.idx)) is not None), None)
                if named is not None:
                    return named.text, "person", "verb"
    if token.pos_ == "NOUN" and token.lemma_.lower() in MESSAGE_NOUNS:
        # a statement or spokesperson that belongs to someone: "a statement on the ministry's
        # website", "a Green Party spokesman"
        for child in token.subtree:
            if child.i == token.i or _about(child, token):
                continue
            owner = _covering(people, child.idx)
            if owner is not None and token.lemma_.lower() not in SPOKESPEOPLE:
                return owner.text, "person", "verb"
            owner = _covering(entities, child.idx)
            if owner is not None and owner.label in ("ORG", "GPE", "FAC") and token.tag_ == "NN":
                return _organisation_name(owner.text), "organisation", "verb"
    if (token.pos_ == "NOUN" or token.dep_.startswith("nsubj")) and _document_word(token):
        return _document_speaker(doc, token, people, entities)
    if token.pos_ == "NOUN":
        if token.tag_ == "NN":  # singular role or body: "the spokesman", "the agency"
            modifiers = tuple(c.lower_ for c in token.children if c.dep_ in ("amod", "compound") and c.text[:1].isupper())
            role_holder = _person_with_role(people, token.lemma_.lower(), token.idx, modifiers)
            if role_holder:
                return role_holder, "person", "role"
            body = _organisation_named(entities, token.lemma_.lower(), token.idx)
            if body:
                return body, "organisation", "role"
            described = _described_person(doc, token, people)
            if described:
                return described, "person", "role"
    if token.tag_ == "NNS" or token.lower_ == "police":
        # a group that speaks: "Police say", "Demonstrators said", "Tulsa police said"
        group = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct")]
        if len(group) <= 4 and not any(t.pos_ in ("NUM", "PRON") for t in group):
            return " ".join(t.text for t in group), "organisation", "verb"
    description = _description(doc, token)
    if description:
        return description, None, "description"
    if token.pos_ == "PROPN" and (entity is None or entity.label not in ("DATE", "TIME", "CARDINAL", "ORDINAL")):
        # a name the tagger did not call a person ("Tester said"): the name as written, or the
        # person of the article whose name ends with it
        name = _proper_name(doc, token)
        if name:
            known = next((m.text for m in reversed(people) if m.start < token.idx and m.text.split()[-1] == name.split()[-1]), None)
            return known or name, "person", "verb"
    return None, None, "verb"


def _description(doc, token) -> str:
    """An unnamed speaker as the text describes them, when it names someone they belong to or
    what they are: "Ana Silva's doctor", "the mayor's office", "one Democratic source on the panel"."""
    if token.pos_ != "NOUN" or token.tag_ != "NN":
        return ""
    if not (_is_person_noun(token) or token.lemma_.lower() in BODIES | SPOKESPEOPLE | {"family"}):
        return ""
    words = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct")
             and not any(a.dep_ in ("relcl", "acl", "appos") and a.i != token.i and t in a.subtree for a in t.ancestors)]
    if words and words[0].dep_ == "det":
        words = words[1:]
    if not words or len(words) > 8 or not any(t.text[:1].isupper() for t in words):
        return ""  # "the official" says nothing of who; "the state's official" does
    return " ".join(t.text for t in words).replace(" ’s", "’s").replace(" 's", "'s")


def _proper_name(doc, token) -> str:
    """The proper noun with the compound names before it, without a possessive ending."""
    start = token.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == token.i \
            and doc[start - 1].dep_ in ("compound", "flat"):
        start -= 1
    words = [t.text for t in doc[start:token.i + 1] if t.text[:1].isupper()]
    if not words or words[0].lower() in ("the", "a", "an"):
        return ""
    return re.sub(r"['’]s?$", "", " ".join(words))


def _document_word(token) -> str:
    """The document noun a token is ("suits" -> "suit"; "brief" even when tagged an adjective)."""
    for word in (token.lemma_.lower(), token.lower_):
        if word in DOCUMENTS:
            return word
    return ""


def _document_speaker(doc, token, people, entities):
    """A document speaks for whoever the text says made it: its owner ("the union's lawsuit",
    "a Homeland Security memo"), or the maker named where the article brings up the same kind of
    document ("the committee filed a lawsuit ... the suit says"); else the document itself."""
    for child in token.children:
        if _topic(child):
            continue
        if child.dep_ in ("poss", "compound") or (child.dep_ == "prep" and child.lower_ in ("from", "by", "on", "at")):
            for node in child.subtree:
                owner = _owner(node, people, entities)
                if owner[0]:
                    return owner[0], owner[1], "document"
    word = _document_word(token)
    group = next(g for g in DOCUMENT_GROUPS if word in g)
    for earlier in reversed(doc[:token.i]):
        if earlier.pos_ != "NOUN" or earlier.lemma_.lower() not in group:
            continue
        verb = earlier.head
        if earlier.dep_ == "pobj" and verb.lower_ in ("in", "through") and verb.head.pos_ == "VERB":
            # "In a statement, the ministry said ...": who speaks in it
            maker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        elif earlier.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in MAKING_VERBS:
            maker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if maker is None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                maker = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
        elif earlier.dep_ != "dobj":
            # "a lawsuit filed by the committee"
            acl = next((c for c in earlier.children if c.dep_ == "acl" and c.lemma_.lower() in MAKING_VERBS), None)
            agent = next((c for c in acl.children if c.dep_ == "agent"), None) if acl is not None else None
            maker = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
        else:
            maker = None
        if maker is not None:
            found = _owner(maker, people, entities)
            if found[0]:
                return found[0], found[1], "document"
    phrase = [t for t in doc[token.left_edge.i:token.i + 1] if t.dep_ not in ("det", "poss") or t.i == token.i]
    return "the " + " ".join(t.text for t in phrase).lower(), None, "document"


def _topic(token) -> bool:
    """A preposition that says what a message is about, not whose it is: "a report on Ana
    Silva's tenure", "a statement about the ministry" (but "a memo on the ministry's website")."""
    return token.dep_ == "prep" and token.lower_ in ("on", "about", "over", "into", "regarding") and not any(
        o.dep_ == "pobj" and o.lemma_.lower() in PUBLISHING_PLACES for o in token.children)


def _about(word, noun) -> bool:
    """The word is in what the noun is about (under a topic preposition of it)."""
    while word.i != noun.i and word.head.i != word.i:
        if _topic(word):
            return True
        word = word.head
    return False


def _owner(token, people, entities):
    person = _covering(people, token.idx)
    if person is not None:
        return person.text, "person"
    entity = _covering(entities, token.idx)
    if entity is not None and entity.label in ORGANISATION_LABELS:
        return _organisation_name(entity.text), "organisation"
    return None, None


def _described_person(doc, token, people) -> str | None:
    """"the New York businessman said": a definite description of a person refers to the person
    last named as the subject of a clause, within the three sentences before."""
    if token.lemma_.lower() in SPOKESPEOPLE or not _is_person_noun(token):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    since = doc[max(0, token.sent.start - 1)].sent
    for _ in range(2):
        if since.start == 0:
            break
        since = doc[since.start - 1].sent
    subjects = []
    for mention in people:
        if not since.start_char <= mention.start < token.idx:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            subjects.append(mention)
    return max(subjects, key=lambda m: m.start).text if subjects else None


_ORG_TAIL = re.compile(r"\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w&’'-]*(?:\s+(?:and|&|of|for|the|[A-Z][\w&’'-]*))*")


def _whole_organisation(doc, entity) -> str:
    """An organisation's name with the "for the X of Y" the tagger cut off ("UN Office [for the
    Co-ordination of Humanitarian Affairs]")."""
    if entity.label != "ORG":
        return entity.text
    tail = _ORG_TAIL.match(doc_text(doc), entity.end)
    if tail is None:
        return entity.text
    words = tail.group().split()
    while words and words[-1] in ("and", "&", "of", "for", "the", "on"):
        words.pop()
    return " ".join([entity.text, *words]) if words else entity.text


def _covering(mentions, offset):
    for mention in mentions:
        if mention.start <= offset < mention.end:
            return mention
    return None


MALE_TITLES = {"mr", "sir", "lord", "king", "prince", "duke", "earl", "baron", "father"}
FEMALE_TITLES = {"ms", "mrs", "miss", "lady", "dame", "queen", "princess", "duchess", "baroness", "mother"}


def _genders(people) -> dict[str, str]:
    """Surname -> "m" or "f" from the honorifics the article gives ("Mr", "Ms")."""
    gender: dict[str, str] = {}
    for mention in people:
        title = (mention.honorific or "").lower().rstrip(".")
        if title in MALE_TITLES | FEMALE_TITLES:
            gender[mention.text.split()[-1]] = "m" if title in MALE_TITLES else "f"
    return gender


def _in_quote(doc, offset: int, within: tuple[int, int] = (0, 0)) -> bool:
    """The offset is inside quote marks, other than those of a passage that holds `within`."""
    spans = doc.user_data.get("digest_quote_spans")
    if spans is None:
        spans = doc.user_data["digest_quote_spans"] = quote_spans(doc_text(doc))
    return any(s <= offset < e and not s <= within[0] < within[1] <= e for s, e in spans)


SUBJECT_SENTENCES = 3  # sentences looked back for the subject a pronoun refers to (tuned on all of ../shared/dev/)


def _subject_referent(doc, pronoun, people, lower: str) -> str | None:
    """The person a "he" or "she" refers to: the nearest subject before it, outside quotes, in
    its sentence and the ones before, that is a person of the right gender; a subject that is
    itself "he"/"she" passes the search on to the subjects before it, then to the sentences before
    ("Mr. X said ... He also warned ... “…,” he said"). The subject of the main verb comes first:
    the one who said, not the one said to do something."""
    gender = _genders(people)
    surnames = {m.text.split()[-1] for m in people}
    excluded = "f" if lower in ("he", "him") else "m"
    sentence = pronoun.sent
    before = pronoun.i
    for _ in range(SUBJECT_SENTENCES):
        subjects = [t for t in sentence if t.dep_ in ("nsubj", "nsubjpass") and t.i < before
                    and not _in_quote(doc, t.idx)]
        # main clauses first: in "He warned the builders, which Ana Silva had hired", he is not Ana
        # Silva; in "Tom Reed said he expected Ana Silva to resign", the one who said
        for subject in sorted(subjects, key=lambda t: (t.head.dep_ in ("relcl", "acl", "advcl", "pcomp"),
                                                       _clause_depth(t), -t.i)):
            if subject.i >= before:
                continue
            if subject.lower_ in PRONOUNS_PERSON:
                if (subject.lower_ in ("he", "him")) == (lower in ("he", "him")):
                    before = subject.i  # the same referent: a subject before it ("While Ana Silva ..., she ...")
                continue
            person = _covering(people, subject.idx)
            name = person.text if person is not None else (
                _proper_name(doc, subject) if subject.pos_ == "PROPN" and not subject.ent_type_
                and subject.text in surnames else "")  # "Kan marked ...": a surname named before
            if name and gender.get(name.split()[-1]) != excluded:
                return name
        if sentence.start == 0:
            return None
        sentence = doc[sentence.start - 1].sent
        for _ in range(QUOTED_SENTENCES):
            if sentence.start == 0 or not _quoted_sentence(doc, sentence):
                break
            sentence = doc[sentence.start - 1].sent  # the quote's own sentences hold no referent
        before = sentence.end
    return None


def _clause_depth(token) -> int:
    """How many dependency steps below its sentence's root a subject's verb stands."""
    depth, verb = 0, token.head
    while verb.head.i != verb.i:
        depth, verb = depth + 1, verb.head
    return depth


QUOTED_SENTENCES = 8  # quoted sentences passed over on the way back (tuned on the PolNeAR dev split and the five dev stories)


def _quoted_sentence(doc, sentence) -> bool:
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    return bool(words) and all(_in_quote(doc, t.idx) for t in words)


def _nearest_person(doc, people, previous_quotes, before: int, pronoun: str = "he") -> str | None:
    """The person a "he" or "she" refers to when no subject says: the last one named before it
    whose honorifics in the article ("Mr", "Ms") do not say otherwise."""
    gender = _genders(people)
    excluded = "f" if pronoun in ("he", "him") else "m"
    earlier = [m for m in people if m.end <= before and gender.get(m.text.split()[-1]) != excluded
               and not _in_quote(doc, m.start)]  # "“Peter,” he said": not Peter
    if not earlier:
        return None
    last = max(earlier, key=lambda m: m.start)
    # a pronoun right after a quote refers to its speaker when that speaker was the last named
    for quote in reversed(previous_quotes):
        if quote.speaker_kind == "person" and quote.start > last.start and \
                gender.get(quote.speaker.split()[-1]) != excluded:
            return quote.speaker
        break
    return last.text


def _nearest_organisation(entities, before: int, sentence_start: int) -> str | None:
    earlier = [e for e in entities if e.end <= before and e.label == "ORG" and e.start >= sentence_start - 400]
    return _organisation_name(max(earlier, key=lambda e: e.start).text) if earlier else None


def _person_with_role(people, noun: str, before: int, modifiers: tuple[str, ...] = ()) -> str | None:
    """The last person named before with a role of this noun; the description's modifiers
    ("the Republican nominee") must be in the role too."""
    holders = [m for m in people if m.start < before and any(
        noun in role.lower().split() and all(w in role.lower().split() for w in modifiers) for role in m.roles)]
    return max(holders, key=lambda m: m.start).text if holders else None


def _organisation_named(entities, noun: str, before: int) -> str | None:
    named = [e for e in entities if e.start < before and e.label == "ORG" and noun in e.text.lower().split()]
    return _organisation_name(max(named, key=lambda e: e.start).text) if named else None


def _organisation_name(text: str) -> str:
    text = re.sub(r"(?:['’]s?)$", "", text.strip())
    return re.sub(r"^the\s+", "", text, flags=re.I)


# ---------------------------------------------------------------------------------------------
# Across articles

SAME_QUOTE_OVERLAP = 0.7  # share of the shorter quote's content words found in the longer one
SAME_QUOTE_PARTIAL = 90  # rapidfuzz partial_ratio of the shorter inside the longer
# A passage of this many content words, nearly all shared, is one quote even when two outlets
# name different speakers (one of them is wrong); tuned on all of ../shared/dev/ together.
SAME_QUOTE_LONG = 8
SAME_QUOTE_VERBATIM = 0.9
# How directly the text names a speaker: a reporting verb or "according to" over a document's
# maker, a role or a description, over what is inferred (pronouns, continuations). Only breaks
# ties between outlets; the order was checked on all of ../shared/dev/ together.
CUE_STRENGTH = {"verb": 3, "according": 3, "signature": 3, "document": 2, "noun": 2, "role": 2, "description": 1,
                "subject": 1, "pronoun": 1, "continuation": 1}
MAX_POSTING = 200
MAX_CANDIDATES = 10  # quotes compared with each quote, those sharing most words first
_STOP = {
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "for", "with", "at", "by", "from",
    "is", "are", "was", "were", "be", "been", "it", "that", "this", "as", "its", "their", "our",
    "we", "i", "you", "he", "she", "they", "not", "will", "would", "has", "have", "had", "do",
}


def merge_quotes(records: Sequence[ArticleRecord], people: PeopleIndex, person_order: dict[str, int]) -> tuple[Quote, ...]:
    """The same quote from several outlets (exact, reworded or translated) becomes one Quote."""
    items = []
    for record in records:
        for mention in record.quotes:
            speaker, kind = mention.speaker, mention.speaker_kind
            if kind == "person" and speaker:
                # the person the people stage made of the name; a name it rejected as no
                # person (an outlet, a firm) speaks as an organisation
                resolved = people.resolve(record.article_id, speaker)
                if resolved is None and people.rejected(record.article_id, speaker):
                    kind = "organisation"
                    if mention.cue == "pronoun":
                        speaker, kind = None, None  # "he" is no outlet: the referent was wrong
                speaker = resolved or speaker
            items.append((record.article_id, replace(mention, speaker_kind=kind), speaker))
    groups = _group_same_quotes(items)
    organisations = _organisation_names([speaker for _, m, speaker in items if m.speaker_kind == "organisation"])
    quotes = []
    for group in groups:
        speakers = [(speaker, m.speaker_kind if speaker else None) for _, m, speaker in group if speaker]
        cues = defaultdict(int)
        for _, m, speaker in group:
            if speaker:
                cues[(speaker, m.speaker_kind)] = max(cues[(speaker, m.speaker_kind)], CUE_STRENGTH.get(m.cue, 0))
        # the speaker most sources name; on a tie the one the text states most directly
        speaker, kind = (max(speakers, key=lambda s: (sum(x == s for x in speakers), cues[s], s[0] or ""))
                         if speakers else (None, None))
        if kind == "organisation":
            speaker = organisations.get(speaker, speaker)
        longest = max(group, key=lambda g: (len(g[1].text), g[0]))
        variants = tuple(
            QuoteVariant(m.text, article_id, Citation(article_id, m.sentences[0]))
            for article_id, m, _ in sorted(group, key=lambda g: (g[0], g[1].start))
        )
        quotes.append(Quote(text=longest[1].text, speaker=speaker, speaker_kind=kind,
                            sources=tuple(sorted({v.source for v in variants})), variants=variants))

    def order(quote: Quote):
        rank = {"person": 0, "organisation": 1}.get(quote.speaker_kind or "", 2)
        first = quote.variants[0]
        return (rank, person_order.get(quote.speaker or "", 10**6), (quote.speaker or "").casefold(),
                -len(quote.sources), first.source, first.citation.sentence)

    return tuple(sorted(quotes, key=order))


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1)


def _group_same_quotes(items):
    """Union of quote pairs that share enough content words; candidates from an inverted index."""
    words = [_content_words(m.text) for _, m, _ in items]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            postings[w].append(i)
    # the named speakers of each group (by its root): two groups that name no speaker in common are
    # two quotes, unless a long passage is word for word in both; a quote nobody is named for so
    # cannot join two speakers' quotes ("the harbour board is with us", "the right thing for the board")
    speakers = [{speaker} if m.speaker_kind and speaker else set() for _, m, speaker in items]
    for i in range(len(items)):
        shared = Counter()
        for w in words[i]:
            if len(postings[w]) <= MAX_POSTING:  # a word in hundreds of quotes says nothing
                shared.update(j for j in postings[w] if j > i)
        for j, _ in sorted(shared.items(), key=lambda c: (-c[1], c[0]))[:MAX_CANDIDATES]:
            root_i, root_j = find(i), find(j)
            if root_i == root_j or items[i][0] == items[j][0]:
                continue
            if _no_speaker_in_common(speakers[root_i], speakers[root_j]) and not _word_for_word(words[i], words[j]):
                continue
            if _same_quote(items[i][1], items[j][1], words[i], words[j]):
                parent[root_j] = root_i
                speakers[root_i] |= speakers[root_j]
    groups: dict[int, list] = defaultdict(list)
    for i, item in enumerate(items):
        groups[find(i)].append(item)
    return [groups[k] for k in sorted(groups)]


def _no_speaker_in_common(speakers_a: set[str], speakers_b: set[str]) -> bool:
    """Both groups name speakers (a document or a description names nobody), and none is one person
    or body in both."""
    return bool(speakers_a and speakers_b) and not any(
        a == b or _abbreviates(a, b) for a in speakers_a for b in speakers_b)


def _word_for_word(words_a, words_b) -> bool:
    """A long passage the two quotes share almost word for word."""
    smaller = min(len(words_a), len(words_b))
    return smaller >= SAME_QUOTE_LONG and len(words_a & words_b) / smaller >= SAME_QUOTE_VERBATIM


def _same_quote(qa, qb, words_a, words_b) -> bool:
    """The same words, or nearly: most content words shared, or the shorter inside the longer."""
    smaller = min(len(words_a), len(words_b))
    common = len(words_a & words_b)
    if smaller >= 4 and common / smaller >= SAME_QUOTE_OVERLAP:
        return True
    if common < min(2, smaller):
        return False  # the wording test below is slow: only for quotes sharing words
    short, long = sorted((qa.text.lower(), qb.text.lower()), key=len)
    return len(short.split()) >= 3 and fuzz.partial_ratio(short, long) >= SAME_QUOTE_PARTIAL


def _abbreviates(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return short.isupper() and "".join(w[0] for w in long.split() if w[0].isupper()) == short


def _organisation_names(names: list[str]) -> dict[str, str]:
    """Acronyms join the full name they abbreviate ("NRA" -> "National Rail Agency")."""
    full = sorted({n for n in names if n and len(n.split()) >= 2})
    mapping = {}
    for name in sorted({n for n in names if n}):
        for candidate in full:
            if name != candidate and _abbreviates(name, candidate):
                mapping[name] = candidate
                break
    return mapping

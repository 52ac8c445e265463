"""The quotes of a parsed article and where the parse names each one's speaker: the reporting
verbs above it and their subjects, a signature after a dash, the words beside the marks,
"according to X", the owner of a noun of speech, or the quote before it when a paragraph of
quote goes on."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..model import EntityMention, PersonMention, QuoteMention
from ..nlp import doc_text
from .marks import OPENING, doc_quote_spans, in_quote
from .referents import covering, person_or_organisation
from .speakers import speaker_from_token
from .vocabulary import QUOTING_VERBS, RECEIVING_VERBS, SPEECH_NOUNS, TIME_CLAUSE_MARKS


def find_quotes(doc, sentence_of, people: Sequence[PersonMention], entities: Sequence[EntityMention]) -> tuple[QuoteMention, ...]:
    quotes: list[QuoteMention] = []
    for start, end in doc_quote_spans(doc):
        inner = doc_text(doc)[start:end]
        words = re.findall(r"[A-Za-z0-9’']+", inner)
        if not words:
            continue
        tokens = list(doc[_first_token_from(doc, start):_first_token_from(doc, end)])
        if not tokens:
            continue
        first = sentence_of(start)
        last = sentence_of(max(start, end - 1))
        speaker, kind, cue = _attribute(doc, tokens, start, end, people, entities, quotes, first)
        if len(words) == 1 and _between_name_parts(doc, tokens):
            continue  # a nickname inside a name: Ana “Nana” Silva
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


def _first_token_from(doc, offset: int) -> int:
    """The index of the first token starting at or after a character offset (one search, not a scan)."""
    starts = doc.user_data.get("digest_token_starts")
    if starts is None:
        starts = doc.user_data["digest_token_starts"] = [t.idx for t in doc]
    return bisect.bisect_left(starts, offset)


def _token_ends(doc) -> list[int]:
    ends = doc.user_data.get("digest_token_ends")
    if ends is None:
        ends = doc.user_data["digest_token_ends"] = [t.idx + len(t.text) for t in doc]
    return ends


def _between_name_parts(doc, tokens) -> bool:
    before, after = tokens[0].i - 2, tokens[-1].i + 2  # past the opening and the closing mark
    return before >= 0 and after < len(doc) and doc[before].pos_ == "PROPN" and doc[after].pos_ == "PROPN" \
        and tokens[0].text[:1].isupper() and doc[before + 1].is_quote and doc[after - 1].is_quote


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
    cited = _according_to_right_after(doc, tokens, people, entities, previous_quotes)
    if cited:
        return cited, "person", "according"  # "Sputnik added the North will “…,” according to Kim"
    found = []
    for n, verb in enumerate(verbs + asides):
        if n == len(verbs) and found:
            break  # an aside ("In office, Ana Silva said, most voters came to believe “…”") says
            # who speaks only when the verbs above the quote name nobody
        relayed = _quoting(doc, verb, people, entities, previous_quotes)
        if relayed[0]:
            return relayed  # "the agency said, quoting Ms. Silva": she speaks
        subject = _subject(verb)
        if subject is not None and subject.i not in inside and not in_quote(doc, subject.idx, (start, end)):
            # a subject inside other marks is the parser's mistake ("said on “Breakfast Hour”")
            speaker = speaker_from_token(doc, subject, people, entities, previous_quotes)
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
        found = speaker_from_token(doc, according, people, entities, previous_quotes)
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
        subject = _person_the_paragraph_is_about(doc, sentence, people, entities, previous_quotes)
        if subject:
            return subject, "person", "subject"
        return None, None, "none"
    for subject in _subjects_of_governing_verbs(tokens, inside):
        found = speaker_from_token(doc, subject, people, entities, previous_quotes)
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
                            owner = person_or_organisation(part, people, entities)
                            if owner[0]:
                                return owner[0], owner[1], "noun"
                verb = node.head
                if node.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() not in RECEIVING_VERBS:
                    # "Ana Silva is rolling out a new message: “…”": who delivers it
                    subject = _controller(verb)
                    named = [] if subject is None else \
                        [subject, *(c for c in subject.children if c.dep_ in ("conj", "appos"))]  # "his wife, Ana Silva,"
                    for who in named:
                        owner = person_or_organisation(who, people, entities)
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
        if text[opened:opened + 1] not in OPENING or match is None or text[match.end():closed].strip(" .\t\n"):
            return None
        match = _SIGNATURE.match(text, match.start())
    at = match.end()
    person = covering(people, at)
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
            if subject is not None and not in_quote(doc, subject.idx):
                speaker, kind, _ = speaker_from_token(doc, subject, people, entities, previous_quotes)
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
    first_after = _first_token_from(doc, end)
    after = list(doc[first_after:first_after + ADJACENT_TOKENS])
    ends = _token_ends(doc)
    last_before = bisect.bisect_right(ends, start)  # tokens ending at or before the opening mark
    before = list(doc[max(0, last_before - ADJACENT_TOKENS):last_before])
    for window, closing in ((after, True), (before, False))[:2 if before_quote else 1]:
        window = [t for t in window if not t.is_space]
        if closing:
            if doc_text(doc)[start:end].rstrip().endswith("."):
                continue  # “… .” ends a sentence: what follows is the next one
            window = window[next((n for n, t in enumerate(window) if t.text not in "”\"’»,"), len(window)):]
            if window and "\n" in doc_text(doc)[end:window[0].idx]:
                continue  # a quote open to the end of its paragraph: the next paragraph is not its attribution
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
                and (last.head.pos_ == "PROPN" or covering(people, last.head.idx) is not None):
            ahead.append(last.head)  # "”, Ana Silva, a party official, said": the name, not what she is
        behind = [t for t in window[verb + 1:] if t.pos_ in ("PROPN", "NOUN", "PRON") or t.dep_ == "nsubj"]
        for token in ([ahead[-1]] if ahead else []) + ([behind[0]] if behind else []):
            found = speaker_from_token(doc, token, people, entities, previous_quotes)
            if found[0]:
                return found[0], found[1], "verb"
    return None, None, "none"


def _quoting(doc, verb, people, entities, previous_quotes):
    """"X said, quoting Y" or "citing Y": Y's words, relayed by X."""
    for child in verb.children:
        if child.lemma_.lower() in ("quote", "cite") and child.tag_ == "VBG":
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            person = covering(people, obj.idx) if obj is not None else None
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
        for child in sorted(node.children, key=lambda c: c.dep_ == "nsubj" and in_quote(verb.doc, c.idx)):
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


def _according_to_right_after(doc, tokens, people, entities, previous_quotes) -> str | None:
    """The person an "according to" right after the closing mark names: the quote's own source,
    whoever the sentence's reporting verb says relays it."""
    following = doc[tokens[-1].i + 1:tokens[-1].i + 4]
    according = next((t for t in following if not t.is_punct), None)
    if according is None or according.lower_ != "according":
        return None
    source = _according_object(according)
    if source is None:
        return None
    speaker, kind, _ = speaker_from_token(doc, source, people, entities, previous_quotes)
    return speaker if kind == "person" else None


def _according_to(sentence, inside):
    for token in sentence:
        if token.i not in inside and token.lower_ == "according":
            source = _according_object(token)
            if source is not None:
                return source
    return None


def _according_object(according):
    """The X of "according to X"."""
    return next((o for to in according.children if to.lower_ == "to" for o in to.children if o.dep_ == "pobj"), None)


def _whole_sentence_quote(sentence, inside) -> bool:
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    return bool(words) and sum(t.i in inside for t in words) >= 0.8 * len(words)


def _person_the_paragraph_is_about(doc, sentence, people, entities, previous_quotes) -> str | None:
    """A quote that follows, in one paragraph, a sentence whose subject is a person speaks for that
    person ("Ana Silva listed the council's failures. “We have waited long enough.”"): the person
    the paragraph is about, as a reader takes it."""
    if sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    if "\n" in doc_text(doc)[previous.end_char:sentence.start_char]:
        return None
    root = previous.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or in_quote(doc, subject.idx):
        return None
    speaker, kind, _ = speaker_from_token(doc, subject, people, entities, previous_quotes)
    mention = covering(people, subject.idx)
    # a full name or a titled one ("Mr Howard"): the tagger calls some one-word products and firms persons
    named = speaker and (len(speaker.split()) >= 2 or mention is not None and mention.honorific)
    return speaker if kind == "person" and named else None


def _speaker_of_previous_sentence(doc, sentence, people, entities, previous_quotes):
    """"... Ms Silva said." then a paragraph of quote: the subject of that reporting verb."""
    if sentence.start == 0:
        return None, None
    previous = doc[sentence.start - 1].sent
    while previous.start > 0 and all(t.is_space for t in previous):
        previous = doc[previous.start - 1].sent
    return _reporting_subject(doc, previous, people, entities, previous_quotes)

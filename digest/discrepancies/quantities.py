"""Numbers in one article, normalised so that sources can be compared.

Each number is read with what it counts or measures (the counted noun, the unit and the thing
measured, what happened to the people counted), how its qualifier widens it into an interval
("more than", "about", "at least"), and what narrows it (a place, a year, a relative clause).
Number words, scales ("2.6 million"), vague quantities ("tens of thousands"), ranges ("10 to
20"), ranks ("the fifth-largest"), distance units (miles as kilometres) and durations (months as
days) are normalised here. General English vocabulary only, nothing of a particular story.
"""

from __future__ import annotations

import re

from ..model import Quantity
from ..people import _is_person_noun

ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
        "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000, "m": 1_000_000, "k": 1_000}
ABBREVIATED_SCALES = {"bn", "mn", "m", "k"}
# Vague quantities as the interval they allow: "hundreds of thousands" is at least 200,000.
VAGUE = {"dozens": (24, 99), "scores": (40, 99), "tens": (20, 99), "hundreds": (200, 999),
         "thousands": (2_000, 9_999), "millions": (2_000_000, 999_999_999), "billions": (2e9, 999e9)}
FEW = {"several": (3, 9), "few": (2, 6), "handful": (2, 6)}
DAYS_PER = {"day": 1, "week": 7, "fortnight": 14, "month": 30.44, "year": 365.25, "decade": 3652.5}
# Units of length as kilometres; percentages as one unit.
LENGTH_KM = {"km": 1.0, "kilometre": 1.0, "kilometer": 1.0, "kms": 1.0, "mile": 1.609344, "m": 0.001,
             "metre": 0.001, "meter": 0.001, "ft": 0.0003048, "foot": 0.0003048, "feet": 0.0003048}
PERCENT = {"%", "percent", "per cent", "pc"}
CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
# Measures of a thing rather than counts of it: the value belongs to the thing measured.
MEASURES = {"magnitude", "degree", "km", "%", "day", "ton", "tonne", "kg", "point", "dollars", "pounds",
            "euros", "yen", "times"}
# How a qualifier widens a number into the interval of values it allows.
QUALIFIERS = [
    (re.compile(r"(more than|over|above|upwards of|in excess of|exceeding|exceed|beyond)"), (1.0, 1.35)),
    (re.compile(r"(at least|no fewer than|no less than|a minimum of)"), (1.0, 1.5)),
    (re.compile(r"(nearly|almost|close to|just under|less than|under|fewer than|up to|as many as|as much as|"
                r"no more than|at most)"), (0.88, 1.0)),
    (re.compile(r"(about|around|roughly|some|approximately|an estimated|estimated|nearly|around|circa|"
                r"more or less|or so)"), (0.85, 1.15)),
]
EXACT = (0.97, 1.03)
# What happened to the people a number counts: a count of the dead is not one of the missing.
PERSON_STATES = {
    "dead": {"die", "dead", "death", "kill", "killed", "fatality", "perish", "drown", "toll", "life"},
    "missing": {"missing", "unaccounted", "disappear", "vanish"},
    "injured": {"injure", "injured", "wound", "wounded", "hurt", "injury"},
    "evacuated": {"evacuate", "evacuee", "displace", "displaced", "flee", "relocate", "evacuation"},
    "arrested": {"arrest", "detain", "jail", "imprison"},
    "rescued": {"rescue", "save"},
}
STATE_OF = {word: state for state, words in PERSON_STATES.items() for word in words}
# Nouns that count people (a state noun such as "deaths" counts people too).
PERSON_UNITS = {"people", "person", "resident", "civilian", "child", "man", "woman", "victim", "passenger",
                "citizen", "individual", "inhabitant", "soldier", "worker", "student", "casualty", "other"}
# Nouns a distance names a category of ("the 200m final"), rather than measuring something.
CATEGORY_NOUNS = {"title", "race", "final", "event", "record", "gold", "silver", "bronze", "medal", "heat",
                  "freestyle", "hurdles", "relay", "semi", "final", "run", "sprint", "course"}
# Size superlatives that rank the same way.
SIZE_SUPERLATIVES = {"largest", "biggest", "strongest", "greatest", "powerful", "large", "big", "strong"}
HEDGES = {"could", "may", "might", "would", "will", "expect", "fear", "predict", "project", "forecast",
          "warn", "likely", "possible", "estimate", "plan", "aim", "hope", "should"}
# Adjectives that describe rather than classify ("total", "confirmed"): not part of what is counted.
DESCRIPTIVE = {"total", "final", "several", "special", "original", "actual", "potential", "additional",
               "usual", "typical", "critical", "initial", "official", "overall", "general", "real",
               "normal", "formal", "similar", "vital", "crucial", "central", "annual", "approximate",
               "estimated", "confirmed", "reported", "other", "more", "further", "secret", "new", "old"}
_RELATIONAL = re.compile(r"(?:al|ic|ar|ary)$")
NUMBER_DEPS = {"nummod", "amod", "compound", "quantmod", "npadvmod", "appos", "nsubj", "nsubjpass", "dobj",
               "pobj", "attr", "conj", "advmod", "acomp"}


def find_quantities(doc, sentence_of) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    used: set[int] = set()
    for token in doc:
        if token.i in used:
            continue
        read = _vague(doc, token) or _rank(doc, token) or _number(doc, token)
        if read is None:
            continue
        first, last, low, high = read
        used.update(range(first, last + 1))
        quantity = _quantity(doc, token, first, last, low, high, sentence_of)
        if quantity is not None:
            found.append(quantity)
    return tuple(found)


# --- reading the value ---------------------------------------------------------------------------


def number_value(text: str) -> float | None:
    """A number written in digits or as one word ("1,600", "2.6", "sixteen", "fifth")."""
    text = text.lower().replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    if text in ONES:
        return float(ONES[text])
    if "-" in text:  # "twenty-three"
        parts = text.split("-")
        if len(parts) == 2 and parts[0] in ONES and parts[1] in ONES:
            return float(ONES[parts[0]] + ONES[parts[1]])
    return None


def _number(doc, token):
    """(first token, last token, low, high) of a number and its qualifier, range and scale."""
    if not token.like_num or token.lower_ in ORDINALS or token.dep_ not in NUMBER_DEPS:
        return None
    if token.i > 0 and (doc[token.i - 1].like_num and doc[token.i - 1].lower_ not in ORDINALS):
        return None
    if token.ent_type_ in ("DATE", "TIME") and not _duration_unit(doc, token):
        return None
    if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
        return None  # "one of the few countries": a part, not a count
    if _referential(doc, token):
        return None
    value = number_value(token.text)
    if value is None or (value == 1 and token.is_alpha):
        return None  # "one quake could trigger another": a determiner, not a count
    if token.i > 0 and doc[token.i - 1].lower_ in ("top", "no", "number", "no.", "#"):
        return None  # "the top 10", "No. 1": names of places in a list
    last = token.i
    while last + 1 < len(doc) and doc[last + 1].lower_ in SCALES:
        if doc[last + 1].lower_ in ABBREVIATED_SCALES and not _is_money(doc, token):
            break  # "2m" is two metres unless it is money
        value *= SCALES[doc[last + 1].lower_]
        last += 1
    low = high = value
    # a range: "10 to 20", "10-20", "between 10 and 20"
    if last + 2 < len(doc) and doc[last + 1].lower_ in ("to", "-", "–", "and") and doc[last + 2].like_num:
        if doc[last + 1].lower_ != "and" or (token.i > 0 and doc[token.i - 1].lower_ == "between"):
            other = number_value(doc[last + 2].text)
            if other is not None and other > value:
                high = other
                last += 2
                while last + 1 < len(doc) and doc[last + 1].lower_ in SCALES:
                    low *= SCALES[doc[last + 1].lower_]
                    high *= SCALES[doc[last + 1].lower_]
                    last += 1
    (low_f, high_f), first = _qualifier(doc, token)
    if high > low and token.i > 0 and doc[token.i - 1].lower_ == "between":
        first = token.i - 1
    if low == high:
        if (low_f, high_f) == EXACT:
            half = 0.49 * _precision(doc[token.i:last + 1])
            low, high = low - half, high + half
        else:
            low, high = low * low_f, high * high_f
        if last + 3 < len(doc) and doc[last + 1].lower_ == "or" and doc[last + 2].lower_ in ("more", "greater", "higher", "above"):
            high = max(high, low * 1.5)  # "7 or greater"
    return first, last, low, high


def _precision(tokens) -> float:
    """The unit of a written number's last digit, after its scale: "8.9" 0.1, "1,600" 100,
    "2.6 million" 100,000, "five" 1. A round number stands for any value it rounds from."""
    digits = tokens[0].text.replace(",", "")
    scale = 1.0
    for t in tokens[1:]:
        scale *= SCALES.get(t.lower_, 1)
    if not re.fullmatch(r"\d+(\.\d+)?", digits):
        return scale
    if "." in digits:
        return scale * 10 ** -len(digits.split(".")[1])
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    return scale * 10 ** zeros


def _referential(doc, token) -> bool:
    """"the two countries", "our three reactors": a small number naming things already known,
    not a count anyone reports."""
    value = number_value(token.text)
    before = doc[token.i - 1] if token.i > 0 else None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is None or following.i != token.head.i or value is None or value != int(value):
        return False  # "the 8.9-magnitude tremor" measures; only "the two countries" names
    return value < 10 and before is not None and (
        before.lower_ in ("the", "these", "those", "both", "all") or before.tag_ == "PRP$" or before.dep_ == "poss")


def _is_money(doc, token) -> bool:
    return token.i > 0 and doc[token.i - 1].text in CURRENCY


def _duration_unit(doc, token) -> bool:
    head = token.head if token.head.i != token.i else token
    return head.lemma_.lower() in DAYS_PER


def _vague(doc, token):
    """"tens of thousands", "hundreds", "dozens", "several hundred", "a few thousand"."""
    lower = token.lower_
    if lower in FEW and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in SCALES:
        low, high = FEW[lower]
        scale = SCALES[doc[token.i + 1].lower_]
        return token.i, token.i + 1, low * scale, high * scale
    if lower not in VAGUE or (token.i > 0 and doc[token.i - 1].like_num):
        return None
    low, high = VAGUE[lower]
    last = token.i
    if last + 2 < len(doc) and doc[last + 1].lower_ == "of" and doc[last + 2].lower_ in VAGUE:
        # "tens of thousands" 20,000-99,999; "hundreds of thousands" 200,000-999,999
        scale = {"thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}.get(doc[last + 2].lower_, 1)
        low, high = VAGUE[lower][0] * scale, VAGUE[lower][1] * scale + (scale - 1)
        last += 2
    if last + 1 >= len(doc) or doc[last + 1].lower_ != "of":
        return None  # "thousands" alone: of what is not said
    return token.i, last, float(low), float(high)


def _rank(doc, token):
    """An ordinal ranking by a superlative: "the fifth-largest", "fourth largest", "5th biggest"."""
    value = ORDINALS.get(token.lower_) or (int(token.text[:-2]) if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", token.lower_) else None)
    if value is None:
        return None
    following = doc[token.i + 1:token.i + 4]
    superlative = next((t for t in following if t.tag_ == "JJS" or (t.lower_ == "most" and t.i + 1 < len(doc))), None)
    if superlative is None or any(t.pos_ in ("NOUN", "VERB") for t in doc[token.i + 1:superlative.i]):
        return None
    return token.i, superlative.i, float(value), float(value)


def _qualifier(doc, token) -> tuple[tuple[float, float], int]:
    """How a qualifier before the number widens it, and the index where the expression starts."""
    start = token.i
    if start > 0 and doc[start - 1].text in CURRENCY:
        start -= 1
    for size in (3, 2, 1):
        if start - size < 0:
            continue
        before = doc[start - size:start].text.lower()
        for pattern, factors in QUALIFIERS:
            if pattern.fullmatch(before):
                return factors, start - size
    return EXACT, start


# --- what the value counts -----------------------------------------------------------------------


def _quantity(doc, token, first, last, low, high, sentence_of) -> Quantity | None:
    if doc[last].tag_ == "JJS" or doc[last].lower_ == "most":  # a rank
        superlative = doc[last] if doc[last].tag_ == "JJS" else doc[min(last + 1, len(doc) - 1)]
        word = superlative.lower_
        unit = "rank:largest" if word in SIZE_SUPERLATIVES else f"rank:{superlative.lemma_.lower()}"
        thing = _ranked_thing(superlative)
        return _make(doc, token, first, last, low, high, sentence_of, unit, thing.lower_ if thing is not None else word,
                     thing, "", f"{word} {thing.lemma_.lower()}" if thing is not None else word)
    counted, unit = _unit(doc, token, last)
    if counted is None:
        state = _state_of_bare(token)
        if not state:
            return None
        return _make(doc, token, first, last, low, high, sentence_of, "people", None, None, state, f"people {state}")
    lemma = counted.lemma_.lower()
    if len(unit) == 1 and unit not in LENGTH_KM and unit != "%":
        return None  # "12 million e-mails", "3G": a letter is no unit
    if unit in LENGTH_KM and counted.dep_ in ("compound", "nmod", "amod") and (
            _is_person_noun(counted.head) or counted.head.lemma_.lower() in CATEGORY_NOUNS):
        return None  # "the 200m champion", "1500m title": a distance naming a category
    if unit in DAYS_PER:
        low, high, unit = low * DAYS_PER[unit], high * DAYS_PER[unit], "day"
    elif unit in LENGTH_KM:
        low, high, unit = low * LENGTH_KM[unit], high * LENGTH_KM[unit], "km"
    elif unit in PERCENT:
        unit = "%"
    state = ""
    if unit in STATE_OF and lemma in STATE_OF or unit in PERSON_UNITS or unit in STATE_OF:
        state = STATE_OF.get(lemma) or _state_around(counted)  # "" when nothing is said of them
        unit = "people"
    thing = counted
    if unit in MEASURES:
        thing = _measured_thing(counted)
    described = _describe(counted, unit, state, thing)
    return _make(doc, token, first, last, low, high, sentence_of, unit, counted, thing, state, described)


def _unit(doc, token, last):
    """(the token that is counted or is the unit, its normalised lemma)."""
    if token.i > 0 and doc[token.i - 1].text in CURRENCY:
        return doc[token.i - 1], CURRENCY[doc[token.i - 1].text]
    after = doc[last + 1] if last + 1 < len(doc) else None
    if token.i > 0 and doc[token.i - 1].lemma_.lower() == "magnitude":  # "a magnitude 7 tremor"
        return doc[token.i - 1], "magnitude"
    if after is not None and after.text in ("%",):
        return after, "%"
    if after is not None and after.lower_ in ("percent", "pc"):
        return after, "%"
    if after is not None and after.text in ("-", "‐") and last + 2 < len(doc) and doc[last + 2].pos_ == "NOUN":
        unit = _noun_key(doc[last + 2])
        if unit in MEASURES or unit in DAYS_PER or unit in LENGTH_KM:
            return doc[last + 2], unit  # "6.4-magnitude", "60-hour", "3-kilometre"
        return None, ""  # "five-time champion", "three-party politics": a description, not a count
    if after is not None and after.lower_ == "of" and last + 2 < len(doc):  # "tens of thousands of files"
        noun = next((c for c in after.children if c.dep_ == "pobj"), None)
        if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
            return noun, _noun_key(noun)
    head = token.head
    if token.dep_ in ("nummod", "quantmod", "compound", "amod", "appos", "nmod") and head.pos_ == "NOUN" \
            and head.i != token.i and head.i > token.i - 3:
        return head, _noun_key(head)
    if doc[last].head.pos_ == "NOUN" and doc[last].head.i > last and doc[last].dep_ in ("nummod", "compound", "quantmod"):
        return doc[last].head, _noun_key(doc[last].head)
    if head.lemma_.lower() == "magnitude":
        return head, "magnitude"
    if token.dep_ in ("dobj", "attr", "pobj") and head.pos_ in ("VERB", "AUX", "ADP"):
        verb = head if head.pos_ != "ADP" else head.head
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lemma_.lower() == "toll":  # "the death toll could exceed 10,000"
            return subject, "toll"
    if after is not None and after.pos_ == "NOUN" and after.lower_ in LENGTH_KM:  # "400km"
        return after, _noun_key(after)
    return None, ""


def _noun_key(noun) -> str:
    lemma = noun.lemma_.lower().rstrip(".")
    if lemma in ("quake", "earthquake", "tremor", "temblor"):
        return "earthquake"
    return lemma


def _measured_thing(unit_token):
    """The noun a measure belongs to: "magnitude 6.1 earthquake", "6.4-magnitude earthquake"."""
    head = unit_token.head
    if unit_token.dep_ in ("compound", "nmod", "amod", "nummod") and head.pos_ in ("NOUN", "PROPN"):
        return head
    if unit_token.dep_ in ("attr", "acomp"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ == "NOUN":
            return subject
    return None


def _ranked_thing(superlative):
    head = superlative.head
    if superlative.dep_ == "amod" and head.pos_ == "NOUN":
        return head
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.pos_ == "NOUN":
        return subject
    return None


def _state_around(noun) -> str:
    """What the clause says happened to the people a noun counts: "350 people are dead",
    "1,600 people were known to have died", "people killed"."""
    words = []
    for child in noun.children:
        if child.dep_ in ("amod", "acl", "relcl", "compound"):
            words.append(child)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr"):
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        words.append(verb)
        words += [c for c in verb.children if c.dep_ in ("acomp", "xcomp", "attr", "oprd", "dobj")]
        for c in list(words[-3:]):
            words += [g for g in c.children if g.dep_ in ("xcomp", "acomp")]
    for word in words:
        state = STATE_OF.get(word.lemma_.lower()) or STATE_OF.get(word.lower_)
        if state:
            return state
    return ""


def _state_of_bare(token) -> str:
    """A number standing for people, with what happened to them: "10,000 were missing",
    "about 500 missing"."""
    if token.dep_ not in ("nsubj", "nsubjpass", "conj"):
        return ""
    head = token.head
    for word in [head, *head.children]:
        if word.i == token.i:
            continue
        if word.dep_ in ("acomp", "xcomp", "attr") or word.i == head.i:
            state = STATE_OF.get(word.lemma_.lower()) or STATE_OF.get(word.lower_)
            if state:
                return state
    return ""


def _modifiers(noun) -> tuple[str, ...]:
    """Modifiers that say which kind of thing is counted: nouns ("engine tests") and
    relational adjectives ("electrical tests"), not descriptions ("secret", "total") nor
    nationalities (the whose of a story, said one way or another)."""
    found = set()
    for child in noun.children:
        lemma = child.lemma_.lower()
        if child.dep_ in ("compound", "nmod") and child.pos_ == "NOUN" and not child.like_num:
            found.add(lemma)
        elif child.dep_ == "amod" and child.pos_ == "ADJ" and child.ent_type_ not in ("NORP", "DATE", "ORDINAL") \
                and lemma not in DESCRIPTIVE and _RELATIONAL.search(lemma):
            found.add(lemma)
    return tuple(sorted(found))


def _scope(doc, token, counted, days: bool = True) -> tuple[str, ...]:
    """What narrows a count: a year or a proper name in its noun phrase, a place it is in, a
    clause that picks some of them ("people living within 3 km")."""
    found = set()
    holders = [t for t in (counted, token) if t is not None]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("nummod", "compound", "amod") and child.ent_type_ == "DATE" and re.fullmatch(r"(1[89]|20)\d\d", child.text):
                found.add(f"year:{child.text}")
            elif child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN":
                found.add(f"name:{child.lower_}")
            elif child.dep_ == "prep" and child.lower_ in ("in", "at", "from", "near", "within", "around", "across"):
                for t in child.subtree:
                    if t.ent_type_ in ("GPE", "LOC", "FAC"):
                        found.add(f"name:{t.lower_}")
            elif child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and holder.lemma_.lower() in PERSON_UNITS \
                    and not STATE_OF.get(child.lemma_.lower()):
                found.add(f"clause:{child.lemma_.lower()}")
    if counted is not None and days:
        found |= _day_of(counted)
    if counted is not None:
        found |= _owner(counted)
    found |= _clause_scope(token)
    return tuple(sorted(found))


WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
            "tonight", "tomorrow"}
_CLAUSES = {"ccomp", "advcl", "conj", "relcl", "parataxis", "csubj", "xcomp"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "within", "around", "across", "from", "off"}


def _clause_scope(token) -> set[str]:
    """Years and places that date or place a count: places in the prepositions of its clause
    ("200 bodies were found in X"), and the years its sentence dates something to ("in
    1923", "between February and December 2017", "last year", kept to be resolved against
    the publication date), not the years that name another thing ("the 2015 deal")."""
    found = set()
    for t in token.sent:
        if t.ent_type_ != "DATE":
            continue
        following = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if following is not None and following.pos_ in ("NOUN", "PROPN", "ADJ") and following.ent_type_ != "DATE":
            continue  # "the 1999 magnitude-6.0 quake", "the 2010 treaty": a year naming another thing
        if re.fullmatch(r"(1[89]|20)\d\d", t.text) and (t.dep_ in ("pobj", "npadvmod") or t.head.ent_type_ == "DATE"):
            found.add(f"year:{t.text}")
        elif t.lower_ == "year" and any(c.lower_ == "last" for c in t.children):
            found.add("year:last")
    verb = next((t for t in token.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return found
    for child in verb.children:
        if child.dep_ in _CLAUSES:
            continue
        for t in child.subtree:
            if t.pos_ == "PROPN" and t.ent_type_ not in ("PERSON", "NORP", "DATE", "TIME") and any(
                    a.dep_ == "prep" and a.lower_ in _PLACE_PREPOSITIONS for a in t.ancestors):
                found.add(f"name:{t.lower_}")
    return found


def _owner(noun) -> set[str]:
    """Whose the counted things are, when a name says it: the subject of the verb that has them
    ("Vera Drake, which has 11 nominations"; "The Aviator leads with 14 nominations"), or a
    possessor ("Umbro's 222% rise")."""
    owners = set()
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            owners.add(f"owner:{child.lower_}")
    if noun.dep_ in ("dobj", "pobj"):
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.dep_ == "nsubj" and subject.lower_ in ("which", "who", "that") \
                    and verb.dep_ == "relcl":
                subject = verb.head
            if subject is not None and subject.pos_ == "PROPN":
                owners.add(f"owner:{subject.lower_}")
    return owners


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"}
_PRESENT = {"today", "tonight", "now"}


def _day_of(noun) -> set[str]:
    """The day a counted act happened, when the count's own verb is dated to a day ("launched
    two rockets on Wednesday", "on 3 May ... a 4.1-magnitude quake", "in the next three
    days"): a count of one day's act is not a period's. Years are left to `_clause_scope`, and
    the present ("today") dates nothing."""
    verb = next((t for t in noun.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return set()
    if verb.dep_ == "ccomp" and verb.head.pos_ == "VERB":  # "Earlier Wednesday, X reported that ..."
        verb = verb.head
    days = set()
    for ent in noun.doc.ents:
        if ent.label_ != "DATE" or ent.root.head.i == noun.i or not (
                ent.root.head == verb or ent.root.head.head == verb or ent.root == verb):
            continue
        words = {t.lower_ for t in ent}
        if words & _PRESENT or any(re.fullmatch(r"(1[89]|20)\d\d", t.text) or t.lower_ == "year" for t in ent):
            continue
        if words & (WEEKDAYS | {"next", "coming", "ago"}) or (words & _MONTHS and any(t.like_num for t in ent)):
            days.add("day:" + " ".join(t.lower_ for t in ent if t.lower_ not in ("earlier", "later", "on", "the")))
    return days


def _describe(counted, unit, state, thing) -> str:
    if unit == "people":
        return f"people {state}" if state else " ".join([*_modifiers(counted), counted.lower_])
    words = [m for m in _modifiers(counted)]
    noun = counted.lower_ if counted.pos_ == "NOUN" else unit
    if unit in MEASURES:
        of = f" of the {thing.lemma_.lower()}" if thing is not None and thing.i != counted.i else ""
        return f"{unit if unit not in ('km', '%', 'day') else {'km': 'distance', '%': 'percentage', 'day': 'duration'}[unit]}{of}"
    return " ".join(words + [noun])


def _expected(token) -> bool:
    """The number's clause is a projection or possibility: its verb has a modal ("could
    exceed") or is governed by a verb of expecting ("expected to rise")."""
    verb = next((t for t in [token, *token.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    chain = [verb]
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.i != verb.i:
        chain.append(verb.head)
    for word in chain:
        if word.lemma_.lower() in HEDGES or any(c.dep_ == "aux" and c.lemma_.lower() in HEDGES for c in word.children):
            return True
    return False


def _context(token) -> tuple[str, ...]:
    words = set()
    for near in [token.head, token.head.head, *token.children, *token.head.children]:
        if near.pos_ in ("NOUN", "VERB", "PROPN") and not near.is_stop and near.i != token.i:
            words.add(near.lemma_.lower())
    return tuple(sorted(words))


def _make(doc, token, first, last, low, high, sentence_of, unit, counted, thing, state, described) -> Quantity:
    end = last
    if counted is not None and not isinstance(counted, str) and counted.i > last and counted.i - last <= 6:
        end = counted.i
    text = doc[first:end + 1].text
    anchor = counted if counted is not None and not isinstance(counted, str) else token
    modifiers = _modifiers(anchor) if counted is not None and not isinstance(counted, str) else ()
    if unit.startswith("rank:") and thing is not None and not isinstance(thing, str):
        modifiers = (f"of:{_noun_key(thing)}",)
    if thing is not None and not isinstance(thing, str) and unit in MEASURES and thing is not anchor:
        modifiers = tuple(sorted(set(modifiers) | {f"of:{_noun_key(thing)}"}))
        scope = _scope(doc, token, anchor, days=False) + _scope(doc, thing, thing)
    else:
        scope = _scope(doc, token, anchor if anchor is not token else None)
    return Quantity(text=text, sentence=sentence_of(doc[first].idx), unit=unit, low=round(low, 3),
                    high=round(high, 3), context=_context(anchor), thing=described, state=state,
                    modifiers=modifiers, scope=tuple(sorted(set(scope))), expected=_expected(token))

"""Titles of one person that cannot both be right."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from ..model import Discrepancy, Person
from ..people import TITLE_WORDS
from .classify import variant

GENERIC_TITLES = {"dr", "prof", "professor", "leader", "head", "chief", "official", "member", "figure", "counterpart",
                  "mp", "mep", "backbencher", "frontbencher", "democrat", "republican", "conservative",
                  "candidate", "lawmaker", "legislator", "politician", "activist", "veteran",
                  "marshal", "general", "colonel", "admiral", "major", "captain", "lieutenant",
                  "officer", "politician", "man", "woman", "father", "mother", "son", "daughter",
                  "wife", "husband", "brother", "sister", "predecessor", "successor", "ally"}


def _role_head(role: str) -> str:
    words = re.split(r"\s+(?:of|at|for|in|to|from|with)\s+", role.lower())[0].split()
    return words[-1].strip(".,") if words else ""


def role_conflicts(people: Sequence[Person]) -> list[Discrepancy]:
    """Titles of one person that cannot both be right: one source's office against the office
    several others agree on ("ministry spokesman" in four sources, "Foreign Minister" in one).

    Only offices count (minister, spokesman, president...), not descriptions (expert, lawyer);
    "former" titles are history; two titles that share a word besides the office ("Foreign
    Secretary", "foreign minister") describe one post; and two titles each given by one source,
    or each by several, are a person's several posts, not a conflict."""
    found = []
    for person in people:
        classes: list[tuple[str, list]] = []
        for role in person.roles:
            head = _role_head(role.text)
            words = role.text.lower().replace("-", " ").split()
            if head not in TITLE_WORDS or head in GENERIC_TITLES or words[0] in ("then", "late", "acting"):
                continue  # "former" stays: a former post is still one post, and sources disagree on it
            for key, members in classes:
                if key[:5] == head[:5] or Indel.normalized_similarity(key, head) >= 0.7 or \
                        any(_shared_word(role.text, other.text) and _one_office(head, _role_head(other.text))
                            for other in members):
                    members.append(role)
                    break
            else:
                classes.append((head, [role]))
        if len(classes) < 2:
            continue
        support = [len({c.source for r in members for c in r.citations}) for _, members in classes]
        majority = [n for n, count in enumerate(support) if count >= 2]
        outliers = [n for n, count in enumerate(support) if count == 1]
        if len(majority) != 1:
            continue
        agreeing = {c.source for r in classes[majority[0]][1] for c in r.citations}
        # a source that gives the majority's office and a former one describes two posts of one
        # person in turn ("former mayor", "former prosecutor"); a current office beside another
        # current one in one source is still one of them wrong
        outliers = [n for n in outliers if not ({c.source for r in classes[n][1] for c in r.citations} & agreeing
                                                and all(r.text.lower().startswith(("former", "ex-", "ex "))
                                                        for r in classes[n][1]))]
        if not outliers:
            continue
        variants = tuple(
            variant(" / ".join(sorted({r.text for r in classes[n][1]}, key=lambda text: (text.casefold(), text))),
                     [c for r in classes[n][1] for c in r.citations])
            for n in majority + outliers
        )
        found.append(Discrepancy(topic=f"Title of {person.name}", kind="conflict", variants=variants,
                                 reason=f"same person: {person.name}, one office against the office other sources agree on"))
    return found


_ROLE_FILLER = {"of", "the", "for", "and", "on", "at", "in", "to", "a", "an", "s", "new", "senior", "top",
                "deputy", "chief", "state", "national", "general", "us", "u.s."}


# Office words that name one post in different usages ("Foreign Secretary", "foreign minister").
OFFICE_SYNONYMS = [{"minister", "secretary"}, {"chairman", "chairwoman", "chair", "chairperson", "president"},
                   {"director", "head", "chief"}, {"spokesman", "spokeswoman", "spokesperson"}]


def _one_office(a: str, b: str) -> bool:
    """Two office words for one post: the same word or usages of one post; "campaign chair" and
    "campaign manager" share a word and are two posts."""
    return a == b or any(a in group and b in group for group in OFFICE_SYNONYMS)


def _shared_word(a: str, b: str) -> bool:
    """Two titles name the same post when they share a word besides the office itself."""
    def words(text: str) -> set[str]:
        found = set(re.findall(r"[a-z]+", text.lower())) - _ROLE_FILLER
        return found - {_role_head(text)}
    return bool(words(a) & words(b))

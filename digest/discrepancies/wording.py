"""The same quote given with different words where the words are names or numbers.

Two sources quoting one passage (most of their words in the same order) that differ in a name
("the Wendy ... Servers" against "the Debbie ... Servers") or a number disagree on what was said;
a translation or paraphrase that differs in ordinary words is a wording, not a discrepancy.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

from ..model import Citation, Discrepancy
from .classify import CONFLICT, variant

MIN_SHARED = 8  # words two quotes share in order before they count as one passage (tuned on all dev stories)
MIN_COVERED = 0.75  # of the shorter quote's words in shared blocks (tuned on all dev stories)
CONTEXT = 2  # words each side of a differing name shown in the value
_WORD = re.compile(r"[\w’'.-]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_name(words: list[str]) -> bool:
    return 0 < len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def quote_wordings(records) -> list[Discrepancy]:
    quotes = [(r.article_id, q) for r in records for q in r.quotes]
    words = [_words(q.text) for _, q in quotes]
    postings: dict[str, set[int]] = defaultdict(set)
    for i, ws in enumerate(words):
        for w in {w.lower() for w in ws if len(w) > 3}:
            postings[w].add(i)
    found: dict[tuple, Discrepancy] = {}
    for i in range(len(quotes)):
        candidates = set()
        for w in {w.lower() for w in words[i] if len(w) > 3}:
            if len(postings[w]) <= 50:
                candidates |= {j for j in postings[w] if j > i and quotes[j][0] != quotes[i][0]}
        for j in sorted(candidates):
            difference = _name_difference(words[i], words[j])
            if difference is None:
                continue
            (a_text, b_text) = difference
            if a_text.casefold() == b_text.casefold():
                continue
            (ai, qa), (bj, qb) = quotes[i], quotes[j]
            key = tuple(sorted((a_text, b_text)))
            if key in found:
                continue
            variants = tuple(sorted((variant(a_text, [Citation(ai, qa.sentences[0])]),
                                     variant(b_text, [Citation(bj, qb.sentences[0])])), key=lambda v: v.sources))
            speaker = qa.speaker or qb.speaker
            found[key] = Discrepancy(
                topic=f"Wording of a quote{f' of {speaker}' if speaker else ''}", kind=CONFLICT, variants=variants,
                reason=f"same quote: “{_excerpt(words[i])}”, a name given differently")
    return list(found.values())


def _excerpt(words: list[str], size: int = 8) -> str:
    return " ".join(words[:size]) + ("…" if len(words) > size else "")


def _name_difference(a: list[str], b: list[str]) -> tuple[str, str] | None:
    """The one stretch where two quotes of one passage differ, when it is a name on both sides,
    with the words around it."""
    lower_a, lower_b = [w.lower() for w in a], [w.lower() for w in b]
    matcher = difflib.SequenceMatcher(None, lower_a, lower_b, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    if shared < MIN_SHARED or shared < MIN_COVERED * min(len(a), len(b)):
        return None
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    inner = [op for op in changes if op[1] > 0 and op[3] > 0 and op[2] < len(a) and op[4] < len(b)]
    replaced = [op for op in inner if op[0] == "replace"]
    if len(replaced) != 1:
        return None
    _, i1, i2, j1, j2 = replaced[0]
    if not (_is_name(a[i1:i2]) and _is_name(b[j1:j2])):
        return None
    if any(w[:1].isdigit() for w in a[i1:i2]) != any(w[:1].isdigit() for w in b[j1:j2]):
        return None
    before = a[max(0, i1 - CONTEXT):i1]
    after = a[i2:i2 + CONTEXT]
    return " ".join(before + a[i1:i2] + after), " ".join(b[max(0, j1 - CONTEXT):j1] + b[j1:j2] + b[j2:j2 + CONTEXT])

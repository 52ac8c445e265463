"""The same quote given with different words where the words are names or numbers.

Two sources quoting one passage (most of their words in the same order) that differ in a name
("the Wendy ... Servers" against "the Debbie ... Servers") or a number disagree on what was said;
a translation or paraphrase that differs in ordinary words is a wording, not a discrepancy.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict

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
    """Each quote against the sentences of the other sources: wherever the passage is given
    again (quoted or not, found by the quotes stage or not), a name that differs is listed."""
    sentences = [(r.article_id, s.index, _words(s.text)) for r in records for s in r.sentences]
    postings: dict[str, set[int]] = defaultdict(set)
    for n, (_, _, ws) in enumerate(sentences):
        for w in {w.lower() for w in ws if len(w) > 3}:
            postings[w].add(n)
    found: dict[tuple, Discrepancy] = {}
    for record in records:
        for quote in record.quotes:
            words = _words(quote.text)
            if len(words) < MIN_SHARED:
                continue
            shared = Counter(n for w in {w.lower() for w in words if len(w) > 3} if len(postings[w]) <= 50
                             for n in postings[w])
            for n, count in sorted(shared.items()):
                article_id, index, other = sentences[n]
                if article_id == record.article_id or count < MIN_SHARED:
                    continue
                difference = _name_difference(words, other)
                if difference is None or difference[0].casefold() == difference[1].casefold():
                    continue
                key = tuple(sorted(difference))
                if key in found:
                    continue
                variants = tuple(sorted((variant(difference[0], [Citation(record.article_id, quote.sentences[0])]),
                                         variant(difference[1], [Citation(article_id, index)])), key=lambda v: v.sources))
                found[key] = Discrepancy(
                    topic="Wording of a quote", kind=CONFLICT,
                    variants=variants, reason=f"same quote: “{_excerpt(words)}”, a name given differently")
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

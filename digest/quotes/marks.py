"""Quotation marks: the passages of a text inside them, and whether a place in a parse is inside one."""

from __future__ import annotations

import re

from ..nlp import doc_text

OPENING = {"“": "”", "„": "“", "«": "»", '"': '"'}
_CLOSING = {"”", "»", '"'}
_DOUBLE_MARKS = set(OPENING) | _CLOSING
# A sentence ends at . ? or ! (and a closing mark) before a space, unless the period ends an initial
# or a short title ("Mr.", "Sen.", "U.S."): general abbreviations, not any story's.
_SENTENCE_END = re.compile(r"[.?!][\"”’)]?\s+")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Prof|Rev|No|vs)"
                           r"|\b(?:[A-Za-z]\.)+[A-Za-z])\.$")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of quoted passages, paragraph by paragraph: double
    marks, and single curly marks (‘…’) outside double ones."""
    spans = []
    offset = 0
    for paragraph in text.split("\n\n"):
        opened_at, closer = None, None
        for i, ch in enumerate(paragraph):
            if opened_at is None:
                if ch in "”\"" and _closes_unopened(paragraph, i):
                    spans.append((offset + _sentence_start(paragraph, i), offset + i))
                elif ch in OPENING and (ch != '"' or _opens_straight(paragraph, i)):
                    opened_at, closer = i + 1, OPENING[ch]
                elif ch == "‘" and _opens_straight(paragraph, i) and i + 1 < len(paragraph) and paragraph[i + 1].isalpha():
                    opened_at, closer = i + 1, "’"
            elif closer == "’":
                if ch == "’" and (i + 1 == len(paragraph) or not paragraph[i + 1].isalpha()):
                    spans.append((offset + opened_at, offset + i))  # not the apostrophe of "don’t"
                    opened_at = None
            elif ch == '"' and closer == '"' and _reopens_straight(paragraph, i):
                spans += _with_inner(paragraph, opened_at, i - 1, closer, offset)
                opened_at = i + 1
            elif ch == closer or (ch in _CLOSING and ch != '"' and closer != '"') \
                    or (ch == '"' and closer != '"' and paragraph[i - 1] not in " \t\n") \
                    or (ch == "”" and closer == '"' and paragraph[i - 1] not in " \t\n"
                        and "“" not in paragraph[opened_at:i]):  # mixed marks, “…" or "…” (not "… “…”")
                spans += _with_inner(paragraph, opened_at, i, closer, offset)
                opened_at = None
            elif ch in "“«„" and closer != '"':  # a new quote opens before the last one closed
                spans.append((offset + opened_at, offset + i))
                opened_at = i + 1
        if opened_at is not None and opened_at < len(paragraph) and closer != "’":
            spans += _with_inner(paragraph, opened_at, len(paragraph), closer, offset)  # a single mark left open is an apostrophe
        offset += len(paragraph) + 2
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _closes_unopened(paragraph: str, i: int) -> bool:
    """The paragraph's first mark closes a quote whose opening mark the text lacks: a closing
    mark after the quote's own punctuation and before a space ('Sued by Democrats," he wrote.')."""
    return (paragraph[i] in "”\"" and 0 < i and paragraph[i - 1] in ",.?!"
            and (i + 1 == len(paragraph) or paragraph[i + 1].isspace())
            and not any(mark in paragraph[:i] for mark in _DOUBLE_MARKS))


def _reopens_straight(paragraph: str, i: int) -> bool:
    """A straight mark inside a straight quote opens the next one when it starts a sentence after the
    quote's own ('... will help. "There are ...'): the quote went on into a paragraph of its own, and the
    text lost the break (a closing mark never follows a space)."""
    return 2 <= i < len(paragraph) - 1 and paragraph[i - 1] == " " and paragraph[i - 2] in ".?!" \
        and (paragraph[i + 1].isupper() or paragraph[i + 1].isdigit())


def _sentence_start(paragraph: str, i: int) -> int:
    """Where the sentence holding position i begins: the quote a missing opening mark began
    is taken from there, not from narration before it."""
    start = 0
    for end in _SENTENCE_END.finditer(paragraph, 0, i):
        if not _ABBREVIATION.search(paragraph[:end.start() + 1]):
            start = end.end()
    return start


def _with_inner(paragraph: str, start: int, end: int, closer: str, offset: int) -> list[tuple[int, int]]:
    """A span, and after it the curly quotes inside it when straight marks open it: a passage
    quoted from another text in straight marks keeps the quotes it holds ("… chanting “Go team!”")."""
    inner = [(offset + start + s, offset + start + e) for s, e in quote_spans(paragraph[start:end])] if closer == '"' else []
    return [(offset + start, offset + end), *inner]


def _opens_straight(paragraph: str, i: int) -> bool:
    """A straight quote opens at a word start (not after a letter, like 12" or inches)."""
    return i == 0 or not paragraph[i - 1].isalnum()


def doc_quote_spans(doc) -> list[tuple[int, int]]:
    """quote_spans of the document's text, found once per document."""
    spans = doc.user_data.get("digest_quote_spans")
    if spans is None:
        spans = doc.user_data["digest_quote_spans"] = quote_spans(doc_text(doc))
    return spans


def in_quote(doc, offset: int, within: tuple[int, int] = (0, 0)) -> bool:
    """The offset is inside quote marks, other than those of a passage that holds `within`."""
    return any(s <= offset < e and not s <= within[0] < within[1] <= e for s, e in doc_quote_spans(doc))

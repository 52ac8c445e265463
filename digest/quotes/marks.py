"""Quotation marks: the passages of a text inside them, and whether a place in a parse is inside one."""

from __future__ import annotations

from ..nlp import doc_text

OPENING = {"“": "”", "„": "“", "«": "»", '"': '"'}
_CLOSING = {"”", "»", '"'}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of quoted passages, paragraph by paragraph: double
    marks, and single curly marks (‘…’) outside double ones."""
    spans = []
    offset = 0
    for paragraph in text.split("\n\n"):
        opened_at, closer = None, None
        for i, ch in enumerate(paragraph):
            if opened_at is None:
                if ch in OPENING and (ch != '"' or _opens_straight(paragraph, i)):
                    opened_at, closer = i + 1, OPENING[ch]
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


def in_quote(doc, offset: int, within: tuple[int, int] = (0, 0)) -> bool:
    """The offset is inside quote marks, other than those of a passage that holds `within`."""
    spans = doc.user_data.get("digest_quote_spans")
    if spans is None:
        spans = doc.user_data["digest_quote_spans"] = quote_spans(doc_text(doc))
    return any(s <= offset < e and not s <= within[0] < within[1] <= e for s, e in spans)

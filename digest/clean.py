"""Cleaning of scraped article text: web boilerplate out, headline, byline and outlet found.

Articles copied from web pages carry the page around them: breadcrumbs, a repeated headline, the
date printed in the page header, CSS, comment and view counters, "more on this topic" lists,
newsletter promos. These rules are general patterns of web pages, not of any one site.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import dateparser


@dataclass(frozen=True)
class CleanText:
    text: str  # paragraphs separated by a blank line
    title: str | None
    authors: tuple[str, ...]
    outlet: str | None
    page_date: str | None  # YYYY-MM-DD of a date printed alone in the page header


_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD], None
)  # zero-width characters and soft hyphens
_SPACES = re.compile(r"[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F\x7F-\x9F]")

# Whole lines that are page furniture, never article text (matched case-insensitively).
_BOILERPLATE = re.compile(
    r"""^(?:
        (?:back\ to\ |top\ of\ |bottom\ of\ )(?:page|top)
      | skip\ to\ (?:main\ )?content
      | leave\ a\ (?:comment|reply)
      | \d+\ (?:views?|comments?|shares?)\s*(?:\d+\ (?:views?|comments?|shares?))?
      | [-–—\s]*advert\w*[-–—\s]*
      | sponsored(?:\ content)?
      | (?:most\ (?:popular|read|viewed|shared)|trending(?:\ now)?|recommended(?:\ for\ you)?)
      | (?:read|see)\ (?:more|also)(?:\ on\ this\ topic)?:?
      | (?:share|email|print)(?:\ this(?:\ article|\ story)?)?:?
      | (?:you\ may\ also\ like|also\ read|related(?:\ (?:articles|stories|news|topics))?):?
      | this\ site\ uses\ akismet.*
      | learn\ how\ your\ comment\ data\ is\ processed\.?
      | (?:join|follow|like)\ (?:us|our|\S+\ )?.{0,60}\b(?:channel|newsletter|facebook|twitter|telegram|instagram|whatsapp|on\ x)\b.*
      | (?:sign\ up|subscribe)\b.{0,80}
      | get\ the\ latest\ .{0,80}
      | .{0,60}\bcookies?\b.{0,60}\b(?:accept|policy|consent)\b.*
      | all\ rights\ reserved.*
      | ©.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Headings that open a list of links to other stories: the short lines after them go too.
_RELATED_HEADING = re.compile(
    r"^(?:more\ on\ this\ (?:topic|story)|related(?:\ (?:articles|stories|coverage|news))?|"
    r"read\ more|more\ stories|you\ may\ also\ like|further\ reading|most\ popular)\s*:?$",
    re.IGNORECASE | re.VERBOSE,
)
# CSS copied with the text: selectors, declarations, closing braces.
_CSS = re.compile(
    r"^(?:[\w.#:\-\s,>\[\]=\"'*()+~]+\{\s*|[\w-]+\s*:\s*[^:{}]*;\s*|\}\s*)$"
)
_SOURCE_LINE = re.compile(r"^(?:source|sources|via|originally published (?:by|in|on))\s*:\s*(.{2,80})$", re.I)
_WRITER_PICTURE = re.compile(r"^(?:•\s*)?writer'?’?s\s*picture\s*(.{2,80})$", re.I)
_BYLINE = re.compile(r"^by\s+(.{3,120})$", re.I)
_BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:»|›|>|/|\|)\s*")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{2,40}(?:,\s+[A-Z][\w.'’\- ]{2,30})?)\s*(?:[–—]|--|-)\s+(?=[A-Z\"“])"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_TERMINAL = re.compile(r"[.!?:;…\"”’)\]]$")
_WEEKDAY_OR_MONTH = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan(?:uary)?|feb(?:ruary)?|"
    r"mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\b\.?",
    re.I,
)


def normalise(raw: str) -> str:
    """Unicode NFC, one kind of newline, no invisible or control characters, single spaces.

    Leading indentation is kept (it opens paragraphs in newswire text); `clean` strips it.
    """
    text = unicodedata.normalize("NFC", raw).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL.sub("", text.replace("\u2029", "\n\n").replace("\t", "    "))
    return "\n".join(_SPACES.sub(" ", line).rstrip() for line in text.split("\n"))


def clean(raw: str) -> CleanText:
    """Remove boilerplate from plain article text and find the metadata printed in it."""
    paragraphs = _paragraphs(normalise(raw).split("\n"))
    outlet = None
    authors: tuple[str, ...] = ()
    page_date = None
    kept: list[str] = []
    seen: set[str] = set()
    in_related_list = False
    for position, paragraph in enumerate(paragraphs):
        paragraph = _MARKDOWN_HEADING.sub("", paragraph)  # "# Headline" in .md articles
        key = paragraph.casefold()
        if in_related_list and _looks_like_link_title(paragraph):
            continue
        in_related_list = False
        if _RELATED_HEADING.match(paragraph):
            in_related_list = True
            continue
        if _BOILERPLATE.match(paragraph) or _CSS.match(paragraph):
            continue
        if found := _SOURCE_LINE.match(paragraph):
            outlet = outlet or found.group(1).strip()
            continue
        if found := _WRITER_PICTURE.match(paragraph):
            outlet = outlet or found.group(1).strip()
            continue
        if (found := _BYLINE.match(paragraph)) and not authors and _looks_like_names(found.group(1)):
            authors = _split_names(found.group(1))
            continue
        if position < 4 and page_date is None and (date := _standalone_date(paragraph)):
            page_date = date
            continue
        if key in seen:  # a repeated headline or a block printed twice
            continue
        seen.add(key)
        kept.append(paragraph)
    kept = _drop_breadcrumbs(kept)
    title = None
    if kept and _looks_like_headline(kept[0]) and len(kept) > 1:
        title = kept.pop(0)
    if kept:
        kept[0] = _DATELINE.sub("", kept[0], count=1)
    return CleanText(
        text="\n\n".join(kept),
        title=title,
        authors=authors,
        outlet=outlet,
        page_date=page_date,
    )


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from lines: one per line, except in hard-wrapped text (newswire), where lines
    are joined again and a paragraph ends at a blank or an indented line."""
    stripped = [line.strip() for line in lines]
    if not _is_hard_wrapped([line for line in stripped if line]):
        return [line for line in stripped if line]
    paragraphs: list[list[str]] = [[]]
    for line, text in zip(lines, stripped):
        if not text or line.startswith(" "):
            paragraphs.append([])
        if text:
            paragraphs[-1].append(text)
    return [" ".join(p) for p in paragraphs if p]


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Newswire wraps lines at a fixed width: short lines, many of which end mid-sentence and
    go on in lowercase on the next line."""
    if len(lines) < 4:
        return False
    lengths = sorted(len(line) for line in lines)
    if lengths[int(len(lengths) * 0.95) - 1] > 90:
        return False
    continued = sum(1 for a, b in zip(lines, lines[1:]) if not _TERMINAL.search(a) and b[:1].islower())
    return continued >= 0.25 * (len(lines) - 1)


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 30 and not line.endswith(".") and not line.startswith(("“", '"'))


def _looks_like_link_title(line: str) -> bool:
    return len(line.split()) <= 20 and not line.endswith((".", "”", '"'))


def _looks_like_names(text: str) -> bool:
    words = [w for w in re.split(r"\s+|,", text) if w and w.lower() not in {"and", "&"}]
    return 1 <= len(words) <= 10 and all(w[0].isupper() for w in words)


def _split_names(text: str) -> tuple[str, ...]:
    parts = re.split(r",\s*|\s+and\s+|\s*&\s*", text)
    return tuple(p.strip() for p in parts if p.strip())


def _standalone_date(line: str) -> str | None:
    """A line that is only a date, like the page headers of scraped pages."""
    if len(line) > 40 or not _WEEKDAY_OR_MONTH.search(line) or not re.search(r"\d{4}", line):
        return None
    leftover = _WEEKDAY_OR_MONTH.sub("", line)
    if re.search(r"[A-Za-z]{3,}", leftover):
        return None
    parsed = dateparser.parse(line, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def _drop_breadcrumbs(paragraphs: list[str]) -> list[str]:
    """Breadcrumb trails ("Home » News » Headline", or glued "HomeworldHeadline") at the top."""
    result = []
    for index, paragraph in enumerate(paragraphs):
        if index < 4 and paragraph.lower().startswith("home"):
            others = [p for p in paragraphs if p is not paragraph and len(p) > 15]
            if _BREADCRUMB_SEPARATORS.search(paragraph[:20]) or any(
                paragraph.endswith(other) for other in others
            ):
                continue
        result.append(paragraph)
    return result

"""Links between the pages of a story, citations with their sentences, the sources' badges and
dates as the pages print them."""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote as url_quote

from markupsafe import Markup

from ..corpus import slugify, unique_slug
from ..model import Article, Citation, Story
from ..timeline import MONTHS


@dataclass(frozen=True)
class CiteView:
    label: str
    href: Markup
    title: str  # the cited sentence, shown as a tooltip


class Linker:
    """Relative links between the pages of one story, and citations with their sentences."""

    def __init__(self, story: Story, pages: dict[str, str]) -> None:
        self.story = story
        self.pages = pages  # article id -> page path inside the story folder
        self.sentences = {(r.article_id, s.index): s.text for r in story.records for s in r.sentences}
        self.labels = source_labels(story.articles)

    def href(self, here: str, target: str, anchor: str = "") -> Markup:
        return Markup(relative_url(posixpath.dirname(here), target) + (f"#{_quoted(anchor)}" if anchor else ""))

    def cite(self, here: str, citation: Citation) -> CiteView:
        text = self.sentences.get((citation.source, citation.sentence), "")
        label = self.labels.get(citation.source, citation.source)
        return CiteView(label=label, href=self.href(here, self.pages[citation.source], f"s-{citation.sentence}"),
                        title=f"{label}: {shorten(text, 300)}")

    def cites(self, here: str, citations: Iterable[Citation]) -> list[CiteView]:
        seen: Counter = Counter()
        views = []
        for citation in citations:
            view = self.cite(here, citation)
            seen[citation.source] += 1
            if seen[citation.source] > 1:
                view = CiteView(f"{view.label} ·{seen[citation.source]}", view.href, view.title)
            views.append(view)
        return views


@functools.lru_cache(maxsize=1 << 17)
def relative_url(folder: str, target: str) -> str:
    """The link from a page in folder to target; pages link to the same few folders, so the
    answers are remembered (relpath is slow and called for every citation; a story of 20,000
    articles has as many targets, hence the size)."""
    return url_quote(posixpath.relpath(target, folder or "."))


@functools.lru_cache(maxsize=1 << 16)
def _quoted(anchor: str) -> str:
    return url_quote(anchor)


def source_pages(story: Story) -> dict[str, str]:
    """Each article's page path inside the story folder, by article id."""
    used: set[str] = set()
    return {a.id: f"sources/{unique_slug(slugify(a.id), used)}.md" for a in story.articles}


def source_labels(articles: Iterable[Article]) -> dict[str, str]:
    """A short badge per source: its outlet, numbered when one outlet has several articles."""
    articles = list(articles)
    outlets = Counter(a.outlet for a in articles if a.outlet)
    numbers: Counter = Counter()
    labels = {}
    for position, article in enumerate(articles, start=1):
        if article.outlet and outlets[article.outlet] == 1:
            labels[article.id] = article.outlet
        elif article.outlet:
            numbers[article.outlet] += 1
            labels[article.id] = f"{article.outlet} {numbers[article.outlet]}"
        else:
            labels[article.id] = f"Source {position}"
    return labels


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def format_date(iso: str | None) -> str:
    if not iso:
        return "date unknown"
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


def date_range(story: Story) -> str:
    dates = sorted(a.published for a in story.articles if a.published)
    if not dates:
        return "dates unknown"
    if dates[0] == dates[-1]:
        return format_date(dates[0])
    return f"{format_date(dates[0])} – {format_date(dates[-1])}"

"""The Markdown pages of one story: a view function per page kind, returning the values its
template prints, and the views of the items several pages show (facts, quotes, discrepancies).

The outlets page (outlets.py) and the updates page (updates.py) have view functions of their own.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote as url_quote

import jinja2
from markupsafe import Markup

from ..model import Article, ArticleRecord, Discrepancy, Fact, Person, Quote, Story
from .charts import comention_svg, timeline_svg
from .links import Linker, date_range, format_date, shorten, source_pages
from .updates import updates_page, whats_new

LEAD_FACTS = 5
TOP_CONFLICTS = 3
COVERAGE_FACTS = 12
COVERAGE_SOURCES = 15  # columns of the coverage table
PERSON_SENTENCES = 30  # sentences about a person on their page: the rest are on the source pages
EVIDENCE_SHOWN = 2  # evidence sentences printed per variant; the badges link to all of them

KIND_TITLES = {
    "conflict": "Conflicts",
    "correction": "Corrections",
    "update": "Updates over time",
    "expectation": "Expectation and outcome",
    "name variant": "Name variants",
}
KIND_ADMONITIONS = {"conflict": "danger", "correction": "warning", "update": "info", "expectation": "question", "name variant": "note"}


def render_story(env: jinja2.Environment, story: Story, memo: dict[str, str] | None = None,
                 feed: bool = False) -> dict[str, str]:
    """The story's Markdown pages by path; `feed`: the story has an Atom feed to link to."""
    pages = source_pages(story)
    link = Linker(story, pages)
    person_pages = {p.name: f"people/{p.slug}.md" for p in story.people}
    base = story.slug
    files: dict[str, str] = {}
    previous = dict(memo) if memo is not None else {}
    if memo is not None:
        memo.clear()

    def render(template: str, path: str, values: dict) -> None:
        if memo is None:
            files[f"{base}/{path}"] = env.get_template(template).render(story_title=story.title, **values)
            return
        key = hashlib.sha256(repr((template, path, story.title, sorted(values.items()))).encode()).hexdigest()
        text = previous.get(key)
        if text is None:
            text = env.get_template(template).render(story_title=story.title, **values)
        files[f"{base}/{path}"] = memo[key] = text

    render("overview.md.j2", "index.md", overview_page(link, story, person_pages))
    if story.updates:
        render("updates.md.j2", "updates.md", updates_page(link, story, person_pages, feed))
    render("facts.md.j2", "facts.md", facts_page(link, story))
    quotes = quotes_by_person(story, person_pages)
    render("people.md.j2", "people.md", people_page(link, story, person_pages, quotes))
    for person in story.people:
        here = person_pages[person.name]
        render("person.md.j2", here, person_page(link, person, here, quotes.get(person.name, []), person_pages))
    render("quotes.md.j2", "quotes.md", quotes_page(link, story, person_pages))
    render("discrepancies.md.j2", "discrepancies.md", discrepancies_page(link, story))
    render("timeline.md.j2", "timeline.md", timeline_page(link, story))
    named_in = people_named_in(story)
    for article, record in zip(story.articles, story.records):
        here = pages[article.id]
        render("source.md.j2", here, source_page(link, article, record, here, named_in.get(article.id, ())))
    return files


# ---------------------------------------------------------------------------------------------
# Items shown on several pages


def fact_views(link: Linker, here: str, facts: Iterable[Fact]) -> list[dict]:
    return [{"text": f.text, "support": f.support, "sources": len(f.sources), "cites": link.cites(here, f.citations),
             "evidence": [{"label": link.labels[c.source], "text": link.sentences[(c.source, c.sentence)],
                           "href": link.href(here, link.pages[c.source], f"s-{c.sentence}")} for c in f.citations]}
            for f in facts]


def quote_view(link: Linker, here: str, quote: Quote, person_pages: dict[str, str]) -> dict:
    return {
        "text": quote.text,
        "speaker": quote.speaker or "Speaker not named",
        "speaker_href": link.href(here, person_pages[quote.speaker]) if quote.speaker in person_pages else None,
        "cites": link.cites(here, [v.citation for v in quote.variants]),
        "variants": [{"text": v.text, "cite": link.cite(here, v.citation)} for v in quote.variants
                     if " ".join(v.text.split()) != " ".join(quote.text.split())],
    }


def discrepancy_view(link: Linker, here: str, d: Discrepancy) -> dict:
    return {"topic": d.topic, "kind": d.kind, "reason": d.reason, "kind_title": KIND_TITLES.get(d.kind, d.kind.capitalize()),
            "admonition": KIND_ADMONITIONS.get(d.kind, "note"),
            "variants": [{"value": v.value, "sources": ", ".join(link.labels[s] for s in v.sources),
                          "cites": link.cites(here, v.citations),
                          "evidence": [link.sentences[(c.source, c.sentence)] for c in v.citations[:EVIDENCE_SHOWN]],
                          "more": max(0, len(v.citations) - EVIDENCE_SHOWN)}
                         for v in d.variants]}


# ---------------------------------------------------------------------------------------------
# Pages: the values of each page's template


def overview_page(link: Linker, story: Story, person_pages: dict[str, str]) -> dict:
    sources = [{
        "label": link.labels[a.id], "title": a.title, "outlet": a.outlet or "outlet unknown",
        "date": format_date(a.published), "href": link.href("index.md", link.pages[a.id]),
        "authors": ", ".join(a.authors),
    } for a in story.articles]
    conflicts = [d for d in story.discrepancies if d.kind == "conflict"]
    return {
        "dates": date_range(story), "sources": sources, "outlets": story.outlets is not None,
        "lead": fact_views(link, "index.md", story.facts[:LEAD_FACTS]),
        "counts": {"sources": len(story.articles), "people": len(story.people), "quotes": len(story.quotes),
                   "facts": len(story.facts), "discrepancies": len(story.discrepancies), "conflicts": len(conflicts)},
        "conflicts": [discrepancy_view(link, "index.md", d) for d in conflicts[:TOP_CONFLICTS]],
        "people": [{"name": p.name, "href": link.href("index.md", person_pages[p.name]),
                    "role": p.roles[0].text if p.roles else ""} for p in story.people[:8]],
        "new": whats_new(link, story, person_pages), "updates": bool(story.updates),
    }


def facts_page(link: Linker, story: Story) -> dict:
    coverage_facts = story.facts[:COVERAGE_FACTS]
    # the sources reporting most of the top facts, in corpus order, so the table stays readable
    reports = Counter(source for f in coverage_facts for source in f.sources)
    columns = set(sorted(reports, key=lambda s: (-reports[s], s))[:COVERAGE_SOURCES])
    covered = [a for a in story.articles if a.id in columns]
    return {
        "facts": fact_views(link, "facts.md", story.facts),
        "single": fact_views(link, "facts.md", story.single_source),
        "coverage": {"labels": [link.labels[a.id] for a in covered],
                     "hidden": len(story.articles) - len(covered),
                     "rows": [{"number": n + 1, "text": shorten(f.text, 90),
                               "marks": ["●" if a.id in f.sources else "" for a in covered]}
                              for n, f in enumerate(coverage_facts)]},
    }


def quotes_by_person(story: Story, person_pages: dict[str, str]) -> dict[str, list[Quote]]:
    """The quotes of each person with a page: the people page counts them, the person's page lists them."""
    quotes: dict[str, list[Quote]] = {}
    for quote in story.quotes:
        if quote.speaker_kind == "person" and quote.speaker in person_pages:
            quotes.setdefault(quote.speaker, []).append(quote)
    return quotes


def people_page(link: Linker, story: Story, person_pages: dict[str, str], quotes: dict[str, list[Quote]]) -> dict:
    return {"svg": Markup(comention_svg(story)), "people": [{
        "name": p.name, "href": link.href("people.md", person_pages[p.name]),
        "role": p.roles[0].text if p.roles else "", "sources": len(p.sources), "mentions": p.mentions,
        "quotes": len(quotes.get(p.name, [])),
    } for p in story.people]}


def person_page(link: Linker, person: Person, here: str, quotes: list[Quote], person_pages: dict[str, str]) -> dict:
    return {
        "name": person.name,
        "tags": [person.name],
        "aliases": [a for a in person.aliases if a != person.name],
        "roles": [{"text": r.text, "cites": link.cites(here, r.citations)} for r in person.roles],
        "sources": ", ".join(link.labels[s] for s in person.sources),
        "mentions": person.mentions,
        "quotes": [quote_view(link, here, q, person_pages) for q in quotes],
        "sentences": [{"text": link.sentences[(c.source, c.sentence)], "cite": link.cite(here, c)}
                      for c in person.citations[:PERSON_SENTENCES]],
        "more_sentences": max(0, len(person.citations) - PERSON_SENTENCES),
        "back": link.href(here, "people.md"),
    }


def quotes_page(link: Linker, story: Story, person_pages: dict[str, str]) -> dict:
    groups: list[dict] = []
    for quote in story.quotes:
        title = quote.speaker or "Speaker not named"
        if not groups or groups[-1]["speaker"] != title:
            groups.append({"speaker": title, "kind": quote.speaker_kind or "unknown",
                           "href": link.href("quotes.md", person_pages[quote.speaker]) if quote.speaker in person_pages else None,
                           "quotes": []})
        groups[-1]["quotes"].append(quote_view(link, "quotes.md", quote, person_pages))
    return {"groups": groups}


def discrepancies_page(link: Linker, story: Story) -> dict:
    return {"sections": [{"title": KIND_TITLES[kind], "entries": [discrepancy_view(link, "discrepancies.md", d)
                                                                 for d in story.discrepancies if d.kind == kind]}
                         for kind in KIND_TITLES if any(d.kind == kind for d in story.discrepancies)]}


def timeline_page(link: Linker, story: Story) -> dict:
    days = []
    for entry in story.timeline:
        section = "Background" if entry.background else "The story"
        if not days or days[-1]["label"] != entry.label or days[-1]["section"] != section:
            days.append({"label": entry.label, "section": section, "entries": []})
        days[-1]["entries"].append({"text": entry.text, "expected": entry.expected,
                                    "cites": link.cites("timeline.md", entry.citations)})
    return {"dates_known": story.dates_known, "days": days, "svg": Markup(timeline_svg(story))}


def people_named_in(story: Story) -> dict[str, set[str]]:
    """The people each source names, by article id: the tags of its page."""
    named_in: dict[str, set[str]] = {}
    for person in story.people:
        for source in person.sources:
            named_in.setdefault(source, set()).add(person.name)
    return named_in


def source_page(link: Linker, article: Article, record: ArticleRecord, here: str, named: Iterable[str]) -> dict:
    """One article's page: its text sentence by sentence, each with an anchor that citations link to."""
    paragraphs: list[list[dict]] = []
    for sentence in record.sentences:
        while len(paragraphs) <= sentence.paragraph:
            paragraphs.append([])
        # sentences are printed one span each; the space after one is kept only if the
        # article had it ("<!--" split in three must still read "<!--")
        space = Markup(" ") if article.text[sentence.end:sentence.end + 1].isspace() else Markup("")
        paragraphs[sentence.paragraph].append({"id": f"s-{sentence.index}", "text": sentence.text, "space": space})
    return {
        "tags": ([article.outlet] if article.outlet else []) + sorted(named),
        "title": article.title, "label": link.labels[article.id], "outlet": article.outlet or "unknown",
        "date": format_date(article.published), "authors": ", ".join(article.authors),
        "url": Markup(url_quote(article.url, safe=":/?&=#%~+")) if article.url and _safe_url(article.url) else None,
        "file": article.file, "paragraphs": [p for p in paragraphs if p],
        "back": link.href(here, "index.md"),
    }


def _safe_url(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s<>\"']+$", url))

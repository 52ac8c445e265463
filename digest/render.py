"""Rendering: the digest into Markdown pages (through Jinja templates) and digest.json.

Every value reaches a template ready to print: formatted dates, relative links, sorted lists,
counts. Jinja's `finalize` escapes every printed value for Markdown and HTML unless it is marked
safe here (links this module builds), so article text can never become markup, a link or a
template directive, whatever a template author writes.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .corpus import slugify, unique_slug
from .model import Article, Citation, Digest, Story
from .timeline import MONTHS, WEEKDAYS

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
SOURCE_TEMPLATES = Path(__file__).parent.parent / "templates"
LEAD_FACTS = 5
TOP_CONFLICTS = 3
COVERAGE_FACTS = 12
SECTION_PAGES = ("index.md", "facts.md", "people.md", "quotes.md", "discrepancies.md", "timeline.md")

# Characters that mean something to Markdown, its extensions or HTML, printed as entities.
_ESCAPES = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+!|~^=:$@"}
_ESCAPES.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+])")


def md_escape(text: str) -> str:
    """Text shown literally in Markdown: no markup, no HTML, no template or extension syntax."""
    flat = " ".join(str(text).split())
    escaped = "".join(_ESCAPES.get(ch, ch) for ch in flat)
    return _LIST_START.sub(lambda m: (m.group(1) or "") + f"&#{ord((m.group(2) or m.group(3)))};", escaped, count=1)


def _finalize(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(md_escape("" if value is None else str(value)))


def template_environment(override: Path | None = None) -> jinja2.Environment:
    """Templates from the user's folder first, then the built-in ones."""
    builtin = BUILTIN_TEMPLATES if BUILTIN_TEMPLATES.is_dir() else SOURCE_TEMPLATES
    folders = [str(override)] if override else []
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(builtin)]),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def asset_folder(override: Path | None = None) -> list[Path]:
    builtin = BUILTIN_TEMPLATES if BUILTIN_TEMPLATES.is_dir() else SOURCE_TEMPLATES
    folders = [builtin / "assets"]
    if override and (override / "assets").is_dir():
        folders.append(override / "assets")
    return folders


# ---------------------------------------------------------------------------------------------
# View models


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
        relative = posixpath.relpath(target, posixpath.dirname(here) or ".")
        return Markup(quote(relative) + (f"#{quote(anchor)}" if anchor else ""))

    def cite(self, here: str, citation: Citation) -> CiteView:
        text = self.sentences.get((citation.source, citation.sentence), "")
        label = self.labels.get(citation.source, citation.source)
        return CiteView(label=label, href=self.href(here, self.pages[citation.source], f"s-{citation.sentence}"),
                        title=f"{label}: {_shorten(text, 300)}")

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


def _shorten(text: str, limit: int) -> str:
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


# ---------------------------------------------------------------------------------------------
# Pages


def render_site(digest: Digest, templates: Path | None = None) -> dict[str, str | bytes]:
    """Every file of the docs folder, by relative path: pages, digest.json and assets."""
    env = template_environment(templates)
    files: dict[str, str | bytes] = {}
    stories = []
    for story in digest.stories:
        files.update(render_story(env, story))
        stories.append({
            "title": story.title,
            "href": Markup(quote(f"{story.slug}/index.md")),
            "dates": date_range(story),
            "sources": len(story.articles),
            "people": len(story.people),
            "quotes": len(story.quotes),
            "facts": len(story.facts),
            "discrepancies": len(story.discrepancies),
        })
    report = digest.report
    files["index.md"] = env.get_template("home.md.j2").render(
        stories=stories,
        read=report.read,
        skipped=[{"file": p.file, "reason": p.reason} for p in report.skipped],
        warnings=[{"file": p.file, "reason": p.reason} for p in report.warnings],
    )
    files["digest.json"] = to_json(digest)
    for folder in asset_folder(templates):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[f"assets/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return files


def source_pages(story: Story) -> dict[str, str]:
    used: set[str] = set()
    return {a.id: f"sources/{unique_slug(slugify(a.id), used)}.md" for a in story.articles}


def render_story(env: jinja2.Environment, story: Story) -> dict[str, str]:
    pages = source_pages(story)
    link = Linker(story, pages)
    labels = link.labels
    person_pages = {p.name: f"people/{p.slug}.md" for p in story.people}
    base = story.slug
    files: dict[str, str] = {}

    def render(template: str, path: str, **values) -> None:
        files[f"{base}/{path}"] = env.get_template(template).render(story_title=story.title, **values)

    def facts_view(here: str, facts) -> list[dict]:
        return [{"text": f.text, "support": f.support, "sources": len(f.sources), "cites": link.cites(here, f.citations),
                 "evidence": [{"label": labels[c.source], "text": link.sentences[(c.source, c.sentence)],
                               "href": link.href(here, pages[c.source], f"s-{c.sentence}")} for c in f.citations]}
                for f in facts]

    def quote_view(here: str, quote) -> dict:
        return {
            "text": quote.text,
            "speaker": quote.speaker or "Speaker not named",
            "speaker_href": link.href(here, person_pages[quote.speaker]) if quote.speaker in person_pages else None,
            "cites": link.cites(here, [v.citation for v in quote.variants]),
            "variants": [{"text": v.text, "cite": link.cite(here, v.citation)} for v in quote.variants
                         if " ".join(v.text.split()) != " ".join(quote.text.split())],
        }

    def discrepancy_view(here: str, d) -> dict:
        return {"topic": d.topic, "kind": d.kind, "kind_title": KIND_TITLES.get(d.kind, d.kind.capitalize()),
                "admonition": KIND_ADMONITIONS.get(d.kind, "note"),
                "variants": [{"value": v.value, "sources": ", ".join(labels[s] for s in v.sources),
                              "cites": link.cites(here, v.citations),
                              "evidence": [link.sentences[(c.source, c.sentence)] for c in v.citations]}
                             for v in d.variants]}

    sources_view = [{
        "label": labels[a.id], "title": a.title, "outlet": a.outlet or "outlet unknown",
        "date": format_date(a.published), "href": link.href("index.md", pages[a.id]),
        "authors": ", ".join(a.authors), "url": Markup(quote(a.url, safe=":/?&=#%~+")) if a.url and _safe_url(a.url) else None,
    } for a in story.articles]
    conflicts = [d for d in story.discrepancies if d.kind == "conflict"]
    render("overview.md.j2", "index.md",
           dates=date_range(story), sources=sources_view,
           lead=facts_view("index.md", story.facts[:LEAD_FACTS]),
           counts={"sources": len(story.articles), "people": len(story.people), "quotes": len(story.quotes),
                   "facts": len(story.facts), "discrepancies": len(story.discrepancies), "conflicts": len(conflicts)},
           conflicts=[discrepancy_view("index.md", d) for d in conflicts[:TOP_CONFLICTS]],
           people=[{"name": p.name, "href": link.href("index.md", person_pages[p.name]),
                    "role": p.roles[0].text if p.roles else ""} for p in story.people[:8]])
    coverage_facts = story.facts[:COVERAGE_FACTS]
    render("facts.md.j2", "facts.md",
           facts=facts_view("facts.md", story.facts),
           single=facts_view("facts.md", story.single_source),
           coverage={"labels": [labels[a.id] for a in story.articles],
                     "rows": [{"number": n + 1, "text": _shorten(f.text, 90),
                               "marks": ["●" if a.id in f.sources else "" for a in story.articles]}
                              for n, f in enumerate(coverage_facts)]})
    quotes_by_person: dict[str, list] = {}
    for quote in story.quotes:
        if quote.speaker_kind == "person" and quote.speaker in person_pages:
            quotes_by_person.setdefault(quote.speaker, []).append(quote)
    render("people.md.j2", "people.md", people=[{
        "name": p.name, "href": link.href("people.md", person_pages[p.name]),
        "role": p.roles[0].text if p.roles else "", "sources": len(p.sources), "mentions": p.mentions,
        "quotes": len(quotes_by_person.get(p.name, [])),
    } for p in story.people])
    for person in story.people:
        here = person_pages[person.name]
        render("person.md.j2", here,
               name=person.name,
               aliases=[a for a in person.aliases if a != person.name],
               roles=[{"text": r.text, "cites": link.cites(here, r.citations)} for r in person.roles],
               sources=", ".join(labels[s] for s in person.sources),
               mentions=person.mentions,
               quotes=[quote_view(here, q) for q in quotes_by_person.get(person.name, [])],
               sentences=[{"text": link.sentences[(c.source, c.sentence)], "cite": link.cite(here, c)}
                          for c in person.citations],
               back=link.href(here, "people.md"))
    groups: list[dict] = []
    for quote in story.quotes:
        title = quote.speaker or "Speaker not named"
        if not groups or groups[-1]["speaker"] != title:
            groups.append({"speaker": title, "kind": quote.speaker_kind or "unknown",
                           "href": link.href("quotes.md", person_pages[quote.speaker]) if quote.speaker in person_pages else None,
                           "quotes": []})
        groups[-1]["quotes"].append(quote_view("quotes.md", quote))
    render("quotes.md.j2", "quotes.md", groups=groups)
    render("discrepancies.md.j2", "discrepancies.md",
           sections=[{"title": KIND_TITLES[kind], "entries": [discrepancy_view("discrepancies.md", d)
                                                             for d in story.discrepancies if d.kind == kind]}
                     for kind in KIND_TITLES if any(d.kind == kind for d in story.discrepancies)])
    days = []
    for entry in story.timeline:
        section = "Background" if entry.background else "The story"
        if not days or days[-1]["label"] != entry.label or days[-1]["section"] != section:
            days.append({"label": entry.label, "section": section, "entries": []})
        days[-1]["entries"].append({"text": entry.text, "expected": entry.expected,
                                    "cites": link.cites("timeline.md", entry.citations)})
    render("timeline.md.j2", "timeline.md", dates_known=story.dates_known, days=days,
           svg=Markup(timeline_svg(story)))
    for article, record in zip(story.articles, story.records):
        here = pages[article.id]
        paragraphs: list[list[dict]] = []
        for sentence in record.sentences:
            while len(paragraphs) <= sentence.paragraph:
                paragraphs.append([])
            paragraphs[sentence.paragraph].append({"id": f"s-{sentence.index}", "text": sentence.text})
        render("source.md.j2", here,
               title=article.title, label=labels[article.id], outlet=article.outlet or "unknown",
               date=format_date(article.published), authors=", ".join(article.authors),
               url=Markup(quote(article.url, safe=":/?&=#%~+")) if article.url and _safe_url(article.url) else None,
               file=article.file, paragraphs=[p for p in paragraphs if p],
               back=link.href(here, "index.md"))
    return files


def _safe_url(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s<>\"']+$", url))


KIND_TITLES = {
    "conflict": "Conflicts",
    "update": "Updates over time",
    "expectation": "Expectation and outcome",
    "name variant": "Name variants",
}
KIND_ADMONITIONS = {"conflict": "danger", "update": "info", "expectation": "question", "name variant": "note"}


def timeline_svg(story: Story) -> str:
    """The story's own days as an SVG strip: drawn here, so the site needs no script or CDN."""
    days: list[tuple[str, int, bool]] = []
    for entry in story.timeline:
        if entry.background:
            continue
        if days and days[-1][0] == entry.label:
            days[-1] = (entry.label, days[-1][1] + 1, days[-1][2] and entry.expected)
        else:
            days.append((entry.label, 1, entry.expected))
    if not days:
        return ""
    step = 150
    width = max(320, step * len(days) + 40)
    parts = [f'<svg class="digest-timeline" role="img" aria-label="Timeline of the story" '
             f'viewBox="0 0 {width} 120" width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="20" y1="60" x2="{width - 20}" y2="60" class="axis"/>']
    for n, (label, count, expected) in enumerate(days):
        x = 40 + n * step + step // 2 - 20
        short = _short_day(label)
        parts.append(f'<circle cx="{x}" cy="60" r="{min(8 + count, 16)}" class="{"expected" if expected else "event"}"/>')
        parts.append(f'<text x="{x}" y="30" text-anchor="middle" class="day">{_xml(short)}</text>')
        parts.append(f'<text x="{x}" y="100" text-anchor="middle" class="count">{count} event{"s" if count != 1 else ""}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short_day(label: str) -> str:
    words = label.split()
    if words and words[0].lower() in WEEKDAYS and len(words) >= 3:
        return f"{words[0][:3]} {words[1]} {words[2][:3]}"
    return label


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------------------------
# digest.json


def to_json(digest: Digest) -> str:
    """The machine-readable digest (schema 1), sorted and stable."""
    data = {
        "schema": 1,
        "stories": [story_json(story) for story in digest.stories],
        "report": {
            "read": digest.report.read,
            "skipped": [{"file": p.file, "reason": p.reason} for p in digest.report.skipped],
            "warnings": [{"file": p.file, "reason": p.reason} for p in digest.report.warnings],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def story_json(story: Story) -> dict:
    def cites(citations):
        return [{"source": c.source, "sentence": c.sentence} for c in citations]

    return {
        "slug": story.slug,
        "title": story.title,
        "dates_known": story.dates_known,
        "sources": [{"id": a.id, "file": a.file, "title": a.title, "outlet": a.outlet, "published": a.published,
                     "url": a.url, "authors": list(a.authors)} for a in story.articles],
        "people": [{"name": p.name, "aliases": list(p.aliases), "roles": [r.text for r in p.roles],
                    "sources": list(p.sources), "mentions": p.mentions, "slug": p.slug,
                    "citations": cites(p.citations)} for p in story.people],
        "quotes": [{"text": q.text, "speaker": q.speaker, "speaker_kind": q.speaker_kind, "sources": list(q.sources),
                    "variants": [{"text": v.text, "source": v.source, "sentence": v.citation.sentence} for v in q.variants]}
                   for q in story.quotes],
        "facts": [{"text": f.text, "sources": list(f.sources), "support": f.support, "citations": cites(f.citations)}
                  for f in story.facts],
        "single_source": [{"text": f.text, "sources": list(f.sources), "citations": cites(f.citations)}
                          for f in story.single_source],
        "discrepancies": [{"topic": d.topic, "kind": d.kind, "variants": [
            {"value": v.value, "sources": list(v.sources),
             "evidence": [_sentence(story, c) for c in v.citations], "citations": cites(v.citations)}
            for v in d.variants]} for d in story.discrepancies],
        "timeline": [{"date": e.date, "label": e.label, "text": e.text, "sources": list(e.sources),
                      "background": e.background, "expected": e.expected, "citations": cites(e.citations)}
                     for e in story.timeline],
    }


def _sentence(story: Story, citation: Citation) -> str:
    for record in story.records:
        if record.article_id == citation.source:
            return record.sentences[citation.sentence].text
    return ""

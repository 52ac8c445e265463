"""Atom feeds: one per story and one for the site, an entry per story update (publication day).

An entry holds what that day's articles added (see changes.py): new facts and discrepancies,
each with links to the cited sentences. Feeds need absolute URLs, so they are written only when
the site's address (`site_url` in mkdocs.yml) is known. Every date comes from the publication
dates of the corpus, never from the clock, so the same corpus gives byte-identical feeds.
The XML is written by feedgen (lxml), which escapes the entry's HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote as url_quote

from feedgen.feed import FeedGenerator

from .model import Citation, Story, Update
from .render.links import format_date
from .render.updates import UPDATE_KIND, day_anchor, shown_updates

FEED_FILE = "feed.xml"  # the site's feed, beside the front page


def story_feed_file(slug: str) -> str:
    """A story's feed, beside the story's folder rather than in it: Material fetches sitemap.xml
    next to every `<link rel="alternate">` of a page (it takes them for language versions), and
    only the site's root has one."""
    return f"{slug}.xml"

SITE_ENTRIES = 50  # newest story updates in the site's feed
ENTRY_ITEMS = 20  # items of a kind in one entry; the updates page has them all


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published: turns a page's path in docs/ into its absolute URL."""

    url: str  # site_url, ending in "/"
    directory_urls: bool = True

    def page(self, path: str, anchor: str = "") -> str:
        if path.endswith(".md"):
            stem = path[:-3]
            if self.directory_urls:
                stem = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
                path = stem
            else:
                path = stem + ".html"
        return self.url + url_quote(path) + (f"#{url_quote(anchor)}" if anchor else "")


def site_address(site_url: str | None, directory_urls: bool = True) -> SiteAddress | None:
    if not site_url or not site_url.startswith(("http://", "https://")):
        return None
    return SiteAddress(site_url if site_url.endswith("/") else site_url + "/", directory_urls)


def story_entries(story: Story, pages: dict[str, str], labels: dict[str, str], site: SiteAddress) -> list[dict]:
    """The story's feed entries as plain values (kept with the story's cached pages, so the site
    feed is put together without digesting the story again), newest first."""
    entries = []
    for update in shown_updates(story):
        link = site.page(f"{story.slug}/updates.md", day_anchor(update))
        entries.append({
            "id": link,
            "link": link,
            "date": update.date,
            "title": f"{story.title}: {format_date(update.date)}",
            "summary": _summary(update),
            "content": _content(story, update, pages, labels, site),
            "story": story.slug,
        })
    return entries


def atom(title: str, subtitle: str, feed_url: str, page_url: str, entries: list[dict]) -> str:
    """An Atom document of the entries (newest first), updated on the newest entry's day."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.generator("digest")
    feed.language("en")
    feed.updated(_timestamp(max(e["date"] for e in entries)))
    # feedgen writes entries in the reverse order of adding
    for entry in reversed(entries):
        item = feed.add_entry()
        item.id(entry["id"])
        item.title(entry["title"])
        item.link(href=entry["link"], rel="alternate")
        item.published(_timestamp(entry["date"]))
        item.updated(_timestamp(entry["date"]))
        item.summary(entry["summary"])
        item.content(entry["content"], type="html")
    return feed.atom_str(pretty=True).decode("utf-8")


def story_feed(story: Story, entries: list[dict], site: SiteAddress) -> str:
    return atom(story.title, "What each publication day added to the story, with citations.",
                site.page(story_feed_file(story.slug)), site.page(f"{story.slug}/index.md"), entries)


def site_feed(site_name: str, entries: list[dict], site: SiteAddress) -> str:
    newest = sorted(entries, key=lambda e: (e["date"], e["story"]), reverse=True)[:SITE_ENTRIES]
    return atom(site_name, "Updates of every story: what each publication day added, with citations.",
                site.page(FEED_FILE), site.page("index.md"), newest)


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00+00:00"


def _summary(update: Update) -> str:
    parts = [(len(update.sources), "new source", "new sources"), (len(update.facts), "new fact", "new facts"),
             (len(update.discrepancies), "new discrepancy", "new discrepancies"),
             (len(update.revised), "revised discrepancy", "revised discrepancies"),
             (len(update.single_source), "statement by one source", "statements by one source"),
             (len(update.people), "person newly named", "people newly named"),
             (len(update.quotes), "new quote", "new quotes")]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n) or "nothing new"


def _content(story: Story, update: Update, pages: dict[str, str], labels: dict[str, str], site: SiteAddress) -> str:
    """The entry's HTML; every piece of article text is escaped."""
    e = html.escape
    published = {a.id: a.published[:10] if a.published else "" for a in story.articles}

    def cite(citation: Citation) -> str:
        href = site.page(f"{story.slug}/{pages[citation.source]}", f"s-{citation.sentence}")
        return f'<a href="{e(href)}">[{e(labels[citation.source])}]</a>'

    def cites(citations) -> str:
        return " ".join(cite(c) for c in citations)

    def listing(title: str, items: list[str], total: int) -> list[str]:
        if not items:
            return []
        more = f'<li><a href="{e(site.page(f"{story.slug}/updates.md", day_anchor(update)))}">{total - len(items)} more</a></li>' \
            if total > len(items) else ""
        return [f"<h4>{e(title)}</h4>", "<ul>" + "".join(f"<li>{item}</li>" for item in items) + more + "</ul>"]

    def discrepancy(n: int) -> str:
        d = story.discrepancies[n]
        versions = []
        for v in d.variants:
            value = e(v.value)
            if min(published.get(s) or "" for s in v.sources) == update.date:
                value = f"<strong>{value}</strong>"
            versions.append(f"{value} {cites(v.citations)}")
        return f"{e(d.topic)}: " + " · ".join(versions)

    parts = []
    if update.sources:
        articles = [story.articles[n] for n in update.sources]
        parts.append("<p>" + ("New source: " if len(articles) == 1 else "New sources: ") + ", ".join(
            f'<a href="{e(site.page(f"{story.slug}/{pages[a.id]}"))}">{e(labels[a.id])}</a> ({e(a.title)})'
            for a in articles) + "</p>")
    parts += listing("New facts", [f"{e(story.facts[n].text)} {cites(story.facts[n].citations)}"
                                   for n in update.facts[:ENTRY_ITEMS]], len(update.facts))
    kinds: dict[str, list[int]] = {}
    for n in update.discrepancies:
        kinds.setdefault(UPDATE_KIND.get(story.discrepancies[n].kind, "New discrepancies"), []).append(n)
    for title in sorted(kinds, key=lambda t: (list(UPDATE_KIND.values()) + [t]).index(t)):
        parts += listing(title, [discrepancy(n) for n in kinds[title][:ENTRY_ITEMS]], len(kinds[title]))
    parts += listing("Another version of an earlier discrepancy",
                     [discrepancy(n) for n in update.revised[:ENTRY_ITEMS]], len(update.revised))
    parts += listing("Reported by one source",
                     [f"{e(story.single_source[n].text)} {cites(story.single_source[n].citations)}"
                      for n in update.single_source[:ENTRY_ITEMS]], len(update.single_source))
    if update.people:
        names = [story.people[n].name for n in update.people[:ENTRY_ITEMS]]
        parts.append("<p>Newly named: " + ", ".join(e(name) for name in names) +
                     (f" and {len(update.people) - len(names)} more" if len(update.people) > len(names) else "") + "</p>")
    if not parts[1 if update.sources else 0:]:
        parts.append("<p>Nothing new beyond what earlier articles reported.</p>")
    return "\n".join(parts)

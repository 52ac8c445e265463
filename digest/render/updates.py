"""Views of a story's updates (see changes.py): "What's new" on the overview, the updates page
with one section per publication day, and the same items as plain values for the Atom feeds.

Every value is ready to print, as on the story's other pages (story_pages.py); citations link
to the cited sentence.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model import Story, Update
from .links import format_date

UPDATE_DAYS = 30  # publication days on the updates page and in a story's feed, newest first
NEW_SHOWN = 8  # items of a kind under "What's new" on the overview; the updates page has them all
UPDATE_KIND = {"update": "Changed figures and values", "conflict": "New conflicts",
               "expectation": "Expected and reported", "name variant": "Name variants"}


def day_anchor(update: Update) -> str:
    return f"d-{update.date}"


def shown_updates(story: Story) -> list[Update]:
    """The days on the updates page and in the feed: the newest UPDATE_DAYS."""
    return list(reversed(story.updates))[:UPDATE_DAYS]


def update_view(link, here: str, story: Story, update: Update, person_pages: dict[str, str],
                limit: int | None = None, more_href: str | None = None) -> dict:
    """One day's additions, grouped, each item with its citations; `limit` items per group."""

    def cut(items):
        return list(items)[:limit] if limit is not None else list(items)

    def fact(n, facts):
        f = facts[n]
        return {"text": f.text, "cites": link.cites(here, f.citations)}

    published = {a.id: a.published[:10] if a.published else None for a in story.articles} \
        if update.discrepancies or update.revised else {}

    def discrepancy(n):
        d = story.discrepancies[n]
        return {"topic": d.topic, "kind": d.kind,
                "variants": [{"value": v.value, "new": min(published.get(s) or "" for s in v.sources) == update.date,
                              "cites": link.cites(here, v.citations)} for v in d.variants]}

    groups: dict[str, list[dict]] = {}
    for n in update.discrepancies:
        title = UPDATE_KIND.get(story.discrepancies[n].kind, "New discrepancies")
        groups.setdefault(title, []).append(discrepancy(n))
    revised = [discrepancy(n) for n in update.revised]
    sources = [story.articles[n] for n in update.sources]
    view = {
        "date": format_date(update.date),
        "anchor": day_anchor(update),
        "more_href": Markup(more_href) if more_href else Markup(f"#{day_anchor(update)}"),
        "sources": [{"label": link.labels[a.id], "title": a.title, "href": link.href(here, link.pages[a.id])}
                    for a in sources],
        "facts": [fact(n, story.facts) for n in cut(update.facts)],
        "single": [fact(n, story.single_source) for n in cut(update.single_source)],
        "discrepancies": [{"title": title, "entries": cut(entries)}
                          for title, entries in sorted(groups.items(), key=lambda g: _group_order(g[0]))],
        "revised": cut(revised),
        "people": [{"name": story.people[n].name, "href": link.href(here, person_pages[story.people[n].name]),
                    "role": story.people[n].roles[0].text if story.people[n].roles else ""}
                   for n in cut(update.people)],
        "quotes": [{"text": q.text, "speaker": q.speaker or "Speaker not named",
                    "cites": link.cites(here, [v.citation for v in q.variants])}
                   for q in (story.quotes[n] for n in cut(update.quotes))],
    }
    counts = {"facts": len(update.facts), "single": len(update.single_source), "revised": len(update.revised),
              "discrepancies": len(update.discrepancies), "people": len(update.people), "quotes": len(update.quotes)}
    view["more"] = {key: counts[key] - (len(view[key]) if key != "discrepancies" else
                                        sum(len(g["entries"]) for g in view["discrepancies"])) for key in counts}
    view["empty"] = not any(counts.values())
    return view


def _group_order(title: str) -> int:
    titles = list(UPDATE_KIND.values())
    return titles.index(title) if title in titles else len(titles)


def whats_new(link, story: Story, person_pages: dict[str, str]) -> dict | None:
    """The overview's "What's new": the newest day, when the story has more than one (on its
    only day, everything is new and the overview already shows it)."""
    if len(story.updates) < 2:
        return None
    newest = story.updates[-1]
    return update_view(link, "index.md", story, newest, person_pages, limit=NEW_SHOWN,
                       more_href=link.href("index.md", "updates.md", day_anchor(newest)))


def updates_page(link, story: Story, person_pages: dict[str, str], feed: bool) -> dict:
    from ..feeds import story_feed_file  # feeds is built on this module's days and kinds

    days = shown_updates(story)
    return {"days": [update_view(link, "updates.md", story, u, person_pages) for u in days],
            "older": len(story.updates) - len(days),
            "feed": link.href("updates.md", f"../{story_feed_file(story.slug)}") if feed else None}

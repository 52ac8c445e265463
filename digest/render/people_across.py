"""Views of the people across stories: an index of everyone named in the corpus, and a page per
person named in two or more stories, listing each story with the role it gives them and a link
to their entry there. Someone named in one story only is linked from the index straight to
that entry: a page of its own would repeat one line (and cost a page per name at scale).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

import jinja2
from markupsafe import Markup

from ..directory import merge_across
from ..model import Appearance, CorpusPerson, Story
from .links import relative_url

FOLDER = "people"  # docs/people/: story folders cannot take the name (see corpus.RESERVED)


def appearances(story: Story, person_pages: dict[str, str]) -> tuple[Appearance, ...]:
    """What the pages across stories need from one story's people."""
    return tuple(Appearance(story=story.slug, story_title=story.title,
                            slug=posixpath.splitext(posixpath.basename(person_pages[p.name]))[0],
                            name=p.name, aliases=p.aliases, roles=tuple(r.text for r in p.roles),
                            mentions=p.mentions, sources=len(p.sources))
                 for p in story.people)


def directory_pages(env: jinja2.Environment, found: Iterable[Appearance]) -> tuple[dict[str, str], tuple[CorpusPerson, ...]]:
    """The index and the pages of people in several stories, by path in docs/."""
    people = merge_across(list(found))
    files: dict[str, str] = {}
    index = f"{FOLDER}/index.md"
    rows = []
    for person in people:
        stories = [{"title": a.story_title, "href": _href(index, f"{a.story}/people/{a.slug}.md")} for a in person.appearances]
        own = f"{FOLDER}/{person.slug}.md"
        several = len(person.appearances) > 1
        rows.append({"name": person.name, "href": _href(index, own if several else f"{person.appearances[0].story}/people/"
                                                                                 f"{person.appearances[0].slug}.md"),
                     "role": _role(person.appearances), "stories": stories})
        if several:
            files[own] = env.get_template("corpus_person.md.j2").render(
                name=person.name,
                aliases=list(person.aliases),
                stories=[{"title": a.story_title, "href": _href(own, f"{a.story}/people/{a.slug}.md"),
                          "overview": _href(own, f"{a.story}/index.md"), "name": a.name,
                          "roles": list(a.roles), "mentions": a.mentions, "sources": a.sources}
                         for a in person.appearances],
                back=_href(own, index))
    files[index] = env.get_template("corpus_people.md.j2").render(
        people=rows, several=sum(1 for p in people if len(p.appearances) > 1))
    return files, people


def _role(found: Iterable[Appearance]) -> str:
    return next((a.roles[0] for a in found if a.roles), "")


def _href(here: str, target: str) -> Markup:
    return Markup(relative_url(posixpath.dirname(here), target))

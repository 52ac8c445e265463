"""The outlets page of a story and its part of digest.json: coverage by group, the facts only one
group reports, which outlet carries which key fact, and the words each outlet uses.

Its own view functions, beside those of story_pages.py; every value reaches the template ready to
print, and article text is escaped by the environment's finalize like on every other page.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from ..model import Story
from .links import CiteView, Linker, source_pages
from .markdown import svg_text
from .story_pages import COVERAGE_FACTS

PAGE = "outlets.md"
BAR_WIDTH = 640


def render_outlets(env: jinja2.Environment, story: Story) -> dict[str, str]:
    """The story's outlets page, when the corpus has an outlets.yml."""
    if story.outlets is None:
        return {}
    text = env.get_template("outlets.md.j2").render(story_title=story.title, **outlets_view(story))
    return {f"{story.slug}/{PAGE}": text}


def outlets_view(story: Story) -> dict:
    found = story.outlets
    pages = source_pages(story)
    link = Linker(story, pages)
    outlet_of = {s.source: s.outlet or "unknown" for s in found.sources}
    columns = list(found.outlets)
    facts = story.facts[:COVERAGE_FACTS]
    rows = []
    for number, fact in enumerate(facts, start=1):
        marks = []
        for outlet in columns:
            cited = [c for c in fact.citations if outlet_of.get(c.source) == outlet]
            marks.append(link.cite(PAGE, cited[0]) if cited else None)
        rows.append({"number": number, "text": fact.text, "marks": marks})
    carried = [sum(1 for row in rows if row["marks"][n] is not None) for n in range(len(columns))]
    return {
        "sources": [{"label": link.labels[s.source], "href": link.href(PAGE, pages[s.source]),
                     "outlet": s.outlet or "unknown", "how": _how(s.how)} for s in found.sources],
        "unknown": sum(1 for s in found.sources if s.outlet is None),
        "groups": [{"key": g.key, "svg": Markup(coverage_svg(g.key, [(v, len(ids)) for v, ids in g.values])),
                    "values": [{"value": v, "count": len(ids),
                                "outlets": ", ".join(sorted({outlet_of[i] for i in ids}))} for v, ids in g.values]}
                   for g in found.coverage],
        "blindspots": [{"key": b.key, "value": b.value, "text": b.fact.text, "outlets": ", ".join(b.outlets),
                        "cites": link.cites(PAGE, b.fact.citations)} for b in found.blindspots],
        "matrix": {"columns": columns, "rows": rows,
                   "carried": [f"{n} of {len(rows)}" for n in carried]},
        "words": [{"name": w.name, "kind": w.kind, "phrases": [
            {"text": p.text, "cells": [_use_cell(link, dict(p.uses).get(outlet, ())) for outlet in columns]}
            for p in w.phrases]} for w in found.word_choice],
        "columns": columns,
    }


def _use_cell(link: Linker, citations) -> dict | None:
    """How often an outlet uses a phrase, and a numbered link to each sentence."""
    if not citations:
        return None
    cites = [link.cite(PAGE, c) for c in citations]
    return {"count": len(citations), "cites": [CiteView(str(n), c.href, c.title) for n, c in enumerate(cites, 1)]}


def _how(how: str) -> str:
    return {"name": "outlet named in the article's metadata", "domain": "the URL's domain",
            "text": "the text (dateline or credit line)"}.get(how, how)


def coverage_svg(key: str, counts: list[tuple[str, int]]) -> str:
    """One bar split by the sources of each group value, drawn here (no script, no CDN)."""
    total = sum(n for _, n in counts)
    if not total:
        return ""
    parts = [f'<svg class="digest-coverage" role="img" aria-label="Sources by {svg_text(key)}" '
             f'viewBox="0 0 {BAR_WIDTH} 36" width="100%" style="max-width:{BAR_WIDTH}px" '
             'xmlns="http://www.w3.org/2000/svg">']
    x = 0.0
    for n, (value, count) in enumerate(counts):
        if not count:
            continue
        width = BAR_WIDTH * count / total
        kind = "unknown" if value == "unknown" and n == len(counts) - 1 else f"v{n % 6}"
        label = f"{value}: {count}"
        parts.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="36" class="{kind}">'
                     f'<title>{svg_text(label)} source{"s" if count != 1 else ""}</title></rect>')
        if width >= 8 * len(label):
            parts.append(f'<text x="{x + width / 2:.1f}" y="23" text-anchor="middle">{svg_text(label)}</text>')
        x += width
    parts.append("</svg>")
    return "".join(parts)


def outlets_json(story: Story) -> dict:
    """The story's optional outlet fields of digest.json (see tests/digest.schema.json)."""
    found = story.outlets
    if found is None:
        return {}

    def cites(citations):
        return [{"source": c.source, "sentence": c.sentence} for c in citations]

    return {
        "outlet_sources": [{"source": s.source, "outlet": s.outlet, "how": s.how} for s in found.sources],
        "outlet_coverage": [{"key": g.key, "values": [{"value": v, "sources": list(ids)} for v, ids in g.values]}
                            for g in found.coverage],
        "blindspots": [{"key": b.key, "value": b.value, "text": b.fact.text, "outlets": list(b.outlets),
                        "sources": list(b.fact.sources), "citations": cites(b.fact.citations)}
                       for b in found.blindspots],
        "word_choice": [{"name": w.name, "kind": w.kind, "phrases": [
            {"text": p.text, "uses": [{"outlet": o, "count": len(c), "citations": cites(c)} for o, c in p.uses]}
            for p in w.phrases]} for w in found.word_choice],
    }

"""digest.json: the machine-readable digest (see tests/digest.schema.json), one line per item so
that a diff shows what changed."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..model import CorpusPerson, Digest, Report, Story
from .outlets import outlets_json


def to_json(digest: Digest) -> str:
    return site_json([story_json_text(story_json(story)) for story in digest.stories], digest.report)


def site_json(stories: list[str], report: Report, people: Iterable[CorpusPerson] = ()) -> str:
    """The machine-readable digest (schema 1), sorted and stable, put together from each story's
    formatted entry (see story_json_text), so that a build formats again only the stories that
    changed."""
    data = {
        "schema": 1,
        "stories": [],
        "report": {
            "read": report.read,
            "skipped": [{"file": p.file, "reason": p.reason} for p in report.skipped],
            "warnings": [{"file": p.file, "reason": p.reason} for p in report.warnings],
            **({"notes": list(report.notes)} if report.notes else {}),
        },
    }
    if report.unknown_outlets:
        data["report"]["unknown_outlets"] = [{"file": p.file, "reason": p.reason} for p in report.unknown_outlets]
    people = [{"name": p.name, "slug": p.slug, "aliases": list(p.aliases),
               "stories": [{"story": a.story, "slug": a.slug, "roles": list(a.roles)} for a in p.appearances]}
              for p in people]
    if people:
        data["people"] = []
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if people:  # one line per person, as for the stories' items
        items = ",\n".join("  " + json.dumps(p, ensure_ascii=False) for p in people)
        text = text[: text.rindex(' "people": []')] + ' "people": [\n' + items + "\n ]\n}\n"
    if not stories:
        return text
    return text.replace(' "stories": [],', ' "stories": [\n' + ",\n".join(stories) + "\n ],", 1)


def story_json_text(entry: dict) -> str:
    """One story's entry as it sits in digest.json: one line per source, person, quote, fact,
    discrepancy and timeline entry, so that a diff shows what changed (and each line is made by
    the C encoder: indenting everything took seconds for a large story)."""
    fields = []
    for key, value in entry.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            fields.append(f"   {json.dumps(key)}: [\n{items}\n   ]")
        else:
            fields.append(f"   {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "  {\n" + ",\n".join(fields) + "\n  }"


def story_json(story: Story) -> dict:
    sentences = {(r.article_id, s.index): s.text for r in story.records for s in r.sentences}

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
        "discrepancies": [{"topic": d.topic, "kind": d.kind, **({"reason": d.reason} if d.reason else {}), "variants": [
            {"value": v.value, "sources": list(v.sources),
             "evidence": [sentences[(c.source, c.sentence)] for c in v.citations], "citations": cites(v.citations)}
            for v in d.variants]} for d in story.discrepancies],
        "timeline": [{"date": e.date, "label": e.label, "text": e.text, "sources": list(e.sources),
                      "background": e.background, "expected": e.expected, "citations": cites(e.citations)}
                     for e in story.timeline],
        **outlets_json(story),
        "updates": [{"date": u.date, "sources": [story.articles[n].id for n in u.sources], "facts": list(u.facts),
                     "single_source": list(u.single_source), "discrepancies": list(u.discrepancies),
                     "revised": list(u.revised), "people": [story.people[n].name for n in u.people],
                     "quotes": list(u.quotes)} for u in story.updates],
    }

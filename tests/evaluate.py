"""Scoring a story against the hand annotations in tests/annotations/.

Used by the quality tests (with pinned floors) and by benchmarks/quality.py (which prints them).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from digest.model import Story
from digest.people import name_key

ANNOTATIONS = Path(__file__).parent / "annotations"


def load(name: str) -> dict:
    return json.loads((ANNOTATIONS / f"{name}.json").read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[“”\"’'‘]", "'", text).lower().split())


def people_scores(story: Story) -> dict:
    annotation = load("people")
    entries = story.people
    keys = [{name_key(a) for a in (p.name, *p.aliases)} for p in entries]
    found, split, roles_right = 0, 0, 0
    matched_entries = set()
    for person in annotation["people"]:
        wanted = name_key(person["name"])
        hits = [i for i, k in enumerate(keys) if wanted in k]
        if hits:
            found += 1
            matched_entries.update(hits)
            role = person["role"].lower()
            if any(role in r.text.lower() for i in hits for r in entries[i].roles):
                roles_right += 1
        if len(hits) > 1:
            split += 1
    bad = {name_key(n) for n in annotation["not_people"]}
    authors = {name_key(a) for names in annotation["authors"].values() for a in names}
    non_person = sum(1 for k in keys if k & bad)
    bylines = sum(1 for k in keys if k & authors)
    authors_kept = all(
        set(names) <= set(next(a.authors for a in story.articles if a.id == source))
        for source, names in annotation["authors"].items()
    )
    total = len(annotation["people"])
    return {
        "recall": found / total,
        "precision": len(matched_entries) / max(1, len(entries)),
        "split": split,
        "non_person": non_person,
        "bylines_as_people": bylines,
        "authors_kept": authors_kept,
        "roles": roles_right / total,
    }


def _speaker_matches(found: str | None, wanted: str | None, organisations: dict) -> bool:
    if wanted is None or found is None:
        return found == wanted
    allowed = organisations.get(wanted, [wanted])
    return any(_norm(found).removeprefix("the ") == _norm(a) for a in allowed) or name_key(found) == name_key(wanted)


def quote_scores(story: Story) -> dict:
    annotation = load("quotes")
    mentions = [(v.source, v.text, q.speaker) for q in story.quotes for v in q.variants]
    required = [q for q in annotation["quotes"] if not q.get("optional")]
    found = right = 0
    for quote in required:
        hits = [m for m in mentions if m[0] == quote["source"] and _norm(quote["text"]) in _norm(m[1])]
        if hits:
            found += 1
            if any(_speaker_matches(m[2], quote["speaker"], annotation["organisation_names"]) for m in hits):
                right += 1
    false = [m for m in mentions
             if not any(m[0] == q["source"] and _norm(q["text"]) in _norm(m[1]) for q in annotation["quotes"])]
    merged = 0
    for a, b in annotation["same_quote"]:
        if any(any(_norm(a) in _norm(v.text) for v in q.variants) and any(_norm(b) in _norm(v.text) for v in q.variants)
               for q in story.quotes):
            merged += 1
    scare = [m for m in mentions if _norm(m[1]).strip(" .,") in annotation["not_quotes"]]
    return {
        "recall": found / len(required),
        "speaker_accuracy": right / max(1, found),
        "false_quotes": len(false),
        "scare_quotes": len(scare),
        "merged": merged / len(annotation["same_quote"]),
    }


def fact_scores(story: Story) -> dict:
    annotation = load("facts")
    sentences = {(r.article_id, s.index): s.text for r in story.records for s in r.sentences}

    def labels_of(citation) -> set[int]:
        text = _norm(sentences[(citation.source, citation.sentence)])
        return {n for n, fact in enumerate(annotation["facts"])
                for part in fact["evidence"].get(citation.source, []) if _norm(part) in text}

    found, mixed = set(), 0
    for fact in story.facts:
        labels = [labels_of(c) for c in fact.citations]
        union = set().union(*labels) if labels else set()
        for n in union:
            sources = {c.source for c, ls in zip(fact.citations, labels) if n in ls}
            if len(sources) >= 2:
                found.add(n)
        exclusive = [ls for ls in labels if len(ls) == 1]
        if len({next(iter(ls)) for ls in exclusive}) > 1:
            mixed += 1
    # duplicates: annotated facts that more than one of the 15 best-supported facts states from two sources or more
    stated = Counter()
    for fact in sorted(story.facts, key=lambda f: -len(f.sources))[:15]:
        labels = [labels_of(c) for c in fact.citations]
        stated.update(n for n in set().union(*labels)
                      if len({c.source for c, ls in zip(fact.citations, labels) if n in ls}) >= 2)
    return {"recall": len(found) / len(annotation["facts"]), "mixed_clusters": mixed, "facts": len(story.facts),
            "duplicates_top15": sum(count - 1 for count in stated.values())}


def discrepancy_scores(story: Story) -> dict:
    annotation = load("discrepancies")

    def matches(found, values) -> bool:
        variants = [v.value.lower() for v in found.variants]
        used = set()
        for value in values:
            hit = next((i for i, v in enumerate(variants) if value.lower() in v and i not in used), None)
            if hit is None:
                return False
            used.add(hit)
        return True

    found = right_kind = 0
    for wanted in annotation["discrepancies"]:
        hits = [d for d in story.discrepancies if matches(d, wanted["values"])]
        if hits:
            found += 1
            right_kind += any(d.kind == wanted["kind"] for d in hits)
    known = annotation["discrepancies"] + annotation["acceptable"]
    false_alarms = [d.topic for d in story.discrepancies if not any(matches(d, k["values"]) for k in known)]
    return {
        "recall": found / len(annotation["discrepancies"]),
        "kind_accuracy": right_kind / max(1, found),
        "false_alarms": len(false_alarms),
        "false_alarm_topics": false_alarms,
    }


def timeline_scores(story: Story) -> dict:
    annotation = load("timeline")
    sentences = {(r.article_id, s.index): s.text for r in story.records for s in r.sentences}
    found = 0
    missing = []
    for event in annotation["events"]:
        ok = any(
            entry.date == event["date"]
            and any(c.source == event["source"] and _norm(event["text"]) in _norm(sentences[(c.source, c.sentence)])
                    for c in entry.citations)
            for entry in story.timeline
        )
        found += ok
        if not ok:
            missing.append(event["text"])
    story_days = [e.date for e in story.timeline if not e.background]
    return {"recall": found / len(annotation["events"]), "missing": missing,
            "in_order": story_days == sorted(story_days)}

"""The SVG charts of a story's timeline and people pages."""

from __future__ import annotations

import math

from ..model import Story
from ..timeline import WEEKDAYS
from .markdown import svg_text


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
        parts.append(f'<text x="{x}" y="30" text-anchor="middle" class="day">{svg_text(short)}</text>')
        parts.append(f'<text x="{x}" y="100" text-anchor="middle" class="count">{count} event{"s" if count != 1 else ""}</text>')
    parts.append("</svg>")
    return "".join(parts)


def comention_svg(story: Story, limit: int = 12) -> str:
    """Who appears with whom: the most prominent people on a circle, joined by a line as thick
    as the number of sentences that name both. Drawn here: no script, works offline."""
    people = list(story.people[:limit])
    if len(people) < 2:
        return ""
    sentences = [{(c.source, c.sentence) for c in p.citations} for p in people]
    width, height, radius = 760, 480, 180  # room on both sides for the names
    centre, middle = width / 2, height / 2
    points = []
    for n in range(len(people)):
        angle = 2 * math.pi * n / len(people) - math.pi / 2
        points.append((centre + radius * math.cos(angle), middle + radius * math.sin(angle)))
    parts = [f'<svg class="digest-people" role="img" aria-label="People named together" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">']
    for i in range(len(people)):
        for j in range(i + 1, len(people)):
            shared = len(sentences[i] & sentences[j])
            if shared:
                (x1, y1), (x2, y2) = points[i], points[j]
                parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="link" '
                             f'stroke-width="{min(1 + shared, 9)}"><title>{shared} sentence{"s" if shared != 1 else ""}</title></line>')
    for person, (x, y) in zip(people, points):
        r = 6 + min(len(person.sources), 10) * 1.5
        anchor = "start" if x > centre + 1 else "end" if x < centre - 1 else "middle"
        dx = 14 if anchor == "start" else -14 if anchor == "end" else 0
        dy = -14 if y < middle and anchor == "middle" else 18 if anchor == "middle" else 4
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" class="person"/>')
        parts.append(f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{svg_text(person.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short_day(label: str) -> str:
    words = label.split()
    if words and words[0].lower() in WEEKDAYS and len(words) >= 3:
        return f"{words[0][:3]} {words[1]} {words[2][:3]}"
    return label

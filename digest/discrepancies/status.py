"""The same status stated by one source and denied by another.

Two claims are about the same thing when they are the same act (naming among, handing over) on
the same name or thing, named as the same role ("defendant"), in articles about one story. A
denial told as a later statement ("officials later said no fuel had been handed over") is a
correction of the claim; otherwise the two are a conflict. Acts dated to times that cannot
both hold ("in January", "within the past 10 days") are a conflict about when.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

from ..model import Citation, Discrepancy
from .classify import CONFLICT, CORRECTION, by_date, variant
from .compare import _names, related_articles
from .quantities import number_value


def status_discrepancies(records, published) -> list[Discrepancy]:
    names = {r.article_id: _names(r) for r in records}
    claims = defaultdict(list)
    for record in records:
        for claim in record.claims:
            claims[(claim.act, claim.subject, claim.role)].append((record.article_id, claim))
    found = []
    for (act, subject, role), items in sorted(claims.items()):
        if act == "obtain":
            continue  # compared by their time, in timing_discrepancies
        stated = [(a, c) for a, c in items if not c.negated]
        denied = [(a, c) for a, c in items if c.negated]
        pairs = [(s, d) for s in stated for d in denied if s[0] != d[0]
                 and related_articles(names[s[0]], names[d[0]])]
        if not pairs:
            continue
        kept_stated = {s for s, _ in pairs}
        kept_denied = {d for _, d in pairs}
        kind = CORRECTION if any(c.later for _, c in kept_denied) else CONFLICT
        values = defaultdict(list)
        for article_id, claim in sorted(kept_stated | kept_denied, key=lambda x: (x[0], x[1].sentence)):
            values[claim.text].append(Citation(article_id, claim.sentence))
        variants = sorted((variant(text, cites) for text, cites in values.items()), key=by_date(published))
        if act == "include":
            topic = f"Whether {subject.title()} is named as a {role}"
            reason = f"same status: {subject.title()} among the {role}s"
        else:
            topic = f"Whether the {subject} was delivered"
            reason = f"same status: the {subject} handed over or not"
        found.append(Discrepancy(topic=topic, kind=kind, variants=tuple(variants), reason=reason))
    return found


MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_PAST = re.compile(r"(?:within |in |over )?the (?:past|last) (\d+|\w+) (day|week|month)s?")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 31}


def when_interval(when: str, published: str | None) -> tuple[date, date] | None:
    """The days a time expression allows, seen from the publication date: "January" is the
    last January before it, "within the past 10 days" the ten days before it."""
    if not published:
        return None
    pub = date.fromisoformat(published)
    text = when.lower().strip()
    match = _PAST.fullmatch(text)
    if match:
        count = number_value(match.group(1))
        if count is None:
            return None
        return pub - timedelta(days=int(count * _UNIT_DAYS[match.group(2)])), pub
    words = text.replace(",", " ").split()
    months = [MONTHS.index(w) + 1 for w in words if w in MONTHS]
    years = [int(w) for w in words if re.fullmatch(r"(19|20)\d\d", w)]
    if len(months) == 1 and len(words) <= 2:
        year = years[0] if years else (pub.year if months[0] <= pub.month else pub.year - 1)
        last = (date(year + (months[0] == 12), months[0] % 12 + 1, 1) - timedelta(days=1))
        return date(year, months[0], 1), last
    return None


def timing_discrepancies(records, published) -> list[Discrepancy]:
    """Records said to be obtained at times that cannot both be right, in articles about one
    story ("taken in a raid in January" against "obtained within the past 10 days")."""
    names = {r.article_id: _names(r) for r in records}
    dated = []
    for record in records:
        for claim in record.claims:
            if claim.act == "obtain" and claim.when:
                interval = when_interval(claim.when, published.get(record.article_id))
                if interval is not None:
                    dated.append((record.article_id, claim, interval))
    clashing = [(x, y) for n, x in enumerate(dated) for y in dated[n + 1:]
                if x[0] != y[0] and related_articles(names[x[0]], names[y[0]])
                and (x[2][1] < y[2][0] or y[2][1] < x[2][0])]
    if not clashing:
        return []
    values = defaultdict(list)
    for article_id, claim, _ in sorted({item[:2] + (item[2],) for pair in clashing for item in pair},
                                       key=lambda x: (x[0], x[1].sentence)):
        values[claim.text].append(Citation(article_id, claim.sentence))
    variants = sorted((variant(text, cites) for text, cites in values.items()), key=by_date(published))
    return [Discrepancy(topic="When the records were obtained", kind=CONFLICT, variants=tuple(variants),
                        reason="same act: the records (documents, files, information) obtained")]

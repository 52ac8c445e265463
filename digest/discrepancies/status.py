"""The same status stated by one source and denied by another.

Two claims are about the same thing when they are the same act (naming among, handing over) on
the same name or thing, named as the same role ("defendant"), in articles about one story. A
denial told as a later statement ("officials later said no coolant had been handed over") is a
correction of the claim; otherwise the two are a conflict.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Citation, Discrepancy
from .classify import CONFLICT, CORRECTION, by_date, variant
from .compare import RELATED_ENTITIES, _names


def status_discrepancies(records, published) -> list[Discrepancy]:
    names = {r.article_id: _names(r) for r in records}
    claims = defaultdict(list)
    for record in records:
        for claim in record.claims:
            claims[(claim.act, claim.subject, claim.role)].append((record.article_id, claim))
    found = []
    for (act, subject, role), items in sorted(claims.items()):
        stated = [(a, c) for a, c in items if not c.negated]
        denied = [(a, c) for a, c in items if c.negated]
        pairs = [(s, d) for s in stated for d in denied if s[0] != d[0]
                 and len(names[s[0]] & names[d[0]]) >= RELATED_ENTITIES]
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

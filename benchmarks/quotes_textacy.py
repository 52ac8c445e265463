"""Our quotes against textacy's `direct_quotations`, on the hand annotation of the sample corpus.

    .venv/bin/pip install textacy   # only for this comparison; not a dependency of digest
    .venv/bin/python benchmarks/quotes_textacy.py

Prints, for both: quotes found (recall), speakers right, false quotes, and articles where the
extractor raised. textacy sees the same cleaned text and the same spaCy model.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest import nlp  # noqa: E402
from digest.people import name_key  # noqa: E402
from digest.pipeline import BuildOptions, compute, read_corpus  # noqa: E402
from tests import evaluate  # noqa: E402


def same_speaker(found: str | None, wanted: str, organisations: dict) -> bool:
    """Lenient for textacy, which gives the speaker as written ("Mr Peskov", "he"): the words of
    a person's name as written must be part of the canonical name."""
    if evaluate._speaker_matches(found, wanted, organisations):
        return True
    words = set(name_key(found or ""))
    return bool(words) and words <= set(name_key(wanted))


def score(found: list[tuple[str, str, str | None]]) -> dict:
    """found: (source, quote text, speaker) triples."""
    annotation = evaluate.load("quotes")
    required = [q for q in annotation["quotes"] if not q.get("optional")]
    norm = evaluate._norm
    hits = right = 0
    for quote in required:
        matches = [f for f in found if f[0] == quote["source"] and norm(quote["text"]) in norm(f[1])]
        if matches:
            hits += 1
            right += any(same_speaker(f[2], quote["speaker"], annotation["organisation_names"]) for f in matches)
    false = [f for f in found if not any(f[0] == q["source"] and norm(q["text"]) in norm(f[1]) for q in annotation["quotes"])]
    return {"recall": hits / len(required), "speakers_right": right / len(required), "false_quotes": len(false)}


def main() -> None:
    import textacy.extract

    options = BuildOptions(corpus=ROOT / "corpus", cache=None, processes=1)
    ours = compute(options).stories[0]
    our_quotes = [(v.source, v.text, q.speaker) for q in ours.quotes for v in q.variants]

    stories, _, _ = read_corpus(options)
    name, _ = nlp.choose_model()
    language = nlp.load_model(name)
    theirs, failures = [], 0
    for article in stories[0][2]:
        doc = language(article.text)
        try:
            for quotation in textacy.extract.direct_quotations(doc):
                speaker = " ".join(t.text for t in quotation.speaker) if quotation.speaker else None
                theirs.append((article.id, " ".join(t.text for t in quotation.content).strip("“”\" "), speaker))
        except Exception as error:  # textacy raises on unbalanced quotation marks
            failures += 1
            print(f"textacy failed on {article.id}: {type(error).__name__}: {str(error)[:80]}")

    for label, found, failed in (("digest", our_quotes, 0), ("textacy", theirs, failures)):
        figures = score(found)
        print(f"{label:8} recall {figures['recall']:.2f}  speakers right {figures['speakers_right']:.2f}  "
              f"false quotes {figures['false_quotes']}  articles failed {failed}")


if __name__ == "__main__":
    main()

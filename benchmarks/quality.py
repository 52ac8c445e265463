"""The sample corpus scored against its hand annotations (tests/annotations/): the figures of the
README's quality table, sample column, that tests/test_*.py pin as floors. The timeline is scored on
the dated copy of the sample (tests/corpora/kim-putin-dated), as its annotation gives dates.

    .venv/bin/python benchmarks/quality.py [--cache DIR]

Prints one line per stage. The development stories' column comes from ../shared/dev/evaluate.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.pipeline import BuildOptions, compute  # noqa: E402
from tests import evaluate  # noqa: E402

STAGES = (("people", evaluate.people_scores), ("quotes", evaluate.quote_scores), ("facts", evaluate.fact_scores),
          ("discrepancies", evaluate.discrepancy_scores))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, help="extraction cache (default: a new temporary folder)")
    args = parser.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="digest-quality-"))
    story = compute(BuildOptions(corpus=ROOT / "corpus", cache=cache, processes=1)).stories[0]
    dated = compute(BuildOptions(corpus=ROOT / "tests" / "corpora" / "kim-putin-dated", cache=cache, processes=1)).stories[0]
    for name, scores in [*((name, score(story)) for name, score in STAGES), ("timeline", evaluate.timeline_scores(dated))]:
        figures = ", ".join(f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
                            for key, value in scores.items())
        print(f"{name:14} {figures}")


if __name__ == "__main__":
    main()

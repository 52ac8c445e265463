"""How the cross-article stages grow with the size of one story.

    .venv/bin/python benchmarks/scaling.py ../shared/bulk/reuters21578 --sizes 100 1000 2000

Takes the first N articles of a flat folder as one story (parsed once, then cached in
--cache), and prints the time of each cross-article stage for each N, with the time per article:
a stage that grows linearly keeps its time per article flat as N grows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.pipeline import BuildOptions, BuildStats, article_records, digest_story, read_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000])
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "digest")
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.iterdir() if p.is_file())
    print(f"{'articles':>8} {'sentences':>9}  " + "  ".join(f"{s:>13}" for s in
          ("people", "quotes", "facts", "timeline", "discrepancies", "total")) + "   ms/article")
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="digest-scaling-"))
        story = work / "story"
        story.mkdir()
        for path in files[:size]:
            shutil.copyfile(path, story / path.name)
        options = BuildOptions(corpus=work, cache=args.cache)
        stories, _, _ = read_corpus(options)
        slug, title, articles = stories[0]
        records = article_records(articles, options, BuildStats())
        story_records = [records[(a.story, a.id)] for a in articles]
        timings: dict[str, float] = {}
        digest_story(slug, title, articles, story_records, timings)
        total = sum(timings.values())
        sentences = sum(len(r.sentences) for r in story_records)
        print(f"{len(articles):>8} {sentences:>9}  " + "  ".join(f"{timings.get(s, 0):>11.2f} s" for s in
              ("people", "quotes", "facts", "timeline", "discrepancies")) + f"  {total:>11.2f} s   {1000 * total / len(articles):>6.2f}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

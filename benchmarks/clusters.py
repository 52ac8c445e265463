"""How well `--cluster` splits a flat folder, on a corpus whose subfolders are known categories.

    .venv/bin/python benchmarks/clusters.py ../shared/bulk/bbc [--cache .cache/bench-bbc]

The articles of every subfolder are put in one flat folder (named "<category>-<file>") and
clustered as `digest build --cluster` would. Categories are broader than stories, so a good split
has many stories, each of one category: prints the purity (share of clustered articles whose
story's majority category is their own), the stories, the articles left in "Other articles", and
the time of clustering. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest import stories  # noqa: E402
from digest.pipeline import BuildOptions, BuildStats, article_records, read_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "digest")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="digest-clusters-"))
    try:
        for folder in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
            for path in sorted(p for p in folder.iterdir() if p.is_file()):
                shutil.copyfile(path, work / f"{folder.name}-{path.name}")
        options = BuildOptions(corpus=work, cache=args.cache)
        found, _, _ = read_corpus(options)
        articles = found[0][2]
        records = article_records(articles, options, BuildStats())
        started = time.perf_counter()
        groups = stories.cluster(articles, [records[(a.story, a.id)] for a in articles])
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)

    clustered = [g for g in groups if g[1] != stories.OTHER]
    right = total = 0
    for _, _, members, _ in clustered:
        categories = Counter(a.id.split("-", 1)[0] for a in members)
        right += categories.most_common(1)[0][1]
        total += len(members)
    other = sum(len(g[2]) for g in groups if g[1] == stories.OTHER)
    sizes = sorted((len(g[2]) for g in clustered), reverse=True)
    print(f"{len(articles):,} articles -> {len(clustered):,} stories (largest {sizes[:5]}), "
          f"{other:,} in '{stories.OTHER}'")
    print(f"purity: {right:,} of {total:,} clustered articles = {100 * right / max(total, 1):.1f} %")
    print(f"clustering: {seconds:.2f} s")


if __name__ == "__main__":
    main()

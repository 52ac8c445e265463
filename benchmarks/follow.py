"""What following a story costs: "What's new", the Atom feeds and the people across stories.

    .venv/bin/python benchmarks/follow.py ../shared/bulk/bbc [--days 10] [--limit N] [--cache DIR]

The bulk corpora carry no publication dates, so a temporary copy gets some: each story folder's
articles are spread over --days days in file order (front matter; the cleaned texts, hence the
cached records, are the same). Records come from the cache, parsed when missing. Prints, summed
over the stories: the cross-article pass, the attribution of changes.py, and what the other way
of finding "What's new" would cost (digesting the articles up to the day before the newest
again, one more pass per story, and one per publication day for the feed); then the story
pages with and without the feed, the merge of the people across stories with their pages, and
the site feed. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest import changes, feeds, render  # noqa: E402
from digest.render import people_across  # noqa: E402
from digest.pipeline import BuildOptions, BuildStats, article_records, digest_story, read_corpus  # noqa: E402


def dated_copy(source: Path, target: Path, days: int, limit: int | None) -> None:
    folders = sorted(p for p in source.iterdir() if p.is_dir()) or [source]
    for folder in folders:
        files = sorted(p for p in folder.iterdir() if p.is_file())[:limit]
        (target / folder.name).mkdir(parents=True)
        for n, path in enumerate(files):
            day = 1 + n * days // max(1, len(files))
            text = path.read_text(errors="replace")
            (target / folder.name / path.name).write_text(f"---\npublished: 2005-01-{day:02d}\n---\n{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--limit", type=int, help="articles per story folder")
    parser.add_argument("--cache", type=Path, default=Path(".cache/digest"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="digest-follow-"))
    try:
        dated_copy(args.corpus, work / "corpus", args.days, args.limit)
        options = BuildOptions(corpus=work / "corpus", cache=args.cache, processes=2)
        stories, _, _ = read_corpus(options)
        articles = [a for _, _, found in stories for a in found]
        records = article_records(articles, options, BuildStats())
        print(f"corpus: {len(articles):,} articles in {len(stories)} stories over {args.days} days ({args.corpus})")
        site = feeds.site_address("https://example.org/")
        env = render.template_environment()
        totals = dict.fromkeys(("digest", "changes", "again", "per day", "pages", "feed"), 0.0)
        pages = []
        for slug, title, found in stories:
            story_records = [records[(a.story, a.id)] for a in found]
            started = time.perf_counter()
            story = digest_story(slug, title, found, story_records)
            totals["digest"] += time.perf_counter() - started
            started = time.perf_counter()
            changes.story_updates(story)
            totals["changes"] += time.perf_counter() - started
            days = sorted({a.published for a in found if a.published})
            for n, day in enumerate(days[1:], start=1):
                earlier = [(a, r) for a, r in zip(found, story_records) if a.published < day]
                started = time.perf_counter()
                digest_story(slug, title, [a for a, _ in earlier], [r for _, r in earlier])
                spent = time.perf_counter() - started
                totals["per day"] += spent
                if n == len(days) - 1:
                    totals["again"] += spent
            started = time.perf_counter()
            pages.append(render.render_story_pages(env, story, site=site))
            totals["pages"] += time.perf_counter() - started
            started = time.perf_counter()  # the feed's part of those pages, made once more
            entries = feeds.story_entries(story, render.source_pages(story), render.source_labels(story.articles), site)
            if entries:
                feeds.story_feed(story, entries, site)
            totals["feed"] += time.perf_counter() - started
        started = time.perf_counter()
        files, people = people_across.directory_pages(env, (a for p in pages for a in p.people))
        directory = time.perf_counter() - started
        started = time.perf_counter()
        feeds.site_feed("Briefings", [e for p in pages for e in p.entries], site)
        site_feed = time.perf_counter() - started
        several = sum(1 for p in people if len(p.appearances) > 1)
        print(f"cross-article pass: {totals['digest']:.2f} s, of which changes.py {totals['changes'] * 1000:.1f} ms "
              f"({100 * totals['changes'] / totals['digest']:.2f} %)")
        print(f"instead, digesting up to the day before the newest again: {totals['again']:.2f} s "
              f"(+{100 * totals['again'] / totals['digest']:.0f} %); once per publication day (for the feed): "
              f"{totals['per day']:.2f} s (+{100 * totals['per day'] / totals['digest']:.0f} %)")
        print(f"story pages: {totals['pages']:.2f} s, of which the story's feed {totals['feed']:.2f} s")
        print(f"people across stories: {len(people):,} people ({several:,} in several stories), {len(files):,} pages "
              f"in {directory:.2f} s; site feed {site_feed * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

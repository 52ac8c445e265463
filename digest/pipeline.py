"""The build, top to bottom: read, parse (cached), digest each story, render, write.

Nothing is written until everything is computed.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import changes, corpus as corpus_files, coverage, discrepancies, facts, feeds, nlp, outlets, people, quotes, render, stories, timeline
from .cache import RecordCache, code_version
from .errors import CorpusNotFound, DaskNotInstalled
from .extract import extract
from .model import Article, ArticleRecord, Digest, OutletsConfig, Problem, Report, Story
from .output import write_folder


@dataclass(frozen=True)
class BuildOptions:
    corpus: Path = Path("corpus")
    out: Path = Path("docs")
    model: str | None = None
    cache: Path | None = Path(".cache/digest")
    processes: int = 0  # 0: one per core
    batch_size: int = 16
    max_bytes: int = corpus_files.DEFAULT_MAX_BYTES
    templates: Path | None = None
    cluster: bool = False  # split a flat folder of articles into stories
    progress: bool = False
    site_url: str | None = None  # where the site is published (mkdocs.yml site_url): feeds need it
    site_name: str = "News briefings"
    directory_urls: bool = True  # mkdocs.yml use_directory_urls, for the feeds' absolute links
    scheduler: str | None = None  # address of a Dask scheduler: parse and digest on its cluster


SCHEDULER_VARIABLE = "DIGEST_SCHEDULER"  # the scheduler's address when no option names one


@dataclass
class BuildStats:
    parsed: int = 0
    cached: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    traffic: dict[str, list[int]] = field(default_factory=dict)  # with --scheduler: stage -> [bytes sent, received]


@dataclass(frozen=True)
class BuildSummary:
    report: Report
    stories: tuple[str, ...]  # slugs
    changed: tuple[str, ...]  # stories whose pages were computed again


STAMP = ".digest-build"  # in the output folder: the hash of everything the pages were made from


def build(options: BuildOptions, stats: BuildStats | None = None) -> BuildSummary:
    """Write the docs folder for the corpus, redoing only what changed.

    A story's pages are kept (in the cache folder) under a key made of its articles, the code
    and the templates; a build whose every input is unchanged stops after reading the corpus.
    """
    stats = stats if stats is not None else BuildStats()
    if not options.corpus.is_dir():
        raise CorpusNotFound(str(options.corpus))
    executor = executor_for(options)
    try:
        return _build(options, stats, executor)
    finally:
        executor.close(stats)


def _build(options: BuildOptions, stats: BuildStats, executor) -> BuildSummary:
    started = time.perf_counter()
    story_articles, skipped, warnings = read_corpus(options)
    config, outlet_warnings, unknown = read_outlets(options.corpus, [a for _, _, arts in story_articles for a in arts])
    report = Report(read=sum(len(a) for _, _, a in story_articles), skipped=tuple(skipped),
                    warnings=tuple(sorted(warnings + outlet_warnings, key=lambda p: p.file)),
                    unknown_outlets=tuple(unknown))
    story_articles = [(slug, title, articles) for slug, title, articles in story_articles if articles]
    stats.timings["read"] = time.perf_counter() - started
    records: dict[tuple[str, str], ArticleRecord] = {}
    _, model_identity = nlp.choose_model(options.model)
    code = code_version(options.templates)
    site = feeds.site_address(options.site_url, options.directory_urls)
    report = replace(report, notes=feed_notes(site, options.site_url))
    # the feeds' absolute links are in the story's pages: their key holds the site's address
    pages_code = f"{code}\0{site}\0{options.site_name}"
    clustering = options.cluster and corpus_files.is_flat(options.corpus) and bool(story_articles)
    if clustering:
        # the stories depend on every article: an unchanged folder needs no records at all
        inputs = story_key(code, model_identity, "cluster", story_articles[0][2], config)
        if _read_stamp(options.out) == _stamp(pages_code, {"": inputs}, report):
            return BuildSummary(report, _stamped_slugs(options.out), ())
        story_articles, records = cluster_stories(story_articles[0][2], code, model_identity, options, stats, executor)

    keys = {slug: story_key(pages_code, model_identity, title, articles, config) for slug, title, articles in story_articles}
    stamp = _stamp(pages_code, {"": inputs} if clustering else keys, report)
    if _read_stamp(options.out) == stamp:
        return BuildSummary(report, tuple(keys), ())

    cache = RecordCache(options.cache, model_identity)
    env = render.template_environment(options.templates)
    started = time.perf_counter()
    pages = {slug: cache.get_pages(keys[slug]) for slug in keys}
    stats.timings["cached pages"] = time.perf_counter() - started
    missing = [(slug, title, articles) for slug, title, articles in story_articles if pages[slug] is None]
    needed = [a for _, _, articles in missing for a in articles if (a.story, a.id) not in records]
    if needed:
        started = time.perf_counter()
        records.update(article_records(needed, options, stats, executor))
        stats.timings["parse"] = stats.timings.get("parse", 0.0) + time.perf_counter() - started
    stats.timings["cross-article"] = stats.timings["render"] = 0.0
    jobs = [(slug, title, articles, [records[(a.story, a.id)] for a in articles]) for slug, title, articles in missing]
    started = time.perf_counter()
    for story in executor.digest(jobs, config):
        slug = story.slug
        stats.timings["cross-article"] += time.perf_counter() - started
        started = time.perf_counter()
        memo = cache.get_memo(slug, code) if options.cache else None
        pages[slug] = render.render_story_pages(env, story, memo, site)
        cache.put_pages(keys[slug], pages[slug])
        if memo is not None:
            cache.put_memo(slug, code, memo)
        stats.timings["render"] += time.perf_counter() - started
        started = time.perf_counter()
    if site is not None and not any(pages[slug].entries for slug in keys):
        report = replace(report, notes=report.notes + (
            "No article has a publication date: the feeds would have no entry, so none was written.",))
    started = time.perf_counter()
    files = render.assemble_site(env, [pages[slug] for slug in keys], report, options.templates, site, options.site_name)
    stats.timings["assemble"] = time.perf_counter() - started
    files[STAMP] = stamp + "\n"
    started = time.perf_counter()
    write_folder(files, options.out, options.cache / "output.json" if options.cache else None)
    stats.timings["write"] = time.perf_counter() - started
    return BuildSummary(report, tuple(keys), tuple(slug for slug, _, _ in missing))


def feed_notes(site, site_url: str | None) -> tuple[str, ...]:
    """What the build report says about the feeds."""
    if site is not None:
        return ()
    if site_url:
        return (f"site_url {site_url!r} is not an http(s) address: no Atom feeds were written.",)
    return ("No site_url in mkdocs.yml: no Atom feeds were written (a feed needs the site's address; "
            "set site_url, or pass --site-url).",)


def cluster_stories(articles: Sequence[Article], code: str, model: str, options: BuildOptions, stats: BuildStats,
                    executor) -> tuple[list[tuple[str, str, list[Article]]], dict[tuple[str, str], ArticleRecord]]:
    """The stories of a flat folder, and the records that were needed to find them.

    The pass over the articles is saved in the cache; when the folder holds the same articles
    with new ones after them (in the pass's order: by date, then file name), the pass resumes and
    only the new articles' records are needed. Any other change starts it again.
    """
    cache = RecordCache(options.cache, model)
    order = stories.pass_order(articles)
    ordered = [articles[i] for i in order]
    prefixes = [hashlib.sha256(f"{code}\0{model}".encode()).hexdigest()]
    for article in ordered:
        prefixes.append(hashlib.sha256(f"{prefixes[-1]}\0{article.id}\0{article.content_hash}".encode()).hexdigest())
    start, clustering = 0, stories.Clustering()
    saved = cache.get_clustering()
    if saved is not None and len(saved) == 3 and isinstance(saved[2], stories.Clustering) \
            and saved[1] < len(prefixes) and prefixes[saved[1]] == saved[0]:
        start, clustering = saved[1], saved[2]
    started = time.perf_counter()
    records = article_records(ordered[start:], options, stats, executor)
    stats.timings["parse"] = time.perf_counter() - started
    started = time.perf_counter()
    for article in ordered[start:]:
        clustering.add(stories.article_terms(records[(article.story, article.id)]))
    if start < len(articles):
        cache.put_clustering((prefixes[-1], len(articles), clustering))
    found = stories.stories_of(clustering, articles, order)
    stats.timings["cluster"] = time.perf_counter() - started
    return [(slug, title, [articles[i] for i in group]) for slug, title, group in found], records


def story_key(code: str, model: str, title: str, articles: Sequence[Article],
              outlets_config: OutletsConfig | None = None) -> str:
    """What a story's pages depend on: code, model, every article's text and metadata, and the
    outlets of outlets.yml."""
    inputs = [(a.id, a.file, a.title, a.outlet, a.published, a.url, a.authors, a.page_date, a.content_hash)
              for a in articles]
    return hashlib.sha256(repr((code, model, title, inputs, outlets_config)).encode()).hexdigest()


class _StageClock:
    """Runs a stage and adds its time to a dict of timings, when one is given."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    def __call__(self, stage: str, function, *args):
        started = time.perf_counter()
        result = function(*args)
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - started
        return result


def _stamp(code: str, keys: dict[str, str], report: Report) -> str:
    return hashlib.sha256(repr((code, sorted(keys.items()), report)).encode()).hexdigest()


def _stamped_slugs(out: Path) -> tuple[str, ...]:
    """The stories of the last build, from its digest.json (for the summary of a build that
    found nothing to do)."""
    try:
        data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(story["slug"] for story in data.get("stories", []))


def _read_stamp(out: Path) -> str | None:
    try:
        return (out / STAMP).read_text().strip()
    except OSError:
        return None


def compute(options: BuildOptions, stats: BuildStats | None = None) -> Digest:
    stats = stats if stats is not None else BuildStats()
    if not options.corpus.is_dir():
        raise CorpusNotFound(str(options.corpus))
    started = time.perf_counter()
    story_articles, skipped, warnings = read_corpus(options)
    all_articles = [a for _, _, articles in story_articles for a in articles]
    config, outlet_warnings, unknown = read_outlets(options.corpus, all_articles)
    stats.timings["read"] = time.perf_counter() - started
    executor = executor_for(options)
    try:
        started = time.perf_counter()
        records = article_records(all_articles, options, stats, executor)
        stats.timings["parse"] = time.perf_counter() - started
        started = time.perf_counter()
        groups = [(slug, title, articles, [records[(a.story, a.id)] for a in articles])
                  for slug, title, articles in story_articles if articles]
        if options.cluster and corpus_files.is_flat(options.corpus) and groups:
            _, _, articles, story_records = groups[0]
            groups = stories.cluster(articles, story_records)
        by_slug = {story.slug: story for story in executor.digest(groups, config)}
        digested = tuple(by_slug[slug] for slug, _, _, _ in groups)
        stats.timings["cross-article"] = time.perf_counter() - started
    finally:
        executor.close(stats)
    report = Report(read=len(all_articles), skipped=tuple(skipped),
                    warnings=tuple(sorted(warnings + outlet_warnings, key=lambda p: p.file)),
                    unknown_outlets=tuple(unknown))
    return Digest(stories=digested, report=report)


def read_outlets(corpus: Path, articles: Sequence[Article]) -> tuple[OutletsConfig | None, list[Problem], list[Problem]]:
    """The corpus's outlets.yml, the problems of its entries, and the articles whose outlet it
    does not name (for the build report)."""
    config, problems = outlets.load(corpus)
    if config is None:
        return None, problems, []
    return config, problems, outlets.unknown_problems(articles, outlets.recognise_all(config, articles))


def read_corpus(options: BuildOptions) -> tuple[list[tuple[str, str, list[Article]]], list[Problem], list[Problem]]:
    """Articles of each story; each unreadable or duplicate file is reported with its reason."""
    found, skipped = corpus_files.discover(options.corpus)
    warnings: list[Problem] = []
    result = []
    root = options.corpus.resolve()
    for story in found:
        articles: list[Article] = []
        ids: dict[str, str] = {}
        texts: dict[str, str] = {}
        for path in story.files:
            read = corpus_files.read_article(path, root, story.slug, options.max_bytes)
            if read.article is None:
                skipped.append(read.problem)
                continue
            if read.problem is not None:
                warnings.append(read.problem)
            article = read.article
            if article.id in ids:
                skipped.append(Problem(article.file, f"same name as {ids[article.id]}: rename one of the two files"))
                continue
            if article.content_hash in texts:
                skipped.append(Problem(article.file, f"duplicate of {texts[article.content_hash]} (same text)"))
                continue
            ids[article.id] = article.file
            texts[article.content_hash] = article.file
            articles.append(article)
        result.append((story.slug, _story_title(story.title, articles), articles))
    return result, sorted(skipped, key=lambda p: p.file), sorted(warnings, key=lambda p: p.file)


def _story_title(folder: str, articles: Sequence[Article]) -> str:
    """The headline that shares most words with the other headlines; else the folder name."""
    titles = [a.title for a in articles if a.title]
    if len(titles) < 2:
        return titles[0] if titles else folder

    def words(title: str) -> set[str]:
        return {w.strip(".,:;!?\"'“”‘’|").lower() for w in title.split() if len(w) > 3}

    counts = Counter(w for t in titles for w in words(t))
    return max(sorted(titles), key=lambda t: (sum(counts[w] - 1 for w in words(t)) / (1 + len(words(t)) ** 0.5), -len(t)))


def article_records(articles: Sequence[Article], options: BuildOptions, stats: BuildStats, executor=None
                    ) -> dict[tuple[str, str], ArticleRecord]:
    """One record per article: from the cache, or from one spaCy pass over those not cached.

    Records are written to the cache as they arrive, so an interrupted build keeps its work and
    no Doc outlives its article.
    """
    _, model_identity = nlp.choose_model(options.model)
    cache = RecordCache(options.cache, model_identity)
    records: dict[tuple[str, str], ArticleRecord] = {}
    missing: list[Article] = []
    for article in articles:
        record = cache.get(article.content_hash)
        if record is None:
            missing.append(article)
        else:
            records[(article.story, article.id)] = _compact(_renamed(record, article.id))
    stats.cached += len(articles) - len(missing)
    stats.parsed += len(missing)
    if not missing:
        return records
    executor = executor if executor is not None else LocalExecutor(options)
    progress = _progress_bar(len(missing), options.progress)
    for article, record in executor.parse(missing, options.batch_size):
        cache.put(article.content_hash, record)
        records[(article.story, article.id)] = _compact(record)
        progress.update(1)
    progress.close()
    return records


def executor_for(options: BuildOptions):
    """Where the parse and the cross-article stages run: this machine's pool of processes, or
    the Dask cluster of `options.scheduler` (digest/distributed.py)."""
    if not options.scheduler:
        return LocalExecutor(options)
    try:
        from .distributed import ClusterExecutor
    except ImportError as error:
        raise DaskNotInstalled(str(error)) from None
    return ClusterExecutor(options.scheduler, options.model)


class LocalExecutor:
    """The built-in pool: spaCy in `options.processes` forked processes of this machine, the
    cross-article stages in this process."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.worker_seconds = 0.0  # the cross-article stages' time in forked processes, summed

    def parse(self, articles: Sequence[Article], batch_size: int) -> Iterator[tuple[Article, ArticleRecord]]:
        language = nlp.load_model(nlp.choose_model(self.options.model)[0])
        processes = self.options.processes or os.cpu_count() or 1
        return zip(articles, _parse(language, articles, processes, batch_size))

    def digest(self, stories: Sequence[tuple[str, str, Sequence[Article], Sequence[ArticleRecord]]],
               outlets_config: OutletsConfig | None = None) -> Iterator[Story]:
        """Each story's digest. With several stories and processes, the stories are digested in
        forked processes, largest first, and come back in the order they finish, so that this
        process renders one story's pages while the others are digested."""
        processes = min(self.options.processes or os.cpu_count() or 1, len(stories))
        if processes <= 1 or not forks_safely():
            yield from (digest_story(slug, title, articles, records, outlets_config=outlets_config)
                        for slug, title, articles, records in stories)
            return
        global _WORKER_STORIES
        _WORKER_STORIES = (stories, outlets_config)
        largest_first = sorted(range(len(stories)), key=lambda i: (-len(stories[i][2]), i))
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                for index, story, seconds in pool.imap_unordered(_digest_in_worker, largest_first):
                    self.worker_seconds += seconds
                    _, _, articles, records = stories[index]
                    yield replace(story, articles=tuple(articles), records=tuple(records))
        finally:
            _WORKER_STORIES = None

    def close(self, stats: BuildStats) -> None:
        if self.worker_seconds:
            stats.timings["cross-article in workers"] = self.worker_seconds


def forks_safely() -> bool:
    """A process forks safely with one thread (a lock held by another thread stays held in the child)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


_WORKER_STORIES = None  # the stories to digest and the outlets, set before the worker processes fork


def _digest_in_worker(index: int) -> tuple[int, Story, float]:
    """In a forked process: one story's digest, sent back without the articles and records this
    process's parent holds, and the seconds it took."""
    started = time.perf_counter()
    stories, outlets_config = _WORKER_STORIES
    slug, title, articles, records = stories[index]
    story = digest_story(slug, title, articles, records, outlets_config=outlets_config)
    return index, replace(story, articles=(), records=()), time.perf_counter() - started


_WORKER_LANGUAGE = None  # the model, loaded before the worker processes fork


def _extract_batch(batch: list[tuple[str, str]]) -> list[ArticleRecord]:
    return extract_records(_WORKER_LANGUAGE, batch)


def _parse(language, articles: Sequence[Article], processes: int, batch_size: int) -> Iterator[ArticleRecord]:
    """Records in article order. With several processes, each worker parses and extracts a
    batch and sends back only the small record, never the Doc."""
    global _WORKER_LANGUAGE
    batches = [[(a.id, a.text) for a in articles[i:i + batch_size]] for i in range(0, len(articles), batch_size)]
    if processes <= 1 or len(batches) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            yield from extract_records(language, batch)
        return
    _WORKER_LANGUAGE = language
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for records in pool.imap(_extract_batch, batches):
                yield from records
    finally:
        _WORKER_LANGUAGE = None


def extract_records(language, batch: list[tuple[str, str]]) -> list[ArticleRecord]:
    docs = language.pipe([text for _, text in batch], batch_size=len(batch))
    return [extract(article_id, doc) for (article_id, _), doc in zip(batch, docs)]


def _compact(record: ArticleRecord) -> ArticleRecord:
    """The record with its sentence terms interned: every record comes out of a pickle with its
    own copies of the same few thousand lemmas, which would fill gigabytes at 20,000 articles."""
    sentences = tuple(replace(s, terms=tuple(sys.intern(t) for t in s.terms)) for s in record.sentences)
    return replace(record, sentences=sentences)


def _renamed(record: ArticleRecord, article_id: str) -> ArticleRecord:
    """A cached record of the same text under another file name."""
    if record.article_id == article_id:
        return record
    return replace(record, article_id=article_id)


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    class Bar(tqdm):
        # no monitor thread (it outlives the bar): `mkdocs build` forks workers after the pages
        # are generated in its process (parallel_pages.py), which needs a process of one thread
        monitor_interval = 0

    return Bar(total=total, unit="article", desc="Parsing", disable=not enabled or not sys.stderr.isatty(),
               file=sys.stderr, leave=False)


def digest_story(slug: str, title: str, articles: Sequence[Article], records: Sequence[ArticleRecord],
                 timings: dict[str, float] | None = None, outlets_config: OutletsConfig | None = None) -> Story:
    """The cross-article stages of one story, in order (their times added to `timings`)."""
    clock = _StageClock(timings)
    sentence_terms = {(r.article_id, s.index): s.terms for r in records for s in r.sentences}
    story_people, people_index = clock("people", people.merge_people, articles, records)
    person_order = {p.name: n for n, p in enumerate(story_people)}
    story_quotes = clock("quotes", quotes.merge_quotes, records, people_index, person_order)
    references, dates_known = clock("timeline", timeline.reference_dates, articles, records)
    dated = clock("timeline", lambda: list(timeline.dated_mentions(articles, records, references)))
    found = clock("facts", facts.find_facts, articles, records, timeline.sentence_days(dated))
    entries = clock("timeline", timeline.build_timeline, dated, references, dates_known,
                    lambda a, s: sentence_terms.get((a, s), ()))
    story_discrepancies = clock("discrepancies", discrepancies.find_discrepancies,
                                articles, records, story_people, discrepancies.event_day_slots(dated))
    story_outlets = None
    if outlets_config is not None:
        recognised = clock("outlets", outlets.recognise_all, outlets_config, articles)
        story_outlets = clock("outlets", coverage.story_outlets, outlets_config,
                              [recognised[(a.story, a.id)] for a in articles], articles, records,
                              found.facts, story_people, people_index)
    story = Story(
        slug=slug,
        title=title,
        articles=tuple(articles),
        records=tuple(records),
        people=story_people,
        quotes=story_quotes,
        facts=found.facts,
        single_source=found.single_source,
        discrepancies=story_discrepancies,
        timeline=entries,
        dates_known=dates_known,
        outlets=story_outlets,
    )
    return replace(story, updates=clock("changes", changes.story_updates, story))

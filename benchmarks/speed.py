"""Speed and size of a build, against the floor of one bare spaCy pass over the same texts.

    .venv/bin/python benchmarks/speed.py ../shared/bulk/bbc [--limit N] [--site] [--processes 2]
        [--scheduler tcp://HOST:8786 | --local-cluster 2]

Prints: the spaCy floor, a cold build (articles/s, words/s, ratio to the floor), a warm rebuild
with nothing changed, a rebuild after adding one article, the time of the cross-article stages,
peak memory. With --site also: `mkdocs build --strict` of the cold build's pages (with the
Pagefind index, as the user runs it) and again after the added article (pages kept from the
first build), the cold and one-article publish (digest + site + index), the size of the site
and of the index, and per query in headless Chromium with an empty browser cache: the time
from typing to the first results and the bytes transferred. The queries are the first person
of each story in digest.json (up to five), or --query.
With --scheduler (a running Dask cluster) or --local-cluster N (a LocalCluster of N single-threaded
worker processes started here), a second cold build runs on the cluster right after the first:
its time against the built-in pool's, and the bytes sent and received per article. With --rounds N
(and a cluster) only that comparison runs, N times, the pool and the cluster alternating so that
the load of a shared machine falls on both alike; the floor and the rebuilds are left out.
Each measurement runs in a fresh process, so imports and model loading are counted as a user
would pay them. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from digest.pipeline import BuildOptions, BuildStats, build
stats = BuildStats()
summary = build(BuildOptions(corpus=Path(sys.argv[1]), out=Path(sys.argv[2]), cache=Path(sys.argv[3]),
                             processes=int(sys.argv[4]), cluster=sys.argv[5] == "1", scheduler=sys.argv[6] or None), stats)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
def cpu(who=resource.RUSAGE_SELF):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
workers_cpu = cpu(resource.RUSAGE_CHILDREN)  # the pool's processes
if sys.argv[6]:  # the cluster's worker processes (a LocalCluster started for this build: its whole life)
    from dask.distributed import Client
    with Client(sys.argv[6], set_as_default=False) as client:
        workers_cpu = sum(client.run(cpu).values())
print(json.dumps({"cpu": cpu(), "workers_cpu": workers_cpu, "seconds": time.perf_counter() - started, "parsed": stats.parsed, "cached": stats.cached,
                  "timings": stats.timings, "articles": summary.report.read, "stories": len(summary.stories),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_mb": children / 1024, "traffic": stats.traffic}))
"""

FLOOR = r"""
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from digest import nlp
from digest.pipeline import BuildOptions, read_corpus
stories, _, _ = read_corpus(BuildOptions(corpus=Path(sys.argv[1])))
texts = [a.text for _, _, articles in stories for a in articles]
read = time.perf_counter()
name, _ = nlp.choose_model()
language = nlp.load_model(name)
for doc in language.pipe(texts, n_process=int(sys.argv[2]), batch_size=int(sys.argv[3])):
    pass
print(json.dumps({"seconds": time.perf_counter() - started, "read_seconds": read - started,
                  "words": sum(len(t.split()) for t in texts), "articles": len(texts)}))
"""


def run(script: str, *args) -> dict:
    load = os.getloadavg()[0]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(result.stderr)
    # how busy the shared machine was: 1-minute load averages before and after the run
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "load": (load, os.getloadavg()[0])}


def copy_corpus(source: Path, target: Path, limit: int | None) -> None:
    """The first `limit` articles of each story folder (or of the flat folder)."""
    folders = sorted(p for p in source.iterdir() if p.is_dir()) or [source]
    for folder in folders:
        destination = target / folder.name if folder != source else target / source.name
        destination.mkdir(parents=True, exist_ok=True)
        files = sorted(p for p in folder.iterdir() if p.is_file())
        for path in files[:limit] if limit else files:
            shutil.copyfile(path, destination / path.name)


def site_build(config: Path, site: Path) -> dict:
    """`mkdocs build --strict` as the user runs it: the site, then Pagefind's index."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)], capture_output=True,
                            text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT)))
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(result.stderr)
    index = re.search(r"search index \((.*?)\) in ([\d.]+) s", result.stderr)
    kept = re.search(r"(\d+) pages kept", result.stderr)
    indexed = re.search(r"(\d+) pages[,:]", index.group(1))
    return {"seconds": seconds, "index": float(index.group(2)), "kept": int(kept.group(1)), "summary": index.group(1),
            "pages": sum(1 for _ in site.rglob("*.html")), "indexed": int(indexed.group(1))}


def first_people(digest_json: Path, limit: int = 5) -> list[str]:
    data = json.loads(digest_json.read_text(encoding="utf-8"))
    return [story["people"][0]["name"] for story in data["stories"] if story.get("people")][:limit]


def search_figures(site: Path, queries: list[str]) -> list[dict]:
    """Per query, in a fresh browser context (empty cache): load the front page, press "/",
    type the query; time until the first result shows, bytes of every response."""
    from playwright.sync_api import sync_playwright

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    figures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for query in queries:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            responses = []
            page.on("requestfinished", lambda request: responses.append(request))
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_load_state("load")
            page.keyboard.press("/")
            page.keyboard.type(query)
            typed = time.perf_counter()
            page.wait_for_selector(".pagefind-ui__result", timeout=60000)
            shown = time.perf_counter()
            page.wait_for_load_state("networkidle")
            sizes = [(r.url, r.sizes()) for r in responses]
            total = sum(s["responseBodySize"] + s["responseHeadersSize"] for _, s in sizes)
            searching = sum(s["responseBodySize"] + s["responseHeadersSize"] for u, s in sizes if "/pagefind/" in u)
            figures.append({"first": shown - typed, "from_load": shown - started, "total_bytes": total,
                            "search_bytes": searching, "results": page.locator(".pagefind-ui__result").count()})
            context.close()
        browser.close()
    server.shutdown()
    return figures

def on_cluster(args, corpus: Path, work: Path, cluster: int, local: dict) -> dict:
    """A cold build on the Dask cluster (fresh cache and docs folder), against the local one."""
    shutil.rmtree(work / "docs-cluster", ignore_errors=True)
    shutil.rmtree(work / "cache-cluster", ignore_errors=True)
    started = None
    if args.local_cluster:
        from dask.distributed import LocalCluster

        started = LocalCluster(n_workers=args.local_cluster, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=40)
    address = args.scheduler or started.scheduler_address
    scheduler_cpu = time.process_time()  # a LocalCluster's scheduler runs in this process
    try:
        cold = run(MEASURE, corpus, work / "docs-cluster", work / "cache-cluster", args.processes, cluster, address)
    finally:
        scheduler_cpu = time.process_time() - scheduler_cpu
        if started is not None:
            started.close()
    where = f"a LocalCluster of {args.local_cluster} workers" if args.local_cluster else address
    print(f"cold build on {where}: {cold['seconds']:.1f} s = {cold['seconds'] / local['seconds']:.2f} x the built-in pool "
          f"(load {cold['load'][0]:.1f} -> {cold['load'][1]:.1f})")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in cold["timings"].items()))
    if args.local_cluster:
        cold["all_cpu"] = cold["cpu"] + cold["workers_cpu"] + scheduler_cpu
        print(f"  CPU: {cold['all_cpu']:.1f} s = {cold['all_cpu'] / local['all_cpu']:.2f} x the built-in pool's "
              f"(client {cold['cpu']:.1f} s, workers {cold['workers_cpu']:.1f} s, scheduler {scheduler_cpu:.1f} s; "
              "the nannies not counted)")
    articles = cold["parsed"] or 1
    for stage, (sent, received) in cold["traffic"].items():
        print(f"  {stage}: {sent / articles / 1024:.1f} KiB sent and {received / articles / 1024:.1f} KiB received "
              f"per article ({sent / 1e6:.1f} MB and {received / 1e6:.1f} MB in all)")
    total = sum(sent + received for sent, received in cold["traffic"].values())
    print(f"  in all: {total / articles / 1024:.1f} KiB per article")
    return cold


def rounds(args, corpus: Path, work: Path, cluster: int) -> None:
    """Cold builds in the pool and on the cluster, alternating, and the ratio of their sums."""
    pool = on = pool_cpu = on_cpu = 0.0
    for n in range(args.rounds):
        shutil.rmtree(work / "docs", ignore_errors=True)
        shutil.rmtree(work / "cache", ignore_errors=True)
        cold = run(MEASURE, corpus, work / "docs", work / "cache", args.processes, cluster, "")
        print(f"round {n + 1}: built-in pool ({args.processes} processes): {cold['seconds']:.1f} s, "
              f"{cold['articles']:,} articles, {cold['stories']} stories (load {cold['load'][0]:.1f} -> {cold['load'][1]:.1f})")
        print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in cold["timings"].items()))
        cold["all_cpu"] = cold["cpu"] + cold["workers_cpu"]
        print(f"  CPU: {cold['all_cpu']:.1f} s (main process {cold['cpu']:.1f} s, pool {cold['workers_cpu']:.1f} s)")
        distributed = on_cluster(args, corpus, work, cluster, cold)
        pool, on = pool + cold["seconds"], on + distributed["seconds"]
        pool_cpu, on_cpu = pool_cpu + cold["all_cpu"], on_cpu + distributed.get("all_cpu", 0.0)
    print(f"{args.rounds} rounds: the cluster took {on / pool:.2f} x the built-in pool ({on:.1f} s against {pool:.1f} s)"
          + (f", {on_cpu / pool_cpu:.2f} x its CPU time" if args.local_cluster else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, help="articles per story folder")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--site", action="store_true", help="also time mkdocs build and measure the site")
    parser.add_argument("--cluster", action="store_true", help="split a flat folder into stories (digest build --cluster)")
    parser.add_argument("--query", action="append", help="a search query for the browser figures (repeatable)")
    parser.add_argument("--rounds", type=int, help="with a cluster: only pool against cluster, this many times alternating")

    on = parser.add_mutually_exclusive_group()
    on.add_argument("--scheduler", metavar="ADDRESS", help="also a cold build on this Dask scheduler's cluster")
    on.add_argument("--local-cluster", type=int, metavar="N", help="also a cold build on a LocalCluster of N workers")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    corpus, cache, out = work / "corpus", work / "cache", work / "docs"
    copy_corpus(args.corpus, corpus, args.limit)
    if args.cluster:  # a flat folder of articles: digest is given that folder itself
        corpus = next(corpus.iterdir())

    cluster = int(args.cluster)
    if args.rounds and (args.scheduler or args.local_cluster):
        rounds(args, corpus, work, cluster)
        shutil.rmtree(work, ignore_errors=True)
        return

    floor = run(FLOOR, corpus, args.processes, args.batch_size)
    print(f"corpus: {floor['articles']:,} articles, {floor['words']:,} words ({args.corpus})")
    print(f"spaCy floor (nlp.pipe, n_process={args.processes}): {floor['seconds']:.1f} s "
          f"(of which reading the corpus {floor['read_seconds']:.1f} s)")

    cold = run(MEASURE, corpus, out, cache, args.processes, cluster, "")
    cold["all_cpu"] = cold["cpu"] + cold["workers_cpu"]
    t = cold["timings"]
    print(f"cold build: {cold['seconds']:.1f} s = {cold['seconds'] / floor['seconds']:.2f} x the floor; "
          f"{cold['articles'] / cold['seconds']:.1f} articles/s, {floor['words'] / cold['seconds']:,.0f} words/s; "
          f"{cold['stories']} stories (load {cold['load'][0]:.1f} -> {cold['load'][1]:.1f})")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in t.items()))
    print(f"  cross-article stages: {t['cross-article']:.2f} s = {100 * t['cross-article'] / cold['seconds']:.1f} % of the build"
          + (f" (waited for; {t['cross-article in workers']:.2f} s = {100 * t['cross-article in workers'] / cold['seconds']:.1f} %"
             " summed over the processes that digest the stories while this one renders)"
             if "cross-article in workers" in t else ""))
    print(f"  peak memory: main process {cold['peak_mb']:.0f} MB, largest worker {cold['worker_peak_mb']:.0f} MB")
    if args.scheduler or args.local_cluster:
        on_cluster(args, corpus, work, cluster, cold)

    if args.site:
        sys.path.insert(0, str(ROOT))
        from tests.site_config import write_config

        config = write_config(work / "mkdocs.yml", out, work / "site", cache=cache)
        cold_site = site_build(config, work / "site")
        print(f"mkdocs build (cold): {cold_site['seconds']:.1f} s, of which the Pagefind index {cold_site['index']:.1f} s; "
              f"{cold_site['pages']:,} pages, {cold_site['indexed']:,} in the index")
        size = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
        index = sum(p.stat().st_size for p in (work / "site" / "pagefind").rglob("*") if p.is_file())
        print(f"  site {size / 1e6:.1f} MB, of which the Pagefind index {index / 1e6:.1f} MB")
        publish = cold["seconds"] + cold_site["seconds"]
        print(f"cold publish (digest build + mkdocs build): {publish:.1f} s = {publish / floor['seconds']:.2f} x the floor")

    warm = run(MEASURE, corpus, out, cache, args.processes, cluster, "")
    print(f"warm rebuild, nothing changed: {warm['seconds']:.2f} s = {100 * warm['seconds'] / cold['seconds']:.1f} % of cold "
          f"({warm['parsed']} parsed)")

    story = corpus if args.cluster else next(p for p in sorted(corpus.iterdir()) if p.is_dir())
    donor = sorted(p for p in story.iterdir() if p.is_file())[0]
    (story / "zz-added-article.txt").write_text(donor.read_text(errors="replace") + "\n\nAn added closing line.\n")
    added = run(MEASURE, corpus, out, cache, args.processes, cluster, "")
    print(f"one article added: {added['seconds']:.2f} s = {100 * added['seconds'] / cold['seconds']:.1f} % of cold "
          f"({added['parsed']} parsed)")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in added["timings"].items()))
    if args.cluster:  # an article sorting before the others: the pass over the folder starts again
        (story / "0000-added-article.txt").write_text(donor.read_text(errors="replace") + "\n\nAnother closing line.\n")
        first = run(MEASURE, corpus, out, cache, args.processes, cluster, "")
        print(f"one article added before the others: {first['seconds']:.2f} s = "
              f"{100 * first['seconds'] / cold['seconds']:.1f} % of cold ({first['parsed']} parsed)")

    if args.site:
        added_site = site_build(config, work / "site")
        print(f"mkdocs build after the added article: {added_site['seconds']:.1f} s, of which the Pagefind index "
              f"{added_site['index']:.1f} s ({added_site['summary']}); {added_site['kept']:,} of {added_site['pages']:,} pages kept")
        one = added["seconds"] + added_site["seconds"]
        print(f"one-article publish: {one:.1f} s = {100 * one / publish:.1f} % of the cold publish")
        queries = args.query or first_people(out / "digest.json")
        for query, figures in zip(queries, search_figures(work / "site", queries)):
            print(f"  search {query!r}: first results {figures['first']:.2f} s after typing "
                  f"({figures['from_load']:.2f} s after the page began loading), {figures['results']} results; "
                  f"{figures['search_bytes'] / 1e6:.2f} MB for search ({figures['total_bytes'] / 1e6:.2f} MB with the page)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

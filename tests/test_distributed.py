"""`--scheduler`: the build on a Dask cluster (a LocalCluster of two single-threaded worker
processes) gives the bytes of a local build; a lost worker costs only its batch; a scheduler that
cannot be reached is told at once."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from dask.distributed import Client, LocalCluster

from digest import distributed, nlp
from digest.errors import ClusterWorkersDiffer, NoClusterWorkers, SchedulerUnreachable
from digest.pipeline import BuildOptions, BuildStats, LocalExecutor, article_records, build, executor_for, read_corpus
from tests.site_config import write_config

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "bulk" / "bbc"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as local:
        yield local


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_both(corpus: Path, tmp_path: Path, address: str, processes: int) -> tuple[BuildStats, int]:
    """The stats of the build on the cluster, and how many articles were read."""
    build(BuildOptions(corpus=corpus, out=tmp_path / "local", cache=None, processes=processes))
    stats = BuildStats()
    summary = build(BuildOptions(corpus=corpus, out=tmp_path / "cluster", cache=tmp_path / "cache", scheduler=address), stats)
    assert tree(tmp_path / "cluster") == tree(tmp_path / "local")
    return stats, summary.report.read


def test_the_sample_built_on_a_cluster_is_byte_identical(cluster, tmp_path):
    stats, read = build_both(ROOT / "corpus", tmp_path, cluster.scheduler_address, processes=1)
    assert stats.parsed == read == 5
    assert set(stats.traffic) == {"parse", "cross-article"} and all(n > 0 for pair in stats.traffic.values() for n in pair)
    # the records came back to the client, which cached them: they are read again without the cluster
    options = BuildOptions(corpus=ROOT / "corpus", cache=tmp_path / "cache", scheduler=f"tcp://127.0.0.1:{free_port()}")
    again = BuildStats()
    articles = read_corpus(options)[0][0][2]
    assert len(article_records(articles, options, again, executor_for(options))) == 5
    assert (again.parsed, again.cached) == (0, 5)


def test_small_stories_sent_together_come_back_byte_identical(cluster, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "corpora" / "golden", corpus)
    for n, path in enumerate(sorted((ROOT / "corpus" / "kim-putin-2023").iterdir())):
        (corpus / f"story-{n}").mkdir()
        shutil.copyfile(path, corpus / f"story-{n}" / path.name)
    assert len(distributed._story_groups([3, 1, 1, 1, 1, 1], distributed.STORY_BATCH_ARTICLES)) == 1  # one task
    build_both(corpus, tmp_path, cluster.scheduler_address, processes=1)


def test_stories_are_grouped_up_to_a_number_of_articles():
    assert distributed._story_groups([1, 2, 70, 3, 64, 1, 1], 64) == [[0, 1], [2], [3], [4], [5, 6]]
    assert distributed._story_groups([], 64) == []


@pytest.mark.skipif(not BBC.is_dir(), reason="../shared/bulk/bbc is not here")
def test_200_bbc_articles_in_five_stories_built_on_a_cluster_are_byte_identical(cluster, tmp_path):
    corpus = tmp_path / "corpus"
    for category in sorted(BBC.iterdir()):
        (corpus / category.name).mkdir(parents=True)
        for path in sorted(category.iterdir())[:40]:
            shutil.copyfile(path, corpus / category.name / path.name)
    stats, read = build_both(corpus, tmp_path, cluster.scheduler_address, processes=2)
    assert stats.parsed == read > 190  # two of the 200 files repeat another's text


def test_a_worker_killed_mid_batch_has_its_batch_run_again(cluster, tmp_path):
    story = tmp_path / "corpus" / "story"
    story.mkdir(parents=True)
    for n, path in enumerate(sorted((ROOT / "corpus" / "kim-putin-2023").iterdir()) * 2):
        (story / f"{n:02}.txt").write_text(path.read_text() + f"\n\nClosing line {n}.\n")
    articles = read_corpus(BuildOptions(corpus=tmp_path / "corpus"))[0][0][2]
    expected = dict(LocalExecutor(BuildOptions(processes=1)).parse(articles, batch_size=1))
    executor = distributed.ClusterExecutor(cluster.scheduler_address, None)
    client = executor.client()
    killed = None
    found = {}
    for article, record in executor.parse(articles, batch_size=1):
        found[article] = record
        if killed is None:
            busy = sorted(worker for worker, tasks in client.processing().items() if tasks)
            assert busy, "no worker had a batch in hand"
            killed = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(killed, signal.SIGKILL)
    executor.close(BuildStats())
    assert found == expected
    with Client(cluster.scheduler_address, set_as_default=False) as observer:
        assert killed not in observer.run(os.getpid).values()
        observer.wait_for_workers(2, timeout=120)  # the nanny started a new worker: the cluster is whole for the next test


def test_workers_with_other_code_or_no_worker_at_all_are_clear_errors(cluster, monkeypatch):
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        other = sorted(client.nthreads())[0]
        client.run(exec, "import digest.distributed as d; d.code_version = lambda templates: 'other code'",
                   workers=[other])
        try:
            with pytest.raises(ClusterWorkersDiffer, match=f"worker {other} has .* digest code other code"):
                distributed.ClusterExecutor(cluster.scheduler_address, None).client()
        finally:
            client.run(exec, "import digest.distributed as d, digest.cache as c; d.code_version = c.code_version",
                       workers=[other])
    monkeypatch.setattr(distributed, "WORKER_TIMEOUT", 1)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0", silence_logs=logging.ERROR) as empty:
        with pytest.raises(NoClusterWorkers, match=f"dask worker {empty.scheduler_address}"):
            distributed.ClusterExecutor(empty.scheduler_address, None).client()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scheduler_that_cannot_be_reached_is_a_clear_error_at_once(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.perf_counter()
    with pytest.raises(SchedulerUnreachable, match="dask scheduler"):
        build(BuildOptions(corpus=ROOT / "corpus", out=tmp_path / "docs", cache=None, scheduler=address))
    assert time.perf_counter() - started < distributed.CONNECT_TIMEOUT
    assert not (tmp_path / "docs").exists()


def test_the_scheduler_comes_from_the_environment_and_from_the_plugin_options(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"
    env = dict(os.environ, DIGEST_SCHEDULER=address, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "digest.cli", "build", ROOT / "corpus", "--out", tmp_path / "docs",
                             "--no-cache"], capture_output=True, text=True, env=env)
    assert result.returncode == 2 and f"No Dask scheduler answered at {address!r}" in result.stderr

    (tmp_path / "site-docs").mkdir()
    config = write_config(tmp_path / "mkdocs.yml", tmp_path / "site-docs", tmp_path / "site", corpus=ROOT / "corpus",
                          cache=tmp_path / "cache")
    settings = yaml.safe_load(config.read_text())
    for plugin in settings["plugins"]:
        if isinstance(plugin, dict) and "digest" in plugin:
            plugin["digest"]["scheduler"] = address
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    del env["DIGEST_SCHEDULER"]
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], capture_output=True,
                            text=True, env=env)
    assert result.returncode != 0 and f"No Dask scheduler answered at {address!r}" in result.stderr


def _mapped_blocks_for_one_mebibyte() -> int:
    """How many blocks glibc maps for a 1 MiB allocation after one was freed (0: it comes from
    the heap, as when glibc has raised its threshold on the first free); -1 without glibc's
    mallinfo2."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                         "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL(None)
    if not hasattr(libc, "mallinfo2"):
        return -1
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.free(libc.malloc(1 << 20))
    before = libc.mallinfo2().hblks
    block = libc.malloc(1 << 20)
    mapped = libc.mallinfo2().hblks - before
    libc.free(block)
    return mapped


MAPPED = "from tests.test_distributed import _mapped_blocks_for_one_mebibyte as m; from digest import distributed as d; "


@pytest.mark.parametrize("raise_it, environment, expected", [
    (False, {"MALLOC_TRIM_THRESHOLD_": "65536"}, "1"),  # what a Dask nanny gives its worker: large blocks mapped
    (True, {"MALLOC_TRIM_THRESHOLD_": "65536"}, "True 0"),  # raised: from the heap
    (True, {}, "False 0"),  # glibc adjusts the threshold itself: nothing to do
    (True, {"MALLOC_TRIM_THRESHOLD_": "65536", "MALLOC_MMAP_THRESHOLD_": "131072"}, "False 1"),  # chosen: kept
])
def test_a_worker_keeps_large_blocks_on_the_heap_where_a_variable_froze_the_threshold(raise_it, environment, expected):
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc's malloc")
    code = MAPPED + ("print(d._keep_large_blocks_on_the_heap(), m())" if raise_it else "print(m())")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=dict(env, PYTHONPATH=str(ROOT), **environment))
    if result.stdout.strip().endswith("-1"):
        pytest.skip("not glibc")
    assert result.stdout.strip() == expected, result.stderr


def test_the_workers_of_a_nanny_parse_with_large_blocks_on_the_heap(cluster):
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        client.run(distributed._language, nlp.choose_model()[0])  # what each worker's first batch does
        trim = client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_")
        mapped = client.run(_mapped_blocks_for_one_mebibyte)
    assert set(trim.values()) == {"65536"}  # what Dask's nanny sets (distributed.nanny.pre-spawn-environ)
    assert set(mapped.values()) <= {0, -1}

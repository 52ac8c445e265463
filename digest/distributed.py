"""The parse and the cross-article stages on a Dask distributed cluster (`--scheduler ADDRESS`).

The client (the machine that runs `digest build`) reads the corpus, keeps the cache and writes the
pages; the cluster gets batches of (article id, cleaned text) and gives back records, then gets
the stories' articles and records (small stories several to a task) and gives back their
digests. Everything that travels is plain
data (tuples, strings and the frozen dataclasses of `model.py`); a spaCy `Doc` never leaves the
worker that made it, and each worker process loads the model once, on its first batch.

A worker that dies mid-task has its task run again elsewhere (the scheduler reassigns the tasks
of a lost worker); a task that raises is retried `RETRIES` times before the build fails.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import socket
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from dask.distributed import Client, KilledWorker, as_completed
from distributed.comm import get_address_host_port

from . import nlp
from .cache import code_version
from .errors import ClusterWorkersDiffer, NoClusterWorkers, SchedulerUnreachable, WorkersLost
from .model import Article, ArticleRecord, OutletsConfig, Story

CONNECT_TIMEOUT = 5  # seconds: a scheduler that does not answer by then is reported at once
WORKER_TIMEOUT = 30  # seconds to wait for a first worker to join a scheduler that has none
RETRIES = 2  # a task that raises is submitted again this many times
STORY_BATCH_ARTICLES = 64  # small stories go to the cluster together, up to this many articles a task:
# one task per story of Reuters (396 stories of 2,973 articles, most of one to three articles) made
# the cross-article stages 4 times slower on two local workers than in one process
IN_FLIGHT_PER_THREAD = 4  # tasks handed to the scheduler at once, per worker thread: enough to keep
# every worker busy while results stream back, and the corpus never sits whole in the scheduler


class ClusterExecutor:
    """Connects on first use, so a build with nothing to parse or digest never needs the cluster."""

    def __init__(self, address: str, model: str | None) -> None:
        self.address = address
        self.model = model
        # bytes sent and received per stage: arguments and results travel as pickles made here
        # and on the workers (what Dask would send for them; it adds some framing per task and
        # compresses nothing by default), so the sizes are exact and cost no second pickling
        self.traffic: dict[str, list[int]] = {}
        self._client: Client | None = None

    def client(self) -> Client:
        if self._client is None:
            self._client = connect(self.address)
            _check_workers(self._client, self.address, self.model)
        return self._client

    def close(self, stats) -> None:
        for stage, (sent, received) in self.traffic.items():
            total = stats.traffic.setdefault(stage, [0, 0])
            total[0] += sent
            total[1] += received
        self.traffic = {}
        if self._client is not None:
            self._client.close()
            self._client = None

    def parse(self, articles: Sequence[Article], batch_size: int) -> Iterator[tuple[Article, ArticleRecord]]:
        """(article, record) for every article, in the order the batches finish."""
        model_name, _ = nlp.choose_model(self.model)
        batches = [articles[i:i + batch_size] for i in range(0, len(articles), batch_size)]
        payloads = ([(a.id, a.text) for a in batch] for batch in batches)
        jobs = ((model_name, payload) for payload in payloads)
        for index, records in self._map("parse", extract_batch, jobs, lambda i: ", ".join(a.file for a in batches[i])):
            yield from zip(batches[index], records)

    def digest(self, stories: Sequence[tuple[str, str, Sequence[Article], Sequence[ArticleRecord]]],
               outlets_config: OutletsConfig | None = None) -> Iterator[Story]:
        """Each story's digest, in the order their tasks finish. A story is sent back without
        its articles and records, which the client holds already."""
        groups = _story_groups([len(articles) for _, _, articles, _ in stories], STORY_BATCH_ARTICLES)
        jobs = (([(slug, title, tuple(articles), tuple(records)) for slug, title, articles, records in
                  (stories[i] for i in group)], outlets_config) for group in groups)

        def what(index: int) -> str:
            return "stories " + ", ".join(stories[i][0] for i in groups[index])

        for index, digested in self._map("cross-article", _digest_stories, jobs, what):
            for i, story in zip(groups[index], digested):
                _, _, articles, records = stories[i]
                yield replace(story, articles=tuple(articles), records=tuple(records))

    def _map(self, stage: str, function, arguments: Iterable[tuple], what: Callable[[int], str]
             ) -> Iterator[tuple[int, object]]:
        """(index, result) of function over each argument tuple, as they finish, with a bounded
        number of tasks in flight. what(index) names a task's input in an error."""
        client = self.client()
        threads = sum(client.nthreads().values()) or 1
        pending = iter(enumerate(arguments))
        running = as_completed(loop=client.loop)
        indexes = {}
        traffic = self.traffic.setdefault(stage, [0, 0])

        def submit_next() -> bool:
            for index, args in pending:
                payload = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
                traffic[0] += len(payload)
                future = client.submit(_run, function, payload, pure=False, retries=RETRIES)
                indexes[future.key] = index
                running.add(future)
                return True
            return False

        for _ in range(IN_FLIGHT_PER_THREAD * threads):
            if not submit_next():
                break
        for future in running:
            index = indexes.pop(future.key)
            try:
                result = future.result()
            except KilledWorker as error:
                raise WorkersLost(stage, what(index), error) from None
            traffic[1] += len(result)
            future.release()
            submit_next()
            yield index, pickle.loads(result)


def connect(address: str) -> Client:
    """A client of the scheduler at address; SchedulerUnreachable within CONNECT_TIMEOUT when
    nothing answers there (a refused port or an unknown host is told at once, not after the
    retries Dask makes for a scheduler that is starting)."""
    try:
        host, port = get_address_host_port(address)
    except ValueError:  # not a TCP address (inproc://, ucx://): Dask alone tells
        pass
    else:
        try:
            socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
        except OSError as error:
            raise SchedulerUnreachable(address, error) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as error:  # noqa: BLE001 - whatever answered there is not a Dask scheduler
        raise SchedulerUnreachable(address, error) from None


def _check_workers(client: Client, address: str, model: str | None) -> None:
    """At least one worker, and every worker with this digest and this model: records made
    by other code or another model would be cached under this client's key."""
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        client.close()
        raise NoClusterWorkers(address, WORKER_TIMEOUT) from None
    expected = _worker_identity(model)
    try:
        found = client.run(_worker_identity, model)
    except Exception as error:  # noqa: BLE001 - a worker without digest or the model
        client.close()
        raise ClusterWorkersDiffer(f"{type(error).__name__}: {error}") from None
    for worker, identity in sorted(found.items()):
        if identity != expected:
            client.close()
            raise ClusterWorkersDiffer(f"worker {worker} has {identity[1]} and digest code {identity[0][:12]}, "
                                       f"this machine {expected[1]} and {expected[0][:12]}")


def _worker_identity(model: str | None) -> tuple[str, str]:
    return code_version(None), nlp.choose_model(model)[1]


_LANGUAGES: dict[str, object] = {}
_LOADING = threading.Lock()


def _language(model_name: str):
    """The model of this worker process, loaded once (a worker with several threads shares it)."""
    with _LOADING:
        if model_name not in _LANGUAGES:
            _keep_large_blocks_on_the_heap()
            _LANGUAGES[model_name] = nlp.load_model(model_name)
        return _LANGUAGES[model_name]


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MMAP_THRESHOLD = 32 << 20  # glibc's own ceiling for the threshold it adjusts (DEFAULT_MMAP_THRESHOLD_MAX, 64-bit)
FREEZING_VARIABLES = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_")


def _keep_large_blocks_on_the_heap() -> bool:
    """Give back the mmap threshold that glibc would adjust, where a variable froze it.

    A Dask nanny starts its worker with MALLOC_TRIM_THRESHOLD_=65536 (its default
    `distributed.nanny.pre-spawn-environ`), and setting that variable stops glibc raising the
    mmap threshold from 128 KiB as large blocks are freed (mallopt(3)): every array spaCy
    allocates above 128 KiB is then mapped and unmapped once per document, page faults
    included. On Reuters that cost the workers 3.5 times the system time and 15 to 20 % more
    CPU than the same parse in a plain process (benchmarks/speed.py, see the README). The trim
    threshold Dask asked for stays (the heap still goes back to the system); only the mmap
    threshold is raised, to where glibc's own adjustment would take it. Nothing changes where
    no variable froze it, or where MALLOC_MMAP_THRESHOLD_ chose it. True when it was raised.
    """
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ \
            or not any(name in os.environ for name in FREEZING_VARIABLES):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1


def _run(function, payload: bytes) -> bytes:
    """On a worker: function over the pickled arguments, its result pickled."""
    return pickle.dumps(function(*pickle.loads(payload)), protocol=pickle.HIGHEST_PROTOCOL)


def extract_batch(model_name: str, batch: list[tuple[str, str]]) -> list[ArticleRecord]:
    """On a worker: the records of a batch of (article id, text)."""
    from .pipeline import extract_records

    return extract_records(_language(model_name), batch)


def _story_groups(sizes: Sequence[int], articles: int) -> list[list[int]]:
    """Indexes of consecutive stories, each group up to `articles` articles (a larger story
    alone)."""
    groups: list[list[int]] = []
    total = 0
    for index, size in enumerate(sizes):
        if not groups or total + size > articles:
            groups.append([])
            total = 0
        groups[-1].append(index)
        total += size
    return groups


def _digest_stories(stories: list[tuple[str, str, tuple[Article, ...], tuple[ArticleRecord, ...]]],
                    outlets_config: OutletsConfig | None) -> list[Story]:
    """On a worker: the cross-article stages of a few stories, each sent back without what the
    client has."""
    from .pipeline import digest_story

    return [replace(digest_story(slug, title, articles, records, outlets_config=outlets_config), articles=(), records=())
            for slug, title, articles, records in stories]

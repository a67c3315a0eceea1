"""Extraction: news text to claims (incidents, agreements, talks rounds, deployments), between
intake and geocoding. `Extractor.default().extract_many(documents)` is the entry point; see
pipeline.py for the flow and ../shared/eval/README.md for the output contract."""

from ceasefire.extract.document import Document, UnreadableDocument, parse_document, parse_published
from ceasefire.extract.pipeline import Extraction, Extractor

__all__ = ["Document", "Extraction", "Extractor", "UnreadableDocument", "parse_document", "parse_published"]

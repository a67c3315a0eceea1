"""The public edition's rules: what a bulletin leaves out or blurs before anyone outside reads it.
Applied to the bulletin's data before any HTML, map or PDF is drawn, so no output can leak
what the data no longer holds.

1. Confidential sources. A source that ever filed a report not marked public is never named:
   an incident's source that names it reads "withheld (confidential source)", and claims
   drawn from reports not marked public are left out with their words.
2. Coordinates. Every coordinate is rounded to `GENERALISED_DECIMALS` (2 decimals, about
   1 km), the precision the web map gives the public. The rule covers every point, not only
   those a monitor reported: a point's provenance is not always known when it was merged
   from several claims, and a monitor's position must not be read off a map or a table.
   Maps are drawn from the rounded values.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ceasefire.domain.access import GENERALISED_DECIMALS
from ceasefire.domain.statuses import Edition as Edition

WITHHELD = "withheld (confidential source)"


def generalise_coordinates(frame: pd.DataFrame, decimals: int = GENERALISED_DECIMALS) -> pd.DataFrame:
    """A copy with `lon` and `lat` rounded to `decimals` places (missing values stay missing)."""
    out = frame.copy()
    for column in ("lon", "lat"):
        if column in out.columns:
            values = pd.to_numeric(out[column], errors="coerce").astype("float64")
            out[column] = np.round(values, decimals)
    return out


class SourceFilter:
    """Decides whether a text names a confidential source (by id or name, ignoring case)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._needles = sorted({n.casefold().strip() for n in names if n and n.strip()}, key=len, reverse=True)

    def names_confidential(self, text: str | None) -> bool:
        if not text:
            return False
        folded = text.casefold()
        return any(needle in folded for needle in self._needles)

    def redact(self, text: str | None) -> str | None:
        """The text, or `WITHHELD` when it names a confidential source."""
        return WITHHELD if self.names_confidential(text) else text


def redact_sources(frame: pd.DataFrame, filter_: SourceFilter) -> pd.DataFrame:
    """A copy whose `source_name` and `source_url` no longer name a confidential source."""
    out = frame.copy()
    if "source_name" not in out.columns:
        return out
    hidden = out["source_name"].map(filter_.names_confidential).astype(bool)
    if "source_url" in out.columns:
        hidden |= out["source_url"].map(filter_.names_confidential).astype(bool)
        out["source_url"] = out["source_url"].astype(object).where(~hidden, None)
    out["source_name"] = out["source_name"].astype(object).where(~hidden, WITHHELD)
    return out


def for_edition(frame: pd.DataFrame, edition: Edition, filter_: SourceFilter) -> pd.DataFrame:
    """The incident frame as an edition may show it."""
    if edition is Edition.CENTRE:
        return frame
    return generalise_coordinates(redact_sources(frame, filter_))

"""Origins: who a claim's voice is, and whom it speaks for. Runs inside corroboration.

A claim is asserted by someone ("according to SANA", "the Russian Defence Ministry said",
the outlet in its own voice). Its *origin* is the body that voice belongs to: the parties and
actors of the loaded agreements (from their files), the outlets, monitors and officials of the
packaged `data/sources/affiliations.toml`, or, failing both, the name itself. Two claims with
one origin are not independent, and the origin's side is the side that reports the claim.

>>> voices = Voices.of([], load_affiliations())
>>> voices.identify("according to SANA").key, voices.identify("Syrian state media").side.value
('syrian-state-media', 'government')
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ceasefire.domain.agreements import Agreement
from ceasefire.domain.statuses import Side
from ceasefire.geo.names import fold

_STOP = frozenset({"of", "for", "the", "and", "in", "on", "al", "a", "an"})
_WIRE = re.compile(r"\(([^()]{2,40})\)\s*$")


@dataclass(frozen=True, slots=True)
class Origin:
    """A voice as counted: `key` is what independence compares, `side` whom it speaks for."""

    key: str
    name: str
    side: Side = Side.UNKNOWN
    basis: str = ""


@dataclass(frozen=True, slots=True)
class Affiliation:
    """One entry of affiliations.toml: a non-party voice, its spellings and its side."""

    id: str
    name: str
    side: Side
    aliases: tuple[str, ...]
    basis: str


@cache
def load_affiliations() -> tuple[Affiliation, ...]:
    """The packaged affiliations (read once); a bad entry is an error naming it."""
    raw = tomllib.loads((files("ceasefire") / "data" / "sources" / "affiliations.toml").read_text("utf-8"))
    out = []
    for i, entry in enumerate(raw.get("origins", [])):
        try:
            out.append(
                Affiliation(
                    str(entry["id"]),
                    str(entry["name"]),
                    Side(entry["side"]),
                    tuple(str(a) for a in entry.get("aliases", ())),
                    str(entry.get("basis", "")),
                )
            )
        except (KeyError, ValueError) as exc:
            raise ValueError(f"affiliations.toml: origins[{i}]: {exc}") from None
    return tuple(out)


def alias_pattern(alias: str) -> re.Pattern[str]:
    """Whole-word match; short all-capital aliases (US, IS, HTS) match case-sensitively, so
    that "us" and "is" in running text are not the United States and the Islamic State."""
    body = re.escape(alias.strip())
    if len(alias) <= 4 and alias.replace(".", "").isupper():
        return re.compile(rf"(?<![\w.]){body}(?![\w])")
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def acronym(name: str) -> str:
    """Initials of the significant words: 'Syrian Network for Human Rights' -> 'snhr'."""
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w and w not in _STOP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


@dataclass(frozen=True)
class Voices:
    """Every known voice with its spellings, longest spelling first."""

    entries: tuple[tuple[re.Pattern[str], int, Origin], ...]

    @classmethod
    def of(cls, agreements: Sequence[Agreement], affiliations: Iterable[Affiliation] = ()) -> Voices:
        found: list[tuple[str, Origin]] = []
        for a in agreements:
            parties = {p.id: p for p in a.parties}
            for p in a.parties:
                origin = Origin(f"party:{p.id}", p.name, p.side, f"{p.role} of {a.id}")
                found.extend((s, origin) for s in (p.name, *p.aliases))
            for actor in a.actors:
                party = parties.get(actor.party_id or "")
                if party is None:
                    continue
                origin = Origin(f"party:{party.id}", party.name, party.side, f"{actor.name}, {actor.title}".strip(", "))
                found.extend((s, origin) for s in (actor.name, *actor.aliases))
        for aff in affiliations:
            origin = Origin(aff.id, aff.name, aff.side, aff.basis)
            found.extend((s, origin) for s in (aff.name, *aff.aliases))
        ordered = sorted({(s, o) for s, o in found if s.strip()}, key=lambda so: (-len(so[0]), so[0], so[1].key))
        return cls(tuple((alias_pattern(s), len(s), o) for s, o in ordered))

    def identify(self, name: str | None) -> Origin | None:
        """The origin a name belongs to (the longest spelling it contains), or None."""
        if not name or not name.strip():
            return None
        for pattern, _, origin in self.entries:
            if pattern.search(name):
                return origin
        return None


def origin_of(
    attributed_to: str,
    outlet: str | None,
    voices: Voices,
    *,
    outlet_side: Side = Side.UNKNOWN,
) -> Origin:
    """The origin of a claim: its speaker's body; the outlet itself (or the wire it reprints,
    "Sharjah24 (Reuters)") when the outlet speaks in its own voice."""
    speaker = attributed_to.strip()
    own_voice = not speaker or (outlet is not None and fold(speaker) in (fold(outlet), fold(_WIRE.sub("", outlet))))
    if not own_voice:
        known = voices.identify(speaker)
        if known is not None:
            return known
        return Origin(f"name:{fold(speaker)}", speaker)
    if outlet is None:
        return Origin("name:", "unknown")
    wire = _WIRE.search(outlet)
    if wire:
        known = voices.identify(wire.group(1))
        return known or Origin(f"name:{fold(wire.group(1))}", wire.group(1).strip())
    known = voices.identify(outlet)
    if known is not None:
        return known
    return Origin(f"name:{fold(outlet)}", outlet, outlet_side)

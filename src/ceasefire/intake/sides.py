"""Intake: which side a dataset's actor name belongs to (ACLED and UCDP spellings of Syria's war).

The memorandum binds sides, not spellings: "Military Forces of Syria (2000-)" (ACLED) and
"Government of Syria" (UCDP) are both the government. The table below is data: exact names
first, then name prefixes (ACLED dates its state forces: "(2000-)", "(2016-)"), then the name
without a trailing "(Syria)". Unknown names map to `Side.UNKNOWN`, never to a guess; an
analyst can extend `ALIASES` or pass an own table.

Attribution choices worth stating: Hezbollah and the Iran-backed militias (Fatemiyoun,
Zainabiyoun) are filed under Iran, the guarantor they answer to; pro-government militias
(NDF, Tiger Forces) under the government; Jabhat al-Nusra and its successors under HTS;
the SDF and YPG under SDF; Turkish-backed Syrian factions under the opposition.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from ceasefire.domain.statuses import Side

#: Exact actor names, compared case-insensitively with spacing normalised.
ALIASES: Mapping[str, Side] = {
    # government and pro-government forces
    "government of syria": Side.GOVERNMENT,
    "syrian government": Side.GOVERNMENT,
    "syrian arab army": Side.GOVERNMENT,
    "ndf: national defence forces": Side.GOVERNMENT,
    "national defence forces": Side.GOVERNMENT,
    "tiger forces": Side.GOVERNMENT,
    "pro-government militia": Side.GOVERNMENT,
    # Russia
    "government of russia (soviet union)": Side.RUSSIA,
    "government of russia": Side.RUSSIA,
    "wagner group": Side.RUSSIA,
    # Iran and the militias it backs
    "government of iran": Side.IRAN,
    "irgc: islamic revolutionary guard corps": Side.IRAN,
    "hezbollah": Side.IRAN,
    "liwa fatemiyoun": Side.IRAN,
    "liwa zainebiyoun": Side.IRAN,
    # Turkey, the United States, the coalition
    "government of turkey": Side.TURKEY,
    "government of united states of america": Side.USA,
    "global coalition against daesh": Side.COALITION,
    "operation inherent resolve": Side.COALITION,
    # designated groups
    "islamic state": Side.ISIS,
    "is": Side.ISIS,
    "isis": Side.ISIS,
    "isil": Side.ISIS,
    "daesh": Side.ISIS,
    "hayat tahrir al sham": Side.HTS,
    "hayat tahrir al-sham": Side.HTS,
    "hay'at tahrir al-sham": Side.HTS,
    "hts": Side.HTS,
    "jabhat fateh al sham": Side.HTS,
    "jabhat fateh al-sham": Side.HTS,
    "jabhat al nusra": Side.HTS,
    "jabhat al-nusra": Side.HTS,
    "al-nusra front": Side.HTS,
    "nusra front": Side.HTS,
    # Kurdish-led forces
    "qsd: syrian democratic forces": Side.SDF,
    "syrian democratic forces": Side.SDF,
    "sdf": Side.SDF,
    "ypg: people's protection units": Side.SDF,
    "ypg": Side.SDF,
    "pyd": Side.SDF,
    # armed opposition
    "syrian insurgents": Side.OPPOSITION,
    "opposition rebels": Side.OPPOSITION,
    "free syrian army": Side.OPPOSITION,
    "fsa: free syrian army": Side.OPPOSITION,
    "nlf: national liberation front": Side.OPPOSITION,
    "national liberation front": Side.OPPOSITION,
    "ahrar al sham": Side.OPPOSITION,
    "ahrar al-sham": Side.OPPOSITION,
    "jaysh al islam": Side.OPPOSITION,
    "jaish al-islam": Side.OPPOSITION,
    "faylaq al rahman": Side.OPPOSITION,
    "faylaq al-rahman": Side.OPPOSITION,
    "jaysh al izza": Side.OPPOSITION,
    "jaish al-izza": Side.OPPOSITION,
    "southern front": Side.OPPOSITION,
    "syrian national army": Side.OPPOSITION,
    "sna: syrian national army": Side.OPPOSITION,
    # civilians
    "civilians": Side.CIVILIANS,
    "protesters": Side.CIVILIANS,
}

#: Name prefixes: ACLED's state forces carry periods ("Military Forces of Russia (2000-)").
PREFIXES: tuple[tuple[str, Side], ...] = (
    ("military forces of syria", Side.GOVERNMENT),
    ("police forces of syria", Side.GOVERNMENT),
    ("military forces of russia", Side.RUSSIA),
    ("police forces of russia", Side.RUSSIA),
    ("military forces of iran", Side.IRAN),
    ("military forces of turkey", Side.TURKEY),
    ("military forces of the united states", Side.USA),
    ("islamic state", Side.ISIS),
    ("civilians (", Side.CIVILIANS),
    ("protesters (", Side.CIVILIANS),
)

_SPACE = re.compile(r"\s+")
_COUNTRY_SUFFIX = re.compile(r"\s*\((syria|international)\)\Z")


def _key(name: str) -> str:
    return _SPACE.sub(" ", name.strip().casefold().replace("’", "'"))


@lru_cache(maxsize=8192)
def side_of(name: str) -> Side:
    """The side `name` belongs to, or `Side.UNKNOWN`; cached, as datasets repeat actors."""
    return side_in(name, ALIASES, PREFIXES)


def side_in(name: str, aliases: Mapping[str, Side], prefixes: tuple[tuple[str, Side], ...] = ()) -> Side:
    """`side_of` against a caller's own tables (keys lower-case, single-spaced)."""
    key = _key(name)
    if not key:
        return Side.UNKNOWN
    if key in aliases:
        return aliases[key]
    for prefix, side in prefixes:
        if key.startswith(prefix):
            return side
    bare = _COUNTRY_SUFFIX.sub("", key)
    return aliases.get(bare, Side.UNKNOWN)

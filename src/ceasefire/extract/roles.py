"""Place roles: what a place mention is to the sentence it stands in. Runs inside place finding,
after the mentions are resolved and before incidents are placed.

Only an event place locates an incident. The others say where something else is: a landmark
("north of Homs", "near Um Sharshouh") or a destination ("pushed into Kafr Batna") locates the
event only when nothing else does; an actor's base ("rebels in Jobar"), a launch site or a
point of departure ("fired from Harasta", "fled Idlib"), a comparison ("as in eastern Ghouta")
and a province that only contains the town after it ("Homs's al-Waer district") never do.
Two roles come from names rather than places: a place word inside the name of an organisation
or armed group ("the Daraa media office", "Hayat Tahrir al-Sham", "Liwa Suqur al-Sham") and
the city of a wire dateline ("IDLIB, Syria (AP) —"), where the reporter files from, not where
the event happened.

>>> bool(_WIRE_DATELINE.match("HAMA, Syria (AP) — Jets struck"))
True
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ceasefire.extract.places import PlaceMention

EVENT, LANDMARK, ACTOR, COMPARISON, ORIGIN, DESTINATION, CONTAINER = (
    "event",
    "landmark",
    "actor",
    "comparison",
    "origin",
    "destination",
    "container",
)
ORGANISATION, DATELINE = "organisation", "dateline"

_DIRECTION = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_LANDMARK_BEFORE = re.compile(
    rf"\b(?:{_DIRECTION}\s+of|outside(?:\s+of)?|on\s+the\s+outskirts\s+of|(?:some\s+)?\d+\s*(?:km|kilometres|kilometers|miles)"
    rf"\s+(?:\w+\s+)?(?:of|from)|beyond|between|along\s+the\s+road\s+to|on\s+the\s+road\s+to|halfway\s+between)\s+"
    rf"(?:the\s+)?(?:[\w-]+\s+){{0,2}}?(?:(?:villages?|towns?|city|area)\s+of\s+)?$",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"\b(?P<head>[\w-]+)\s+(?:near|close\s+to|next\s+to)\s+(?:the\s+)?(?:(?:village|town|city)\s+of\s+)?$",
    re.IGNORECASE,
)
_PLACE_NOUNS = frozenset(
    "area village town city district neighbourhood suburb camp base hill countryside region plain airport".split()  # noqa: SIM905
)
_ACTOR_BEFORE = re.compile(
    r"\b(?:rebels?|groups?|fighters?|militants?|factions?|forces|insurgents?|troops|jihadists?|terrorists?|gunmen|"
    r"opposition|army|units?|militias?|delegation|negotiators|residents|people|civilians|families|children)\s+"
    r"(?:based\s+|stationed\s+|holed\s+up\s+|entrenched\s+|from\s+)?in\s+(?:the\s+)?(?:[\w-]+\s+){0,1}?$",
    re.IGNORECASE,
)
_COMPARISON_BEFORE = re.compile(
    r"\b(?:as\s+in|like\s+in|like|similar\s+to|as\s+happened\s+in|as\s+was\s+done\s+in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ORIGIN_BEFORE = re.compile(
    r"\b(?:from|fled|left|leave|leaving|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)
#: "fired from positions held by rebels in Jobar": a place that qualifies where fire came from,
#: unless the words between say where it landed ("fired from Jobar landed in Bab Touma").
_FROM_PHRASE = re.compile(
    r"\bfrom\s+(?P<np>(?:[\w'-]+\s+){1,6}?)(?:in|near|around|at|outside(?:\s+of)?|close\s+to)\s+(?:the\s+)?$", re.I
)
_IMPACT = re.compile(
    r"\b(?:landed|fell|hit|struck|exploded|crashed|slammed|killed|killing|wounded|injur\w+|damag\w+|destroy\w+)\b", re.I
)
_DESTINATION_BEFORE = re.compile(r"\b(?:to|toward|towards|into)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$", re.IGNORECASE)
_COORDINATED = re.compile(
    r"^\s*(?:,|,?\s*and|,?\s*or)\s+(?:the\s+)?(?:(?:village|town|city|area)\s+of\s+)?$", re.IGNORECASE
)
#: A wire-service dateline opening a line: "IDLIB, Syria (AP) —", "BEIRUT (Reuters) -".
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z'’. -]{2,}(?:,\s+[A-Z][\w ]+?)?\s+\([\w .&/-]+\)\s*[—–-]+")
#: After a place: the rest of an organisation's name ("the Daraa media office", "the Hama
#: Military Council", "Idlib Health Directorate", "Deir ez-Zor 24"). Lower-case heads are only
#: organisation words; capitalised ones ("Front", "Army") also name the front line or an army
#: in lower case, so they count only when capitalised.
_ORGANISATION_AFTER = re.compile(
    r"^(?:'s)?\s+(?:(?:[A-Z][\w'-]*|media|military|local|city|provincial|civil|health|revolutionary|relief|news|"
    r"operations|coordination|security|police)\s+){0,3}"
    r"(?:(?i:office|council|directorate|committees?|agency|network|authority|administration)|"
    r"Front|Brigades?|Battalions?|Movement|Room|Command|Cent(?:re|er)|Union|Division|Corps|Legion|League|"
    r"Gathering|Army|Radio|TV|Television|Defen[cs]e|Helmets|\d{1,2})\b"
)
#: Before a place: an Arabic group-name word ("Jaish", "Liwa", "Ahrar", ...), or a capitalised
#: word right before an articled name ("Tahrir al-Sham"): the place word ends a longer name.
_GROUP_WORDS = re.compile(
    r"\b(?:Jaish|Liwa'?a?|Faylaq|Harakat|Jabhat|Ahrar|Suqur|Kataib|Katibat|Firqat|Tajammu'?|Ansar|Jund|Tahrir|"
    r"Fatah|Fateh|Hay'?at|Thuwar|Usud|Nour)\s+(?:(?:[A-Z][\w'-]*|(?:al|el|ash|as|ad|ar|an|at|az)-[\w'-]+)\s+){0,2}$"
)
_ARTICLED = re.compile(r"^(?:al|el|ash|as|ad|ar|an|at|az)[- ]", re.IGNORECASE)
_NAME_WORD_BEFORE = re.compile(r"(?<![.!?]\s)\b([A-Z][\w'’-]*)\s+$")
#: Capitalised words before an articled place that do not make it part of a longer name.
_NOT_NAME_WORDS = frozenset(
    """in on at of from near to the and by for with into towards toward outside inside around across
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december northern southern eastern western central rural
    greater old new""".split()  # noqa: SIM905
)


def _in_a_name(text: str, mention: PlaceMention) -> bool:
    """Whether the mention is a word of an organisation's or armed group's name."""
    if _ORGANISATION_AFTER.match(text[mention.end : mention.end + 80]):
        return True
    before = text[max(0, mention.start - 40) : mention.start]
    if _GROUP_WORDS.search(before):
        return True
    word = _NAME_WORD_BEFORE.search(before)
    return bool(_ARTICLED.match(mention.text) and word and word.group(1).lower() not in _NOT_NAME_WORDS)


def _from_phrase(window: str) -> bool:
    found = _FROM_PHRASE.search(window)
    return found is not None and not _IMPACT.search(found.group("np"))


def _in_wire_dateline(text: str, mention: PlaceMention) -> bool:
    line_start = text.rfind("\n", 0, mention.start) + 1
    found = _WIRE_DATELINE.match(text, line_start)
    return found is not None and mention.end <= found.end()


def assign_roles(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Give each mention its role from the words around it (see the module docstring)."""
    out: list[PlaceMention] = []
    for mention in mentions:
        window = text[max(0, mention.start - 60) : mention.start]
        sentence_start = max(window.rfind(". "), window.rfind("\n"))
        window = window[sentence_start + 1 :] if sentence_start >= 0 else window
        role = EVENT
        previous = out[-1] if out else None
        gap = text[previous.end : mention.start] if previous is not None else ""
        near = _NEAR.search(window)
        if _in_wire_dateline(text, mention):
            role = DATELINE
        elif _in_a_name(text, mention):
            role = ORGANISATION
        elif previous is not None and _COORDINATED.match(gap) and previous.role not in (EVENT, ORGANISATION):
            role = previous.role
        elif _from_phrase(window):
            role = ORIGIN  # "fired from farms outside Harasta": where the fire came from
        elif _COMPARISON_BEFORE.search(window):
            role = COMPARISON
        elif _LANDMARK_BEFORE.search(window):
            role = LANDMARK
        elif near is not None:
            head = near.group("head").lower()
            near_previous = previous is not None and re.fullmatch(
                r"\s*(?:area|village|town|city|district)?\s*(?:near|close\s+to|next\s+to)\s+(?:the\s+)?",
                gap,
                re.IGNORECASE,
            )
            role = LANDMARK if head in _PLACE_NOUNS or near_previous else EVENT
        elif _ACTOR_BEFORE.search(window):
            role = ACTOR
        elif re.match(r"^'s\b", text[mention.end : mention.end + 3]):
            role = CONTAINER  # "Homs's al-Waer district"
        elif _ORIGIN_BEFORE.search(window):
            role = ORIGIN
        elif _DESTINATION_BEFORE.search(window):
            role = DESTINATION
        out.append(replace(mention, role=role))
    return out

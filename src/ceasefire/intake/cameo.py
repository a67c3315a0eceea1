"""Intake: CAMEO event and actor codes (as GDELT 2.0 uses them) mapped to ACLED types and sides.

Only the violent root codes become incidents: 18 (assault), 19 (fight) and 20 (unconventional
mass violence). Everything else (statements, meetings, protests coded 14, threats coded 13)
is out of the record's scope and skipped by the GDELT adapter.

The event mapping, code by code (CAMEO 1.1b3 labels; 1834, 1951, 1952 are GDELT additions):

| CAMEO | label                                         | ACLED type / sub-type                  |
|-------|-----------------------------------------------|----------------------------------------|
| 180   | use unconventional violence, not specified    | Violence against civilians / Attack    |
| 181   | abduct, hijack, take hostage                  | VAC / Abduction/forced disappearance   |
| 182   | physically assault, not specified             | VAC / Attack                           |
| 1821  | sexually assault                              | VAC / Sexual violence                  |
| 1822  | torture                                       | VAC / Attack                           |
| 1823  | kill by physical assault                      | VAC / Attack                           |
| 183   | suicide, car or other non-military bombing    | Explosions/Remote violence / Remote explosive/landmine/IED |
| 1831  | suicide bombing                               | E/RV / Suicide bomb                    |
| 1832  | vehicular bombing                             | E/RV / Remote explosive/landmine/IED   |
| 1833  | roadside bombing                              | E/RV / Remote explosive/landmine/IED   |
| 1834  | location bombing                              | E/RV / Remote explosive/landmine/IED   |
| 184   | use as human shield                           | VAC / Attack                           |
| 185   | attempt to assassinate                        | VAC / Attack                           |
| 186   | assassinate                                   | VAC / Attack                           |
| 190   | use conventional military force, not spec.    | Battles / Armed clash                  |
| 191   | impose blockade, restrict movement            | Strategic developments / Other         |
| 192   | occupy territory                              | Battles / (by side, see `occupation`)  |
| 193   | fight with small arms and light weapons       | Battles / Armed clash                  |
| 194   | fight with artillery and tanks                | E/RV / Shelling/artillery/missile attack |
| 195   | employ aerial weapons                         | E/RV / Air/drone strike                |
| 1951  | precision-guided aerial munitions             | E/RV / Air/drone strike                |
| 1952  | remotely piloted aerial munitions             | E/RV / Air/drone strike                |
| 196   | violate ceasefire                             | Battles / Armed clash                  |
| 200   | unconventional mass violence, not specified   | VAC / Attack                           |
| 201   | mass expulsion                                | Strategic developments / Other         |
| 202   | mass killings                                 | VAC / Attack                           |
| 203   | ethnic cleansing                              | VAC / Attack                           |
| 204   | weapons of mass destruction, not specified    | E/RV / Chemical weapon                 |
| 2041  | chemical, biological or radiological weapons  | E/RV / Chemical weapon                 |
| 2042  | detonate nuclear weapons                      | E/RV / (none)                          |

Tanks and artillery (194) go to shelling rather than to battles because, in GDELT's news
coding, 194 overwhelmingly marks bombardment; 196 stays a clash because a ceasefire violation
is the very thing the record has to assess, not a sub-type. An unlisted 4-digit code falls
back to its 3-digit base code, and that to the root's "not specified" code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasefire.domain.statuses import EventType, Side

VIOLENT_ROOTS = frozenset({"18", "19", "20"})


@dataclass(frozen=True, slots=True)
class CameoEvent:
    """What one CAMEO code means, and the ACLED type it is recorded as."""

    code: str
    label: str
    event_type: EventType
    sub_event_type: str | None


_VAC = EventType.VIOLENCE_AGAINST_CIVILIANS
_ERV = EventType.EXPLOSIONS_REMOTE_VIOLENCE
_BAT = EventType.BATTLES
_SD = EventType.STRATEGIC_DEVELOPMENTS
_IED = "Remote explosive/landmine/IED"

EVENTS: dict[str, CameoEvent] = {
    event.code: event
    for event in (
        CameoEvent("180", "use unconventional violence, not specified", _VAC, "Attack"),
        CameoEvent("181", "abduct, hijack, or take hostage", _VAC, "Abduction/forced disappearance"),
        CameoEvent("182", "physically assault, not specified", _VAC, "Attack"),
        CameoEvent("1821", "sexually assault", _VAC, "Sexual violence"),
        CameoEvent("1822", "torture", _VAC, "Attack"),
        CameoEvent("1823", "kill by physical assault", _VAC, "Attack"),
        CameoEvent("183", "conduct suicide, car, or other non-military bombing, not specified", _ERV, _IED),
        CameoEvent("1831", "carry out suicide bombing", _ERV, "Suicide bomb"),
        CameoEvent("1832", "carry out vehicular bombing", _ERV, _IED),
        CameoEvent("1833", "carry out roadside bombing", _ERV, _IED),
        CameoEvent("1834", "carry out location bombing", _ERV, _IED),
        CameoEvent("184", "use as human shield", _VAC, "Attack"),
        CameoEvent("185", "attempt to assassinate", _VAC, "Attack"),
        CameoEvent("186", "assassinate", _VAC, "Attack"),
        CameoEvent("190", "use conventional military force, not specified", _BAT, "Armed clash"),
        CameoEvent("191", "impose blockade, restrict movement", _SD, "Other"),
        CameoEvent("192", "occupy territory", _BAT, None),
        CameoEvent("193", "fight with small arms and light weapons", _BAT, "Armed clash"),
        CameoEvent("194", "fight with artillery and tanks", _ERV, "Shelling/artillery/missile attack"),
        CameoEvent("195", "employ aerial weapons, not specified", _ERV, "Air/drone strike"),
        CameoEvent("1951", "employ precision-guided aerial munitions", _ERV, "Air/drone strike"),
        CameoEvent("1952", "employ remotely piloted aerial munitions", _ERV, "Air/drone strike"),
        CameoEvent("196", "violate ceasefire", _BAT, "Armed clash"),
        CameoEvent("200", "use unconventional mass violence, not specified", _VAC, "Attack"),
        CameoEvent("201", "engage in mass expulsion", _SD, "Other"),
        CameoEvent("202", "engage in mass killings", _VAC, "Attack"),
        CameoEvent("203", "engage in ethnic cleansing", _VAC, "Attack"),
        CameoEvent("204", "use weapons of mass destruction, not specified", _ERV, "Chemical weapon"),
        CameoEvent("2041", "use chemical, biological, or radiological weapons", _ERV, "Chemical weapon"),
        CameoEvent("2042", "detonate nuclear weapons", _ERV, None),
    )
}

_STATE_SIDES = frozenset({Side.GOVERNMENT, Side.RUSSIA, Side.IRAN, Side.TURKEY, Side.USA, Side.COALITION})
_NON_STATE_SIDES = frozenset({Side.OPPOSITION, Side.HTS, Side.ISIS, Side.SDF})


def event(code: str) -> CameoEvent | None:
    """The mapping for a CAMEO event code, or None when it is not violence (root not 18-20)."""
    if code[:2] not in VIOLENT_ROOTS:
        return None
    return EVENTS.get(code) or EVENTS.get(code[:3]) or EVENTS.get(code[:2] + "0")


def occupation(actor: Side) -> str | None:
    """ACLED's sub-type for CAMEO 192 (occupy territory), which depends on who occupies."""
    if actor in _STATE_SIDES:
        return "Government regains territory"
    if actor in _NON_STATE_SIDES:
        return "Non-state actor overtakes territory"
    return None


# CAMEO actor codes: a 3-letter country (SYR, RUS...) followed by 3-letter role codes.
_STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD"})
_REBEL_ROLES = frozenset({"REB", "INS", "OPP"})
_CIVILIAN_ROLES = frozenset({"CVL", "REF"})
_COUNTRY_SIDES = {"RUS": Side.RUSSIA, "IRN": Side.IRAN, "TUR": Side.TURKEY, "USA": Side.USA}
_NAMED = (
    (re.compile(r"ISLAMIC STATE|\bISIS\b|\bISIL\b|DAESH"), Side.ISIS),
    (re.compile(r"NUSRA|TAHRIR AL.?SHAM|FATEH AL.?SHAM"), Side.HTS),
    (re.compile(r"SYRIAN DEMOCRATIC FORCE|\bYPG\b|\bSDF\b|KURDISH"), Side.SDF),
    (re.compile(r"HEZBOLLAH|HIZBULLAH|REVOLUTIONARY GUARD"), Side.IRAN),
)


def actor_side(code: str, name: str) -> Side:
    """The side of a GDELT actor from its CAMEO code (`SYRMIL`, `RUSGOV`, `SYRREB`) and name.

    Names decide first for the groups CAMEO has no code for (ISIS, HTS, SDF, Hezbollah); then
    state roles by country; then rebel and civilian roles of any country. A bare `SYR` is
    "Syria" in a headline and names no side, so it stays unknown; so do unaligned armed
    forces (UAF) and separatists (SEP), which in Syria's news can be any of several sides.
    """
    upper = name.upper()
    for pattern, side in _NAMED:
        if pattern.search(upper):
            return side
    country, roles = code[:3], {code[i : i + 3] for i in range(3, len(code), 3)}
    if country == "SYR" and roles & _STATE_ROLES:
        return Side.GOVERNMENT
    if country in _COUNTRY_SIDES and (not roles or roles & _STATE_ROLES):
        return _COUNTRY_SIDES[country]
    all_roles = roles | {country}
    if all_roles & _REBEL_ROLES:
        return Side.OPPOSITION
    if all_roles & _CIVILIAN_ROLES:
        return Side.CIVILIANS
    return Side.UNKNOWN

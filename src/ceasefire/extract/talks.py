"""Talks rounds: meetings planned, postponed and held, with their dates and venues. Built from
the document context beside incidents and agreements (see claims.py), before output.

A round's date moves (proposed for 12-13 June, postponed, "could resume on 20 June") and each
state is a claim of its own: "initially due on X, put back to Y" makes X postponed and Y
planned; a planned round looks ahead of publication and a held one behind it, and the date
taken is the one nearest the word that gives the status, not the day the statement was made.
Status words are the general verbs of meetings (gathered, convened, met, sat down; due,
expected, scheduled; delayed, pushed back, called off), a comma-set aside ("Talks in Geneva,
planned for 18 November, have been postponed") does not separate a verb from its subject, and
"at the end of the third round" tells a round held whatever else the sentence says.
"""

from __future__ import annotations

import re

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import ClaimKind, TalksStatus
from ceasefire.extract.claims import ClaimDraft, attributed, merge_claims
from ceasefire.extract.context import DocumentContext
from ceasefire.extract.dates import DateMention, fallback_interval
from ceasefire.extract.sentences import split_clauses

#: Where talks on Syria are held, with the names reporting uses for each venue.
VENUES: dict[str, tuple[str, ...]] = {
    "Astana": ("Astana", "Nur-Sultan", "Kazakhstan", "Kazakh capital"),
    "Geneva": ("Geneva", "Switzerland"),
    "Sochi": ("Sochi",),
    "Riyadh": ("Riyadh", "Saudi Arabia", "Saudi capital"),
    "Vienna": ("Vienna",),
    "Moscow": ("Moscow",),
    "Ankara": ("Ankara",),
    "Istanbul": ("Istanbul",),
    "Tehran": ("Tehran",),
    "Amman": ("Amman",),
    "Cairo": ("Cairo",),
}
_VENUE_NAMES = "|".join(sorted((re.escape(a) for v in VENUES.values() for a in v), key=len, reverse=True))
_VENUE = re.compile(rf"\b(?P<v>{_VENUE_NAMES})\b")
_VENUE_OF = {alias.lower(): venue for venue, aliases in VENUES.items() for alias in aliases}
_VENUE_IN = re.compile(rf"\b(?:in|at)\s+(?:the\s+)?(?P<v>{_VENUE_NAMES})\b")


_TALKS_NOUN = re.compile(
    r"\b(?:talks|negotiations|round|rounds|meeting|meetings|session|sessions|summit|summits|conference|consultations|met|"
    r"meet)\b",
    re.IGNORECASE,
)


def _talks_nouns(text: str) -> list[re.Match[str]]:
    """Words for a meeting, but not inside a body's name ("the High Negotiations Committee")."""
    found = []
    for m in _TALKS_NOUN.finditer(text):
        before = text[: m.start()].split()
        if m.group(0)[0].isupper() and before and before[-1][:1].isupper() and not before[-1].endswith((".", ":")):
            continue
        found.append(m)
    return found


#: A verb that moves a round to the date right after it ("put back to 14 May").
_MOVED_TO = re.compile(
    r"\b(?:postponed|moved|pushed\s+back|put\s+back|brought\s+forward|moved\s+forward|shifted|rescheduled|delayed|"
    r"put\s+off)\s+(?:\w+\s+)?(?:to|until|till|for)\s+$",
    re.IGNORECASE,
)
_POSTPONED = re.compile(
    r"\b(?:postpone(?:d|ment)|delayed|put\s+off|put\s+back|pushed\s+back|brought\s+forward|moved\s+(?:forward|up|back)|"
    r"rescheduled|called\s+off|cancell?ed|(?:originally|initially|previously|earlier|first)\s+(?:been\s+)?(?:due|set|scheduled|"
    r"plann\w+|expected|slated)|had\s+(?:previously\s+|originally\s+)?(?:been\s+)?(?:plann\w+|scheduled|due|set|"
    r"expected)|date\s+change|new\s+date)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|would|could|may|might|to\s+be\s+held|set\s+(?:for|to)|scheduled|slated|planned|due\s+(?:to|on|in|at|for)|"
    r"next\s+(?:round|meeting|session|summit|talks)|upcoming|expected\s+(?:to|in|on|at)|to\s+hold|to\s+meet|is\s+to|"
    r"are\s+to|provisionally|preliminary|sought|seeks|seeking|hopes?\s+(?:to|for)|hoped|aims?\s+(?:to|for)|"
    r"intends?\s+to|proposed)\b",
    re.IGNORECASE,
)
_HELD = re.compile(
    r"\b(?:(?<!-)held|wrapped\s+up|ended|concluded|took\s+place|met|gathered|convened|sat\s+down|began|started|opened|"
    r"underway|under\s+way|participat\w+|attended|hosted|hosting|"
    r"(?:were|are|was|is)\s+(?:\w+\s+)?(?:working|discussing|negotiating|meeting|holding|talking|debating|hammering|"
    r"thrashing|finali[sz]ing|reviewing)|(?-i:Meeting)\s+(?:in|at)(?=\s+(?-i:[A-Z]))|"
    r"after\s+(?:\w+\s+){0,3}(?:talks|negotiations|meetings?))\b",
    re.IGNORECASE,
)
#: "at the end of the third round": a round held, whatever else the clause says.
_CLOSING = re.compile(
    r"\b(?:at|by)\s+the\s+(?:close|end|conclusion|closing|opening|start|sidelines|margins)\s+of\s+"
    r"(?:the\s+|a\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,4}?(?:round|talks|meeting|summit|session|conference|negotiations)\b",
    re.IGNORECASE,
)
#: A said-on date dates the statement ("officials said on Monday"), not a planned round.
_SAID_ON = re.compile(r"\b(?:said|says|told\s+\w+|announced|stated|added|reported)\s+(?:on\s+)?$", re.IGNORECASE)


def _words_between(text: str, a: int, b: int) -> int:
    """Words between two offsets, an aside set off by commas not counted ("Talks in Geneva,
    planned for 18 November, have been postponed": the verb is next to its subject)."""
    return len(re.findall(r"\S+", re.sub(r",[^,;]*,", " ", text[a:b])))


def _near_noun(text: str, cue: re.Match[str], words: int = 12) -> bool:
    """Whether a status word is within `words` words of a talks noun (same clause)."""
    for noun in _talks_nouns(text):
        a, b = sorted((noun.start(), cue.start()))
        if _words_between(text, a, b) <= words:
            return True
    return False


def _status(clause: str, sentence: str) -> tuple[TalksStatus, int] | None:
    """The status of the talks a clause mentions, and where its cue stands in the text searched."""
    for text in (clause, sentence):
        for pattern, status in (
            (_POSTPONED, TalksStatus.POSTPONED),
            (_PLANNED, TalksStatus.PLANNED),
            (_HELD, TalksStatus.HELD),
        ):
            cue = next((m for m in pattern.finditer(text) if _near_noun(text, m)), None)
            if cue is not None:
                return status, cue.start() if text is clause else -1
    return None


def _said_on(ctx: DocumentContext, mention: DateMention) -> bool:
    return bool(_SAID_ON.search(ctx.text[max(0, mention.start - 30) : mention.start]))


def _joined(ctx: DocumentContext, nearest: DateMention, dates: list[DateMention]) -> DateInterval:
    """A date with the one joined to it ("10 or 11 May", "12 to 13 June")."""
    joined = [
        d
        for d in dates
        if d.start > nearest.end
        and re.fullmatch(r"\s*(?:or|and|to|-|–)\s*(?:right\s+)?(?:at\s+)?", ctx.text[nearest.end : d.start])
    ]
    if not joined:
        return nearest.interval
    end = max(nearest.interval.end, joined[0].interval.end)
    return DateInterval(nearest.interval.start, end, nearest.interval.precision)


def _talks_dates(
    ctx: DocumentContext, dates: list[DateMention], status: TalksStatus, at: int
) -> list[tuple[DateInterval, TalksStatus]]:
    """The dates a talks status refers to: "put back from X to Y" makes X postponed and Y
    planned; a plan looks ahead of publication, a held round behind it; among those, the
    mention nearest the status word (the day something was said is not the day of a plan)."""
    moved = next((d for d in dates if _MOVED_TO.search(ctx.text[max(0, d.start - 30) : d.start])), None)
    if moved is not None:
        found = [(moved.interval, TalksStatus.PLANNED)]
        old = [d for d in dates if d.end <= moved.start and not _said_on(ctx, d)]
        if status is TalksStatus.POSTPONED and old:
            found.append((_joined(ctx, min(old, key=lambda d: abs(d.start - at)), dates), TalksStatus.POSTPONED))
        return found
    if status is not TalksStatus.HELD:
        dates = [d for d in dates if not _said_on(ctx, d)]
    if status is TalksStatus.PLANNED:
        ahead = [d for d in dates if d.interval.end > ctx.published.end]
        dates = ahead or [d for d in dates if d.interval.end >= ctx.published.start]
    elif status is TalksStatus.HELD:
        dates = [d for d in dates if d.interval.start <= ctx.published.end]
    if not dates:
        return []
    return [(_joined(ctx, min(dates, key=lambda d: abs(d.start - at)), dates), status)]


def talks_rounds(ctx: DocumentContext) -> list[ClaimDraft]:
    """Talks rounds planned, postponed or held, with the date each status refers to."""
    drafts: list[ClaimDraft] = []
    venues = [_VENUE_OF[m.group("v").lower()] for m in _VENUE.finditer(ctx.text)]
    default_venue = max(set(venues), key=venues.count) if venues else None
    if default_venue is not None and venues.count(default_venue) < 2:
        default_venue = None
    for sc in ctx.sentences:
        for clause in split_clauses(sc.sentence):
            if not _talks_nouns(clause.text):
                continue
            found: list[tuple[TalksStatus, int, str]] = []
            status = _status(clause.text, sc.text)
            if status is not None:
                found.append((status[0], clause.start + status[1] if status[1] >= 0 else clause.start, clause.text))
            for closing in _CLOSING.finditer(clause.text):
                found.append((TalksStatus.HELD, clause.start + closing.start(), closing.group(0)))
            for status_found, at, where in found:
                in_clause = [d for d in sc.dates if clause.start <= d.start < clause.end]
                dated = _talks_dates(ctx, in_clause, status_found, at)
                if not dated and status_found is not TalksStatus.HELD:
                    dated = _talks_dates(ctx, list(sc.dates), status_found, at)
                if not dated:
                    if status_found is not TalksStatus.HELD:
                        continue  # a plan with no date says nothing about the calendar
                    dated = [(fallback_interval(ctx.published), status_found)]
                venue = _VENUE_IN.search(where) or _VENUE.search(where)
                if venue is None and where is clause.text:
                    venue = _VENUE_IN.search(sc.text)
                for date, final in dated:
                    if final is TalksStatus.HELD and date.start > ctx.published.end:
                        final = TalksStatus.PLANNED  # a meeting after publication has not been held yet
                    details = {
                        "status": final.value,
                        "venue": _VENUE_OF[venue.group("v").lower()] if venue else default_venue,
                    }
                    attribution = attributed(ctx, sc, clause.start, clause.end)
                    drafts.append(
                        ClaimDraft(ClaimKind.TALKS_ROUND, clause.start, clause.end, date, attribution, details)
                    )
    return merge_claims(drafts, "status", "venue")

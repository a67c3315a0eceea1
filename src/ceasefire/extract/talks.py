"""Talks rounds: meetings planned, postponed and held, with their dates and venues. Built from
the document context beside incidents and agreements (see claims.py), before output.

A round's date moves (proposed for 12-13 June, postponed, "could resume on 20 June") and each
state is a claim of its own: "postponed to X" makes X a planned date; a planned round looks
ahead of publication and a held one behind it, and the date taken is the one nearest the word
that gives the status, not the day the statement was made.
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
    r"\b(?:talks|negotiations|round|rounds|meeting|meetings|summit|conference|consultations|met|meet)\b", re.IGNORECASE
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


_MOVED_TO = re.compile(
    r"\b(?:postponed|moved|pushed\s+back|rescheduled|delayed|put\s+off)\s+(?:to|until|till|for)\s+$", re.I
)
_POSTPONED = re.compile(
    r"\b(?:postponed|delayed|put\s+off|pushed\s+back|rescheduled|called\s+off|cancell?ed|"
    r"previously\s+(?:been\s+)?plann\w+|had\s+(?:been\s+)?plann\w+|originally\s+(?:scheduled|planned)|"
    r"date\s+change)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|would|to\s+be\s+held|may\s+be\s+held|could|set\s+for|scheduled|planned|due\s+to|next\s+round|"
    r"upcoming|expected\s+to|to\s+hold|to\s+meet|is\s+to|are\s+to|provisionally|preliminary|sought|seeks|"
    r"seeking|hopes?\s+(?:to|for)|hoped|aims?\s+(?:to|for)|intends?\s+to|proposed)\b",
    re.IGNORECASE,
)
_HELD = re.compile(
    r"\b(?:held|wrapped\s+up|ended|concluded|took\s+place|met|began|started|opened|underway|under\s+way|"
    r"participat\w+|hosted|hosting|walkout|working\s+out|for\s+a\s+second\s+day|closed-door|"
    r"after\s+(?:\w+\s+){0,3}(?:talks|negotiations|meetings?))\b",
    re.IGNORECASE,
)


def _near_noun(text: str, cue: re.Match[str], words: int = 12) -> bool:
    """Whether a status word is within `words` words of a talks noun (same clause)."""
    for noun in _talks_nouns(text):
        a, b = sorted((noun.start(), cue.start()))
        if len(re.findall(r"\S+", text[a:b])) <= words:
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


def _talks_date(
    ctx: DocumentContext, dates: list[DateMention], status: TalksStatus, at: int
) -> tuple[DateInterval | None, TalksStatus]:
    """The date a talks status refers to: "postponed to X" makes X a planned date; a plan
    looks ahead of publication, a held round behind it; among those, the mention nearest the
    status word (the day something was said is not the day of the round)."""
    for mention in dates:
        if _MOVED_TO.search(ctx.text[max(0, mention.start - 30) : mention.start]):
            return mention.interval, TalksStatus.PLANNED
    if status is TalksStatus.PLANNED:
        ahead = [d for d in dates if d.interval.end > ctx.published.end]
        dates = ahead or [d for d in dates if d.interval.end >= ctx.published.start]
    elif status is TalksStatus.HELD:
        dates = [d for d in dates if d.interval.start <= ctx.published.end]
    if not dates:
        return None, status
    nearest = min(dates, key=lambda d: abs(d.start - at))
    joined = [
        d
        for d in dates
        if d.start > nearest.end
        and re.fullmatch(r"\s*(?:or|and|to|-|–)\s*(?:right\s+)?(?:at\s+)?", ctx.text[nearest.end : d.start])
    ]
    if joined:
        return DateInterval(
            nearest.interval.start, max(nearest.interval.end, joined[0].interval.end), nearest.interval.precision
        ), status
    return nearest.interval, status


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
            found = _status(clause.text, sc.text)
            if found is None:
                continue
            status, at = found
            at = clause.start + at if at >= 0 else clause.start
            in_clause = [d for d in sc.dates if clause.start <= d.start < clause.end]
            date, status = _talks_date(ctx, in_clause, status, at)
            if date is None and status is not TalksStatus.HELD:
                date, status = _talks_date(ctx, list(sc.dates), status, at)
            if date is None:
                if status is not TalksStatus.HELD:
                    continue  # a plan with no date says nothing about the calendar
                date = fallback_interval(ctx.published)
            if status is TalksStatus.HELD and date.start > ctx.published.end:
                status = TalksStatus.PLANNED  # a meeting after publication has not been held yet
            venue = _VENUE_IN.search(clause.text) or _VENUE.search(clause.text) or _VENUE_IN.search(sc.text)
            drafts.append(
                ClaimDraft(
                    ClaimKind.TALKS_ROUND,
                    clause.start,
                    clause.end,
                    date,
                    attributed(ctx, sc, clause.start, clause.end),
                    {"status": status.value, "venue": _VENUE_OF[venue.group("v").lower()] if venue else default_venue},
                )
            )
    return merge_claims(drafts, "status", "venue")

"""Attribution: who asserts a claim. Runs per sentence and clause, after segmentation.

The same strike is "a massacre" in one outlet and "a strike on terrorists" in another, so each
claim keeps who says so: the speaker of "X said", "according to X", "X, citing Y, called it",
"said X" after a quote, "he said" (the last named speaker); otherwise the outlet speaks in its
own voice. A denial ("the army denied ...") is kept as a claim of the denier, with the stance
"denies", so that a contested incident shows both sides. A speech verb used as a participle
("three youths accused of looting", "described as") describes someone and names no speaker.

>>> find_speakers("Volunteer medics said two mortar rounds fell overnight.")[0].name
'Volunteer medics'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasefire.domain.statuses import Stance

#: Speech verbs, lower case only: "the United States" and "guarantor states" are not speech.
_VERBS = (
    r"said|says|say|reported|reports|claimed|claims|told|tells|denied|denies|deny|announced|announces|"
    r"stated|insisted|insists|warned|warns|alleged|alleges|accused|accuses|confirmed|confirms|added|adds|"
    r"noted|called|charged|wrote|tweeted|quoted|documented|recorded|blamed|blames|described|describes|"
    r"acknowledged|admitted"
)
_DENY = re.compile(
    r"\b(?:denied|denies|deny|rejected\s+(?:claims|reports|allegations)|dismissed\s+(?:claims|reports))\b", re.I
)
_ALLEGE = re.compile(r"\b(?:claimed|claims|claim|alleged|alleges|accused|accuses|blamed|blames|charged)\b", re.I)

#: Lower-case words that join the words of a name ("Observatory for Human Rights").
_CONNECTORS = frozenset({"of", "for", "the", "and", "de", "al", "el"})
#: Words that make a capitalised name an organisation's rather than a person's.
_ORGANISATION_WORDS = frozenset(
    """ministry agency observatory network council committee front army forces news office centre center command
    group coalition defence defense media monitor helmets directorate brigade brigades movement police government
    military state union league radio tv television times post daily network organisation organization
    commission authority administration delegation mission""".split()  # noqa: SIM905
)
_STOP_LEFT = frozenset(
    """said told that which who while when after before as and but or because since if also however
    meanwhile then reportedly""".split()  # noqa: SIM905
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
#: Words that end a speaker's name when met going left: function words, auxiliaries, pronouns.
_FUNCTION = frozenset(
    """a an the this that these those which who whom whose what where when while in on at by with from to into
    onto over under after before during near about against between among through without within of for and or
    but nor so yet is are was were be been being has have had do does did will would could should may might must
    can shall its their his her our your my it they he she we you i not no also just only even still all some
    any many more most several other others such there here than then as if because since though although
    including despite amid per via""".split()  # noqa: SIM905
)
_VERBISH = re.compile(r"(?:ed|ing|ly)$|^\d")
_ARTICLED = re.compile(r"^(?:al|el|an|ash|ad|ar|as|at|az)-[A-Z]")
_SPEECH = re.compile(rf"\b(?:{_VERBS})\b")
#: After a speech verb, words that make it a participle describing someone ("accused of
#: spying", "charged with", "described as", "said to be", "blamed for") rather than speech.
_PARTICIPLE = re.compile(r"\s+(?:of|with|for|as|to\s+(?:be|have))\b", re.IGNORECASE)
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?P<src>[^,;.]+?)(?=\s*(?:[,;.]|$|\s+(?:on|in|at|the|a)\s))", re.IGNORECASE
)
_CITING = re.compile(r",\s*citing\s+[^,]+,\s*$", re.IGNORECASE)
_APPOSITIVE = re.compile(r",\s*(?:a|an|the)\s+[^,]{2,80},\s*$", re.IGNORECASE)
_INVERTED = re.compile(
    rf"(?:[\"”’]\s*|,\s*)(?:{_VERBS})\s+(?P<src>(?:[A-Z][\w'’.-]*\s*){{1,5}}(?:of\s+the\s+[\w'’-]+)?)"
)
_ADVERBS = re.compile(
    r"\s+(?:also|later|previously|earlier|further|then|separately|again|itself|themselves|"
    r"had|has|have|on\s+\w+day|in\s+a\s+statement)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who speaks at [start, end) of the sentence, how (the verb) and with what stance."""

    name: str
    start: int
    end: int
    verb: str
    stance: Stance

    @property
    def pronoun(self) -> bool:
        return self.name.lower() in _PRONOUNS


def _stance(verb: str) -> Stance:
    if _DENY.fullmatch(verb.strip()):
        return Stance.DENIES
    if _ALLEGE.fullmatch(verb.strip()):
        return Stance.ALLEGES
    return Stance.REPORTS


def _name_before(text: str) -> tuple[str, int] | None:
    """The noun phrase ending `text` (the subject of a speech verb), and where it starts."""
    text = _ADVERBS.sub("", text)
    text = _CITING.sub("", text)
    appositive = _APPOSITIVE.search(text)
    if appositive:
        text = text[: appositive.start()]
    words = list(re.finditer(r"[\w'’.-]+", text))
    if not words:
        return None
    chosen: list[re.Match[str]] = []
    for position in range(len(words) - 1, -1, -1):
        word = words[position]
        token = word.group(0)
        gap = text[word.end() : chosen[0].start()] if chosen else text[word.end() :]
        if re.search(r"[,;:()\"“”]", gap):
            break  # punctuation between the words and the verb: no subject right before it
        lower = token.lower().strip(".")
        if not chosen and lower in _PRONOUNS:
            return token, word.start()
        if (
            lower == "and"
            and chosen
            and chosen[0].group(0)[0].isupper()
            and position > 0
            and words[position - 1].group(0)[0].isupper()
        ):
            chosen.insert(0, word)  # "Reuters and Agence France-Presse reported"
            continue
        if lower in _STOP_LEFT:
            break
        if token[0].isupper() or token[0].isdigit() or lower in _CONNECTORS or _ARTICLED.match(token):
            chosen.insert(0, word)
            continue
        if lower not in _FUNCTION and not _VERBISH.search(lower) and len(chosen) < 6:
            chosen.insert(0, word)  # a plain noun: "rescue workers said", "the local civil defence said"
            continue
        break
    while chosen and chosen[0].group(0).lower() in ("the", "a", "an", "of", "and", "for"):
        chosen.pop(0)
    while chosen and chosen[-1].group(0).lower() in ("of", "and", "for", "the"):
        chosen.pop()
    if not chosen:
        return None
    start = chosen[0].start()
    return text[start : chosen[-1].end()].strip(" .'’"), start


def find_speakers(sentence: str, offset: int = 0) -> list[Speaker]:
    """Every speaker of a sentence, left to right ("X said ..., and Y said ...")."""
    speakers: list[Speaker] = []
    for m in _ACCORDING.finditer(sentence):
        src = m.group("src").strip()
        src = re.sub(r"^(?:the|a|an)\s+", "", src, flags=re.IGNORECASE)
        speakers.append(Speaker(src, offset + m.start("src"), offset + m.end("src"), "according to", Stance.REPORTS))
    for m in _SPEECH.finditer(sentence):
        if _PARTICIPLE.match(sentence, m.end()):
            continue  # "youths accused of looting": a description of them, not speech
        found = _name_before(sentence[: m.start()])
        if found is None:
            inverted = _INVERTED.match(sentence, max(0, m.start() - 2)) or _INVERTED.match(sentence, m.start() - 1)
            if inverted is None:
                continue
            name = inverted.group("src").strip(" .'’")
            speakers.append(
                Speaker(
                    name, offset + inverted.start("src"), offset + inverted.end("src"), m.group(0), _stance(m.group(0))
                )
            )
            continue
        name, start = found
        if len(name) < 2 and name.lower() not in _PRONOUNS:
            continue
        speakers.append(Speaker(name, offset + start, offset + start + len(name), m.group(0), _stance(m.group(0))))
    return sorted(speakers, key=lambda s: s.start)


def speaker_for(speakers: list[Speaker], start: int, end: int) -> Speaker | None:
    """The speaker of the clause at [start, end): one inside it, else the sentence's first."""
    inside = [s for s in speakers if start <= s.start < end]
    if inside:
        return inside[0]
    return speakers[0] if speakers else None


def is_person(name: str) -> bool:
    """A personal name (two or more capitalised words, none of them an organisation word)."""
    words = name.split()
    return (
        len(words) >= 2
        and all(w[0].isupper() for w in words)
        and not any(w.lower().strip("'’s") in _ORGANISATION_WORDS for w in words)
    )

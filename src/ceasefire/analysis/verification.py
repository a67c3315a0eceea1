"""Verification: which status changes an analyst may make, as a pure state machine. Runs when
an analyst verifies; the workflow stores the transition and re-assesses the incident.

Statuses fall in two groups. `alleged`, `denied`, `contested` and `corroborated` are derived
from the claims by corroboration and follow them as claims arrive. `verified` and `refuted`
are an analyst's findings and stay until an analyst changes them. The rules:

- `verified` needs a monitor's observation: method `saw`, `heard` or `camera`, never
  `reported` (a report by others is what the claims already are);
- `refuted` needs a note saying why; a verified incident can only be refuted by another
  observation (saw / heard / camera);
- `corroborated` may be set by an analyst only when at least two independent sources affirm
  the incident;
- `alleged`, `denied` and `contested` follow the claims and cannot be set by hand, except to
  reopen a finding (verified or refuted back to what the claims say), with a note;
- a status cannot be set to itself.

>>> check_transition(IncidentStatus.ALLEGED, IncidentStatus.VERIFIED, ObservationMethod.CAMERA, "", 1).to
<IncidentStatus.VERIFIED: 'verified'>
"""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.domain.statuses import IncidentStatus, ObservationMethod
from ceasefire.errors import Conflict

EVIDENCE = frozenset(
    {IncidentStatus.ALLEGED, IncidentStatus.DENIED, IncidentStatus.CONTESTED, IncidentStatus.CORROBORATED}
)
FINDINGS = frozenset({IncidentStatus.VERIFIED, IncidentStatus.REFUTED})
OBSERVED = frozenset({ObservationMethod.SAW, ObservationMethod.HEARD, ObservationMethod.CAMERA})


class TransitionRefused(Conflict):
    """A status change the verification rules do not allow; the message says which rule."""

    code = "transition_refused"


@dataclass(frozen=True, slots=True)
class Transition:
    """An allowed change of an incident's status, as the history table records it."""

    frm: IncidentStatus
    to: IncidentStatus
    method: ObservationMethod | None
    note: str
    automatic: bool = False


def check_transition(
    current: IncidentStatus,
    target: IncidentStatus,
    method: ObservationMethod,
    note: str,
    affirming_sources: int,
    *,
    derived: IncidentStatus | None = None,
) -> Transition:
    """The transition an analyst asks for, or TransitionRefused naming the rule it breaks.

    `affirming_sources` is the number of independent sources that affirm the incident;
    `derived` the status the claims give (reopening may only return to it when known).
    """
    note = note.strip()
    refused = f"{current} -> {target} refused: "
    if target is current:
        raise TransitionRefused(refused + f"the incident is already {current}")
    if target is IncidentStatus.VERIFIED:
        if method not in OBSERVED:
            raise TransitionRefused(refused + f"verifying needs an observation (saw, heard or camera), not '{method}'")
    elif target is IncidentStatus.REFUTED:
        if not note:
            raise TransitionRefused(refused + "refuting needs a note saying why")
        if current is IncidentStatus.VERIFIED and method not in OBSERVED:
            raise TransitionRefused(refused + "a monitor's observation can only be overturned by another observation")
    elif current in FINDINGS:
        if not note:
            raise TransitionRefused(refused + "reopening a finding needs a note saying why")
        if target is IncidentStatus.CORROBORATED and affirming_sources < 2:
            raise TransitionRefused(refused + f"only {affirming_sources} independent source(s) affirm it")
        if derived is not None and target is not derived and target is not IncidentStatus.CORROBORATED:
            raise TransitionRefused(refused + f"reopened, the incident is what its claims make it: {derived}")
    elif target is IncidentStatus.CORROBORATED:
        if affirming_sources < 2:
            raise TransitionRefused(refused + f"only {affirming_sources} independent source(s) affirm it; 2 are needed")
    else:
        raise TransitionRefused(
            refused + f"{target} follows from the claims and is not set by hand; verify, refute or corroborate"
        )
    return Transition(current, target, method, note)


def automatic_transition(current: IncidentStatus, derived: IncidentStatus) -> Transition | None:
    """The change the claims make by themselves: none to a finding, none when unchanged."""
    if current in FINDINGS or current is derived:
        return None
    return Transition(current, derived, None, "derived from the claims", automatic=True)

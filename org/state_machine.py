"""The one shape of a record's legal moves, shared by the hazard loop and the penalty case.

An app lists its moves once (action → sources, target), with the permission (org.permissions) and the audit
code (org.audit.AuditAction) each move needs; ``check`` refuses an illegal move with a Chinese message the
user reads as it is. Both apps raise org's ``InvalidTransition``, so neither imports the other's exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise


class InvalidTransition(ValidationError):
    """An illegal move or a refused step; its message is shown to the user as is."""


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    permission: str  # an action of org.permissions.RULES
    audit: str  # an org.audit.AuditAction
    refusal: Promise | None = None  # said when the record is in none of the sources; else the generic words


class StateMachine:
    """The moves of one kind of record.

    ``refusal`` is said for a move from a state not among its sources when the move has no words of its own,
    with ``%(status)s`` filled in by ``label`` (a state's words); without it, every move must have its own.
    """

    def __init__(
        self, transitions: Mapping[str, Transition], *, label: Callable[[str], str], refusal: Promise | None = None
    ) -> None:
        if refusal is None and any(t.refusal is None for t in transitions.values()):
            raise ValueError("A move without words of its own needs the machine's refusal.")
        self.transitions = dict(transitions)
        self.label = label
        self.refusal = refusal

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def can(self, action: str, state: str) -> bool:
        return state in self.transitions[action].sources

    def check(self, action: str, state: str) -> Transition:
        """The move ``action`` from ``state``, or InvalidTransition saying why not."""
        transition = self.transitions[action]
        if state not in transition.sources:
            if transition.refusal is not None:
                raise InvalidTransition(str(transition.refusal))
            assert self.refusal is not None  # __init__ made sure
            raise InvalidTransition(str(self.refusal) % {"status": self.label(state)})
        return transition

    def available(self, state: str) -> list[str]:
        """The actions legal from ``state``, in the table's order."""
        return [name for name, t in self.transitions.items() if state in t.sources]

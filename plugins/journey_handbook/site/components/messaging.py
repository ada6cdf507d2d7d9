"""Writer guidance: which personas have messaging for a phase, and how it is set out
(persona, phase and home pages)."""

from __future__ import annotations

from ...data.model import Handbook, Persona, Phase
from ...data.schema import Messaging
from ..markup import block, md
from .badges import label

MESSAGING_FIELDS = (
    ("questions", "Questions they ask"),
    ("key_messages", "Key messages"),
    ("avoid", "Avoid"),
    ("formats", "Formats"),
    ("channels", "Channels"),
)
SHORT_FIELDS = {"formats", "channels"}  # a few words each: one line; the rest are sentences


def audience_label(audience: str | None) -> str:
    """One persona's audience, singular ('Patient'); the nav groups use plural titles."""
    return label(audience)


def has_messaging(persona: Persona, phase: Phase) -> bool:
    """True when the persona has written guidance (not just an empty key) for the phase."""
    guidance = persona.messaging.get(phase.id)
    return guidance is not None and any(getattr(guidance, f) for f, _ in MESSAGING_FIELDS)


def messaging_block(guidance: Messaging | None) -> str:
    """Writer guidance for one persona in one phase, as a boxed list of its fields."""
    lines = []
    for field_name, title in MESSAGING_FIELDS:
        items = getattr(guidance, field_name, None) if guidance else None
        if not items:
            continue
        if field_name in SHORT_FIELDS:
            lines.append(f"- **{title}:** " + " · ".join(md(i) for i in items))
        else:
            lines.append(f"- **{title}**\n" + "\n".join(f"    - {md(i)}" for i in items))
    if not lines:
        return "_No messaging written yet._"
    return block("jh-guidance", "\n".join(lines))


def acting_personas(hb: Handbook, phase: Phase) -> list[Persona]:
    """Personas (not teams) that perform at least one step in the phase, by name."""
    found = {s.actor.id: s.actor for s in hb.steps_in(phase) if isinstance(s.actor, Persona)}
    return sorted(found.values(), key=lambda p: p.name.lower())


def messaging_gaps(hb: Handbook, phase: Phase) -> list[Persona]:
    """Personas who act in the phase but have no written messaging for it."""
    return [p for p in acting_personas(hb, phase) if not has_messaging(p, phase)]

"""Mermaid sources for a journey page: the emotional `journey` and the hand-off flowchart.

Text from data files is untrusted twice over: Mermaid gives meaning to characters such
as `:` `;` `#` and `%%`, and the fenced block is copied into the page's HTML without
escaping (see the project's field notes). `mermaid_text()` therefore swaps every
character either language could act on for a harmless look-alike, so a data file can
neither break a diagram nor inject markup. Flowchart node ids are generated (`a0`,
`a1`...), never taken from data. Diagrams show shortened labels; the page's tables
carry the full text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..data.model import Actor, Journey, Step

# Characters Mermaid or HTML could interpret, and the look-alike shown instead. Each
# look-alike is in the fonts every desktop has (DejaVu on Linux included): fullwidth forms
# such as ＃ would be cleaner but show as empty boxes without a CJK font.
LOOKALIKES: dict[str, str] = {
    ":": "\u2236",  # ∶ RATIO: separates journey task, score and actors
    ";": "\u037e",  # ; GREEK QUESTION MARK: ends a Mermaid statement
    "#": "\u266f",  # ♯ MUSIC SHARP SIGN: `#` starts a comment, and entity codes (#quot;)
    "%": "\u066a",  # ٪ ARABIC PERCENT SIGN: `%%` starts a comment or an %%{init}%% directive
    "<": "\u2039",  # ‹ HTML: the fence is pasted into the page unescaped
    ">": "\u203a",  # ›
    "&": "+",  # HTML entities; no look-alike ampersand is in common fonts, and + reads well
    '"': "\u2033",  # ″ DOUBLE PRIME: ends a quoted flowchart label
    "`": "\u02cb",  # ˋ starts a Mermaid Markdown string and closes Markdown fences
}
_TRANSLATION = str.maketrans(LOOKALIKES)
# In actor names only: a comma separates the actors of a `journey` task.
ACTOR_LOOKALIKES: dict[str, str] = {",": "\u201a"}  # ‚ SINGLE LOW-9 QUOTATION MARK
_ACTOR_TRANSLATION = str.maketrans(ACTOR_LOOKALIKES)

# Format characters that can reorder or hide text (bidi overrides, BOM) are dropped;
# joiners stay because emoji sequences and many scripts need them.
_DROP_FORMAT = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"}
_SPACE = re.compile(r"\s+")
ELLIPSIS = "\u2026"

TASK_LEN = 40
SECTION_LEN = 40
ACTOR_LEN = 30
NODE_LEN = 32
TITLE_LEN = 80
DESCR_LEN = 600
HANDOFFS_DESCRIBED = 6  # in the hand-off diagram's description; the table has all
NEUTRAL_SCORE = 3
WORD_LEN = 18


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":
        return " "  # newlines, tabs and other controls: whitespace, collapsed below
    if category == "Cs" or ch in _DROP_FORMAT:
        return ""  # lone surrogates cannot even be written to a UTF-8 page
    return ch


def _attached(ch: str) -> bool:
    """Whether `ch` belongs to the character before it (accents, joiners, emoji modifiers)."""
    return (unicodedata.category(ch) in ("Mn", "Me") or ch in "\u200d\ufe0e\ufe0f"
            or "\U0001f3fb" <= ch <= "\U0001f3ff")


def shorten(text: str, max_len: int) -> str:
    """Cut at a word boundary so the result, with its `…`, is at most `max_len` long."""
    if len(text) <= max_len:
        return text
    end = max_len - 1
    space = text.rfind(" ", 0, end + 1)
    if space >= max_len // 2:
        end = space
    # A very long word is cut mid-word, but never inside an accented letter or an emoji.
    while end > 0 and (_attached(text[end]) or text[end - 1] == "\u200d"):
        end -= 1
    return text[:end].rstrip(" ,.;:-") + ELLIPSIS


def break_long_words(text: str, width: int = WORD_LEN) -> str:
    """Spaces inside words longer than `width`: Mermaid wraps labels only at spaces, so one
    long word (a URL, a code) would overflow its box."""
    words = []
    for word in text.split(" "):
        while len(word) > width:
            cut = width
            while cut > 1 and _attached(word[cut]):
                cut -= 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    return " ".join(words)


def mermaid_text(text: object, max_len: int | None = None) -> str:
    """Untrusted text as inert Mermaid label text, safe inside unescaped HTML.

    With `max_len` (a label), long text is shortened and long words are broken so it wraps.
    """
    if text is None:
        return ""
    return _mermaid_text(str(text), max_len)


# Every journey's diagrams repeat the same persona, team and phase names: cleaning each once
# (a character at a time) saves a tenth of rendering the journey pages again.
@functools.lru_cache(maxsize=65536)
def _mermaid_text(text: str, max_len: int | None) -> str:
    cleaned = _SPACE.sub(" ", "".join(_clean_char(ch) for ch in text)).strip()
    if max_len is not None:
        cleaned = shorten(break_long_words(cleaned), max_len)
    return cleaned.translate(_TRANSLATION)


def _fence(lines: list[str]) -> str:
    return "```mermaid\n" + "\n".join(lines) + "\n```"


# -- the emotional journey --------------------------------------------------------------------

def _task_name(step: Step, number: int) -> str:
    # The step number ties the task to the step headings and the grid. Starting with a
    # digit also keeps a task out of the `journey` lexer's case-insensitive keywords:
    # a task named "Title of the form" would otherwise silently become the diagram title.
    return f"{number}. " + (mermaid_text(step.action, TASK_LEN - 4) or "(no action)")


def _actor_name(actor: Actor) -> str:
    return mermaid_text(actor.name, ACTOR_LEN).translate(_ACTOR_TRANSLATION) or actor.id


def step_actors(step: Step) -> list[Actor]:
    """Who takes part in a step: who acts, and who receives its hand-off."""
    actors = [step.actor]
    if step.handoff_to is not None and step.handoff_to is not step.actor:
        actors.append(step.handoff_to)
    return actors


def step_score(step: Step) -> int:
    return step.emotion.score if step.emotion else NEUTRAL_SCORE


def _journey_description(journey: Journey) -> str:
    steps = journey.steps
    phases = ", ".join(p.name for p in journey.phases)
    parts = [f"How each of the {len(steps)} steps of {journey.title} feels, "
             f"phase by phase ({phases}), scored from 1 (very negative) to 5 (very positive)."]
    scored = [s for s in steps if s.emotion]
    if scored:
        low = min(scored, key=lambda s: s.emotion.score)
        high = max(scored, key=lambda s: s.emotion.score)
        parts.append(f"Lowest point, {low.emotion.score} of 5, is {low.action}.")
        if high.emotion.score > low.emotion.score:
            parts.append(f"Highest point, {high.emotion.score} of 5, is {high.action}.")
    unscored = len(steps) - len(scored)
    if unscored:
        parts.append(f"{unscored} step{'s' if unscored > 1 else ''} without a recorded "
                     f"feeling {'are' if unscored > 1 else 'is'} shown as neutral (3).")
    return " ".join(parts)


def journey_diagram(journey: Journey) -> str:
    """A Mermaid `journey`: sections are phases, tasks are steps, scores are emotions."""
    lines = [
        # No visible title: the page heading already names the journey, and Mermaid centres
        # the title over the whole (scrollable) width, so it was cut off on load.
        "journey",
        f"    accTitle: {mermaid_text('Emotional journey of ' + journey.title, TITLE_LEN)}",
        f"    accDescr: {mermaid_text(_journey_description(journey), DESCR_LEN)}",
    ]
    current = None
    for number, step in enumerate(journey.steps, start=1):
        # A new section each time the phase changes, so a loop back shows where it happens.
        if step.phase is not current:
            current = step.phase
            lines.append(f"    section {mermaid_text(current.name, SECTION_LEN) or current.id}")
        actors = ", ".join(_actor_name(a) for a in step_actors(step))
        lines.append(f"      {_task_name(step, number)}: {step_score(step)}: {actors}")
    return _fence(lines)


# -- the hand-off flowchart -------------------------------------------------------------------

def handoff_steps(journey: Journey) -> list[Step]:
    return [s for s in journey.steps if s.handoff_to is not None]


def _node(node_id: str, actor: Actor) -> str:
    label = mermaid_text(actor.name, NODE_LEN) or actor.id
    # Personas are people (rounded "stadium"), teams are our organisation (boxes), so the
    # difference survives without colour and in both palettes.
    shape = '(["{}"])' if actor.kind == "persona" else '["{}"]'
    return f"    {node_id}{shape.format(label)}"


def _handoff_description(journey: Journey, steps: list[Step]) -> str:
    # Own words avoid ':' and ';' so screen readers do not announce the look-alikes.
    # The first few hand-offs in whole sentences, then a pointer to the table: cut at a
    # length instead, the description stopped mid-sentence ("hands off…"), and where
    # depended on every name in it.
    moves = " ".join(
        f"{s.actor.name} hands off to {s.handoff_to.name}"
        + (f" ({s.handoff.note})." if s.handoff.note else ".")
        for s in steps[:HANDOFFS_DESCRIBED])
    count = f"{len(steps)} hand-off{'s' if len(steps) > 1 else ''}"
    rest = len(steps) - HANDOFFS_DESCRIBED
    more = "" if rest <= 0 else \
        f" {rest} more hand-off{'s are' if rest > 1 else ' is'} in the hand-off table."
    return f"{count} between roles and teams in {journey.title}. {moves}{more}"


def handoff_diagram(journey: Journey) -> str | None:
    """A left-to-right flowchart of hand-offs between actors; None when there are none."""
    steps = handoff_steps(journey)
    if not steps:
        return None
    actors = journey.actors()
    node_ids = {a.id: f"a{i}" for i, a in enumerate(actors)}
    lines = [
        "flowchart LR",
        f"    accTitle: {mermaid_text('Hand-offs in ' + journey.title, TITLE_LEN)}",
        f"    accDescr: {mermaid_text(_handoff_description(journey, steps), DESCR_LEN)}",
    ]
    lines += [_node(node_ids[a.id], a) for a in actors]
    numbers = {id(s): n for n, s in enumerate(journey.steps, start=1)}
    for step in steps:
        # Edges carry the step number, not the note: notes crowded and overlapped each
        # other around busy teams. The hand-off table beside the diagram has the notes.
        arrow = f'-->|"step {numbers[id(step)]}"|'
        lines.append(f"    {node_ids[step.actor.id]} {arrow} {node_ids[step.handoff_to.id]}")
    lines.append("    classDef persona stroke-width:2px")
    lines.append("    classDef team stroke-dasharray:5 3")
    for kind in ("persona", "team"):
        ids = [node_ids[a.id] for a in actors if a.kind == kind]
        if ids:
            lines.append(f"    class {','.join(ids)} {kind}")
    return _fence(lines)

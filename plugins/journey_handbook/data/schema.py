"""The file format of `handbook-format.md`, as typed models.

These models describe what an author may write in each file kind; they validate
one file at a time and export the JSON Schema editors use. Cross-file references
are checked later, in `resolve`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
STEP_REF_PATTERN = r"^([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
StepRef = Annotated[str, StringConstraints(pattern=STEP_REF_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Score = Annotated[int, Field(ge=1, le=5)]
# Bounds keep every date computed from the data (a review's due date) inside what a date can
# hold: `review_every_days: 999999999` or `reviewed: 9999-12-31` would otherwise overflow.
MAX_DAYS = 3650  # ten years: a longer review cadence is a typo, not a policy
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2999, 12, 31)
Days = Annotated[int, Field(gt=0, le=MAX_DAYS)]


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"expected a date as YYYY-MM-DD, found {value!r}")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value.strip()!r} is not a real calendar date") from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(f"expected a date from {MIN_DATE} to {MAX_DATE}, "
                         f"found {value.strip()!r}")
    return day


def _number(value: Any) -> Any:
    """A number as YAML text (`41.5`, `41.5%`): every scalar arrives as the text written."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, found {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        number = parse_number(value)
        if number is None:
            raise ValueError(number_problem(value))
    else:
        raise ValueError("expected a number")
    if not -MAX_NUMBER <= number <= MAX_NUMBER:
        raise ValueError(number_problem(str(value)))
    return number


_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Every number from data (targets, baselines, observations) lies within +-10^15: room for any
# count, rate or amount of money, and far enough from float's limit (1.8e308) that sums,
# differences and chart axes computed from them stay finite, so JSON output stays JSON.
MAX_NUMBER = 1e15
NUMBER_RANGE = "from -10^15 to 10^15"


def parse_number(text: str) -> float | None:
    """`41.5`, `-3`, `41.5%` -> a float; anything else (`n/a`, `1,200`, `nan`, `1e309`, a
    number outside +-MAX_NUMBER) -> None. `number_problem` says which."""
    text = text.strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if not _NUMBER_RE.fullmatch(text):
        return None
    number = float(text)
    return number if -MAX_NUMBER <= number <= MAX_NUMBER else None


def number_problem(text: str) -> str:
    """Why `text` is not a number the handbook accepts, in one sentence."""
    shown = text.strip()
    bare = shown[:-1].rstrip() if shown.endswith("%") else shown
    if _NUMBER_RE.fullmatch(bare):
        short = bare if len(bare) <= 24 else f"{bare[:12]}...({len(bare)} characters)"
        return f"the number {short} is out of range: numbers go {NUMBER_RANGE}"
    if len(shown) > 40:
        shown = shown[:40] + "..."
    return f"expected a number, found '{shown}'"


Number = Annotated[
    float,
    BeforeValidator(_number),
    WithJsonSchema({"anyOf": [{"type": "number"},
                              {"type": "string", "pattern": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)"
                                                            r"([eE][+-]?\d+)?\s*%?\s*$"}]}),
]
# Free text that may also be written as a number (`baseline: 62` or `baseline: 62%`): kept as
# the author wrote it; the outcome of a metric reads it as a number (see resolve).
TextOrNumber = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int | float) and not isinstance(v, bool)
                    else v),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}]}),
]

IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]

Channel = Literal["web", "app", "email", "sms", "phone", "video", "in-person", "paper",
                  "portal", "ehr", "api", "internal"]
TouchpointKind = Literal["online", "offline", "internal"]
Regulated = Literal["consent", "identity-verification", "data-sharing", "hipaa",
                    "eligibility", "clinical"]
EvidenceKind = Literal["analytics", "crm", "support-tickets", "session-recordings",
                       "interviews", "survey", "workshop", "documentation", "other"]
Audience = Literal["patient", "caregiver", "provider", "payer", "employer", "internal"]
DecisionRole = Literal["decision-maker", "influencer", "user", "approver", "gatekeeper"]
ScopeType = Literal["end-to-end", "focused"]
JourneyStatus = Literal["draft", "active", "archived"]
JourneyState = Literal["current", "future"]
TriggerType = Literal["product-change", "pricing-change", "compliance-change",
                      "support-demand", "other"]
Confidence = Literal["known", "hypothesized"]
OpportunityStatus = Literal["idea", "planned", "in-progress", "shipped", "measured", "dropped"]
MetricKind = Literal["progress", "failure", "outcome"]
MetricUnit = Literal["percent", "count", "rate", "days", "hours", "minutes", "score", "currency"]
Direction = Literal["up", "down"]
ExperimentStatus = Literal["planned", "running", "concluded", "stopped"]
Decision = Literal["ship", "iterate", "drop"]
ReviewKind = Literal["workshop", "review"]

CHANNEL_KIND: dict[str, str] = {
    "web": "online", "app": "online", "email": "online", "sms": "online",
    "video": "online", "portal": "online", "ehr": "online", "api": "online",
    "phone": "offline", "in-person": "offline", "paper": "offline",
    "internal": "internal",
}


class Strict(BaseModel):
    """Unknown fields are errors: they are almost always typos."""

    model_config = ConfigDict(extra="forbid")


def _text_or_object(value: Any) -> str:
    return "text" if isinstance(value, str) else "object"


def text_or(model: type[BaseModel], text: Any = Id) -> Any:
    """A field that takes either a short text form or a full mapping."""
    return Annotated[
        Annotated[text, Tag("text")] | Annotated[model, Tag("object")],
        Discriminator(_text_or_object),
    ]


# --- handbook.yml -----------------------------------------------------------------

class Phase(Strict):
    id: Id
    name: Text
    goal: str | None = None
    metrics: list[Text] = []


class Team(Strict):
    id: Id
    name: Text
    github: Annotated[str, StringConstraints(pattern=r"^@[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$")] \
        | None = None
    reviews_regulated: bool = Field(False, description="a compliance or privacy team")


class Review(Strict):
    every_days: Days = 90


class Governance(Strict):
    decision_rules: list[Text] = []
    assumptions: list[Text] = []


# A US school grade: 1 (first grade) to 18 (graduate school); outside that it is a typo.
Grade = Annotated[Number, Field(ge=1, le=18)]


class PlainLanguage(Strict):
    """Reading grade targets and words to avoid in what each audience reads (spec
    "Plain language")."""

    grade: dict[Audience, Grade] = Field(
        {}, description="highest reading grade per audience, e.g. {patient: 8}; "
                        "audiences without one are not graded")
    terms: dict[Text, str | None] = Field(
        {}, description="house terms to flag -> plainer wording (or null)")
    builtin: bool = Field(True, description="also flag the built-in list of jargon")


class HandbookFile(Strict):
    title: Text
    description: str | None = None
    phases: Annotated[list[Phase], Field(min_length=1)]
    teams: list[Team] = []
    review: Review = Review()
    governance: Governance = Governance()
    plain_language: PlainLanguage = PlainLanguage()


# --- touchpoints.yml / evidence.yml -------------------------------------------------

class TouchpointFields(Strict):
    name: Text
    channel: Channel | None = None
    kind: TouchpointKind | None = None
    owner: Id | None = None
    regulated: list[Regulated] = []
    description: str | None = None


class Touchpoint(TouchpointFields):
    id: Id


class InlineTouchpoint(TouchpointFields):
    """Named inside a step; its id defaults to one made from its name."""

    id: Id | None = None


class TouchpointsFile(RootModel[list[Touchpoint]]):
    pass


class Evidence(Strict):
    id: Id
    kind: EvidenceKind | None = None
    title: Text
    link: str | None = None
    collected: IsoDate | None = None
    summary: str | None = None


class EvidenceFile(RootModel[list[Evidence]]):
    pass


# --- personas/<id>.yml ----------------------------------------------------------------

class Messaging(Strict):
    questions: list[Text] = []
    key_messages: list[Text] = []
    avoid: list[Text] = []
    formats: list[Text] = []
    channels: list[Text] = []


class PersonaFile(Strict):
    id: Id | None = Field(None, description="optional; must equal the file name")
    name: Text
    audience: Audience | None = None
    role: str | None = None
    decision_role: DecisionRole | None = None
    tasks: list[Text] = []
    goals: list[Text] = []
    concerns: list[Text] = []
    messaging: dict[Id, Messaging] = {}
    aliases: list[Id] = []


# --- maps/<id>.yml ------------------------------------------------------------------------

class TriggerObject(Strict):
    type: TriggerType
    note: str | None = None


class Handoff(Strict):
    to: Id
    note: str | None = None


class Emotion(Strict):
    score: Score
    feeling: str | None = None
    why: str | None = None


class BarrierObject(Strict):
    text: Text
    touchpoint: Id | None = None


class EvidenceCitation(Strict):
    source: Id
    note: str | None = None


class StepMetrics(Strict):
    progress: list[Text] = []
    failure: list[Text] = []


class ContentNeeds(Strict):
    questions: list[Text] = []
    topics: list[Text] = []
    formats: list[Text] = []
    channels: list[Text] = []
    message: str | None = None
    cta: str | None = None


class Step(Strict):
    id: Id
    phase: Id
    persona: Id
    action: Text
    why: str | None = None
    touchpoint: text_or(InlineTouchpoint) | None = None
    response: str | None = None
    backstage: list[Text] = []
    handoff: Handoff | None = None
    emotion: Emotion | None = None
    barriers: list[text_or(BarrierObject, Text)] = []
    evidence: list[EvidenceCitation] = []
    confidence: Confidence | None = None
    metrics: StepMetrics = StepMetrics()
    content: ContentNeeds | None = None
    loop: bool = False
    aliases: list[Id] = []
    delivered_by: list[Id] = Field([], description="future maps: the opportunities that make "
                                   "this step real")


class Outcome(Strict):
    metric: Text
    baseline: TextOrNumber | None = None
    target: TextOrNumber | None = None
    by: IsoDate | None = None


class Experiment(Strict):
    id: Id
    hypothesis: Text
    metric: Id
    start: IsoDate
    end: IsoDate | None = None
    status: ExperimentStatus = "planned"
    result: str | None = None
    decision: Decision | None = None


class Opportunity(Strict):
    id: Id
    title: Text
    problem: str | None = None
    steps: Annotated[list[StepRef], Field(min_length=1)]
    owner: Id
    outcome: Outcome | None = None
    evidence: list[Id] = []
    status: OpportunityStatus = "idea"
    impact: Score | None = None
    effort: Score | None = None
    links: list[Text] = []
    aliases: list[Id] = []
    triaged: IsoDate | None = None
    experiments: list[Experiment] = []


class Scope(Strict):
    type: ScopeType | None = None
    goal: str | None = None
    product: str | None = None
    market: str | None = None


class PartOf(Strict):
    """A focused map's place in an end-to-end map: its journey and the step range it details."""

    journey: Id
    from_: Id = Field(alias="from")
    to: Id

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ReviewEntry(Strict):
    date: IsoDate
    kind: ReviewKind = "review"
    participants: list[Id] = []
    notes: str | None = None


class Funnel(Strict):
    stages: list[Id] | None = Field(
        None, description="metric ids (unit count) in funnel order; overrides the stages "
                          "derived from the steps' metrics.progress")
    segment: Text | None = Field(
        None, description="the segment shown by default; default: rows without a segment "
                          "(or segment 'all')")


class JourneyFile(Strict):
    id: Id | None = Field(None, description="optional; must equal the file name")
    title: Text
    summary: str | None = None
    audience: Audience | None = None
    scope: Scope | None = None
    owner: Id
    status: JourneyStatus = "active"
    reviewed: IsoDate
    review_every_days: Days | None = None
    triggers: list[text_or(TriggerObject, TriggerType)] = []
    personas: Annotated[list[Id], Field(min_length=1)]
    assumptions: list[Text] = []
    steps: Annotated[list[Step], Field(min_length=1)]
    opportunities: list[Opportunity] = []
    aliases: list[Id] = []
    review_log: list[ReviewEntry] = []
    state: JourneyState = "current"
    future_of: Id | None = Field(None, description="required when state is future: the "
                                 "current journey this map is the future of")
    part_of: PartOf | None = None
    funnel: Funnel | None = None


# --- metrics.yml --------------------------------------------------------------------------

class Metric(Strict):
    id: Id
    name: Text
    phase: Id
    kind: MetricKind = "progress"
    unit: MetricUnit | None = None
    direction: Direction
    definition: str | None = None
    source: Id | None = None
    owner: Id | None = None
    journeys: list[Id] = []
    target: Number | None = None
    aliases: list[Id] = []


class MetricsFile(RootModel[list[Metric]]):
    pass


FILE_KINDS: dict[str, type[BaseModel]] = {
    "handbook": HandbookFile,
    "touchpoints": TouchpointsFile,
    "evidence": EvidenceFile,
    "persona": PersonaFile,
    "journey": JourneyFile,
    "metrics": MetricsFile,
}


def json_schema(kind: str) -> dict:
    model = FILE_KINDS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Journey Handbook {kind} file"
    return schema

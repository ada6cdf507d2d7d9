"""Page pieces every page kind shares, drawn in one place: badges, links, numbers, boxes,
journey tables and writer guidance. Page modules import these (never each other), so a
status, a link or a metric value looks the same on every page.

Import from the package (`from ..components import muted`); the modules only group the
pieces. The CSS rule for every `jh-badge--*` kind lives in `assets/`, and a test renders
every page and checks that each `jh-*` class has one.
"""

from __future__ import annotations

from .badges import (
    MUTED_NONE,
    actor_ref,
    confidence_badge,
    experiment_status_badge,
    journey_status_badge,
    label,
    loop_badge,
    muted,
    opportunity_status_badge,
    regulated_badge,
    retriage_badge,
    review_badge,
    target_reached_badge,
    touchpoint_kind_badge,
    words,
)
from .boxes import (
    diagram_alternative,
    diagram_box,
    wide_table,
)
from .journeys import (
    AUDIENCE_TITLES,
    SCOPE_TYPES,
    SCORE_FACES,
    SCORE_WORDS,
    feeling,
    journey_review_badge,
    journey_table,
    phase_runs,
    short_scope,
)
from .link_lists import (
    by_journey,
    journey_list,
    journeys_count,
    steps_by_journey,
    too_many_links,
)
from .links import (
    journey_link,
    opportunity_link,
    persona_link,
    phase_link,
    step_link,
)
from .measures import (
    CHANGE_WORDS,
    UNIT_LABEL,
    UNIT_SUFFIX,
    better_way,
    change_badge,
    change_cell,
    latest_cell,
    metric_link,
    metric_progress,
    metric_value,
    metrics_table,
    number,
    outcome_text,
    phase_metrics,
    points,
    priority_cell,
    ratio_percent,
    target_cell,
    wrong_way_badge,
)
from .messaging import (
    MESSAGING_FIELDS,
    SHORT_FIELDS,
    acting_personas,
    audience_label,
    has_messaging,
    messaging_block,
    messaging_gaps,
)

__all__ = [
    "AUDIENCE_TITLES", "CHANGE_WORDS", "MESSAGING_FIELDS", "MUTED_NONE", "SCOPE_TYPES",
    "SCORE_FACES", "SCORE_WORDS", "SHORT_FIELDS", "UNIT_LABEL", "UNIT_SUFFIX",
    "acting_personas", "actor_ref", "audience_label", "better_way", "by_journey", "change_badge",
    "change_cell", "confidence_badge", "diagram_alternative", "diagram_box",
    "experiment_status_badge", "feeling", "has_messaging", "journey_link", "journey_list",
    "journey_review_badge", "journey_status_badge", "journey_table", "journeys_count", "label",
    "latest_cell", "loop_badge", "messaging_block", "messaging_gaps", "metric_link",
    "metric_progress", "metric_value", "metrics_table", "muted", "number", "opportunity_link",
    "opportunity_status_badge", "outcome_text", "persona_link", "phase_link", "phase_metrics",
    "phase_runs", "points", "priority_cell", "ratio_percent", "regulated_badge",
    "retriage_badge", "review_badge", "short_scope", "step_link", "steps_by_journey",
    "target_cell", "target_reached_badge", "too_many_links", "touchpoint_kind_badge",
    "wide_table", "words", "wrong_way_badge",
]

"""Every validation rule of the format contract, one at a time, at the API level.

Each test puts one fault into a copy of the minimal handbook and checks the Diagnostic the
loader reports: file, line and column, field path, message (what was expected and what was
found) and hint (did-you-mean for unknown names).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import errors, one_error, replace_once, write
from journey_handbook.data.diagnostics import Diagnostic
from journey_handbook.data.loader import load_handbook

MAP = "maps/first-visit.yml"
HB = "handbook.yml"
TPS = "touchpoints.yml"
EVID = "evidence.yml"
PATIENT = "personas/new-patient.yml"
COORD = "personas/care-coordinator.yml"


def line_of(root: Path, rel: str, needle: str) -> int:
    """The 1-based line of the one line of a file that contains `needle`."""
    hits = [n for n, line in enumerate((root / rel).read_text().splitlines(), 1)
            if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits} of {rel}"
    return hits[0]


def col_of(root: Path, rel: str, line_needle: str, word: str) -> int:
    """The 1-based column of `word` on the line that contains `line_needle`."""
    line = (root / rel).read_text().splitlines()[line_of(root, rel, line_needle) - 1]
    return line.index(word) + 1


def at(d: Diagnostic) -> tuple[str, int, int]:
    return d.file.removeprefix("journeys/"), d.line, d.column


def fault(root: Path, rel: str, old: str, new: str) -> Diagnostic:
    replace_once(root / rel, old, new)
    return one_error(root)


# --- the minimal handbook is valid ------------------------------------------------------------


def test_minimal_handbook_is_valid(minimal_dir: Path) -> None:
    result = load_handbook(minimal_dir)
    assert result.ok
    assert result.diagnostics.sorted() == []


# --- ids --------------------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["a", "a1", "2026", "first-visit", "a-1-b"])
def test_valid_ids(minimal_dir: Path, good: str) -> None:
    replace_once(minimal_dir / MAP, "  - id: recheck\n", f"  - id: {good}\n")
    assert errors(minimal_dir) == []


@pytest.mark.parametrize("bad", ["Recheck", "re_check", "re--check", "-recheck", "recheck-",
                                 "re check", "réchéck", "'re-check '"])
def test_invalid_ids(minimal_dir: Path, bad: str) -> None:
    d = fault(minimal_dir, MAP, "  - id: recheck\n", f"  - id: {bad}\n")
    assert at(d) == (MAP, 66, 9)
    assert d.path == "steps[3].id"
    assert d.message.startswith("expected a lowercase kebab-case id (like 'patient-intake'), "
                                "found ")
    assert d.hint == "ids use a-z, 0-9 and single hyphens"


@pytest.mark.parametrize("rel, old, new, path", [
    (HB, "  - id: awareness\n", "  - id: Aware\n", "phases[0].id"),
    (HB, "  - id: growth\n", "  - id: Growth\n", "teams[0].id"),
    (TPS, "- id: welcome-call\n", "- id: Welcome-Call\n", "[2].id"),
    (EVID, "- id: interviews-q3\n", "- id: interviews_q3\n", "[1].id"),
    (MAP, "  - id: welcome-script\n", "  - id: welcome script\n", "opportunities[1].id"),
    (MAP, "      id: onboarding-sms\n", "      id: SMS\n", "steps[2].touchpoint.id"),
])
def test_invalid_ids_of_every_kind(minimal_dir: Path, rel, old, new, path) -> None:
    replace_once(minimal_dir / rel, old, new)
    found = [d for d in errors(minimal_dir) if d.path == path]
    assert len(found) == 1
    assert found[0].line == line_of(minimal_dir, rel, new.strip())
    assert "expected a lowercase kebab-case id" in found[0].message


@pytest.mark.parametrize("folder", ["personas", "maps"])
@pytest.mark.parametrize("stem", ["Bad_Name", "bad name", "bad--name", "BadName"])
def test_file_stem_must_be_an_id(minimal_dir: Path, folder: str, stem: str) -> None:
    source = {"personas": PATIENT, "maps": MAP}[folder]
    (minimal_dir / source).rename(minimal_dir / folder / f"{stem}.yml")
    found = errors(minimal_dir)
    stem_errors = [d for d in found if d.message == f"file name '{stem}' is not a valid id"]
    assert [at(d) for d in stem_errors] == [(f"{folder}/{stem}.yml", 1, 1)]
    assert "kebab-case" in stem_errors[0].hint


@pytest.mark.parametrize("rel, kind", [(PATIENT, "persona"), (MAP, "journey")])
def test_id_field_must_match_the_file_name(minimal_dir: Path, rel: str, kind: str) -> None:
    text = (minimal_dir / rel).read_text()
    (minimal_dir / rel).write_text("id: other\n" + text)
    d = one_error(minimal_dir)
    stem = Path(rel).stem
    assert at(d) == (rel, 1, 5)
    assert d.message == f"id 'other' does not match the file name '{stem}'"
    assert d.path == "id"
    # the same id as the file name is fine
    (minimal_dir / rel).write_text(f"id: {stem}\n" + text)
    assert errors(minimal_dir) == []


# --- unknown fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("rel, old, new, path, hint", [
    (HB, "description: A small", "descripton: A small", "descripton",
     "did you mean 'description'?"),
    (HB, "    goal: People", "    gaol: People", "phases[0].gaol", "did you mean 'goal'?"),
    (HB, '    github: "@acme/growth"', '    githb: "@acme/growth"', "teams[0].githb",
     "did you mean 'github'?"),
    (HB, "  every_days: 90", "  everydays: 90", "review.everydays",
     "did you mean 'every_days'?"),
    (HB, "  assumptions: [Most", "  assumption: [Most", "governance.assumption",
     "did you mean 'assumptions'?"),
    (TPS, "  channel: web", "  chanel: web", "[0].chanel", "did you mean 'channel'?"),
    (EVID, "  summary: 38%", "  sumary: 38%", "[0].sumary", "did you mean 'summary'?"),
    (PATIENT, "concerns: [privacy]", "concern: [privacy]", "concern",
     "did you mean 'concerns'?"),
    (PATIENT, "    key_messages: [Free", "    key_message: [Free",
     "messaging.awareness.key_message", "did you mean 'key_messages'?"),
    (MAP, "summary: From search", "sumary: From search", "sumary", "did you mean 'summary'?"),
    (MAP, "  product: Symptom", "  produce: Symptom", "scope.produce",
     "did you mean 'product'?"),
    (MAP, "    note: New consent rules", "    notes: New consent rules", "triggers[1].notes",
     "did you mean 'note'?"),
    (MAP, "    action: Searches for a symptom", "    actions: Searches for a symptom",
     "steps[0].actions", "did you mean 'action'?"),
    (MAP, "    emotion: {score: 2, feeling: anxious,", "    emotion: {score: 2, feelin: anxious,",
     "steps[0].emotion.feelin", "did you mean 'feeling'?"),
    (MAP, "        note: 10k visits", "        notes: 10k visits", "steps[0].evidence[0].notes",
     "did you mean 'note'?"),
    (MAP, "      failure: [bounce]", "      failures: [bounce]", "steps[0].metrics.failures",
     "did you mean 'failure'?"),
    (MAP, "      cta: Check", "      call_to_action: Check", "steps[0].content.call_to_action",
     "allowed fields: channels, cta, formats, message, questions, topics"),
    (MAP, "{to: care-ops, note: Consent", "{to: care-ops, notes: Consent",
     "steps[1].handoff.notes", "did you mean 'note'?"),
    (MAP, "      - text: Long legal text", "      - txt: Long legal text",
     "steps[1].barriers[0].txt", "did you mean 'text'?"),
    (MAP, "      channel: sms", "      chanel: sms", "steps[2].touchpoint.chanel",
     "did you mean 'channel'?"),
    (MAP, "    problem: Patients", "    problm: Patients", "opportunities[0].problm",
     "did you mean 'problem'?"),
    (MAP, "outcome: {metric: consent completion,", "outcome: {metrc: consent completion,",
     "opportunities[0].outcome.metrc", "did you mean 'metric'?"),
])
def test_unknown_fields_are_errors_with_did_you_mean(minimal_dir: Path, rel, old, new, path,
                                                     hint) -> None:
    replace_once(minimal_dir / rel, old, new)
    unknown = [d for d in errors(minimal_dir) if d.message.startswith("unknown field")]
    assert len(unknown) == 1, unknown
    d = unknown[0]
    field = path.rsplit(".", 1)[-1].split("]")[-1]
    assert d.message == f"unknown field '{field}'"
    assert d.path == path
    assert hint in d.hint
    assert (d.line, d.column) == (line_of(minimal_dir, rel, new.strip()),
                                  col_of(minimal_dir, rel, new.strip(), field + ":"))


def test_unknown_field_far_from_any_name_lists_the_allowed_fields(minimal_dir: Path) -> None:
    d = fault(minimal_dir, COORD, "role: Calls new patients", "xyzzy: Calls new patients")
    assert d.hint.startswith("allowed fields: aliases, audience, concerns, decision_role")


# --- duplicate keys ---------------------------------------------------------------------------


@pytest.mark.parametrize("rel, old, new, path, first", [
    (HB, "title: Acme Health handbook\n", "title: Acme Health handbook\ntitle: Other\n",
     "title", 1),
    (MAP, "    why: Worried\n", "    why: Worried\n    why: Scared\n", "steps[0].why", 24),
    (PATIENT, "    avoid: [jargon]\n", "    avoid: [jargon]\n    avoid: [acronyms]\n",
     "messaging.awareness.avoid", 12),
    (MAP, "emotion: {score: 3}", "emotion: {score: 3, score: 4}", "steps[1].emotion.score", 49),
])
def test_duplicate_keys(minimal_dir: Path, rel, old, new, path, first) -> None:
    d = fault(minimal_dir, rel, old, new)
    key = path.rsplit(".", 1)[-1]
    assert d.message == f"duplicate key '{key}' (first given at line {first})"
    assert d.path == path
    assert d.line == (first + 1 if "\n" in new.strip() else first)
    assert "keeps only the last one" in d.hint


# --- YAML 1.1 values where something else is expected -----------------------------------------


@pytest.mark.parametrize("old, new, message", [
    ("reviewed: 2026-10-01", "reviewed: no", "expected a date as YYYY-MM-DD, found 'no'"),
    ("emotion: {score: 3}", "emotion: {score: yes}", "expected a whole number, found 'yes'"),
    ("    loop: true", "    loop: maybe", "expected true or false, found 'maybe'"),
    ("personas: [new-patient, care-coordinator]", "personas: no",
     "expected a list, found 'no'"),
])
def test_yaml_11_values_where_not_text(minimal_dir: Path, old, new, message) -> None:
    d = fault(minimal_dir, MAP, old, new)
    assert d.message == message
    assert d.line == line_of(minimal_dir, MAP, new.strip())


# --- required fields and empty lists ----------------------------------------------------------


@pytest.mark.parametrize("rel, old, new, path, line", [
    (HB, "title: Acme Health handbook\n", "", "title", 1),
    (HB, "    name: Consent\n", "", "phases[1].name", 8),
    (HB, "    name: Growth\n", "", "teams[0].name", 14),
    (TPS, "  name: Welcome call\n", "", "[2].name", 10),
    (EVID, "  title: Patient interviews\n", "", "[1].title", 7),
    (COORD, "name: Care coordinator\n", "", "name", 1),
    (MAP, "owner: growth\nstatus", "status", "owner", 1),
    (MAP, "reviewed: 2026-10-01\n", "", "reviewed", 1),
    (MAP, "personas: [new-patient, care-coordinator]\n", "", "personas", 1),
    (MAP, "    action: Calls the patient\n", "", "steps[2].action", 55),
    (MAP, "    persona: care-ops\n", "", "steps[2].persona", 55),
    (MAP, "  - id: welcome-script\n    title: Warmer welcome call\n",
     "  - id: welcome-script\n", "opportunities[1].title", 84),
    (MAP, "    owner: care-ops\n", "", "opportunities[0].owner", 73),
    (MAP, "outcome: {metric: consent completion, ", "outcome: {", "opportunities[0].outcome.metric",
     78),
])
def test_required_fields(minimal_dir: Path, rel, old, new, path, line) -> None:
    replace_once(minimal_dir / rel, old, new)
    missing = [d for d in errors(minimal_dir) if d.message.startswith("missing required")]
    assert len(missing) == 1, missing
    d = missing[0]
    assert d.message == f"missing required field '{path.rsplit('.', 1)[-1].split(']')[-1]}'"
    assert (d.path, d.line) == (path, line)


@pytest.mark.parametrize("rel, old, new, path", [
    (HB, "phases:\n", "phases: []\nold_phases:\n", None),
    (MAP, "personas: [new-patient, care-coordinator]", "personas: []", "personas"),
    (MAP, "steps: [welcome]", "steps: []", "opportunities[1].steps"),
])
def test_lists_that_need_an_item(minimal_dir: Path, rel, old, new, path) -> None:
    replace_once(minimal_dir / rel, old, new)
    short = [d for d in errors(minimal_dir) if "expected at least 1 item(s)" in d.message]
    assert len(short) == 1
    assert short[0].path == (path or "phases")
    assert short[0].line == line_of(minimal_dir, rel, new.split("\n")[0])


def test_present_but_empty_value_gets_a_hint(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "    action: Reads and accepts the consent form", "    action:")
    assert d.message == "expected text, found nothing"
    assert d.hint == "the field is present but empty; give a value or remove the line"
    d2 = fault(minimal_dir, MAP, "    action:\n", '    action: ""\n')
    assert d2.message == "expected text, found an empty string"


# --- shapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rel, content, message", [
    (HB, "- title: x\n", "expected a mapping (field: value), found a list"),
    (TPS, "name: x\n", "expected a list, found a mapping"),
    (EVID, "just text\n", "expected a list, found 'just text'"),
    (PATIENT, "[name, role]\n", "expected a mapping (field: value), found a list"),
    (MAP, "42\n", "expected a mapping (field: value), found '42'"),
])
def test_whole_file_of_the_wrong_shape(minimal_dir: Path, rel, content, message) -> None:
    write(minimal_dir, rel, content)
    found = [d for d in errors(minimal_dir) if at(d)[0] == rel]
    assert [(at(d), d.message) for d in found] == [((rel, 1, 1), message)]


# --- enums ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rel, old, new, path", [
    (TPS, "  channel: web", "  channel: website", "[0].channel"),
    (TPS, "  channel: phone\n", "  channel: phone\n  kind: analog\n", "[2].kind"),
    (TPS, "regulated: [consent, hipaa]", "regulated: [consent, gdpr]", "[1].regulated[1]"),
    (EVID, "  kind: interviews", "  kind: interview", "[1].kind"),
    (PATIENT, "audience: patient", "audience: patients", "audience"),
    (COORD, "decision_role: user", "decision_role: end-user", "decision_role"),
    (MAP, "  type: focused", "  type: narrow", "scope.type"),
    (MAP, "status: active", "status: current", "status"),
    (MAP, "  - product-change", "  - product-update", "triggers[0]"),
    (MAP, "  - type: compliance-change", "  - type: compliance", "triggers[1].type"),
    (MAP, "    confidence: hypothesized", "    confidence: guess", "steps[1].confidence"),
    (MAP, "    status: planned", "    status: someday", "opportunities[0].status"),
])
def test_enums(minimal_dir: Path, rel, old, new, path) -> None:
    d = fault(minimal_dir, rel, old, new)
    assert d.path == path
    assert d.message.startswith("expected one of '")
    wrong = new.strip().rsplit(" ", 1)[-1].strip("[]")
    assert d.message.endswith(f", found '{wrong}'")
    changed = new.strip().split("\n")[-1]
    assert (d.line, d.column) == (line_of(minimal_dir, rel, changed),
                                  col_of(minimal_dir, rel, changed, wrong))


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("score", ["1", "5", "'4'", "+3", "3.0"])
def test_emotion_score_in_range(minimal_dir: Path, score: str) -> None:
    replace_once(minimal_dir / MAP, "emotion: {score: 3}", f"emotion: {{score: {score}}}")
    assert errors(minimal_dir) == []


@pytest.mark.parametrize("score, message", [
    ("0", "expected a whole number from 1 to 5, found '0'"),
    ("6", "expected a whole number from 1 to 5, found '6'"),
    ("-1", "expected a whole number from 1 to 5, found '-1'"),
    ("3.5", "expected a whole number, found '3.5'"),
    ('"high"', "expected a whole number, found 'high'"),
    ("[3]", "expected a whole number, found a list"),
])
def test_emotion_score_out_of_range(minimal_dir: Path, score: str, message: str) -> None:
    d = fault(minimal_dir, MAP, "emotion: {score: 3}", f"emotion: {{score: {score}}}")
    assert (at(d), d.path, d.message) == ((MAP, 49, 22), "steps[1].emotion.score", message)


@pytest.mark.parametrize("field, value", [("impact", "0"), ("impact", "6"), ("effort", "0"),
                                          ("effort", "10")])
def test_impact_and_effort_range(minimal_dir: Path, field: str, value: str) -> None:
    old = {"impact": "    impact: 4\n", "effort": "    effort: 2\n    links"}[field]
    new = old.replace(old.split(": ")[1].split("\n")[0], value, 1)
    d = fault(minimal_dir, MAP, old, new)
    assert d.path == f"opportunities[0].{field}"
    assert d.message == f"expected a whole number from 1 to 5, found '{value}'"
    assert d.line == {"impact": 81, "effort": 82}[field]


@pytest.mark.parametrize("value", ["0", "-30", "soon"])
def test_review_days_must_be_positive(minimal_dir: Path, value: str) -> None:
    d = fault(minimal_dir, MAP, "review_every_days: 60", f"review_every_days: {value}")
    assert (at(d), d.path) == ((MAP, 12, 20), "review_every_days")


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2028-02-29", "'2026-10-01'", "2026-01-01"])
def test_valid_dates(minimal_dir: Path, value: str) -> None:
    replace_once(minimal_dir / EVID, "collected: 2026-09-30", f"collected: {value}")
    assert errors(minimal_dir) == []


@pytest.mark.parametrize("value, message", [
    ("2026-13-45", "'2026-13-45' is not a real calendar date"),
    ("2026-02-30", "'2026-02-30' is not a real calendar date"),
    ("2026-02-29", "'2026-02-29' is not a real calendar date"),
    ("next week", "expected a date as YYYY-MM-DD, found 'next week'"),
    ("2026-9-30", "expected a date as YYYY-MM-DD, found '2026-9-30'"),
    ("30/09/2026", "expected a date as YYYY-MM-DD, found '30/09/2026'"),
    ("2026-09-30T10:00:00", "expected a date as YYYY-MM-DD, found '2026-09-30T10:00:00'"),
    ("20260930", "expected a date as YYYY-MM-DD, found '20260930'"),
])
def test_invalid_dates(minimal_dir: Path, value: str, message: str) -> None:
    d = fault(minimal_dir, EVID, "collected: 2026-09-30", f"collected: {value}")
    assert (at(d), d.path, d.message) == ((EVID, 5, 14), "[0].collected", message)


# --- uniqueness -------------------------------------------------------------------------------


@pytest.mark.parametrize("rel, old, new, what, path, first", [
    (HB, "  - id: onboarding\n", "  - id: awareness\n", "phase", "phases[2].id", 4),
    (HB, "  - id: care-ops\n", "  - id: growth\n", "team", "teams[1].id", 14),
    (TPS, "- id: consent-form\n", "- id: landing-page\n", "touchpoint", "[1].id", 1),
    (EVID, "- id: interviews-q3\n", "- id: funnel-2026\n", "evidence", "[1].id", 1),
])
def test_duplicate_ids_in_one_file(minimal_dir: Path, rel, old, new, what, path, first) -> None:
    replace_once(minimal_dir / rel, old, new)
    dups = [d for d in errors(minimal_dir) if d.message.startswith("duplicate")]
    assert len(dups) == 1
    d = dups[0]
    value = new.strip().rsplit(" ", 1)[-1]
    assert d.message == f"duplicate {what} id '{value}' (first defined at line {first})"
    assert d.path == path
    assert d.line == {HB: 10 if what == "phase" else 17, TPS: 5, EVID: 7}[rel]


def test_duplicate_step_ids(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "  - id: recheck\n", "  - id: give-consent\n")
    assert (at(d), d.path) == ((MAP, 66, 9), "steps[3].id")
    assert d.message == "duplicate step id 'give-consent' (first defined at line 43)"


def test_duplicate_opportunity_ids_in_one_journey(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "  - id: welcome-script\n", "  - id: shorter-consent\n")
    assert (at(d), d.path) == ((MAP, 84, 9), "opportunities[1].id")
    assert d.message == ("duplicate opportunity id 'shorter-consent' "
                         "(first defined in journeys/maps/first-visit.yml:73)")


def test_duplicate_opportunity_ids_across_journeys(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/second.yml",
          "title: Second\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - {id: back, phase: onboarding, persona: new-patient, action: Returns}\n"
          "opportunities:\n  - id: welcome-script\n    title: Same id\n    steps: [back]\n"
          "    owner: growth\n")
    d = one_error(minimal_dir)
    # journeys are resolved in id order: first-visit defines it first
    assert (at(d), d.path) == (("maps/second.yml", 8, 9), "opportunities[0].id")
    assert "first defined in journeys/maps/first-visit.yml:84" in d.message
    assert "unique across the whole handbook" in d.hint


def test_step_ids_may_repeat_across_journeys(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/second.yml",
          "title: Second\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - {id: search, phase: awareness, persona: new-patient, action: Searches}\n")
    assert errors(minimal_dir) == []


def test_persona_and_team_with_one_id(minimal_dir: Path) -> None:
    write(minimal_dir, "personas/growth.yml", "name: Growth marketer\n")
    d = one_error(minimal_dir)
    assert at(d) == ("personas/growth.yml", 1, 1)
    assert d.message == "'growth' names both a persona and a team"


# --- references -------------------------------------------------------------------------------


@pytest.mark.parametrize("rel, old, new, path, message, hint", [
    (MAP, "    phase: consent\n", "    phase: consnet\n", "steps[1].phase",
     "unknown phase 'consnet'", "did you mean 'consent'?"),
    (MAP, "    phase: onboarding\n", "    phase: activation\n", "steps[2].phase",
     "unknown phase 'activation'", "known ids: awareness, consent, onboarding"),
    (MAP, "personas: [new-patient, care-coordinator]", "personas: [new-patient, coordinator]",
     "personas[1]", "unknown persona 'coordinator'", "did you mean 'care-coordinator'?"),
    (MAP, "    persona: care-ops\n", "    persona: care-op\n", "steps[2].persona",
     "unknown persona or team 'care-op'", "did you mean 'care-ops'?"),
    (MAP, "owner: growth\nstatus", "owner: grwth\nstatus", "owner", "unknown team 'grwth'",
     "did you mean 'growth'?"),
    (MAP, "    owner: care-ops\n", "    owner: care-opps\n", "opportunities[0].owner",
     "unknown team 'care-opps'", "did you mean 'care-ops'?"),
    (TPS, "  owner: growth\n", "  owner: growth-team\n", "[0].owner",
     "unknown team 'growth-team'", "did you mean 'growth'?"),
    (MAP, "    touchpoint: landing-page\n", "    touchpoint: landing-pages\n",
     "steps[0].touchpoint", "unknown touchpoint 'landing-pages'",
     "did you mean 'landing-page'?"),
    (MAP, "        touchpoint: welcome-call\n", "        touchpoint: welcome-cal\n",
     "steps[1].barriers[1].touchpoint", "unknown touchpoint 'welcome-cal'",
     "did you mean 'welcome-call'?"),
    (MAP, "      - source: funnel-2026\n", "      - source: funnel-2025\n",
     "steps[0].evidence[0].source", "unknown evidence 'funnel-2025'",
     "did you mean 'funnel-2026'?"),
    (MAP, "evidence: [funnel-2026]", "evidence: [funnel]", "opportunities[0].evidence[0]",
     "unknown evidence 'funnel'", "did you mean 'funnel-2026'?"),
    (MAP, "{to: care-ops, note:", "{to: careops, note:", "steps[1].handoff.to",
     "unknown persona or team 'careops'", "did you mean 'care-ops'?"),
    (MAP, "steps: [welcome]", "steps: [welcom]", "opportunities[1].steps[0]",
     "unknown step 'welcom' in journey 'first-visit'", "did you mean 'welcome'?"),
    (MAP, "first-visit/search]", "first-vist/search]", "opportunities[0].steps[1]",
     "unknown journey 'first-vist' in step reference 'first-vist/search'",
     "did you mean 'first-visit'?"),
    (MAP, "first-visit/search]", "first-visit/searches]", "opportunities[0].steps[1]",
     "unknown step 'searches' in journey 'first-visit'", "did you mean 'search'?"),
    (PATIENT, "  consent:\n", "  consents:\n", "messaging.consents",
     "messaging for unknown phase 'consents'", "did you mean 'consent'?"),
])
def test_references_resolve(minimal_dir: Path, rel, old, new, path, message, hint) -> None:
    d = fault(minimal_dir, rel, old, new)
    assert (d.path, d.message) == (path, message)
    assert d.hint.startswith(hint) or hint in d.hint
    wrong = message.split("'")[1]
    changed = new.split("\n")[0].strip()
    assert (at(d)[0], d.line) == (rel, line_of(minimal_dir, rel, changed))
    if "step reference" not in message and "in journey" not in message:
        assert d.column == col_of(minimal_dir, rel, changed, wrong)


def test_reference_hint_when_nothing_is_defined(minimal_dir: Path) -> None:
    (minimal_dir / TPS).unlink()
    replace_once(minimal_dir / MAP, "    touchpoint: landing-page\n", "")
    replace_once(minimal_dir / MAP, "    touchpoint: consent-form\n", "")
    # an inline touchpoint with an id joins the inventory (spec: "Clarification: inline
    # touchpoints"), so it goes too
    replace_once(minimal_dir / MAP, "    touchpoint:\n      id: onboarding-sms\n"
                 "      name: Onboarding text message\n      channel: sms\n", "")
    d = fault(minimal_dir, MAP, "        touchpoint: welcome-call\n", "        touchpoint: call\n")
    assert d.message == "unknown touchpoint 'call'"
    assert d.hint == "no ids are defined yet"


def test_a_step_may_name_a_team_as_actor_and_hand_off_to_a_persona(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "    persona: new-patient\n    action: Searches again",
                 "    persona: growth\n    handoff: {to: new-patient}\n    action: Searches again")
    assert errors(minimal_dir) == []


def test_step_refs_through_aliases(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "title: First visit\n",
                 "title: First visit\naliases: [old-visit]\n")
    replace_once(minimal_dir / MAP, "steps: [welcome]", "steps: [old-visit/search-again, recheck]")
    result = load_handbook(minimal_dir)
    assert result.ok, result.diagnostics.sorted()
    steps = result.handbook.opportunities["welcome-script"].steps
    assert [s.id for s in steps] == ["recheck", "recheck"]


def test_step_ref_must_be_a_ref(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "steps: [welcome]", "steps: [a/b/c]")
    assert d.message == ("expected a step reference ('step-id' or 'journey-id/step-id'), "
                         "found 'a/b/c'")
    assert d.path == "opportunities[1].steps[0]"


# --- phase order ------------------------------------------------------------------------------


def test_phase_going_backwards_is_an_error(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "    loop: true\n", "")
    assert (at(d), d.path) == ((MAP, 67, 12), "steps[3].phase")
    assert d.message == ("phase 'awareness' comes before 'onboarding' of the previous step: "
                         "steps must follow the phase order")
    assert "loop: true" in d.hint


def test_phase_going_backwards_with_loop_is_allowed(minimal_dir: Path) -> None:
    assert errors(minimal_dir) == []  # the minimal map's last step loops back to awareness


def test_loop_false_is_the_default(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "    loop: true\n", "    loop: false\n")
    assert d.path == "steps[3].phase"


def test_phases_may_repeat_and_skip_forward(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "    phase: consent\n", "    phase: awareness\n")
    assert errors(minimal_dir) == []


def test_after_a_loop_the_order_starts_again(minimal_dir: Path) -> None:
    text = (minimal_dir / MAP).read_text().replace(
        "opportunities:\n",
        "  - id: back-to-consent\n    phase: consent\n    persona: new-patient\n"
        "    action: Consents again\n"
        "  - id: and-back-again\n    phase: awareness\n    persona: new-patient\n"
        "    action: Searches once more\n"
        "opportunities:\n", 1)
    (minimal_dir / MAP).write_text(text)
    d = one_error(minimal_dir)
    assert d.path == "steps[5].phase"
    assert d.message.startswith("phase 'awareness' comes before 'consent'")


# --- confidence -------------------------------------------------------------------------------


def test_known_without_evidence_is_an_error(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "    confidence: hypothesized\n", "    confidence: known\n")
    assert (at(d), d.path) == ((MAP, 54, 17), "steps[1].confidence")
    assert d.message == "a step marked 'known' must cite evidence"


def test_known_with_evidence_and_hypothesized_with_evidence_are_fine(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "    confidence: hypothesized\n",
                 "    confidence: hypothesized\n    evidence: [{source: interviews-q3}]\n")
    assert errors(minimal_dir) == []


# --- aliases ----------------------------------------------------------------------------------


def test_journey_alias_may_not_be_a_live_journey_id(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/second.yml",
          "title: Second\naliases: [first-visit]\nowner: growth\nreviewed: 2026-10-02\n"
          "personas: [new-patient]\n"
          "steps:\n  - {id: back, phase: onboarding, persona: new-patient, action: Returns}\n")
    d = one_error(minimal_dir)
    assert (at(d), d.path) == (("maps/second.yml", 2, 11), "aliases[0]")
    assert d.message == "alias 'first-visit' is the id of a live journey"


def test_journey_alias_used_twice(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "title: First visit\n", "title: First visit\naliases: [old]\n")
    write(minimal_dir, "maps/second.yml",
          "title: Second\naliases: [old]\nowner: growth\nreviewed: 2026-10-02\n"
          "personas: [new-patient]\n"
          "steps:\n  - {id: back, phase: onboarding, persona: new-patient, action: Returns}\n")
    d = one_error(minimal_dir)
    assert (at(d), d.path) == (("maps/second.yml", 2, 11), "aliases[0]")
    assert d.message == "alias 'old' is already an alias of 'first-visit'"


def test_step_alias_claimed_twice(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "aliases: [search-again]",
                 "aliases: [search-again, search-again]")
    d = one_error(minimal_dir)
    assert (at(d), d.path) == ((MAP, 71, 29), "steps[3].aliases[1]")
    assert d.message == "step alias 'search-again' is already a step id or alias in this journey"


def test_opportunity_alias_claimed_by_two_opportunities(minimal_dir: Path) -> None:
    for after in ("    status: planned\n", "    steps: [welcome]\n"):
        replace_once(minimal_dir / MAP, after, after + "    aliases: [old]\n")
    d = one_error(minimal_dir)
    assert (at(d), d.path) == ((MAP, line_of(minimal_dir, MAP, "steps: [welcome]") + 1, 15),
                               "opportunities[1].aliases[0]")
    assert d.message == ("opportunity alias 'old' collides with a live opportunity id or "
                         "another alias")


METRIC = "  name: A rate\n  phase: consent\n  direction: up\n  unit: percent\n"


def test_metric_alias_claimed_twice(minimal_dir: Path) -> None:
    write(minimal_dir, "metrics.yml", f"- id: first-rate\n{METRIC}  aliases: [old-rate]\n"
                                      f"- id: second-rate\n{METRIC}  aliases: [old-rate]\n")
    d = one_error(minimal_dir)
    assert (at(d), d.path) == (("metrics.yml", 12, 13), "[1].aliases[0]")
    assert d.message == "alias 'old-rate' is already an alias of 'first-rate'"


def test_alias_of_a_metric_that_did_not_resolve_is_not_taken(minimal_dir: Path) -> None:
    """The metric with an unknown phase is reported; its old id stays free for another."""
    write(minimal_dir, "metrics.yml",
          f"- id: lost-rate\n{METRIC.replace('consent', 'consnet')}  aliases: [old-rate]\n"
          f"- id: kept-rate\n{METRIC}  aliases: [old-rate]\n")
    d = one_error(minimal_dir)
    assert (at(d), d.path) == (("metrics.yml", 3, 10), "[0].phase")
    assert load_handbook(minimal_dir).handbook.metric_aliases == {"old-rate": "kept-rate"}


def test_persona_alias_may_not_be_a_live_persona_id(minimal_dir: Path) -> None:
    d = fault(minimal_dir, COORD, "decision_role: user\n",
              "decision_role: user\naliases: [new-patient]\n")
    assert (at(d), d.path) == ((COORD, 5, 11), "aliases[0]")


def test_step_alias_may_not_be_a_step_id(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "aliases: [search-again]", "aliases: [welcome]")
    assert (at(d), d.path) == ((MAP, 71, 15), "steps[3].aliases[0]")


def test_opportunity_alias_may_not_be_a_live_opportunity_id(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "    effort: 2\n    links:",
              "    effort: 2\n    aliases: [welcome-script]\n    links:")
    assert (at(d), d.path) == ((MAP, 83, 15), "opportunities[0].aliases[0]")


def test_old_ids_are_fine_as_aliases(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "    effort: 2\n    links:",
                 "    effort: 2\n    aliases: [short-consent]\n    links:")
    replace_once(minimal_dir / COORD, "decision_role: user\n",
                 "decision_role: user\naliases: [coordinator]\n")
    assert errors(minimal_dir) == []


# --- inline touchpoints -----------------------------------------------------------------------


def test_inline_touchpoint_with_a_catalog_id(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "      id: onboarding-sms\n", "      id: landing-page\n")
    assert (at(d), d.path) == ((MAP, 60, 7), "steps[2].touchpoint")
    assert d.message == "inline touchpoint 'landing-page' has the id of a catalog touchpoint"
    assert "touchpoint: landing-page" in d.hint


def test_inline_touchpoint_reused_identically_is_fine(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/second.yml",
          "title: Second\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - id: back\n    phase: onboarding\n    persona: new-patient\n"
          "    action: Returns\n    touchpoint: {id: onboarding-sms, name: Onboarding text message,"
          " channel: sms}\n")
    result = load_handbook(minimal_dir)
    assert result.ok
    assert len(result.handbook.touchpoints["onboarding-sms"].uses) == 2


def test_inline_touchpoint_defined_differently(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/second.yml",
          "title: Second\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - id: back\n    phase: onboarding\n    persona: new-patient\n"
          "    action: Returns\n    touchpoint: {id: onboarding-sms, name: SMS, channel: sms}\n")
    d = one_error(minimal_dir)
    assert (at(d), d.path) == (("maps/second.yml", 10, 17), "steps[0].touchpoint")
    assert d.message == ("inline touchpoint 'onboarding-sms' is defined differently in "
                         "journeys/maps/first-visit.yml")


def test_inline_touchpoint_owner_must_be_a_team(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "      channel: sms\n", "      channel: sms\n      owner: ops\n")
    assert (d.path, d.message) == ("steps[2].touchpoint.owner", "unknown team 'ops'")


# --- a broken file does not cascade into errors elsewhere -------------------------------------


@pytest.mark.parametrize("rel", [PATIENT, COORD, MAP, TPS, EVID, HB])
def test_an_unparsable_file_reports_only_itself(minimal_dir: Path, rel: str) -> None:
    (minimal_dir / rel).write_text("key: [unclosed\n")
    found = errors(minimal_dir)
    assert {d.file for d in found} == {f"journeys/{rel}"}, [d.text() for d in found]


def test_an_invalid_step_is_not_an_unknown_step(minimal_dir: Path) -> None:
    d = fault(minimal_dir, MAP, "    emotion: {score: 2,", "    emotion: {score: 9,")
    assert d.path == "steps[0].emotion.score"  # and no 'unknown step search' for the refs


def test_an_invalid_catalog_entry_is_not_an_unknown_touchpoint(minimal_dir: Path) -> None:
    d = fault(minimal_dir, TPS, "  channel: app\n", "  channel: mobile\n")
    assert (at(d)[0], d.path) == (TPS, "[1].channel")


def test_an_invalid_phase_is_not_an_unknown_phase(minimal_dir: Path) -> None:
    d = fault(minimal_dir, HB, "    name: Consent\n", "    name: Consent\n    extra: x\n")
    assert (at(d)[0], d.path) == (HB, "phases[1].extra")


def test_an_invalid_journey_is_not_an_unknown_journey(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/second.yml",
          "title: Second\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - {id: back, phase: onboarding, persona: new-patient, action: Returns}\n"
          "opportunities:\n  - id: other\n    title: Other\n    owner: growth\n"
          "    steps: [first-visit/search, first-visit/nowhere]\n")
    replace_once(minimal_dir / MAP, "reviewed: 2026-10-01", "reviewed: [someday")
    found = errors(minimal_dir)
    # first-visit cannot be read, but exists: refs into it are not reported as unknown
    assert [(at(d)[0], d.line) for d in found] == [(MAP, 12)]
    assert found[0].message.startswith("invalid YAML")


def test_refs_into_a_journey_with_errors_are_still_checked(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/second.yml",
          "title: Second\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - {id: back, phase: onboarding, persona: new-patient, action: Returns}\n"
          "opportunities:\n  - id: other\n    title: Other\n    owner: growth\n"
          "    steps: [first-visit/search, first-visit/nowhere]\n")
    replace_once(minimal_dir / MAP, "reviewed: 2026-10-01", "reviewed: someday")
    found = errors(minimal_dir)
    assert [(at(d), d.path) for d in found] == [
        ((MAP, 11, 11), "reviewed"),
        (("maps/second.yml", 11, 33), "opportunities[0].steps[1]")]
    assert found[1].message == "unknown step 'nowhere' in journey 'first-visit'"


# --- all errors together, sorted --------------------------------------------------------------


def test_all_errors_are_reported_together_sorted(minimal_dir: Path) -> None:
    replace_once(minimal_dir / MAP, "emotion: {score: 3}", "emotion: {score: 8}")
    replace_once(minimal_dir / MAP, "    phase: onboarding\n", "    phase: activation\n")
    replace_once(minimal_dir / HB, "  every_days: 90", "  every_days: often")
    replace_once(minimal_dir / PATIENT, "audience: patient", "audience: people")
    replace_once(minimal_dir / TPS, "  channel: phone", "  channel: fax")
    write(minimal_dir, "personas/Broken.yml", "name: [\n")
    found = errors(minimal_dir)
    assert [(at(d)[0], d.line) for d in found] == [
        (HB, 20),
        (MAP, 49),
        (MAP, 56),
        ("personas/Broken.yml", 1),  # the file name
        ("personas/Broken.yml", 1),  # the '[' never closed (not the line after the last one)
        (PATIENT, 2),
        (TPS, 12),
    ]
    assert found == sorted(found)

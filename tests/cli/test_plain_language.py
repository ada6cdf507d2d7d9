"""Plain language as writers meet it in `journeys check`: reading grades per persona and phase,
listed terms at the exact place of the word in every scalar style, `# plain-language: ok`
exceptions, the three modes, and `plain_language` in handbook.yml (house terms, builtin)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import diagnostics, replace_once, write
from journey_handbook.data.loader import load_handbook
from journey_handbook.data.plain.terms import BUILTIN_SOURCES, builtin_terms

PERSONA = "journeys/personas/new-patient.yml"
JOURNEY = "journeys/maps/first-visit.yml"
TARGETS = "plain_language:\n  grade: {patient: 8}\n"

# A persona whose awareness key messages use every scalar style; each term's line and column
# is found below by searching the file text, independently of the scanner.
STYLES_PERSONA = """\
name: New patient
audience: patient
messaging:
  awareness:
    key_messages:
      - Our physicians help you
      - 'It''s about your deductible'
      - "Tab\\there: \\"utilize\\" the app"
      - |
        First line stays.
          Then your copayment here.
      - >-
        Folded text about
        prior authorization today.
      - Plain text that
        continues to the formulary
  consent:
    key_messages: [Ask your PCP first, 'then call us']
"""


def with_targets(data: Path, extra: str = "") -> None:
    handbook = data / "handbook.yml"
    handbook.write_text(handbook.read_text(encoding="utf-8") + TARGETS + extra,
                        encoding="utf-8")


def check(run_check, *args: str) -> tuple[int, list[dict[str, str]], str]:
    """Exit code, the plain-language diagnostics (message without its [field path]), output."""
    code, out, err = run_check("journeys", *args)
    found = [d | {"message": d["message"].split(" [")[0]} for d in diagnostics(out)
             if "plain" in d["message"]]
    return code, found, out + err


def position_of(file: Path, word: str, occurrence: int = 1) -> tuple[int, int]:
    """(line, column) of the n-th place `word` is written in the file."""
    at = -1
    text = file.read_text(encoding="utf-8")
    for _ in range(occurrence):
        at = text.index(word, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# --- terms: exact positions ------------------------------------------------------------------

def test_every_term_is_reported_at_the_word_in_every_scalar_style(minimal_dir, run_check):
    with_targets(minimal_dir)
    persona = write(minimal_dir, "personas/new-patient.yml", STYLES_PERSONA)
    code, found, out = check(run_check)
    assert code == 0, out
    terms = {(int(d["line"]), int(d["column"])): d["message"] for d in found
             if d["file"] == PERSONA and "say" in d["message"]}
    for word in ("physicians", "deductible", "utilize", "copayment",
                 "prior authorization", "formulary", "PCP"):
        where = position_of(persona, word)
        assert where in terms, (word, where, terms)
        assert f"'{word}'" in terms[where]
    assert len(terms) == 7, terms


def test_term_message_names_the_plainer_wording_and_its_source(minimal_dir, run_check):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "maps/first-visit.yml",
                 "      cta: Check your symptoms\n",
                 "      cta: Utilize the symptom checker\n")
    code, out, _ = run_check("journeys")
    assert code == 0
    line, column = position_of(minimal_dir / "maps/first-visit.yml", "Utilize")
    assert (f"{JOURNEY}:{line}:{column}: warning: plain language: 'Utilize': say 'use' "
            "[steps[0].content.cta]") in out
    assert "hint: from Federal Plain Language Guidelines" in out


def test_step_message_terms_and_plural_and_case(minimal_dir, run_check):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "maps/first-visit.yml",
                 "      message: We can help you decide what to do next\n",
                 "      message: \"Our PROVIDERS explain\\nPrior Authorizations and EOBs\"\n")
    _, found, out = check(run_check)
    got = [(d["line"], d["column"], d["message"].split("'")[1]) for d in found]
    file = minimal_dir / "maps/first-visit.yml"
    expected = [(str(line), str(col), word) for word in ("PROVIDERS", "Prior Authorizations",
                                                         "EOBs")
                for line, col in [position_of(file, word)]]
    assert got == expected, out


@pytest.mark.parametrize("text", [
    "Your claim was adjudicated",          # a near miss of 'adjudication'
    "Non-formulary medicines cost more",   # the term inside a hyphenated word
    "We reprovide the card",               # inside another word
    "Copayments-free visits",              # plural inside a compound
    "The renaissance of care",             # 'renal' is no prefix match
])
def test_near_misses_are_not_flagged(minimal_dir, run_check, text):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "maps/first-visit.yml",
                 "      message: We can help you decide what to do next\n",
                 f"      message: {text}\n")
    _, found, out = check(run_check)
    assert [d for d in found if "say" in d["message"]] == [], out


def test_only_graded_audiences_are_checked(minimal_dir, run_check):
    """The care coordinator (audience internal) may write 'utilize': nobody grades it."""
    with_targets(minimal_dir)
    replace_once(minimal_dir / "personas/care-coordinator.yml", "name: Care coordinator\n",
                 "name: Care coordinator\nmessaging:\n  onboarding:\n"
                 "    key_messages: [Utilize the adjudication queue]\n")
    _, found, _ = check(run_check)
    assert found == []


def test_without_plain_language_nothing_is_checked(minimal_dir, run_check):
    write(minimal_dir, "personas/new-patient.yml", STYLES_PERSONA)
    code, found, out = check(run_check)
    assert (code, found) == (0, []), out


# --- house terms and the built-in list -------------------------------------------------------

def test_house_terms_are_added_and_builtin_can_be_turned_off(minimal_dir, run_check):
    with_targets(minimal_dir, "  terms:\n    care pathway: your care plan\n"
                              "    synergy: null\n  builtin: false\n")
    replace_once(minimal_dir / "maps/first-visit.yml",
                 "      message: We can help you decide what to do next\n",
                 "      message: Your care pathways use synergy, not prior authorization\n")
    _, found, out = check(run_check)
    messages = [d["message"] for d in found]
    assert messages == ["plain language: 'care pathways': say 'your care plan'",
                        "plain language: 'synergy' is on this handbook's list of terms to "
                        "avoid"], out


def test_terms_without_any_grade_target_warn_that_they_do_nothing(minimal_dir, run_check):
    handbook = minimal_dir / "handbook.yml"
    handbook.write_text(handbook.read_text(encoding="utf-8")
                        + "plain_language:\n  terms:\n    care pathway: care plan\n",
                        encoding="utf-8")
    _, out, _ = run_check("journeys")
    line, column = position_of(handbook, "care pathway")
    assert f"journeys/handbook.yml:{line}:{column}: warning: plain_language.terms has no " \
           "effect" in out


def test_builtin_list_is_large_sourced_and_plainer():
    terms = builtin_terms()
    assert len(terms) >= 150
    assert all(t.plainer and t.source in BUILTIN_SOURCES for t in terms)
    names = {f for t in terms for f in t.forms}
    assert {"utilize", "adjudication", "prior authorization"} <= names


def test_plain_language_fields_are_validated(minimal_dir, run_check):
    with_targets(minimal_dir, "  tone: friendly\n")
    handbook = minimal_dir / "handbook.yml"
    replace_once(handbook, "grade: {patient: 8}", "grade: {patient: 80, robots: 3}")
    code, out, _ = run_check("journeys")
    assert code == 1
    assert "plain_language.grade.patient" in out and "plain_language.tone" in out
    assert "plain_language.grade.robots" in out


# --- grades --------------------------------------------------------------------------------

HARD = ("Comprehensive multidisciplinary evaluation necessitates documentation of "
        "longitudinal symptomatology")


def test_grade_over_target_is_reported_at_the_first_line_with_the_hardest_sentence(
        minimal_dir, run_check):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "maps/first-visit.yml",
                 "      message: We can help you decide what to do next\n",
                 f"      message: We help. {HARD}.\n")
    code, out, _ = run_check("journeys")
    assert code == 0
    [grade] = [d for d in diagnostics(out) if "reading grade" in d["message"]]
    line, column = position_of(minimal_dir / "personas/new-patient.yml", "Free and private")
    assert (grade["file"], grade["line"], grade["column"]) == (PERSONA, str(line), str(column))
    assert "over target 8 for patient text of New patient in Awareness" in grade["message"]
    assert f'hardest sentence: "{HARD}."' in grade["message"]
    hint_line = out.splitlines()[out.splitlines().index(
        next(x for x in out.splitlines() if "reading grade" in x)) + 1]
    step_line, _ = position_of(minimal_dir / "maps/first-visit.yml", "We help.")
    assert f"the hardest sentence is at {JOURNEY}:{step_line}" in hint_line


def test_one_grade_per_persona_and_phase_over_all_its_text(minimal_dir):
    with_targets(minimal_dir)
    result = load_handbook(minimal_dir)
    grades = {c.key: c for c in result.plain.cells}
    assert set(grades) == {("new-patient", "awareness"), ("new-patient", "consent")}
    awareness = grades["new-patient", "awareness"]
    assert awareness.texts == [
        "Free and private", "We can help you decide what to do next", "Check your symptoms"]
    assert awareness.grade is not None and awareness.grade < 8
    assert result.diagnostics.warnings == []


# --- accepting a line ------------------------------------------------------------------------

def test_marker_with_a_reason_accepts_the_terms_and_grade_of_its_line(minimal_dir, run_check):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "personas/new-patient.yml", "key_messages: [Free and private]",
                 f"key_messages: [{HARD}]  # plain-language: ok - the study's own title")
    code, found, out = check(run_check)
    assert (code, found) == (0, []), out
    assert "2 accepted plain-language findings" in out
    result = load_handbook(minimal_dir)
    grade, term = sorted(result.plain_accepted, key=lambda a: a.what)
    assert grade.what.startswith("reading grade ") and " over target 8 (New patient, " \
        "Awareness)" in grade.what
    assert term.what == "term 'necessitates'"
    assert grade.reason == term.reason == "the study's own title"


def test_marker_after_a_block_indicator_accepts_its_terms(minimal_dir, run_check):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "personas/new-patient.yml", "key_messages: [Free and private]",
                 "key_messages:\n      - |  # plain-language: ok - quoted from the form\n"
                 "        Your deductible applies")
    code, found, out = check(run_check)
    assert (code, found) == (0, []), out
    assert [a.what for a in load_handbook(minimal_dir).plain_accepted] == \
        ["term 'deductible'"]


def test_marker_without_a_reason_accepts_nothing(minimal_dir, run_check):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "personas/new-patient.yml", "key_messages: [Free and private]",
                 "key_messages: [Pay your deductible]  # plain-language: ok")
    _, found, out = check(run_check)
    persona = minimal_dir / "personas/new-patient.yml"
    assert [(d["line"], d["column"], d["message"]) for d in found] == [
        (str(position_of(persona, "deductible")[0]), str(position_of(persona, "deductible")[1]),
         "plain language: 'deductible': say 'what you pay before your plan starts to pay'"),
        (str(position_of(persona, "# plain")[0]), str(position_of(persona, "# plain")[1]),
         "a plain-language exception needs a reason after 'ok -'"),
    ], out


def test_marker_that_accepts_nothing_is_a_warning(minimal_dir, run_check):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "personas/new-patient.yml", "key_messages: [Free and private]",
                 "key_messages: [Free and private]  # plain-language: ok - just in case")
    _, found, _ = check(run_check)
    line, column = position_of(minimal_dir / "personas/new-patient.yml", "# plain")
    assert [(d["line"], d["column"], d["message"]) for d in found] == [
        (str(line), str(column), "this plain-language exception accepts nothing")]


# --- modes ---------------------------------------------------------------------------------

@pytest.fixture
def flagged(minimal_dir):
    with_targets(minimal_dir)
    replace_once(minimal_dir / "maps/first-visit.yml", "      cta: Check your symptoms\n",
                 "      cta: Utilize the symptom checker\n")
    return minimal_dir


def test_mode_warn_is_the_default_and_passes(flagged, run_check):
    code, found, out = check(run_check)
    assert code == 0 and [d["severity"] for d in found] == ["warning"], out
    assert "1 warning" in out


def test_mode_error_fails(flagged, run_check):
    code, found, out = check(run_check, "--plain-language", "error")
    assert code == 1 and [d["severity"] for d in found] == ["error"], out


def test_mode_off_checks_nothing(flagged, run_check):
    code, found, out = check(run_check, "--plain-language", "off")
    assert (code, found) == (0, []), out
    assert load_handbook(flagged, plain_language="off").plain is None


def test_unknown_mode_is_a_usage_error(flagged, run_check):
    code, _, _ = check(run_check, "--plain-language", "loud")
    assert code == 2


def test_json_and_github_formats_carry_the_position(flagged, run_check):
    line, column = position_of(flagged / "maps/first-visit.yml", "Utilize")
    code, out, _ = run_check("journeys", "--format", "json")
    [d] = [d for d in json.loads(out) if "plain" in d["message"]]
    assert (d["line"], d["column"], d["severity"]) == (line, column, "warning")
    _, out, _ = run_check("journeys", "--format", "github")
    assert f"::warning file={JOURNEY},line={line},col={column}::plain language" in out


def test_broken_data_is_not_graded(flagged, run_check):
    replace_once(flagged / "maps/first-visit.yml", "    persona: new-patient\n    action: "
                 "Searches for a symptom", "    persona: nobody\n    action: Searches for a "
                 "symptom")
    code, found, _ = check(run_check)
    assert code == 1 and found == []

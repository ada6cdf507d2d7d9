"""The loader: reading YAML without losing what the author wrote, finding the files, and the
resolved model that pages and commands consume."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from helpers import MINIMAL, benchmark, replace_once, write
from journey_handbook.data import loader, yamlsource
from journey_handbook.data import model as m
from journey_handbook.data.diagnostics import Diagnostics
from journey_handbook.data.loader import (
    DataDirError,
    ParseCache,
    discover,
    load_handbook,
    shown_path,
)
from journey_handbook.data.privacy_scan import PrivacyScan
from journey_handbook.data.yamlsource import format_path, read_yaml
from journey_handbook.site import urls
from journey_handbook.site.context import PageContext
from journey_handbook.site.pages import render_site


def read(tmp_path: Path, text: str | bytes, name: str = "f.yml"):
    """(SourceFile or None, diagnostics) for one file's text."""
    file = tmp_path / name
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    diags = Diagnostics()
    return read_yaml(file, name, diags), diags.sorted()


# --- yamlsource: the exact text, with positions -----------------------------------------------


@pytest.mark.parametrize("text", ["no", "No", "off", "on", "yes", "y", "true", "2024-01-01",
                                  "2024-01-01 10:00:00", "0x10", "0o17", "017", "1_000", "1e3",
                                  ".inf", ".nan", "3.10", "12:30", "+1", "=", "<<x"])
def test_scalars_stay_the_text_the_author_wrote(tmp_path: Path, text: str) -> None:
    source, errors = read(tmp_path, f"title: {text}\nlist: [{text}]\n")
    assert errors == []
    assert source.data == {"title": text, "list": [text]}


@pytest.mark.parametrize("text, value", [("~", None), ("null", None), ("Null", None), ("", None),
                                         ("'~'", "~"), ('"null"', "null"), ("''", "")])
def test_nulls_are_none_only_when_plain(tmp_path: Path, text: str, value) -> None:
    source, errors = read(tmp_path, f"x: {text}\n")
    assert errors == []
    assert source.data == {"x": value}


def test_block_scalars_and_explicit_str_tag(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n"
                                    "c: !!str 2024-01-01\n")
    assert errors == []
    assert source.data == {"a": "line one\nline two\n", "b": "folded text\n", "c": "2024-01-01"}


def test_keys_are_text(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "1: one\nno: two\n2024-01-01: three\n")
    assert errors == []
    assert source.data == {"1": "one", "no": "two", "2024-01-01": "three"}


def test_marks_for_values_and_keys(tmp_path: Path) -> None:
    source, _ = read(tmp_path, "title: T\nsteps:\n  - id: a\n    emotion: {score: 3}\n")
    assert source.mark(()) == (1, 1)
    assert source.mark(("title",)) == (1, 8)
    assert source.mark(("steps",)) == (3, 3)
    assert source.mark(("steps", 0)) == (3, 5)
    assert source.mark(("steps", 0, "id")) == (3, 9)
    assert source.mark(("steps", 0, "emotion", "score")) == (4, 22)
    assert source.key_mark(("steps", 0, "emotion")) == (4, 5)
    # a path that does not exist falls back to its closest parent
    assert source.mark(("steps", 0, "emotion", "feeling")) == (4, 14)
    assert source.mark(("nowhere", 3)) == (1, 1)


def test_crlf_and_bom_do_not_shift_positions(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "\ufeffa: 1\r\nb: 2\r\n".encode())
    assert errors == []
    assert source.data == {"a": "1", "b": "2"}
    assert source.mark(("b",)) == (2, 4)


def test_duplicate_key_keeps_the_first_and_reports_the_second(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "a:\n  x: 1\n  y: 2\n  x: 3\n")
    assert source.data == {"a": {"x": "1", "y": "2"}}
    assert [(e.line, e.column, e.path) for e in errors] == [(4, 3, "a.x")]
    assert errors[0].message == "duplicate key 'x' (first given at line 2)"


def test_anchors_aliases_and_merge_keys(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "base: &b {name: N, role: R}\n"
                                    "copy: *b\n"
                                    "merged:\n  <<: *b\n  role: own\n")
    assert errors == []
    assert source.data["copy"] == {"name": "N", "role": "R"}
    assert source.data["merged"] == {"name": "N", "role": "own"}  # explicit keys win


def test_merge_keeps_the_positions_of_explicit_keys(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n")
    assert errors == []
    assert source.data["b"] == {"x": "1", "y": "3"}
    assert source.mark(("b", "y")) == (4, 6)  # where the explicit value is written
    assert source.mark(("b", "x")) == (1, 11)  # where the merged value is written


def test_merge_of_a_mapping_into_itself(tmp_path: Path) -> None:
    for text in ("a: &a\n  x: 1\n  <<: *a\n", "a: &a\n  b:\n    <<: *a\n"):
        source, errors = read(tmp_path, text)
        assert source is None
        assert [(e.line, e.message) for e in errors] == [
            (1, "a YAML alias refers to the mapping or list that contains it")]


def test_merge_of_something_else_is_reported(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "a:\n  <<: text\n  x: 1\n")
    assert source.data == {"a": {"x": "1"}}
    assert [(e.line, e.column, e.path) for e in errors] == [(2, 7, "a")]
    assert "'<<' merges mappings" in errors[0].message


def test_merge_of_a_list_of_mappings(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n")
    assert errors == []
    assert source.data["c"] == {"x": "1", "y": "2"}


def test_node_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "MAX_NODES", 10)
    source, errors = read(tmp_path, "a: &a [1, 2, 3, 4]\nb: [*a, *a]\n")
    assert source is None
    assert errors[0].message == "file expands to more than 10 values"


def test_depth_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "MAX_DEPTH", 3)  # a path of at most 3 keys or indexes
    assert read(tmp_path, "a: [[x]]\n")[0] is not None
    source, errors = read(tmp_path, "a: [[[x]]]\n")
    assert source is None
    assert (errors[0].line, errors[0].column) == (1, 7)
    assert errors[0].message == "data is nested more than 3 levels deep"


def test_tags_are_reported_once_and_the_value_dropped(tmp_path: Path) -> None:
    source, errors = read(tmp_path, "a: !!python/name:os.system\nb: !!set {x}\nc: !!binary aGk=\n"
                                    "d: ok\n")
    assert source.data == {"a": None, "b": None, "c": None, "d": "ok"}
    assert [(e.line, e.path) for e in errors] == [(1, "a"), (2, "b"), (3, "c")]
    assert source.rejected == {("a",), ("b",), ("c",)}


def test_unreadable_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_yaml(tmp_path / "missing.yml", "missing.yml", Diagnostics())


def test_format_path() -> None:
    assert format_path(()) == ""
    assert format_path(("steps", 2, "emotion", "score")) == "steps[2].emotion.score"
    assert format_path((0, "channel")) == "[0].channel"


def test_pure_python_and_c_composers_agree_on_marks(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = (MINIMAL / "handbook.yml").read_text(encoding="utf-8")
    c_source, _ = read(tmp_path, text)
    import yaml

    monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    py_source, _ = read(tmp_path, text)
    assert py_source.data == c_source.data
    assert py_source.marks == c_source.marks


# --- finding the files ------------------------------------------------------------------------


def test_discover_kinds_and_order(minimal_dir: Path) -> None:
    write(minimal_dir, "personas/zz-last.yaml", "name: Z\n")
    write(minimal_dir, "maps/README.md", "not data\n")
    write(minimal_dir, "maps/notes.txt", "not data\n")
    write(minimal_dir, "other/ignored.yml", "x: 1\n")
    found = [(kind, p.relative_to(minimal_dir).as_posix()) for kind, p in discover(minimal_dir)]
    assert found == [
        ("handbook", "handbook.yml"),
        ("touchpoints", "touchpoints.yml"),
        ("evidence", "evidence.yml"),
        ("persona", "personas/care-coordinator.yml"),
        ("persona", "personas/new-patient.yml"),
        ("persona", "personas/zz-last.yaml"),
        ("journey", "maps/first-visit.yml"),
    ]


def test_discover_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DataDirError, match="data folder not found"):
        discover(tmp_path / "nope")
    with pytest.raises(DataDirError):
        load_handbook(tmp_path / "nope")


def test_optional_files_and_folders_may_be_absent(minimal_dir: Path) -> None:
    for name in ("touchpoints.yml", "evidence.yml"):
        (minimal_dir / name).unlink()
    write(minimal_dir, "maps/first-visit.yml", "title: T\nowner: growth\nreviewed: 2026-01-01\n"
          "personas: [new-patient]\nsteps:\n  - {id: a, phase: awareness, persona: growth, "
          "action: x}\n")
    result = load_handbook(minimal_dir)
    assert result.ok, result.diagnostics.sorted()
    for folder in ("maps", "personas"):
        for f in (minimal_dir / folder).iterdir():
            f.unlink()
        (minimal_dir / folder).rmdir()
    result = load_handbook(minimal_dir)
    assert result.ok
    assert result.handbook.counts()["journeys"] == 0


def test_shown_path(workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert shown_path(workdir / "journeys" / "handbook.yml") == os.path.join("journeys",
                                                                            "handbook.yml")
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "handbook.yml"
    assert shown_path(elsewhere) == str(elsewhere)


def test_reported_paths_follow_the_working_directory(minimal_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    replace_once(minimal_dir / "handbook.yml", "every_days: 90", "every_days: x")
    assert load_handbook("journeys").diagnostics.errors[0].file == "journeys/handbook.yml"
    monkeypatch.chdir(minimal_dir)
    assert load_handbook(".").diagnostics.errors[0].file == "handbook.yml"


# --- the resolved model -----------------------------------------------------------------------


@pytest.fixture
def handbook(minimal_dir: Path) -> m.Handbook:
    result = load_handbook(minimal_dir)
    assert result.ok, result.diagnostics.sorted()
    assert result.unreadable == []
    assert sorted(p.name for p in result.files) == [
        "care-coordinator.yml", "evidence.yml", "first-visit.yml", "handbook.yml",
        "new-patient.yml", "touchpoints.yml"]
    return result.handbook


def test_minimal_counts(handbook: m.Handbook) -> None:
    assert handbook.counts() == {"journeys": 1, "personas": 2, "steps": 4, "opportunities": 2,
                                 "touchpoints": 4, "evidence": 2}


def test_handbook_fields(handbook: m.Handbook) -> None:
    assert handbook.title == "Acme Health handbook"
    assert [p.id for p in sorted(handbook.phases.values(), key=lambda p: p.index)] == [
        "awareness", "consent", "onboarding"]
    assert handbook.phases["onboarding"].metrics == ["onboarding completion rate"]
    assert handbook.teams["growth"].github == "@acme/growth"
    assert handbook.teams["care-ops"].github is None
    assert handbook.review.every_days == 90
    assert handbook.governance.assumptions == ["Most patients start on mobile"]
    assert handbook.source == "journeys/handbook.yml"


def test_journey_fields(handbook: m.Handbook) -> None:
    journey = handbook.journeys["first-visit"]
    assert journey.source == "journeys/maps/first-visit.yml"
    assert journey.owner is handbook.teams["growth"]
    assert [p.id for p in journey.personas] == ["new-patient", "care-coordinator"]
    assert journey.reviewed == date(2026, 10, 1)
    assert journey.review_every_days == 60  # the journey overrides the handbook's 90
    assert journey.due == date(2026, 11, 30)
    assert journey.is_stale(date(2026, 12, 1)) and not journey.is_stale(date(2026, 11, 30))
    assert journey.scope.type == "focused"
    assert journey.triggers[0] == "product-change"
    assert journey.triggers[1].type == "compliance-change"
    assert journey.triggers[1].note == "New consent rules"
    assert [s.id for s in journey.steps] == ["search", "give-consent", "welcome", "recheck"]
    assert [p.id for p in journey.phases] == ["awareness", "consent", "onboarding"]


def test_review_days_default_from_handbook(minimal_dir: Path) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "review_every_days: 60\n", "")
    replace_once(minimal_dir / "handbook.yml", "every_days: 90", "every_days: 30")
    journey = load_handbook(minimal_dir).handbook.journeys["first-visit"]
    assert journey.review_every_days == 30


def test_steps_are_resolved(handbook: m.Handbook) -> None:
    search, consent, welcome, recheck = handbook.journeys["first-visit"].steps
    assert search.phase is handbook.phases["awareness"]
    assert search.actor is handbook.personas["new-patient"]
    assert welcome.actor is handbook.teams["care-ops"]  # a team may act
    assert consent.handoff_to is handbook.teams["care-ops"]
    assert welcome.handoff_to is handbook.personas["care-coordinator"]
    assert search.touchpoint is handbook.touchpoints["landing-page"]
    assert search.emotion.score == 2 and search.emotion.feeling == "anxious"
    assert consent.emotion.score == 3
    assert search.metrics.failure == ["bounce"]
    assert search.content.cta == "Check your symptoms"
    assert recheck.loop is True and recheck.aliases == ["search-again"]
    assert urls.step_url(search.journey.id, search.id) == "/journeys/first-visit/#search"
    assert recheck.ref == "first-visit/recheck"
    assert search in handbook.personas["new-patient"].steps


def test_confidence_defaults(handbook: m.Handbook) -> None:
    steps = {s.id: s for s in handbook.all_steps()}
    assert steps["search"].confidence == "known"  # has evidence
    assert steps["give-consent"].confidence == "hypothesized"  # written
    assert steps["welcome"].confidence == "known"  # written, with evidence
    assert steps["recheck"].confidence == "hypothesized"  # no evidence


def test_barriers_belong_to_touchpoints(handbook: m.Handbook) -> None:
    search, consent, *_ = handbook.journeys["first-visit"].steps
    assert [(b.text, b.touchpoint.id) for b in search.barriers] == [("Too many ads",
                                                                     "landing-page")]
    assert [(b.text, b.touchpoint.id) for b in consent.barriers] == [
        ("Long legal text", "consent-form"), ("Cannot call for help", "welcome-call")]
    assert consent in handbook.touchpoints["welcome-call"].barrier_steps


def test_touchpoints(handbook: m.Handbook) -> None:
    tps = handbook.touchpoints
    assert tps["landing-page"].kind == "online"  # derived from channel: web
    assert tps["welcome-call"].kind == "offline"  # derived from channel: phone
    assert tps["consent-form"].regulated == ["consent", "hipaa"]
    assert tps["consent-form"].owner is handbook.teams["care-ops"]
    inline = tps["onboarding-sms"]
    assert inline.inline and not tps["landing-page"].inline
    assert inline.source == "journeys/maps/first-visit.yml"
    assert inline.name == "Onboarding text message"
    assert [s.id for s in inline.uses] == ["welcome"]


def test_inline_touchpoint_id_defaults_to_its_name(minimal_dir: Path) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "      id: onboarding-sms\n", "")
    handbook = load_handbook(minimal_dir).handbook
    assert "onboarding-text-message" in handbook.touchpoints


def test_evidence(handbook: m.Handbook) -> None:
    funnel = handbook.evidence["funnel-2026"]
    assert funnel.collected == date(2026, 9, 30)
    assert funnel.kind == "analytics"
    assert [s.id for s in funnel.steps] == ["search"]
    assert [o.id for o in funnel.opportunities] == ["shorter-consent"]
    search = handbook.journeys["first-visit"].steps[0]
    assert [(c.evidence.id, c.note) for c in search.evidence] == [("funnel-2026",
                                                                   "10k visits per month")]


def test_personas(handbook: m.Handbook) -> None:
    patient = handbook.personas["new-patient"]
    assert patient.source == "journeys/personas/new-patient.yml"
    assert patient.decision_role == "decision-maker"
    assert patient.messaging["consent"].key_messages == ["You control your data"]
    assert patient.messaging["awareness"].avoid == ["jargon"]
    assert handbook.actor("new-patient") is patient
    assert handbook.actor("growth") is handbook.teams["growth"]
    assert handbook.actor("nobody") is None


def test_opportunities(handbook: m.Handbook) -> None:
    shorter = handbook.opportunities["shorter-consent"]
    assert [s.ref for s in shorter.steps] == ["first-visit/give-consent", "first-visit/search"]
    assert shorter.owner is handbook.teams["care-ops"]
    assert shorter.outcome.by == date(2027, 3, 31)
    assert shorter.outcome.baseline == "62%"
    assert shorter.priority == 2.0
    assert shorter in handbook.journeys["first-visit"].steps[1].opportunities
    welcome = handbook.opportunities["welcome-script"]
    assert welcome.status == "idea"  # the default
    assert [o.id for o in handbook.backlog()] == ["shorter-consent", "welcome-script"]


def test_aliases_resolve(minimal_dir: Path) -> None:
    fv = minimal_dir / "maps" / "first-visit.yml"
    replace_once(fv, "title: First visit\n", "title: First visit\naliases: [first-steps]\n")
    replace_once(fv, "steps: [welcome]", "steps: [first-steps/search-again]")
    replace_once(minimal_dir / "personas" / "new-patient.yml", "name: New patient\n",
                 "name: New patient\naliases: [patient]\n")
    result = load_handbook(minimal_dir)
    assert result.ok, result.diagnostics.sorted()
    handbook = result.handbook
    assert handbook.journey_aliases == {"first-steps": "first-visit"}
    assert handbook.persona_aliases == {"patient": "new-patient"}
    assert [s.id for s in handbook.opportunities["welcome-script"].steps] == ["recheck"]


# --- the text the author wrote is the text in the model ---------------------------------------


def test_yaml_11_values_stay_text_in_the_model(minimal_dir: Path) -> None:
    hb = minimal_dir / "handbook.yml"
    replace_once(hb, "title: Acme Health handbook", "title: no")
    replace_once(hb, "description: A small handbook written only from the format spec.",
                 "description: 2024-01-01")
    replace_once(hb, "    name: Consent\n", "    name: on\n")
    fv = minimal_dir / "maps" / "first-visit.yml"
    replace_once(fv, "title: First visit", "title: 2024-01-01")
    replace_once(fv, "    action: Calls the patient", "    action: yes")
    replace_once(fv, "    why: Worried", "    why: 1.0")
    replace_once(fv, "baseline: 62%", "baseline: 0x10")
    replace_once(fv, "target: 80%", "target: 010")
    replace_once(minimal_dir / "personas" / "care-coordinator.yml", "role: Calls new patients",
                 "role: off")
    result = load_handbook(minimal_dir)
    assert result.ok, result.diagnostics.sorted()
    handbook = result.handbook
    assert handbook.title == "no"
    assert handbook.description == "2024-01-01"
    assert handbook.phases["consent"].name == "on"
    journey = handbook.journeys["first-visit"]
    assert journey.title == "2024-01-01"
    assert journey.steps[2].action == "yes"
    assert journey.steps[0].why == "1.0"
    outcome = handbook.opportunities["shorter-consent"].outcome
    assert (outcome.baseline, outcome.target) == ("0x10", "010")
    assert handbook.personas["care-coordinator"].role == "off"


def test_booleans_and_numbers_are_read_where_expected(minimal_dir: Path) -> None:
    fv = minimal_dir / "maps" / "first-visit.yml"
    replace_once(fv, "    loop: true", "    loop: yes")
    replace_once(fv, "emotion: {score: 3}", "emotion: {score: '3'}")
    result = load_handbook(minimal_dir)
    assert result.ok, result.diagnostics.sorted()
    steps = result.handbook.journeys["first-visit"].steps
    assert steps[3].loop is True
    assert steps[1].emotion.score == 3


def test_quoted_dates_are_dates(minimal_dir: Path) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "reviewed: 2026-10-01",
                 "reviewed: '2026-10-01'")
    result = load_handbook(minimal_dir)
    assert result.ok
    assert result.handbook.journeys["first-visit"].reviewed == date(2026, 10, 1)


# --- a broken handbook still loads what it can ------------------------------------------------


def test_no_handbook_model_without_a_valid_handbook_file(minimal_dir: Path) -> None:
    (minimal_dir / "handbook.yml").write_text("title: [unclosed\n")
    result = load_handbook(minimal_dir)
    assert not result.ok
    assert result.handbook is None
    assert [e.file for e in result.diagnostics.errors] == ["journeys/handbook.yml"]


def test_a_bad_field_does_not_hide_the_rest_of_the_file(minimal_dir: Path) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "emotion: {score: 3}",
                 "emotion: {score: 9}")
    result = load_handbook(minimal_dir)
    assert not result.ok
    journey = result.handbook.journeys["first-visit"]
    # the step keeps its valid fields; the others and the opportunities still resolve
    assert [s.id for s in journey.steps] == ["search", "give-consent", "welcome", "recheck"]
    assert journey.steps[1].emotion is None and journey.steps[1].touchpoint is not None
    assert set(result.handbook.opportunities) == {"shorter-consent", "welcome-script"}
    assert len(result.diagnostics.errors) == 1


def test_every_error_of_one_step_is_reported_in_one_run(minimal_dir: Path) -> None:
    """A schema error in a step does not hide that step's broken references."""
    journey = minimal_dir / "maps" / "first-visit.yml"
    replace_once(journey, "emotion: {score: 3}", "emotion: {score: 9}")
    replace_once(journey, "touchpoint: consent-form", "touchpoint: consent-from")
    replace_once(journey, "handoff: {to: care-ops,", "handoff: {to: care-opps,")
    result = load_handbook(minimal_dir)
    messages = [e.message for e in result.diagnostics.errors]
    assert any("from 1 to 5" in m for m in messages)
    assert "unknown touchpoint 'consent-from'" in messages
    assert "unknown persona or team 'care-opps'" in messages
    assert len(messages) == 3


def test_unreadable_file_makes_the_result_not_ok(minimal_dir: Path) -> None:
    (minimal_dir / "maps" / "gone.yml").symlink_to("nowhere.yml")
    result = load_handbook(minimal_dir)
    assert result.unreadable == ["journeys/maps/gone.yml"]
    assert not result.ok


# --- the benchmark's generated handbook stays valid -------------------------------------------


def test_benchmark_generator_still_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark("bench_load").main(["-n", "3", "--repeat", "1"]) == 0
    assert "ratio (b)/(a)" in capsys.readouterr().out


def test_load_pauses_the_garbage_collector_and_restores_it(minimal_dir: Path) -> None:
    import gc

    assert gc.isenabled()
    assert load_handbook(minimal_dir).ok
    assert gc.isenabled()
    gc.disable()
    try:
        assert load_handbook(minimal_dir).ok
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


class _Shelf(dict):
    """A stand-in for the build cache on disk: values go through JSON, as there."""

    def get(self, key):  # noqa: D102 - the SourceStore protocol
        value = super().get(key)
        return None if value is None else json.loads(value)

    def put(self, key, value):  # noqa: D102
        self[key] = json.dumps(value)


def test_files_parsed_by_an_earlier_build_are_not_parsed_again(tmp_path: Path, monkeypatch):
    """With a build cache, a later process reads each unchanged file's parse from it: the
    handbook and every diagnostic are the same, and a file's problems still show."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    maps = sorted((data / "maps").glob("*.yml"))
    replace_once(maps[0], "title: First visit", "title: [unclosed")
    shelf = _Shelf()
    first = load_handbook(data, ParseCache(shelf))
    assert first.diagnostics.errors and len(shelf) >= 3
    parsed = []
    real = loader.read_yaml
    monkeypatch.setattr(loader, "read_yaml", lambda *a, **k: parsed.append(a[1]) or real(*a, **k))
    again = load_handbook(data, ParseCache(shelf))  # a new build: nothing in memory
    assert parsed == [shown_path(maps[0])], "only the file with a YAML error is parsed again"
    assert [d.text() for d in again.diagnostics.sorted()] == \
        [d.text() for d in first.diagnostics.sorted()]
    replace_once(maps[0], "title: [unclosed", "title: First visit")
    fixed = load_handbook(data, ParseCache(shelf))
    clean = load_handbook(data)
    assert not fixed.diagnostics.errors
    pages = [render_site(PageContext(r.handbook, date(2026, 11, 1))).pages for r in (fixed, clean)]
    assert pages[0] == pages[1], "a handbook from cached parses publishes the same pages"


def test_a_cached_file_the_privacy_scan_found_clean_is_not_scanned_again(
        tmp_path: Path, monkeypatch):
    """The scan reads only the file, so a file it found nothing in is not scanned again by
    a later build; a file with a finding or an accepted one is, and its finding still shows."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    maps = sorted((data / "maps").glob("*.yml"))
    replace_once(maps[0], "title: First visit", "title: First visit, call 412-837-2291")
    shelf = _Shelf()
    first = load_handbook(data, ParseCache(shelf), privacy="warn")
    scanned = []
    real = PrivacyScan.source
    monkeypatch.setattr(PrivacyScan, "source",
                        lambda self, source, model: scanned.append(source.path)
                        or real(self, source, model))
    again = load_handbook(data, ParseCache(shelf), privacy="error")
    assert scanned == [shown_path(maps[0])]
    found = [d.message for d in again.diagnostics.errors]
    assert found == [d.message for d in first.diagnostics.warnings]
    assert found == ["possible personal data: phone number"]

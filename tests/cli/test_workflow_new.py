"""`journeys new journey|persona ID`: a valid file to start from, never an overwrite."""

from __future__ import annotations

import re

import pytest
import yaml
from gitrepo import GitRepo
from journey_handbook.data import schema


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    return GitRepo.with_handbook(tmp_path / "repo")


def uncomment(text: str) -> str:
    """Turn every commented example (`# key: ...`, `# - item`) into live YAML."""
    return "\n".join(re.sub(r"^(\s*)# (?=\s*([a-z_]+:|- ))", r"\1", line)
                     for line in text.splitlines()) + "\n"


def test_new_journey_passes_check_as_it_stands(repo):
    result = repo.journeys("new", "journey", "care-intake", "--today", "2026-11-29")
    assert result.exit_code == 0, result.output
    assert "created journeys/maps/care-intake.yml" in result.stdout
    text = repo.read("journeys/maps/care-intake.yml")
    assert text.splitlines()[0] == \
        "# yaml-language-server: $schema=../../schemas/journey.schema.json"
    data = yaml.safe_load(text)
    assert data["owner"] in ("growth", "care-ops")
    assert data["steps"][0]["phase"] == "awareness"  # the first phase
    assert data["personas"][0] in ("new-patient", "care-coordinator")
    assert str(data["reviewed"]) == "2026-11-29"
    check = repo.journeys("check")
    assert check.exit_code == 0, check.output
    assert check.stdout.startswith("ok: 2 journeys")


def test_every_commented_example_is_valid_and_every_field_is_shown(repo):
    # a metric first, so that the experiments example has a metric id to name
    assert repo.journeys("new", "metric", "intake-rate", "--direction", "up").exit_code == 0
    repo.journeys("new", "journey", "care-intake")
    path = "journeys/maps/care-intake.yml"
    repo.write(path, uncomment(repo.read(path)))
    check = repo.journeys("check")
    assert check.exit_code == 0, check.output
    data = yaml.safe_load(repo.read(path))
    step, opp = data["steps"][0], data["opportunities"][0]
    # part_of is shown in words: valid only with an end-to-end map and its step ids
    assert "part_of {journey: end-to-end-map-id, from: first-step-id" in repo.read(path)
    # funnel too: its stages must be count metrics, which this handbook does not have
    assert "funnel {stages: [visits-metric-id, signups-metric-id]" in repo.read(path)
    assert set(schema.JourneyFile.model_fields) - {"id", "part_of", "funnel"} <= set(data)
    assert set(schema.Step.model_fields) <= set(step)
    assert set(schema.Opportunity.model_fields) <= set(opp)
    assert set(schema.Scope.model_fields) <= set(data["scope"])
    assert set(schema.ContentNeeds.model_fields) <= set(step["content"])
    assert set(schema.Outcome.model_fields) <= set(opp["outcome"])


def test_new_persona_is_valid_with_every_field_as_an_example(repo):
    result = repo.journeys("new", "persona", "clinic-it", "--title", "Clinic IT manager")
    assert result.exit_code == 0, result.output
    path = "journeys/personas/clinic-it.yml"
    text = repo.read(path)
    assert text.startswith("# yaml-language-server: $schema=../../schemas/persona.schema.json\n")
    assert yaml.safe_load(text) == {"name": "Clinic IT manager"}
    assert repo.journeys("check").exit_code == 0
    repo.write(path, uncomment(text))
    assert repo.journeys("check").exit_code == 0
    data = yaml.safe_load(repo.read(path))
    assert set(schema.PersonaFile.model_fields) - {"id"} <= set(data)
    assert set(schema.Messaging.model_fields) <= set(data["messaging"]["awareness"])


def test_the_schema_line_points_at_what_journeys_schema_writes(repo):
    repo.journeys("new", "journey", "care-intake")
    assert repo.journeys("schema", "--out", "schemas/").exit_code == 0
    first = repo.read("journeys/maps/care-intake.yml").splitlines()[0]
    target = (repo.path("journeys/maps") / first.split("$schema=")[1]).resolve()
    assert target.is_file() and target.name == "journey.schema.json"


def test_refuses_to_overwrite_an_existing_file(repo):
    before = repo.read("journeys/maps/first-visit.yml")
    result = repo.journeys("new", "journey", "first-visit")
    assert result.exit_code == 1
    assert "already exists; not overwriting it" in result.stderr
    assert repo.read("journeys/maps/first-visit.yml") == before
    repo.write("journeys/personas/helper.yaml", "name: Helper\n")  # the other suffix
    assert repo.journeys("new", "persona", "helper").exit_code == 1
    assert repo.read("journeys/personas/helper.yaml") == "name: Helper\n"


def test_rejects_invalid_and_taken_ids(repo):
    bad = repo.journeys("new", "journey", "Care_Intake")
    assert bad.exit_code == 2
    assert "'Care_Intake' is not a valid id" in bad.output and "'care-intake'" in bad.output
    assert not repo.path("journeys/maps/Care_Intake.yml").exists()
    team = repo.journeys("new", "persona", "growth")
    assert team.exit_code == 1 and "already a team id" in team.stderr
    alias_owner = repo.journeys("new", "journey", "x-1", "--owner", "grwth")
    assert alias_owner.exit_code == 1 and "did you mean 'growth'?" in alias_owner.stderr


def test_new_files_show_up_in_the_diff_of_the_pull_request(repo):
    repo.journeys("new", "persona", "clinic-it")
    repo.journeys("new", "journey", "clinic-setup", "--persona", "clinic-it")
    repo.commit("Start the clinic setup journey")
    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    assert [j["id"] for j in report["journeys"]["added"]] == ["clinic-setup"]
    assert [p["id"] for p in report["personas"]["added"]] == ["clinic-it"]
    setup = yaml.safe_load(repo.read("journeys/maps/clinic-setup.yml"))
    assert setup["personas"] == ["clinic-it"] and setup["steps"][0]["persona"] == "clinic-it"

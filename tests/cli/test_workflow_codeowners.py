"""`journeys codeowners`: each data file routed to its owner team's GitHub reviewers."""

from __future__ import annotations

import shutil

from gitrepo import MINIMAL, GitRepo


def owners(block: str) -> dict[str, list[str]]:
    """path -> owners, from the live (uncommented) CODEOWNERS lines."""
    out = {}
    for line in block.splitlines():
        if line and not line.startswith("#"):
            path, *handles = line.split()
            out[path] = handles
    return out


def test_maps_go_to_their_owner_team_and_unrouted_teams_are_named(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    repo.write("journeys/maps/renewal.yml", (
        "title: Renewal\nowner: care-ops\nreviewed: 2026-10-01\npersonas: [care-coordinator]\n"
        "steps:\n  - id: renew\n    phase: onboarding\n    persona: care-coordinator\n"
        "    action: Renews\n"))
    repo.commit("Add renewal, owned by a team without a GitHub handle")
    result = repo.journeys("codeowners")
    assert result.exit_code == 0, result.output
    routes = owners(result.stdout)
    assert routes["/journeys/maps/first-visit.yml"] == ["@acme/growth"]
    assert "/journeys/maps/renewal.yml" not in routes  # no handle: not routed...
    assert "# /journeys/maps/renewal.yml: no reviewers (care-ops has no github team)" \
        in result.stdout  # ...but said so
    assert "#   care-ops (Care operations)" in result.stdout


def test_personas_go_to_the_owners_of_the_journeys_they_appear_in(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    repo.edit("journeys/handbook.yml", "  - id: care-ops\n    name: Care operations\n",
              "  - id: care-ops\n    name: Care operations\n    github: \"@acme/care\"\n")
    repo.write("journeys/maps/renewal.yml", (
        "title: Renewal\nowner: care-ops\nreviewed: 2026-10-01\npersonas: [new-patient]\n"
        "steps:\n  - id: renew\n    phase: onboarding\n    persona: new-patient\n"
        "    action: Renews\n"))
    repo.write("journeys/personas/unused.yml", "name: Nobody yet\n")
    repo.commit("A second journey for the new patient")
    routes = owners(repo.journeys("codeowners").stdout)
    assert sorted(routes["/journeys/personas/new-patient.yml"]) == ["@acme/care", "@acme/growth"]
    assert routes["/journeys/personas/care-coordinator.yml"] == ["@acme/growth"]
    assert "/journeys/personas/unused.yml" not in routes
    assert routes["/journeys/maps/renewal.yml"] == ["@acme/care"]
    assert sorted(routes["/journeys/touchpoints.yml"]) == ["@acme/care", "@acme/growth"]


def test_default_owner_covers_shared_files_first_so_specific_lines_win(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    result = repo.journeys("codeowners", "--default-owner", "@acme/handbook")
    lines = [x for x in result.stdout.splitlines() if x and not x.startswith("#")]
    assert lines[0] == "/journeys/ @acme/handbook"
    assert repo.journeys("codeowners", "--default-owner", "acme").exit_code == 2


def test_paths_are_relative_to_the_repository_root(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    shutil.copytree(MINIMAL, repo.root / "handbook" / "data")
    repo.commit("A handbook in a nested folder")
    routes = owners(repo.journeys("codeowners", "--data-dir", "handbook/data").stdout)
    assert routes["/handbook/data/maps/first-visit.yml"] == ["@acme/growth"]

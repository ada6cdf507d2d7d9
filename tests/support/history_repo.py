"""A real git repository of the sample handbook with a few commits a planner would make,
for the change log tests (`/changes/` and its feed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gitrepo import GitRepo
from helpers import SAMPLE

CARE = "journeys/maps/care-navigation.yml"
NEW_OPPORTUNITY = """\
  - id: plan-lookup-in-intake
    title: Look up the health plan during the intake call
    steps:
      - check-plan-eligibility
    owner: care-coordination
    outcome:
      metric: Eligibility answered during the intake call
    impact: 3
    effort: 2
"""


@dataclass
class History:
    repo: GitRepo
    commits: dict[str, str]  # name -> commit id


def build_history(root: Path) -> History:
    """Five commits that change the data folder (one more that does not), a day apart."""
    repo = GitRepo.with_handbook(root, source=SAMPLE)
    repo.git("commit", "-q", "--amend", "-m", "Add the handbook", "--date",
             "2026-10-01T09:00:00+00:00",
             env={"GIT_COMMITTER_DATE": "2026-10-01T09:00:00+00:00"})
    commits = {"initial": repo.git("rev-parse", "HEAD")}
    repo.edit(CARE, "  - id: verify-eligibility\n",
              "  - id: check-plan-eligibility\n    aliases: [verify-eligibility]\n")
    commits["rename"] = repo.commit("Rename the eligibility step", when="2026-10-02T09:00:00Z")
    repo.edit(CARE, "      score: 3\n      feeling: Waiting\n",
              "      score: 2\n      feeling: Waiting\n")
    commits["feeling"] = repo.commit("Patients feel the eligibility wait",
                                     author="Ana Planner", when="2026-10-03T09:00:00Z")
    repo.write("README.md", "Not handbook data.\n")
    repo.commit("Add a readme", when="2026-10-04T09:00:00Z")
    repo.edit(CARE, "opportunities:\n", "opportunities:\n" + NEW_OPPORTUNITY)
    commits["opportunity"] = repo.commit("New opportunity: plan lookup",
                                         when="2026-10-05T09:00:00Z")
    repo.path("journeys/maps/caregiver-proxy-access.yml").unlink()
    metrics = repo.read("journeys/metrics.yml").replace("    - caregiver-proxy-access\n", "")
    repo.write("journeys/metrics.yml", metrics)
    commits["deleted"] = repo.commit("Retire the caregiver proxy map", author="Bo Lead",
                                     when="2026-10-06T09:00:00Z")
    return History(repo, commits)

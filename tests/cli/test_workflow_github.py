"""The documented GitHub Actions workflows and the pre-commit hook run commands that exist.

Every `journeys ...` (and `mkdocs ...`) command line in a workflow's `run:` steps is parsed;
its subcommand path must exist in the CLI, `--help` of it must work, and each option it
passes must be an option of that command, with a value the option accepts.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from gitrepo import MAP, GitRepo
from helpers import ROOT, build_site
from journey_handbook.cli import cli as journeys_cli
from mkdocs.__main__ import cli as mkdocs_cli

GUIDE = ROOT / "docs/guides/github-actions.md"
WORKFLOWS = sorted((ROOT / "docs/guides/workflows").glob("*.yml"))
PROGRAMS = {"journeys": journeys_cli, "mkdocs": mkdocs_cli}


def load_workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("jobs"), f"{path.name}: no jobs"
    return data


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def run_scripts(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", [])
            if "run" in step]


def command_lines(script: str) -> list[list[str]]:
    """Simple commands of a shell script, as argument lists (redirections dropped)."""
    script = script.replace("\\\n", " ")
    out = []
    for line in script.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            if ">" in words or ">>" in words:
                words = words[:min(words.index(x) for x in (">", ">>") if x in words)]
            if words:
                out.append(words)
    return out


def program_commands(name: str) -> list[list[str]]:
    return [words for path in WORKFLOWS for script in run_scripts(load_workflow(path))
            for words in command_lines(script) if words[0] == name]


def resolve(group: click.Group, words: list[str]) -> tuple[click.Command, list[str], list[str]]:
    """(command, its subcommand path, the remaining arguments)."""
    command, path, rest = group, [], list(words)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        sub = command.commands.get(rest[0])
        assert sub is not None, f"no command {' '.join([*path, rest[0]])!r}"
        command, path, rest = sub, [*path, rest[0]], rest[1:]
    return command, path, rest


def check_options(command: click.Command, args: list[str], shown: str) -> None:
    options = {opt: p for p in command.params if isinstance(p, click.Option)
               for opt in p.opts + p.secondary_opts}
    i = 0
    while i < len(args):
        word = args[i]
        if word.startswith("--"):
            name, _, inline = word.partition("=")
            assert name in options, f"{shown}: unknown option {name}"
            param = options[name]
            if not param.is_flag:
                value = inline or args[i + 1]
                if isinstance(param.type, click.Choice) and "$" not in value:
                    assert value in param.type.choices, f"{shown}: {name} {value}"
                i += 0 if inline else 1
        i += 1


def guide_commands() -> list[list[str]]:
    """`journeys ...` lines of the guide's bash examples: readers copy them too."""
    blocks = re.findall(r"```bash\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    return [w for block in blocks for w in command_lines(block) if w[0] == "journeys"]


ALL_COMMANDS = [(name, words) for name in PROGRAMS for words in program_commands(name)]
ALL_COMMANDS += [("journeys", words) for words in guide_commands()]


def test_workflows_are_valid_yaml_with_the_documented_jobs():
    names = {p.name for p in WORKFLOWS}
    assert {"journeys.yml", "journey-reviews.yml"} <= names
    main = load_workflow(ROOT / "docs/guides/workflows/journeys.yml")
    assert {"pull_request", "push"} <= set(triggers(main))
    uses = [s.get("uses", "") for job in main["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert main["jobs"]["publish"]["permissions"] == {"pages": "write", "id-token": "write"}
    reviews = load_workflow(ROOT / "docs/guides/workflows/journey-reviews.yml")
    assert "schedule" in triggers(reviews)


def test_the_pull_request_job_checks_builds_and_posts_the_diff():
    lines = [" ".join(w) for _, w in ALL_COMMANDS]
    assert "journeys check --format github" in lines
    assert "mkdocs build --strict" in lines
    assert any(re.fullmatch(r"journeys diff origin/\S+ --format markdown", x) for x in lines)
    script = "\n".join(run_scripts(load_workflow(ROOT / "docs/guides/workflows/journeys.yml")))
    assert "gh pr comment" in script


@pytest.mark.parametrize(("program", "words"), ALL_COMMANDS,
                         ids=[" ".join(w) for _, w in ALL_COMMANDS])
def test_every_command_in_the_workflows_exists_with_its_options(program, words):
    command, path, rest = resolve(PROGRAMS[program], words[1:])
    assert path, f"{' '.join(words)}: no subcommand"
    result = CliRunner().invoke(PROGRAMS[program], [*path, "--help"])
    assert result.exit_code == 0, result.output
    check_options(command, rest, " ".join(words))
    for word in rest:
        if word.startswith("--"):
            assert word.partition("=")[0] in result.output


def test_the_option_checker_catches_a_wrong_option():
    command, _, rest = resolve(journeys_cli, ["check", "--format", "gitlab"])
    with pytest.raises(AssertionError):
        check_options(command, rest, "journeys check --format gitlab")
    with pytest.raises(AssertionError):
        resolve(journeys_cli, ["chekc"])


def test_the_guide_shows_each_workflow_file_verbatim():
    guide = GUIDE.read_text(encoding="utf-8")
    for path in WORKFLOWS:
        assert f"(workflows/{path.name})" in guide  # linked
        fence = re.search(r'```yaml title="\.github/workflows/' + re.escape(path.name)
                          + r'"\n(.*?)\n```', guide, re.S)
        assert fence, f"the guide does not show {path.name}"
        assert fence[1] + "\n" == path.read_text(encoding="utf-8")


def test_pre_commit_hook_runs_journeys_check_on_data_changes():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "journeys-check")
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    assert re.search(hook["files"], "journeys/maps/care-navigation.yml")
    assert not re.search(hook["files"], "docs/guides/format.md")
    command, path, rest = resolve(journeys_cli, shlex.split(hook["entry"])[1:])
    assert path == ["check"] and rest == []


def test_the_diff_step_works_in_a_pull_request_checkout(tmp_path, monkeypatch):
    """Run the workflow's own diff command line in a clone that has origin/main."""
    upstream = GitRepo.with_handbook(tmp_path / "upstream")
    clone = GitRepo(tmp_path / "clone")
    subprocess.run(["git", "clone", "-q", str(upstream.root), str(clone.root)], check=True)
    clone.git("switch", "-q", "-c", "shorter-consent")
    clone.edit(MAP, "emotion: {score: 3}", "emotion: {score: 4}")
    clone.commit("Consent feels better")
    words = next(w for _, w in ALL_COMMANDS if w[:2] == ["journeys", "diff"])
    monkeypatch.setenv("BASE_REF", "main")
    args = [os.path.expandvars(w) for w in words[1:]]
    result = clone.journeys(*args)
    assert result.exit_code == 0, result.output
    assert "emotion 3 → 4 ▲" in result.stdout


def test_the_guide_builds_strictly_with_its_workflow_links(tmp_path):
    guides = {"guides/github-actions.md": GUIDE.read_text(encoding="utf-8")}
    guides |= {f"guides/workflows/{p.name}": p.read_text(encoding="utf-8") for p in WORKFLOWS}
    site = build_site(tmp_path, ROOT / "tests/fixtures/minimal", guides=guides)
    html = site.page("/guides/github-actions/")
    assert 'href="../workflows/journeys.yml"' in html
    assert (site.root / "guides/workflows/journeys.yml").is_file()

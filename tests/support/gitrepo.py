"""Real temporary git repositories holding a handbook, for the workflow command tests.

`GitRepo.with_handbook(path)` initialises a repository, copies tests/fixtures/minimal
as `journeys/` and commits it; tests then edit files and commit again, and run the
`journeys` CLI inside the repository with `repo.journeys(...)`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner, Result
from helpers import FIXTURES
from journey_handbook.cli import cli

MINIMAL = FIXTURES / "minimal"
MEASURES = FIXTURES / "measures"  # the minimal one, with measures

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def with_handbook(cls, root: Path, data: str = "journeys", source: Path = MINIMAL
                      ) -> GitRepo:
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "-q", "-b", "main")
        shutil.copytree(source, root / data)
        repo.commit("Add the handbook")
        return repo

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        proc = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=self.root,
                              env={**os.environ, **GIT_ENV, **(env or {})},
                              capture_output=True, text=True, check=True)
        return proc.stdout.strip()

    def commit(self, message: str, *, author: str | None = None, when: str | None = None
               ) -> str:
        """Commit everything; `author` (a name) and `when` (ISO date) fix who and when."""
        env = {"GIT_AUTHOR_NAME": author} if author else {}
        if when:
            env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        self.path(rel).parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace text that must occur exactly once (a typo in a test fails loudly)."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        self.write(rel, text.replace(old, new))

    def journeys(self, *args: str) -> Result:
        """Run the CLI with the repository as the working directory."""
        cwd = Path.cwd()
        os.chdir(self.root)
        try:
            return CliRunner().invoke(cli, list(args), catch_exceptions=False)
        finally:
            os.chdir(cwd)

    def journeys_json(self, *args: str) -> dict:
        result = self.journeys(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


MAP = "journeys/maps/first-visit.yml"

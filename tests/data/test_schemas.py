"""The committed JSON Schemas (schemas/) match the models, so editors validate what check does."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import ROOT
from journey_handbook.cli import cli
from journey_handbook.data import schema

SCHEMAS = ROOT / "schemas"


@pytest.mark.parametrize("kind", sorted(schema.FILE_KINDS))
def test_committed_schema_is_current(kind):
    committed = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
    assert committed == schema.json_schema(kind), \
        "schemas/ is out of date: run `journeys schema --out schemas`"


def test_schema_command_prints_one_kind():
    result = CliRunner().invoke(cli, ["schema", "journey"])
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert "steps" in printed["properties"] and "steps" in printed["required"]
    step = printed["$defs"]["Step"]
    assert step["additionalProperties"] is False, "unknown fields must be flagged in editors"

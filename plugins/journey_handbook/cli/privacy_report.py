"""`journeys check --show-accepted`: the diagnostics, then every privacy finding a file accepts.

Accepted findings quote the matched text: a reviewer has to see what was let through, and an
accepted finding is, by its reason, not personal data. Unaccepted findings never quote it, so
that a check log does not copy personal data into CI output.
"""

from __future__ import annotations

import json

from ..data.diagnostics import Diagnostic, render
from ..data.privacy_scan import Accepted


def _text(a: Accepted) -> str:
    where = f" [{a.path}]" if a.path else ""
    return (f"{a.file}:{a.line}:{a.column}: accepted: {a.label} {a.text!r}{where}\n"
            f"    reason: {a.reason}")


def _github(a: Accepted) -> str:
    probe = Diagnostic(a.file, a.line, a.column, f"accepted {a.label} {a.text!r}: {a.reason}",
                       a.path)
    return "::notice" + probe.github().removeprefix("::error").replace(
        "::accepted", ",title=privacy exception::accepted", 1)


def accepted_dict(a: Accepted) -> dict:
    return {"file": a.file, "line": a.line, "column": a.column,
            "message": f"accepted privacy finding: {a.label}", "path": a.path, "hint": "",
            "severity": "accepted", "kind": a.kind, "text": a.text, "reason": a.reason}


def accepted_report(found: list[Diagnostic], accepted: list[Accepted], fmt: str) -> str:
    """The diagnostics in `fmt` (text, github, json), followed by the accepted findings."""
    if fmt == "json":
        return json.dumps([d.as_dict() for d in found] + [accepted_dict(a) for a in accepted],
                          indent=2)
    lines = [render(found, fmt)] if found else []
    lines += [(_github if fmt == "github" else _text)(a) for a in accepted]
    return "\n".join(lines)

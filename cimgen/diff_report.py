"""``cimgen diff`` reports as text, Markdown or JSON: a summary line of counts first, then the
changes grouped by profile and, within one, by the type they belong to."""

from __future__ import annotations

import json
from collections import defaultdict

from cimgen.diff import STATUSES, Change, GraphDiff

FORMATS = ("text", "markdown", "json")
_PLURALS = {"class": "classes", "compound": "compounds", "enumeration": "enumerations", "datatype": "datatypes"}
_SIGNS = {"added": "+", "removed": "-", "changed": "~"}


def summary(diff: GraphDiff) -> str:
    """One line: how many of each kind were added, removed and changed (kinds with none left out)."""
    parts = []
    for kind, counts in diff.counts().items():
        if any(counts.values()):
            plural = _PLURALS.get(kind, kind + "s")
            parts.append(f"{plural} +{counts['added']} -{counts['removed']} ~{counts['changed']}")
    return "; ".join(parts) if parts else "no differences"


def _by_profile(diff: GraphDiff) -> dict[str, dict[str, list[Change]]]:
    grouped: dict[str, dict[str, list[Change]]] = defaultdict(lambda: defaultdict(list))
    for change in diff.changes:
        for profile in change.profiles or ("(no profile)",):
            grouped[profile][change.owner].append(change)
    return {profile: dict(sorted(owners.items())) for profile, owners in sorted(grouped.items())}


def _details(change: Change) -> str:
    return "; ".join(f"{what} {old or '(none)'} -> {new or '(none)'}" for what, old, new in change.details)


def render_text(diff: GraphDiff) -> str:
    lines = [summary(diff)]
    lines += [f"namespace {old} matched {new} ({count} names)" for old, new, count in diff.namespaces]
    lines += [f"profile {old} taken as {new} (renamed)" for old, new in diff.profiles]
    for profile, owners in _by_profile(diff).items():
        lines.append(f"\n{profile}")
        for owner, changes in owners.items():
            lines.append(f"  {owner}")
            for change in changes:
                details = f": {_details(change)}" if change.details else ""
                lines.append(f"    {_SIGNS[change.status]} {change.key} ({change.kind}, {change.status}){details}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(diff: GraphDiff) -> str:
    lines = [f"**{summary(diff)}**", "", "| kind | added | removed | changed |", "|---|---:|---:|---:|"]
    for kind, counts in diff.counts().items():
        lines.append(f"| {kind} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    if diff.namespaces:
        lines += ["", "| older namespace | newer namespace | names matched |", "|---|---|---:|"]
        lines += [f"| {old} | {new} | {count} |" for old, new, count in diff.namespaces]
    if diff.profiles:
        lines += ["", "| older profile | taken as |", "|---|---|"]
        lines += [f"| {old} | {new} |" for old, new in diff.profiles]
    for profile, owners in _by_profile(diff).items():
        lines += ["", f"## {profile}", "", "| type | name | kind | status | what changed |", "|---|---|---|---|---|"]
        for owner, changes in owners.items():
            for change in changes:
                name = "" if change.key == owner else change.key.rpartition(".")[2]
                row = (owner, name, change.kind, change.status, _details(change))
                lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def render_json(diff: GraphDiff) -> str:
    document = {
        "summary": diff.counts(),
        "namespaces": [{"older": o, "newer": n, "matched": c} for o, n, c in diff.namespaces],
        "renamed_profiles": [{"older": o, "newer": n} for o, n in diff.profiles],
        "changes": [
            {
                "kind": c.kind,
                "name": c.key,
                "status": c.status,
                "profiles": list(c.profiles),
                "details": [{"what": w, "older": o, "newer": n} for w, o, n in c.details],
            }
            for c in diff.changes
        ],
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def render(diff: GraphDiff, format_: str) -> str:
    """The report in one of ``FORMATS``."""
    return {"text": render_text, "markdown": render_markdown, "json": render_json}[format_](diff)

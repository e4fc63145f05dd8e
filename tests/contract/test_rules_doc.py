"""The repository stands alone: the rules are documented inside it, and no file points outside it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Documents a clone does not have: the founding briefs that lived beside the repository.
OUTSIDE = re.compile(r"\.\./shared|shared/(docs|seed)|\b(DOMAIN|MISSION|STYLE|DEPENDENCIES)\.md\b")
SKIP_PARTS = {".git", ".venv", "node_modules", "var", "__pycache__", ".mypy_cache", ".ruff_cache"}
SKIP_SUFFIXES = {".lock", ".png", ".ico", ".woff2", ".pdf", ".docx", ".xlsx", ".pyc"}


def _tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    paths = [ROOT / line for line in listed.stdout.splitlines()]
    kept = (p for p in paths if p.is_file() and p.suffix not in SKIP_SUFFIXES)
    return [p for p in kept if not SKIP_PARTS & set(p.parts)]


def test_no_file_refers_outside_the_repository() -> None:
    this = Path(__file__).resolve()
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _tracked_files()
        if path != this
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="ignore").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_the_pattern_catches_a_reference_outside() -> None:
    assert OUTSIDE.search("see ../shared/docs/DOMAIN.md §12")
    assert OUTSIDE.search("as in MISSION.md")
    assert not OUTSIDE.search("see docs/rules.md")


@pytest.mark.parametrize("script", ["scripts/rules_doc.py"])
def test_the_rules_document_matches_the_rule_data(script: str) -> None:
    checked = subprocess.run([sys.executable, script, "--check"], cwd=ROOT, check=False)
    assert checked.returncode == 0, "docs/rules.md is out of date: run `uv run python scripts/rules_doc.py`"


def test_every_numbered_eligibility_rule_has_a_summary() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import rules_doc
    finally:
        sys.path.pop(0)
    from awards.eligibility.rules import RULES

    assert {rule.number for rule in RULES} <= set(rules_doc.SUMMARIES)
    from grievance.rules import RULES as DEADLINES

    assert {rule.key for rule in DEADLINES} <= set(rules_doc.DEADLINE_SUMMARIES)

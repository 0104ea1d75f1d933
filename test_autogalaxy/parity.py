"""The reference values of the established release, for parity tests (skipped without them)."""

import json
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "upstream_parity.json"


def reference() -> dict:
    """The parsed reference file; skips the calling test when it is absent."""
    if not REFERENCE.is_file():
        pytest.skip(f"the reference values ({REFERENCE.name}) are not beside the project")
    return json.loads(REFERENCE.read_text())


def reference_profiles(kind: str) -> list[dict]:
    """The reference profiles of one kind ("light" or "mass"); empty when the file is absent."""
    if not REFERENCE.is_file():
        return []
    return [profile for profile in json.loads(REFERENCE.read_text())["profiles"]
            if profile["kind"] == kind]

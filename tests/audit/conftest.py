"""Every audit test writes its checkpoints to its own file, never to var/."""

import pytest


@pytest.fixture(autouse=True)
def _checkpoint_file(tmp_path, settings):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints" / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE

"""The committed sample.db is exactly what scripts/build_sample.py builds from the committed data."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT, SAMPLE_SOURCE, dump


def test_committed_sample_matches_the_build(tmp_path):
    spec = importlib.util.spec_from_file_location("build_sample", ROOT / "scripts" / "build_sample.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    built = mod.build(tmp_path / "sample.db")
    assert dump(built) == dump(SAMPLE_SOURCE)

"""Shared fixtures: one real spaCy pipeline for the whole test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (model + quote component), loaded once per test session."""
    from workbench.nlp import load_nlp

    return load_nlp()

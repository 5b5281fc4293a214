"""Fixtures for the monthly 督办 cycle: two small plans, the CLI bound to the same store."""

from __future__ import annotations

import pytest

from sciplan_tui.services import Services
from tests.conftest import make_draft
from tests.exports.conftest import Cli


@pytest.fixture
def two_plans(services: Services) -> Services:
    """样例县 and 另一县: the same small plan twice (departments named alike, one per plan)."""
    services.import_plans([make_draft(), make_draft(jurisdiction="另一县")])
    return services


@pytest.fixture
def cli(store_url: str) -> Cli:
    return Cli(store_url)

"""Importer tests run with Chinese messages, the default language of the app."""

from __future__ import annotations

import pytest

from sciplan_tui.i18n import set_lang


@pytest.fixture(autouse=True)
def _chinese_messages() -> None:
    set_lang("zh")

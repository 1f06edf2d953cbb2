"""Forms of achievements and demands: words in one box, transfer modes, the owner within reach."""

from __future__ import annotations

import pytest

from rainforest.core import records
from rainforest.matching.tests.matrix import _achievement_values, university_in

pytestmark = pytest.mark.django_db


def test_an_achievement_form_reads_keywords_and_transfer_modes_from_words(city):
    owner = university_in("140702", "榆次测试学院")
    record = records.get("achievement")
    form = record.form(_achievement_values(owner, 1), record=record, user=city)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["keywords"] == ["碳纤维", "复合材料", "轻量化"]
    assert form.cleaned_data["transfer_modes"] == ["license", "codevelopment"]

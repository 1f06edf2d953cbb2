"""The record types the Excel framework knows, by name: an explicit dictionary, no dotted paths.

Adding a record type (the recipe; CONTRIBUTING.md repeats it):

1. In `rainforest/imports/types/<your app>.py` (or, for an app above the registry, `<app>/imports.py`),
   declare a `RecordType`:
   - `name` (the CLI and URL word, e.g. "contract"), `label` (Chinese), `model`, `description`;
   - `columns`: one `Column(name, label, kind, hint, required=…, attribute=…)` per spreadsheet column.
     `name` is the header scripts may use (the model field name); the Chinese `label` is the template
     header. Kinds are in `base.Kind` (text, int, money, date, bool, choice, credit_code, and lookups:
     district, enterprise, development_zone, industry, park, team, park_zone). A lookup column sets the
     related object (`attribute="enterprise"` when the header is `credit_code`). `choice_column(...)`
     wraps a `TextChoices` class;
   - `key` (the natural-key column names) and `key_attributes` (the model attributes holding the same
     values: `enterprise_id` for an enterprise lookup). Stored rows are found by `key_attributes[0]__in`;
   - `scope_ids(obj) -> (district_id, zone_id)` so district officers import only their own rows;
   - `export_queryset(user, params)`: the rows the user may export (reuse a FilterSet and a scoped selector);
   - `touches(obj) -> (enterprise ids, team ids)` when the forest layer depends on the record;
   - optionally `related` (select_related for stored rows and exports), `adjust(values)`, `defaults`;
   - `may_import(user)` when fewer people may import it than the framework allows (the policy catalogue:
     city officers), and `importable=False` for a type that is only exported (stored evaluations).
   A column or key attribute may follow a relation (`visit__enterprise`): it is exported from the related
   row, and `adjust` finds that row on import.
2. Add it to `RECORD_TYPES` below. The template, the upload page, `rainforest import|template|export`
   and the export view pick it up. The model's `clean()` must cover its check constraints (imports call
   `clean()` per row but do not query the database per row).
3. Add tests in `rainforest/imports/tests/` (or your app's tests) with a real .xlsx: a good file, a bad file.
"""

from __future__ import annotations

from rainforest.administration.imports import ORGANISATION, USER
from rainforest.cultivation.imports import ATTENDANCE, FOLLOW_UP, TARGET, TRAINING, TRAINING_SESSION, VISIT
from rainforest.eligibility.imports import EVALUATION
from rainforest.imports.base import RecordType
from rainforest.imports.records import declared_record_types
from rainforest.imports.types.enterprises import CERTIFICATE, ENTERPRISE, YEARLY_FIGURES
from rainforest.imports.types.incubator import PARK, TEAM, TENANCY
from rainforest.incubator.imports import STAGE_CHANGE, ZONE, ZONE_STAY
from rainforest.policies.imports import POLICY, POLICY_CONDITION

RECORD_TYPES: dict[str, RecordType] = {
    record_type.name: record_type
    for record_type in (
        ENTERPRISE,
        YEARLY_FIGURES,
        CERTIFICATE,
        PARK,
        TEAM,
        TENANCY,
        ZONE,
        ZONE_STAY,
        STAGE_CHANGE,
        VISIT,
        FOLLOW_UP,
        TARGET,
        TRAINING,
        TRAINING_SESSION,
        ATTENDANCE,
        POLICY,
        POLICY_CONDITION,
        EVALUATION,
        ORGANISATION,
        USER,
    )
}


# Record types declared once in an app's records.py (rainforest.core.records) join by themselves.
RECORD_TYPES.update(declared_record_types())


def record_type(name: str) -> RecordType:
    """The record type called `name`; KeyError for an unknown one."""
    return RECORD_TYPES[name]

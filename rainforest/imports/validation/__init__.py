"""Validating a file row by row without querying the database per row: lookups and the stored records the
file refers to are loaded in bulk first, then every row is parsed, applied to a new or stored instance,
checked (field validators, the model's clean(), required fields, data scope, duplicate keys) and compared
with what is stored. The outcome is a `Plan`: what to create, what to update, and every error.

- `plan.py`: the Plan and the progress callback;
- `checks.py`: what is checked per column, worked out once per file from the model's fields;
- `messages.py`: error rows, and Django's validation messages said in the user's words;
- `instances.py`: new and stored instances made cheaply;
- `validator.py`: the Validator that runs a file."""

from rainforest.imports.validation.plan import PROGRESS_EVERY, Plan, Progress
from rainforest.imports.validation.validator import Validator, validate_file

__all__ = ["PROGRESS_EVERY", "Plan", "Progress", "Validator", "validate_file"]

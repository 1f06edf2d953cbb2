"""Types for the codes the API accepts, so that its OpenAPI schema lists them (an `enum`) and a value
outside them is refused with 422 naming the parameter, before any query runs. The lists come from the
same sources as the database: the reference data file (districts, industry sections) and the choices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal

from ninja import Field

from rainforest.core.choices import LAYER_CODES, TechField
from rainforest.core.reference import reference_data

CITY = "140700"


def one_of(values: Iterable[str]) -> Any:
    """A string that must be one of `values` (a `Literal` built from data, hence typed Any)."""
    return Literal[tuple(values)]


def _districts() -> tuple[str, ...]:
    """The city's districts, current and former (a former code lands on its current district)."""
    return tuple(r["code"] for r in reference_data()["regions"] if r.get("parent") == CITY)


def _industry_sections() -> tuple[str, ...]:
    return tuple(section["code"] for section in reference_data()["industry_sections"])


DISTRICT_CODES = _districts()
DistrictCode: Any = one_of(DISTRICT_CODES)
IndustryCode: Any = one_of(_industry_sections())
LayerCode: Any = one_of(LAYER_CODES)
TechFieldCode: Any = one_of(TechField.values)

# Free text in a query string or body: any characters but NUL, which no database stores.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]

# A date the API reasons about (an as-of day, a visit, a deadline): years 1900–2100. Python's dates reach
# year 1 and JSON Schema's `format: date` year 0; neither is a day the bureau's data knows.
# The pattern says so in the schema (JSON Schema has no bounds for dates); ge/le check it.
Day = Annotated[
    date,
    Field(
        ge=date(1900, 1, 1),
        le=date(2100, 12, 31),
        json_schema_extra={"pattern": r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"},
    ),
]

"""The demo's areas beyond the registry, the park and cultivation: one module each, built in this order
(a later area may link to an earlier one's records: achievements to research teams, contracts to
achievements and technology managers).

Each module `rainforest.demo.<area>` has:

- `ROOTS`: the models whose demo rows hang off neither an enterprise nor a park nor a team (a contract
  sold by a university, an achievement, a platform…). The wipe deletes the demo's rows of these models
  with every row hanging off them (`demo.wipe`), and the build gives each a creation row in the change
  log (`demo.history`), so a rebuild never deletes a record the demo did not make.
- `build(rng, *, as_of) -> dict[str, int]`: store the area's records for the demo city, drawing only from
  `rng` (its own generator, seeded from the demo's seed and the area's name, so that one area's draws
  never shift another's), and return the counts the command prints.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from django.db import models

AREAS: tuple[str, ...] = (
    "talent",
    "matching",
    "techmarket",
    "platforms",
    "finance",
    "calls",
    "reviews",
    "indicators",
)


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"rainforest.demo.{area}") for area in AREAS]


def roots() -> tuple[type[models.Model], ...]:
    """The root models of every area, in build order."""
    return tuple(model for module in modules() for model in getattr(module, "ROOTS", ()))

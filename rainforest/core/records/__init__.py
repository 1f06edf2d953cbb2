"""Record types declared once (see `declaration.Record`): list, detail, create, edit and delete pages,
the REST API, the Excel template and export, the permission-matrix rows and the menu entry follow."""

from rainforest.core.records.declaration import (
    REGISTRY_GRANTS,
    Menu,
    Record,
    get,
    on_register,
    register,
    registered,
)

__all__ = ["REGISTRY_GRANTS", "Menu", "Record", "get", "on_register", "register", "registered"]

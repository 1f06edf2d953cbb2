from rainforest.imports.tests.conftest import codes, xlsx  # noqa: F401

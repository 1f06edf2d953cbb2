from rainforest.api.tests.conftest import api, api_urls  # noqa: F401
from rainforest.imports.tests.conftest import xlsx  # noqa: F401

from rainforest.api.tests.conftest import api, api_urls  # noqa: F401

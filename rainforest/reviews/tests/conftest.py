from rainforest.api.tests.conftest import api  # noqa: F401  (not api_urls: the pages are tested here too)

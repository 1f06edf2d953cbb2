import pytest

from rainforest.cultivation import pool


@pytest.fixture(autouse=True)
def fresh_pool_cache():
    """Test databases roll back and reuse ids: never let one test's evaluations serve another."""
    pool.clear_cache()
    yield
    pool.clear_cache()


from rainforest.api.tests.conftest import api  # noqa: E402, F401  (the token-authenticated API caller)

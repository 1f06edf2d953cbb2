# The API's `api` fixture (a real bearer token) without its `api_urls` (autouse there: it would mount only
# the API, and these tests ask the pages too), and the import tests' `xlsx` and `codes`.
from rainforest.api.tests.conftest import api  # noqa: F401
from rainforest.imports.tests.conftest import codes, xlsx  # noqa: F401

"""REST endpoints of the registry under /api/v1/enterprises, one module per entity (enterprises, yearly
figures, certificates). Thin: parse input, call one selector or service, shape the answer. Each operation
declares its access (rainforest.core.policy.access, checked before it runs) and reaches enterprises only
through `Enterprise.objects.restrict(user, action)`; filtering and ordering come only from
`EnterpriseFilter`, writes only through `enterprises.services`, which check the policy again."""

from rainforest.enterprises.api import certificates, enterprises, figures  # noqa: F401  (registers the operations)
from rainforest.enterprises.api._router import router

__all__ = ["router"]

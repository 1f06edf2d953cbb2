"""Pages of the registry, one module per entity: enterprises (list, page, register, change, delete),
yearly figures, certificates and butler assignments. Each page declares its access
(rainforest.core.policy.access) and reaches its rows through `restrict(user, action)`; the writes go
through enterprises.services, which check the policy again. Views only parse, call and render."""

"""Pages of the cultivation work, one module per entity (pool, visits, trainings, targets)."""

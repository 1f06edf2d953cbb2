"""The cast of named roles the permission matrix and the record walk ask about every route and record type
(each a fixture of the root conftest). An app's walk samples name their reaches with these."""

from __future__ import annotations

# 三员分立: the security and audit administrators hold no grant on any business record.
WITHOUT_BUSINESS = ("security_admin", "audit_admin")

CAST = (
    "city",
    "district_yuci",
    "butler",
    "owner",
    "university",
    "bank",
    "admin",
    "outsider",
    "expert",
    *WITHOUT_BUSINESS,
)

# Every role that may read business records at all: what a record the whole city reads reaches.
BUSINESS = tuple(role for role in CAST if role not in WITHOUT_BUSINESS)

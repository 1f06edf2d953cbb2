"""The client address of a request, for lockouts and the audit trail.

Without a proxy (`BEHIND_PROXY=0`, the default) the address is the peer's, REMOTE_ADDR: a client cannot
choose it. Behind a reverse proxy (`BEHIND_PROXY=1`) every request's peer is the proxy, so the address is
read from X-Forwarded-For, which each proxy extends on the right with the address it received the request
from. Entries on the left were written by the client itself and prove nothing, so the list is read from the
right, skipping the hops of proxies we run ourselves (`TRUSTED_PROXIES`, addresses or networks, besides the
immediate peer): the first hop that is not one of ours is the client. A header without a usable hop leaves
REMOTE_ADDR."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in configured)


def _parse(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.5:443
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request` (see the module's docstring for the proxy rule)."""
    peer = request.META.get("REMOTE_ADDR") or None
    if not settings.RAINFOREST_SECURITY["BEHIND_PROXY"]:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded:
        return peer
    trusted = _networks(tuple(settings.RAINFOREST_SECURITY["TRUSTED_PROXIES"]))
    for hop in reversed(forwarded.split(",")):
        address = _parse(hop)
        if address is None:
            return peer  # a malformed hop: nothing left of it can be trusted
        if any(address in network for network in trusted):
            continue
        return str(address)
    return peer

"""Which IP addresses fmlint may connect to: public ones only, unless the user opts in.

A record must not make fmlint probe the user's own network (SSRF): loopback, private,
link-local, multicast, reserved, unspecified and other non-global addresses are refused, and an
IPv4 address mapped into IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it is.
"""

from __future__ import annotations

import ipaddress


def why_refused(address: str) -> str | None:
    """Why fmlint must not connect to `address` ("a loopback address", ...), or None."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, name in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, test):
            return name
    if not ip.is_global:
        return "not a public address"
    return None

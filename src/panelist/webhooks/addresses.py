"""Where a webhook may be sent: public addresses only, unless the deployment allows private ones.

An admin names the receiver, but the worker makes the request from inside the deployment, so an
address such as 127.0.0.1, 169.254.169.254 (the cloud metadata service), 10.0.0.0/8 or a name
that resolves to one would let events, and the requests themselves, reach what only the server
can reach. Every address a name resolves to is checked, and the connection goes to one of those
checked addresses, never to a second resolution that a DNS server could answer differently.
"""

from __future__ import annotations

import ipaddress
import socket

from django.conf import settings

ALLOW_SETTING = "PANELIST_WEBHOOKS_ALLOW_PRIVATE"


class RefusedAddress(Exception):
    """The receiver's host is, or resolves to, an address Panelist does not send to."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# A NAT64 gateway reaches the IPv4 address in the last 32 bits.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def kind_of_non_public(address: Address) -> str | None:
    """What makes ``address`` unfit for a receiver (e.g. 'a loopback address'), or None when it
    is a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and the like reach the IPv4 address they carry.
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return kind_of_non_public(embedded)
    # Most specific first: Python counts 169.254.169.254, 127.0.0.1 and 240.0.0.1 as private
    # too, but link-local, loopback and reserved say more.
    for test, kind in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address (cloud metadata services live there)"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ):
        if getattr(address, test):
            return kind
    if not address.is_global:  # e.g. 100.64.0.0/10, shared by carriers' NAT
        return "not a public address"
    return None


def resolve(host: str, port: int) -> list[Address]:
    """Every address ``host`` resolves to, in the resolver's order, without repeats. Numeric
    forms the C library accepts (``2130706433``, ``0x7f.1``) resolve like any name."""
    found: list[Address] = []
    for _family, _type, _proto, _name, sockaddr in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])  # drop an IPv6 zone
        if address not in found:
            found.append(address)
    return found


def checked(host: str, port: int) -> list[Address]:
    """The addresses to connect to for ``host``: all of them, once each is known to be public
    (or private ones are allowed). Raises RefusedAddress naming the first that is not;
    resolution failures are left to the caller (socket.gaierror, an OSError)."""
    addresses = resolve(host, port)
    if settings.PANELIST_WEBHOOKS_ALLOW_PRIVATE:
        return addresses
    for address in addresses:
        kind = kind_of_non_public(address)
        if kind:
            named = str(address) if host.strip("[]") == str(address) else f"{host} ({address})"
            raise RefusedAddress(
                f"{named} is {kind}; Panelist sends events only to public addresses unless "
                f"{ALLOW_SETTING} is on."
            )
    return addresses

"""Who may do what: one shared token guards every write (and reads, when served beyond this machine).

API clients send `Authorization: Bearer TOKEN`; people sign in once on /login, which keeps the
token and their name in SameSite=Strict, HttpOnly cookies (so another site cannot post with them).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets

from fastapi import HTTPException, Request

TOKEN_ENV = "INCIDENTWIRE_TOKEN"
TOKEN_COOKIE = "iw_token"
USER_COOKIE = "iw_user"


def token_from_env() -> tuple[str, bool]:
    """($INCIDENTWIRE_TOKEN, False), or a fresh random token and True (the caller prints it)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    return (token, False) if token else (secrets.token_urlsafe(24), True)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Auth:
    def __init__(self, token: str, *, open_reads: bool):
        if not token:
            raise ValueError("the write token cannot be empty")
        self.token = token
        self.open_reads = open_reads

    def presented(self, request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip()
        return request.cookies.get(TOKEN_COOKIE)

    def valid(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token.encode(), self.token.encode())  # type: ignore[union-attr]

    def signed_in(self, request: Request) -> bool:
        return self.valid(self.presented(request))

    def require_write(self, request: Request) -> None:
        if not self.signed_in(request):
            raise HTTPException(401, "this needs the write token: send 'Authorization: Bearer TOKEN' "
                                     "(printed by `incidentwire serve`, or $INCIDENTWIRE_TOKEN), or sign in at /login",
                                headers={"WWW-Authenticate": "Bearer"})

    def require_read(self, request: Request) -> None:
        if not self.open_reads:
            self.require_write(request)

    @staticmethod
    def user(request: Request) -> str | None:
        return request.cookies.get(USER_COOKIE) or request.headers.get("x-incidentwire-user")

"""Bearer tokens for contact-centre systems: shown once, only their hash is kept."""
import hashlib
import secrets

from flask import request

from .errors import Unauthorized

PREFIX = "tku_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # Tokens are long and random, so a fast hash is enough (no need for a password hash).
    return hashlib.sha256(token.encode()).hexdigest()


def council_from_bearer(store) -> str:
    """The slug of the council whose token authorises this request, or 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(headers={"WWW-Authenticate": 'Bearer realm="takeup"'})
    council = store.council_for_token(hash_token(token.strip()))
    if not council:
        raise Unauthorized("That bearer token is not valid.", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return council

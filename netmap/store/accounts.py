"""Local accounts: who may sign in to the app, with which password or single sign-on identity.

Passwords are kept only as Argon2id hashes (argon2-cffi's defaults, RFC 9106) and never logged,
printed or put in a message. Failed sign-ins slow down further attempts, per account and per
address, with the counts kept in the store so that a restart does not reset them; every sign-in,
failure and refusal is a row of the audit trail (:mod:`netmap.store.audit`).

The messages a person sees at sign-in are the same for an unknown user and a wrong password,
so that the form does not tell who has an account.
"""
from __future__ import annotations

import ipaddress
import math
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from netmap.errors import AccessError, InputError, StoreError
from netmap.store import schema as S
from netmap.store.audit import insert as audit
from netmap.store.store import _now, default_author

__all__ = ["User", "is_loopback", "add_user", "set_password", "remove_user", "users", "has_users", "sign_in", "sso_sign_in",
           "current_user", "identity_user", "last_seen", "check_password", "MIN_PASSWORD", "ACCOUNT_FREE", "ADDRESS_FREE", "MAX_DELAY"]

#: Shortest password accepted (NIST SP 800-63B asks for at least 8; a team tool holding personal data asks more).
MIN_PASSWORD = 10
#: Failed sign-ins allowed before each further attempt must wait, per account and per address.
ACCOUNT_FREE, ADDRESS_FREE = 3, 10
#: The first wait, doubled with every further failure, up to MAX_DELAY (seconds).
FIRST_DELAY, MAX_DELAY = 1.0, 900.0
#: Failures older than this (seconds) no longer count: the count starts again.
FORGET_AFTER = 3600.0
#: One message for an unknown user and a wrong password: the form does not say who has an account.
WRONG = "Wrong user name or password."

_hasher = PasswordHasher()  # Argon2id, argon2-cffi's RFC 9106 "low memory" defaults
_dummy: list[str] = []  # a hash to check unknown users against, so they take as long as known ones


@dataclass(frozen=True)
class User:
    """An account, without its password hash."""

    id: int
    name: str
    identity: str | None
    has_password: bool
    generation: int
    created_at: str
    created_by: str


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` reaches this computer only (``127.0.0.1``, ``::1``, ``localhost``)."""
    text = str(address or "").strip().strip("[]")
    if text.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def _user(row) -> User:
    return User(row.id, row.name, row.identity, row.password_hash is not None, row.generation, row.created_at,
                row.created_by)


def clean_user_name(name: str) -> str:
    """A user name as stored: NFC, trimmed, 1-64 printable characters."""
    name = unicodedata.normalize("NFC", str(name or "")).strip()
    if not name:
        raise InputError("the user name is blank; give one such as 'ann'")
    if len(name) > 64:
        raise InputError("the user name is longer than 64 characters")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise InputError("the user name holds control characters; use letters, digits and punctuation")
    return name


def check_password(name: str, password: str) -> None:
    """Refuse a password too short, too long, or the user name itself (the password is never quoted)."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password is shorter than {MIN_PASSWORD} characters; choose a longer one "
                         "(a few unrelated words are easy to remember)")
    if len(password) > 1024:
        raise InputError("the password is longer than 1,024 characters")
    if password.strip().casefold() == name.casefold():
        raise InputError("the password is the user name; choose another")


def _hash(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    if stored is None:
        if not _dummy:
            _dummy.append(_hasher.hash("netmap: no such account"))
        stored = _dummy[0]
        wanted = False
    else:
        wanted = True
    try:
        return _hasher.verify(stored, password) and wanted
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _find(conn: Connection, name: str):
    return conn.execute(sa.select(S.users).where(S.users.c.name == name)).first()


def _named(conn: Connection, name: str, store) -> object:
    row = _find(conn, name)
    if row is None:
        raise StoreError(f"no user '{name}' in {store.where} (netmap users list shows them)")
    return row


def _clean_identity(identity: str | None) -> str | None:
    if identity is None:
        return None
    identity = identity.strip()
    if not identity or len(identity) > 320 or any(unicodedata.category(c).startswith("C") for c in identity):
        raise InputError("--identity takes the email address or subject the single sign-on provider gives, "
                         "e.g. ann@example.org")
    return identity.casefold() if "@" in identity else identity


def add_user(store, name: str, password: str | None = None, *, identity: str | None = None,
             by: str | None = None) -> User:
    """Create an account with a password, a single sign-on identity, or both (audited).

    Raises
    ------
    InputError
        A bad name or password, or neither a password nor an identity.
    StoreError
        The name or identity is taken.
    """
    name = clean_user_name(name)
    identity = _clean_identity(identity)
    if password is None and identity is None:
        raise InputError("give a password, or --identity for single sign-on, or both")
    if password is not None:
        check_password(name, password)
    hashed = _hash(password) if password is not None else None
    by = by or default_author()
    with store._write() as conn:
        if _find(conn, name) is not None:
            raise StoreError(f"user '{name}' already exists in {store.where} (netmap users passwd {name} changes "
                             "the password)")
        if identity is not None and conn.execute(sa.select(S.users.c.name).where(S.users.c.identity == identity)
                                                 ).first():
            raise StoreError(f"another user already signs in as '{identity}'")
        conn.execute(S.users.insert().values(name=name, password_hash=hashed, identity=identity, generation=1,
                                             created_at=_now(), created_by=by))
        audit(conn, "user added", by, detail={"account": name, "password": password is not None,
                                              "single sign-on": identity is not None})
        return _user(_find(conn, name))


def set_password(store, name: str, password: str, *, by: str | None = None) -> None:
    """Change a user's password; every session signed in with the old one ends (audited)."""
    name = clean_user_name(name)
    check_password(name, password)
    hashed = _hash(password)
    by = by or default_author()
    with store._write() as conn:
        row = _named(conn, name, store)
        conn.execute(S.users.update().where(S.users.c.id == row.id)
                     .values(password_hash=hashed, generation=row.generation + 1))
        conn.execute(S.sign_in_failures.delete().where(S.sign_in_failures.c.key == f"account:{name}"))
        audit(conn, "password changed", by, detail={"account": name})


def remove_user(store, name: str, *, by: str | None = None) -> None:
    """Remove an account and its roles; a session it has open is refused at its next action."""
    name = clean_user_name(name)
    by = by or default_author()
    with store._write() as conn:
        row = _named(conn, name, store)
        conn.execute(S.project_roles.delete().where(S.project_roles.c.user_id == row.id))
        conn.execute(S.users.delete().where(S.users.c.id == row.id))
        audit(conn, "user removed", by, detail={"account": name})


def users(store) -> list[User]:
    """Every account, by name."""
    with store._read() as conn:
        return [_user(r) for r in conn.execute(sa.select(S.users).order_by(S.users.c.name))]


def has_users(store) -> bool:
    """Whether anyone has an account (then the app asks everyone to sign in)."""
    with store._read() as conn:
        return conn.execute(sa.select(S.users.c.id).limit(1)).first() is not None


def current_user(store, user_id: int, generation: int, now: float | None = None) -> User | None:
    """The signed-in user as the store has them now: None when removed or when the password
    changed since they signed in. Notes when they were last seen (for single sign-on's idle limit)."""
    now = time.time() if now is None else now
    with store._read() as conn:
        row = conn.execute(sa.select(S.users).where(S.users.c.id == user_id)).first()
    if row is None or row.generation != generation:
        return None
    if row.last_seen is None or now - row.last_seen > 60:  # at most one write a minute per user
        with store._write() as conn:
            conn.execute(S.users.update().where(S.users.c.id == user_id).values(last_seen=now))
    return _user(row)


def last_seen(store, user_id: int) -> float | None:
    with store._read() as conn:
        return conn.execute(sa.select(S.users.c.last_seen).where(S.users.c.id == user_id)).scalar()


# ----------------------------------------------------------------- slowing down failed sign-ins

def _wait(conn: Connection, key: str, free: int, now: float) -> float:
    """Seconds the next attempt under ``key`` must still wait (0: it may go ahead)."""
    row = conn.execute(sa.select(S.sign_in_failures).where(S.sign_in_failures.c.key == key)).first()
    if row is None or now - row.last_failure > FORGET_AFTER or row.failures < free:
        return 0.0
    delay = min(MAX_DELAY, FIRST_DELAY * 2 ** (row.failures - free))
    return max(0.0, row.last_failure + delay - now)


def _count(conn: Connection, key: str, now: float) -> None:
    """One more failure under ``key`` (counted from 1 again when the last is forgotten)."""
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(S.sign_in_failures)
    table = S.sign_in_failures
    fresh = sa.case((now - table.c.last_failure > FORGET_AFTER, 1), else_=table.c.failures + 1)
    conn.execute(insert.values(key=key, failures=1, last_failure=now)
                 .on_conflict_do_update(index_elements=[table.c.key],
                                        set_={"failures": fresh, "last_failure": now}))


def _uncount(conn: Connection, key: str) -> None:
    table = S.sign_in_failures
    conn.execute(table.update().where(table.c.key == key, table.c.failures > 0)
                 .values(failures=table.c.failures - 1))


def _keys(name: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"account:{name}", ACCOUNT_FREE)]
    if address:
        keys.append((f"address:{address}", ADDRESS_FREE))
    return keys


def _reserve(store, name: str, address: str | None, method: str, now: float) -> None:
    """Check no wait is due, then count this attempt as a failure until it succeeds: attempts
    made at the same time cannot all pass the check before any failure is counted."""
    with store._write() as conn:
        wait = max(_wait(conn, key, free, now) for key, free in _keys(name, address))
        if wait <= 0:
            for key, _ in _keys(name, address):
                _count(conn, key, now)
            return
        audit(conn, "sign-in refused", name, detail={"method": method, "why": "too many failed sign-ins",
                                                     "wait seconds": math.ceil(wait)}, address=address)
    raise AccessError(f"Too many failed sign-ins. Wait {_duration(wait)} and try again.")


def _duration(seconds: float) -> str:
    seconds = math.ceil(seconds)
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def _succeed(conn: Connection, name: str, address: str | None, user_id: int, method: str, now: float) -> None:
    conn.execute(S.sign_in_failures.delete().where(S.sign_in_failures.c.key == f"account:{name}"))
    if address:
        _uncount(conn, f"address:{address}")
    conn.execute(S.users.update().where(S.users.c.id == user_id).values(last_seen=now))
    audit(conn, "sign-in", name, detail={"method": method}, address=address)


def sign_in(store, name: str, password: str, *, address: str | None = None, now: float | None = None) -> User:
    """The user whose name and password these are; every outcome is audited.

    Raises
    ------
    AccessError
        Wrong name or password (one message for both), or too many failures: wait first.
    """
    now = time.time() if now is None else now
    try:
        name = clean_user_name(name)
    except InputError:
        name = (str(name or "").strip() or "(blank)")[:64]
    _reserve(store, name, address, "password", now)
    with store._read() as conn:
        row = _find(conn, name)
    stored = row.password_hash if row is not None else None
    good = _verify(stored, password or "")
    with store._write() as conn:
        if not good:
            why = "unknown user" if row is None else "no password (single sign-on only)" if stored is None \
                else "wrong password"
            audit(conn, "sign-in failed", name, detail={"method": "password", "why": why}, address=address)
        else:
            if _hasher.check_needs_rehash(stored):
                conn.execute(S.users.update().where(S.users.c.id == row.id).values(password_hash=_hash(password)))
            _succeed(conn, name, address, row.id, "password", now)
    if not good:
        raise AccessError(WRONG)
    return _user(row)


def _identities(claims: Mapping) -> list[str]:
    """What the provider vouches for, in order: the verified email, then the subject."""
    email = claims.get("email")
    verified = claims.get("email_verified", True) not in (False, "false")
    found = [str(email).strip().casefold()] if email and verified else []
    if claims.get("sub"):
        found.append(str(claims["sub"]).strip())
    return found


def _identity_row(conn: Connection, identities: list[str]):
    for identity in identities:
        row = conn.execute(sa.select(S.users).where(S.users.c.identity == identity)).first()
        if row is not None:
            return row
    return None


def identity_user(store, claims: Mapping) -> User | None:
    """The account the provider's claims map to, without signing in (None: no such account)."""
    with store._read() as conn:
        row = _identity_row(conn, _identities(claims))
    return None if row is None else _user(row)


def sso_sign_in(store, claims: Mapping, *, address: str | None = None, now: float | None = None) -> User:
    """The netmap user the OpenID provider's claims belong to: the account whose identity is
    the verified ``email``, or else the ``sub``. Audited either way.

    Raises
    ------
    AccessError
        No account has this identity (the person is told to ask for one).
    """
    now = time.time() if now is None else now
    candidates = _identities(claims)
    with store._write() as conn:
        row = _identity_row(conn, candidates)
        if row is None:
            audit(conn, "sign-in failed", candidates[0] if candidates else None,
                  detail={"method": "single sign-on", "why": "no netmap account has this identity"}, address=address)
        else:
            _succeed(conn, row.name, address, row.id, "single sign-on", now)
    if row is None:
        raise AccessError("You signed in with the provider, but no netmap account has this identity. Ask whoever "
                          "runs netmap to add you (netmap users add NAME --identity YOUR-EMAIL).")
    return _user(row)

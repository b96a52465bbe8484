"""What keeps the questionnaire server safe to put in front of the public.

* **Bounded requests**: a form is read only as URL-encoded text, at most
  :attr:`Limits.body_bytes` long and :attr:`Limits.fields` fields (a larger one is refused
  with 413 before it is parsed).
* **Rate limits** per address and per link, and a stricter one on links that open nothing
  (someone guessing links runs out of tries long before a 256-bit token could be found).
* **CSRF**: every form carries an HMAC of a random cookie and the link it belongs to
  (a signed double-submit cookie); a form without the matching pair is refused.
* **Headers** on every response: a strict Content-Security-Policy (``default-src 'self'``, no
  inline script), no referrer (the link is in the address), no caching (a shared computer at
  a drop-in), no framing.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

__all__ = ["Limits", "RateLimiter", "csrf_token", "csrf_ok", "new_nonce", "SecurityHeaders", "FormRefused",
           "parse_form", "CSRF_COOKIE", "HEADERS"]

CSRF_COOKIE = "nm_csrf"
#: Sent with every response.
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
                                 b"object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


@dataclass(frozen=True)
class Limits:
    """Bounds on what one client may send. Rates are (requests, seconds)."""

    body_bytes: int = 64_000
    fields: int = 200
    per_address: tuple[int, float] = (600, 60.0)
    per_link: tuple[int, float] = (120, 60.0)
    misses: tuple[int, float] = (30, 600.0)


class FormRefused(Exception):
    """A form that is not read: ``status`` 413 (too large), 415 (not a form) or 400."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def parse_form(content_type: str, body: bytes, limits: Limits) -> dict[str, list[str]]:
    """The fields of a URL-encoded form body, refused when it is not one or is too large."""
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise FormRefused(415, "not a form")
    if len(body) > limits.body_bytes:
        raise FormRefused(413, "too large")
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=limits.fields, errors="strict")
    except UnicodeDecodeError:
        raise FormRefused(400, "not UTF-8") from None
    except ValueError:
        raise FormRefused(413, "too many fields") from None
    fields: dict[str, list[str]] = {}
    for key, value in pairs:
        fields.setdefault(key, []).append(value)
    return fields


class RateLimiter:
    """Fixed-window counters, one per key (an address, a link, misses of an address).

    Kept in this process's memory: with several server processes each counts on its own.
    Old windows are dropped as keys are seen, so memory stays bounded by the keys of the
    last window.
    """

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._counts: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()
        self._swept = clock()

    def hit(self, key: str, rule: tuple[int, float]) -> bool:
        """Count one request for ``key``; False once it is over ``rule`` in this window."""
        limit, window = rule
        now = self._clock()
        with self._lock:
            start, count = self._counts.get(key, (now, 0))
            if now - start >= window:
                start, count = now, 0
            count += 1
            self._counts[key] = (start, count)
            if now - self._swept > 60:
                self._sweep(now)
            return count <= limit

    def over(self, key: str, rule: tuple[int, float]) -> bool:
        """Whether ``key`` is already over ``rule`` (without counting a request)."""
        limit, window = rule
        now = self._clock()
        with self._lock:
            start, count = self._counts.get(key, (now, 0))
            return now - start < window and count >= limit

    def _sweep(self, now: float) -> None:
        longest = 3600.0
        self._counts = {k: v for k, v in self._counts.items() if now - v[0] < longest}
        self._swept = now


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def csrf_token(secret: str, nonce: str, scope: str) -> str:
    """The token a form carries: an HMAC of the cookie's nonce and the link's hash."""
    return hmac.new(secret.encode("ascii"), f"{nonce}|{scope}".encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, nonce: str | None, scope: str, token: str | None) -> bool:
    if not nonce or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, nonce, scope), token)


class SecurityHeaders:
    """ASGI middleware: :data:`HEADERS` on every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + HEADERS}
            await send(message)

        return await self.app(scope, receive, sending)

"""The questionnaire server: Starlette, plain HTML, one page per questionnaire page.

Routes (``TOKEN`` is a link's token; nothing else in an address identifies anyone)::

    GET       /r/TOKEN               the consent page, or "welcome back" with where to carry on
    GET/POST  /r/TOKEN/N             page N of the questionnaire (POST saves it: one transaction)
    GET/POST  /r/TOKEN/check         the answers given; POST sends them
    GET       /r/TOKEN/saved, /thanks
    GET/POST  /r/TOKEN/withdraw      POST deletes every answer
    GET/POST  /d/DROPIN              a facilitator picks who is answering: a session of their own
    …         /d/DROPIN/s/SESSION/…  that session's pages, as under /r/TOKEN

An unknown, revoked, withdrawn or closed link gets :data:`~netmap.collect.views.PLAIN`: the same
page and the same status (404) whatever the reason, so a link reveals nothing about anyone.
The server shows no analysis, no other person's answers, and not whether anyone else answered.

:func:`create_app` is what ``netmap collect serve`` runs (on uvicorn), and what the tests drive.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from netmap.collect import views
from netmap.collect.guard import (
    CSRF_COOKIE,
    FormRefused,
    Limits,
    RateLimiter,
    SecurityHeaders,
    csrf_ok,
    csrf_token,
    new_nonce,
    parse_form,
)
from netmap.errors import NetmapError, StoreError
from netmap.questionnaire import Lookup, Questionnaire, answers_by_question, parse_questionnaire, read_page
from netmap.questionnaire.roster import read_places
from netmap.store import Store, open_store
from netmap.store.collections import Access, Answer, Collections, NotOpen, new_token, token_hash

__all__ = ["create_app", "Limits", "Server"]

STATIC = Path(__file__).resolve().parent / "static"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


@dataclass(frozen=True)
class _Loaded:
    """What never changes while a collection is open: read once per server process."""

    questionnaire: Questionnaire
    secret: str
    people: Lookup  # label -> actor id
    person_keys: Lookup  # label -> the person's row in the store (as text)
    labels: tuple[str, ...]
    places: Lookup
    place_labels: tuple[str, ...]


@dataclass
class _Ctx:
    """One request to a sheet: the link's access, where its pages are, and the CSRF cookie."""

    access: Access
    loaded: _Loaded
    base: str
    scope: str
    nonce: str
    fresh_nonce: bool
    secure: bool = False  # served over https (directly, or behind a proxy on this machine)
    dropin: str = ""  # a session's drop-in base (/d/TOKEN), where its thanks page is

    @property
    def csrf(self) -> str:
        return csrf_token(self.loaded.secret, self.nonce, self.scope)


class Server:
    """The server's state: the store, what each collection loaded, the rate limits."""

    def __init__(self, store: Store, limits: Limits | None = None):
        self.store = store
        self.records = Collections(store)
        self.limits = limits or Limits()
        self.rates = RateLimiter()
        self._loaded: dict[int, _Loaded] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ shared pieces
    def loaded(self, collection_id: int) -> _Loaded:
        with self._lock:
            found = self._loaded.get(collection_id)
        if found is not None:
            return found
        collection = self.records.by_id(collection_id)
        questionnaire = parse_questionnaire(collection.questionnaire)
        people = self.records.people(collection_id)
        places = {}
        for f in self.records.files(collection_id):
            if f.role == "places":
                table = read_places((f.filename, f.content))
                places = dict(zip(table["name"], table["id"]))
        found = _Loaded(questionnaire, collection.secret, Lookup({p.label: p.actor_id for p in people}),
                        Lookup({p.label: str(p.key) for p in people}), tuple(p.label for p in people), Lookup(places),
                        tuple(places))
        with self._lock:
            self._loaded[collection_id] = found
        return found

    def page(self, ctx: _Ctx, body: str, status: int = 200) -> HTMLResponse:
        response = HTMLResponse(body, status_code=status)
        if ctx.fresh_nonce:
            response.set_cookie(CSRF_COOKIE, ctx.nonce, httponly=True, samesite="lax", path="/", secure=ctx.secure)
        return response

    @staticmethod
    def plain(status: int = 404) -> HTMLResponse:
        return HTMLResponse(views.PLAIN, status_code=status)

    @staticmethod
    def refused(status: int, heading: str, text: str) -> HTMLResponse:
        return HTMLResponse(views.plain_page(heading, text), status_code=status)

    def too_many(self) -> HTMLResponse:
        response = self.refused(429, "Too many requests", "Too many pages were asked for from here in a short time. "
                                "Wait a minute, then try again; your saved answers are kept.")
        response.headers["Retry-After"] = "60"
        return response

    def missed(self, address: str) -> HTMLResponse:
        self.rates.hit("m:" + address, self.limits.misses)
        return self.plain()

    # ------------------------------------------------------------------ requests
    async def _gate(self, request: Request, *tokens: str):
        """Rate limits, the tokens' shape and the form's size: a Response to send instead, or
        (address, form or None)."""
        address = request.client.host if request.client else "unknown"
        if not self.rates.hit("a:" + address, self.limits.per_address) or \
                self.rates.over("m:" + address, self.limits.misses):
            return self.too_many()
        if not all(_TOKEN.match(t) for t in tokens):
            return self.missed(address)
        if not self.rates.hit("l:" + token_hash(tokens[-1]), self.limits.per_link):
            return self.too_many()
        form = None
        if request.method == "POST":
            try:
                form = parse_form(request.headers.get("content-type", ""), await _body(request, self.limits),
                                  self.limits)
            except FormRefused as exc:
                if exc.status == 413:
                    return self.refused(413, "Too much text", "The page sent more text than a questionnaire page "
                                        "takes. Go back, shorten your answers and save again.")
                return self.refused(exc.status, "Not a questionnaire form", "Go back, reload the page and try again.")
        return address, form

    async def _served(self, request: Request, handler, *tokens: str) -> Response:
        """The request through the gate (limits, form, CSRF), then ``handler(request, address,
        *tokens, form)`` on a worker thread: it reads and writes the store."""
        gated = await self._gate(request, *tokens)
        if isinstance(gated, Response):
            return gated
        address, form = gated
        return await run_in_threadpool(handler, request, address, *tokens, form)

    async def personal(self, request: Request) -> Response:
        return await self._served(request, self._personal, request.path_params["token"])

    def _personal(self, request: Request, address: str, token: str, form) -> Response:
        access = self.records.resolve(token_hash(token))
        if access is None or access.kind != "personal":
            return self.missed(address)
        ctx = self._ctx(request, access, f"/r/{token}", token_hash(token))
        return self._sheet(ctx, request.path_params.get("step", ""), form, request)

    async def session(self, request: Request) -> Response:
        return await self._served(request, self._session, request.path_params["token"],
                                  request.path_params["session"])

    def _session(self, request: Request, address: str, token: str, session: str, form) -> Response:
        dropin = self.records.resolve(token_hash(token))
        access = self.records.resolve(token_hash(session))
        if dropin is None or dropin.kind != "dropin" or access is None or access.kind != "session" or \
                access.collection_id != dropin.collection_id:
            return self.missed(address)
        ctx = self._ctx(request, access, f"/d/{token}/s/{session}", token_hash(session))
        ctx.dropin = f"/d/{token}"
        return self._sheet(ctx, request.path_params.get("step", ""), form, request)

    async def dropin(self, request: Request) -> Response:
        return await self._served(request, self._dropin, request.path_params["token"])

    def _dropin(self, request: Request, address: str, token: str, form) -> Response:
        access = self.records.resolve(token_hash(token))
        if access is None or access.kind != "dropin":
            return self.missed(address)
        ctx = self._ctx(request, access, f"/d/{token}", token_hash(token))
        q = ctx.loaded.questionnaire
        step = request.path_params.get("step", "")
        if step == "thanks" and form is None:
            return self.page(ctx, views.plain_page(
                "Thank you", "The answers were sent. Hand the device back to the facilitator.",
                links=[(ctx.base, "Next person")]))
        if step:
            return self.plain()
        value, errors = "", []
        if form is not None:
            if not csrf_ok(ctx.loaded.secret, request.cookies.get(CSRF_COOKIE), ctx.scope, _one(form, "csrf")):
                return self._stale()
            value = _one(form, "person").strip()
            key = ctx.loaded.person_keys.find(value)
            if key is not None:
                session = new_token()
                try:
                    self.records.open_session(access.collection_id, int(key), token_hash(session))
                except NotOpen:
                    return self.plain()
                return RedirectResponse(f"{ctx.base}/s/{session}", status_code=303)
            errors = [views._Error("person", "Pick the name of the person answering from the list" if value else
                                   "Type the name of the person answering and pick it from the list")]
        body = views.render("picker.html", heading=q.title, errors=errors, value=value, roster=ctx.loaded.labels,
                            action=ctx.base, csrf=ctx.csrf)
        return self.page(ctx, body, 400 if errors else 200)

    def _ctx(self, request: Request, access: Access, base: str, scope: str) -> _Ctx:
        nonce = request.cookies.get(CSRF_COOKIE)
        fresh = not nonce or len(nonce) > 64
        return _Ctx(access, self.loaded(access.collection_id), base, scope, new_nonce() if fresh else nonce, fresh,
                    request.url.scheme == "https")

    def _stale(self) -> HTMLResponse:
        return self.refused(403, "This form could not be accepted",
                            "The page was open too long, or your browser did not keep this site's cookie. Go back, "
                            "reload the page, and save your answers again.")

    # ------------------------------------------------------------------ one person's sheet
    def _sheet(self, ctx: _Ctx, step: str, form, request: Request) -> Response:
        q = ctx.loaded.questionnaire
        if form is not None and not csrf_ok(ctx.loaded.secret, request.cookies.get(CSRF_COOKIE), ctx.scope,
                                            _one(form, "csrf")):
            return self._stale()
        try:
            if step == "":
                return self._welcome(ctx) if form is None else self.plain(405)
            if step.isdigit() and 1 <= int(step) <= len(q.pages):
                return self._page(ctx, int(step), form)
            if step == "check":
                return self._check(ctx, form)
            if step == "withdraw":
                return self._withdraw(ctx, form)
            if step in ("saved", "thanks") and form is None and ctx.access.sheet is not None:
                return self._after(ctx, step)
        except NotOpen:
            return self.plain()
        return self.plain()

    def _welcome(self, ctx: _Ctx) -> Response:
        if ctx.access.sheet is None:
            return self._page(ctx, 1, None)
        q = ctx.loaded.questionnaire
        submitted = ctx.access.sheet_state == "submitted"
        following = ctx.access.page + 1
        links = [(f"{ctx.base}/check", "See and change your answers")] if submitted else \
            [(f"{ctx.base}/{following}" if following <= len(q.pages) else f"{ctx.base}/check",
              "Carry on where you stopped"), (f"{ctx.base}/check", "See all your answers so far")]
        text = ("You have sent your answers. You can change them until the questionnaire closes." if submitted else
                "Your answers so far are saved. You can carry on, or change any of them.")
        return self.page(ctx, views.plain_page(f"Welcome back – {q.title}", text,
                                               links=links + [(f"{ctx.base}/withdraw",
                                                               "Withdraw: delete all my answers")]))

    def _saved(self, ctx: _Ctx) -> dict[str, list[Answer]]:
        return answers_by_question(self.records.answers(ctx.access.sheet)) if ctx.access.sheet else {}

    def _page(self, ctx: _Ctx, number: int, form) -> Response:
        q = ctx.loaded.questionnaire
        page = q.pages[number - 1]
        consent = number == 1
        if not consent and ctx.access.sheet is None:
            return RedirectResponse(ctx.base, status_code=303)
        saved = self._saved(ctx)
        errors = []
        if form is not None:
            parsed = read_page(q, page, form, people=ctx.loaded.people, places=ctx.loaded.places, saved=saved)
            errors = parsed.errors
            if not errors:
                return self._save(ctx, number, parsed, _one(form, "action"))
        body = views.render(
            "page.html", heading=q.title, page_title=page.title or f"Page {number}", number=number, total=len(q.pages),
            intro=[p for p in q.intro.split("\n\n") if p.strip()] if consent else [],
            questions=views.page_view(q, page, saved, form if errors else None, errors),
            errors=views.error_views(errors), action=f"{ctx.base}/{number}", csrf=ctx.csrf,
            roster=ctx.loaded.labels if any(x.kind == "names" for x in page.questions) else (),
            places=ctx.loaded.place_labels if any(x.kind == "places" for x in page.questions) else (),
            next_label="Continue" if consent else ("Save and continue" if number < len(q.pages) else
                                                   "Save and check your answers"),
            back=not consent and number > 2, stop=not consent,
            withdraw=f"{ctx.base}/withdraw" if ctx.access.sheet is not None else "")
        return self.page(ctx, body, 400 if errors else 200)

    def _save(self, ctx: _Ctx, number: int, parsed, action: str) -> Response:
        q = ctx.loaded.questionnaire
        if number == 1:
            if parsed.consent == "decline":
                if ctx.access.sheet is not None:
                    return RedirectResponse(f"{ctx.base}/withdraw", status_code=303)
                links = [(ctx.dropin, "Back to the start")] if ctx.dropin else [(ctx.base, "Back to the start")]
                return self.page(ctx, views.plain_page(
                    "Nothing was stored", "You chose not to take part, so nothing you did here was kept.",
                    "If you change your mind before the questionnaire closes, open the link again.", links=links))
            answers = [a for items in parsed.answers.values() for a in items]
            if ctx.access.sheet is None:
                self.records.start(ctx.access, answers)
            return RedirectResponse(f"{ctx.base}/2" if len(q.pages) > 1 else f"{ctx.base}/check", status_code=303)
        self.records.save(ctx.access.sheet, parsed.answers, page=number, prune=parsed.prune)
        if action == "stop":
            return RedirectResponse(f"{ctx.base}/saved", status_code=303)
        if action == "back":
            return RedirectResponse(f"{ctx.base}/{max(number - 1, 2)}", status_code=303)
        return RedirectResponse(f"{ctx.base}/{number + 1}" if number < len(q.pages) else f"{ctx.base}/check",
                                status_code=303)

    def _check(self, ctx: _Ctx, form) -> Response:
        if ctx.access.sheet is None:
            return RedirectResponse(ctx.base, status_code=303)
        if form is not None:
            self.records.submit(ctx.access.sheet, end_link=ctx.access.link_id if ctx.access.kind == "session" else None)
            return RedirectResponse(f"{ctx.dropin}/thanks" if ctx.dropin else f"{ctx.base}/thanks", status_code=303)
        q = ctx.loaded.questionnaire
        body = views.render("check.html", heading=q.title, pages=views.check_view(q, self._saved(ctx), ctx.base),
                            submitted=ctx.access.sheet_state == "submitted", action=f"{ctx.base}/check",
                            csrf=ctx.csrf, withdraw=f"{ctx.base}/withdraw")
        return self.page(ctx, body)

    def _after(self, ctx: _Ctx, step: str) -> Response:
        q = ctx.loaded.questionnaire
        if step == "saved":
            return self.page(ctx, views.plain_page(
                "Your answers are saved", "You can close this page. To carry on, open the same link again: your "
                "answers will be there, until the questionnaire closes.",
                links=[(ctx.base, "Carry on now")]))
        return self.page(ctx, views.plain_page(
            "Thank you", *[p for p in q.thanks.split("\n\n") if p.strip()] or ["Your answers were sent."],
            "You can change your answers with the same link until the questionnaire closes.",
            links=[(f"{ctx.base}/check", "See and change your answers")]))

    def _withdraw(self, ctx: _Ctx, form) -> Response:
        back = [(ctx.dropin, "Back to the start")] if ctx.dropin else []
        if form is None:
            if ctx.access.sheet is None:
                return RedirectResponse(ctx.base, status_code=303)
            return self.page(ctx, views.plain_page(
                "Withdraw from the questionnaire", "Every answer you have given will be deleted, and this link will "
                "stop working. This cannot be undone.",
                links=[(f"{ctx.base}/check", "Keep my answers")],
                form={"action": f"{ctx.base}/withdraw", "value": "withdraw", "button": "Delete all my answers",
                      "style": "danger"}, csrf=ctx.csrf))
        if ctx.access.sheet is not None:
            self.records.withdraw(ctx.access.sheet)
        return self.page(ctx, views.plain_page("Your answers were deleted",
                                               "Nothing you answered is kept. Thank you for your time.", links=back))


async def _body(request: Request, limits: Limits) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limits.body_bytes):
        raise FormRefused(413, "too large")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.body_bytes:
            raise FormRefused(413, "too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _one(form: Mapping[str, list[str]] | None, name: str) -> str:
    values = (form or {}).get(name) or [""]
    return values[0]


def create_app(db: str | None = None, *, limits: Limits | None = None, store: Store | None = None) -> Starlette:
    """The questionnaire server's ASGI app on the store ``db`` (default: ``NETMAP_DB``, else
    the store in the user's data folder); ``uvicorn --factory`` calls it with no arguments."""
    server = Server(store if store is not None else open_store(db), limits)

    async def home(request: Request) -> Response:
        return HTMLResponse(views.plain_page("Questionnaire", "To answer, open the link you were given."))

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def not_found(request: Request, exc) -> Response:
        return Server.plain(404)

    async def failed(request: Request, exc) -> Response:
        return Server.refused(503, "Not saved just now", "The questionnaire cannot be reached just now. Your "
                              "earlier answers are kept; try again in a few minutes.")

    async def method(request: Request, exc) -> Response:
        return Server.plain(405)

    sheet_methods = ["GET", "POST"]
    routes = [
        Route("/", home),
        Route("/healthz", health),
        Route("/r/{token}", server.personal, methods=["GET"]),
        Route("/r/{token}/{step}", server.personal, methods=sheet_methods),
        Route("/d/{token}", server.dropin, methods=sheet_methods),
        Route("/d/{token}/s/{session}", server.session, methods=["GET"]),
        Route("/d/{token}/s/{session}/{step}", server.session, methods=sheet_methods),
        Route("/d/{token}/{step}", server.dropin, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: method, StoreError: failed,
                                                       NetmapError: failed, 500: failed})
    app.add_middleware(SecurityHeaders)
    app.state.server = server
    return app

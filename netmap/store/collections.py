"""Collections: netmap's own questionnaire as rows of the store (tables in ``schema.py``).

A collection belongs to a wave that does not exist yet; closing it builds that wave. This
module keeps the rows and knows nothing of questionnaires: what an answer means is for
:mod:`netmap.questionnaire`. Every write is one transaction, and every save of answers
begins by updating its sheet only while the collection is open and the sheet not withdrawn,
so that the check and the save cannot be separated (a closed collection or a withdrawn
sheet takes no answer, even from a form sent a second after closing). Links are kept only
as the SHA-256 of their token.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from netmap.errors import StoreError
from netmap.store import schema as S
from netmap.store.store import SourceFile, Store, _clean_name, _now, default_author

__all__ = ["Answer", "Person", "Collection", "Access", "PersonState", "SheetAnswers", "NotOpen", "Collections",
           "token_hash", "new_token", "STATES"]

#: A collection's states, in order.
STATES = ("open", "closing", "closed")


class NotOpen(StoreError):
    """The collection is not open, the link is unknown or revoked, or the answers were withdrawn."""


def new_token() -> str:
    """An unguessable link token: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Answer:
    """One answer: ``item`` its position in the question, ``about`` the key of the person an
    about-names answer is about ('' otherwise), ``text`` as typed or chosen, ``ref`` the
    roster or place id when picked from a list."""

    question: str
    item: int
    text: str
    ref: str | None = None
    about: str = ""


@dataclass(frozen=True)
class Person:
    """One person of the roster: ``key`` is the row's id in the store."""

    key: int
    actor_id: str
    name: str
    label: str


@dataclass(frozen=True)
class Collection:
    id: int
    project: str
    wave: str
    state: str
    title: str
    questionnaire: str
    secret: str
    created_at: str
    created_by: str
    closed_at: str | None


@dataclass(frozen=True)
class Access:
    """What a link opens: the collection and, for a personal or session link, the person and
    their sheet (``sheet`` None until they agree to take part)."""

    collection_id: int
    link_id: int
    kind: str
    person: Person | None
    sheet: int | None
    sheet_state: str | None
    page: int


@dataclass(frozen=True)
class PersonState:
    """A person's progress for ``collect status``: ``state`` is ``not invited``, ``invited``,
    ``started``, ``submitted`` or ``withdrawn`` (from their latest sheet)."""

    actor_id: str
    name: str
    state: str
    updated_at: str | None


@dataclass(frozen=True)
class SheetAnswers:
    """A sheet to build the wave from."""

    actor_id: str
    channel: str
    state: str
    updated_at: str
    answers: tuple[Answer, ...]


class Collections:
    """The collections of one store."""

    def __init__(self, store: Store):
        self.store = store

    # ------------------------------------------------------------------ opening and reading
    def open(self, project: str, wave: str, *, title: str, questionnaire: str, files: Iterable[SourceFile],
             people: Iterable[tuple[str, str, str]], author: str | None = None) -> Collection:
        """Open a collection for a new wave of ``project``: ``people`` are (actor id, name,
        label) rows of the roster. Refused when the wave or a collection for it exists."""
        wave = _clean_name(wave, "wave")
        author = author or default_author()
        with self.store._write() as conn:
            pid = self.store._project_id(conn, project)
            if conn.execute(sa.select(S.waves.c.id).where(S.waves.c.project_id == pid, S.waves.c.name == wave)).first():
                raise StoreError(f"project '{project}' already has a wave '{wave}'; a collection builds a new wave: "
                                 "choose another name")
            found = conn.execute(sa.select(S.collections.c.state).where(S.collections.c.project_id == pid,
                                                                        S.collections.c.wave == wave)).scalar()
            if found is not None:
                raise StoreError(f"project '{project}' already has a collection for wave '{wave}' ({found})")
            cid = conn.execute(S.collections.insert().values(
                project_id=pid, wave=wave, state="open", title=title, questionnaire=questionnaire,
                secret=secrets.token_hex(32), created_at=_now(), created_by=author)
                .returning(S.collections.c.id)).scalar_one()
            for f in files:
                conn.execute(S.collection_files.insert().values(
                    collection_id=cid, role=f.role, filename=f.filename, content=f.content,
                    sha256=hashlib.sha256(f.content).hexdigest()))
            rows = [dict(collection_id=cid, actor_id=a, name=n, label=label) for a, n, label in people]
            if rows:
                conn.execute(S.collection_people.insert(), rows)
            return self._collection(conn, cid)

    def get(self, project: str, wave: str) -> Collection:
        with self.store._read() as conn:
            pid = self.store._project_id(conn, project)
            cid = conn.execute(sa.select(S.collections.c.id).where(S.collections.c.project_id == pid,
                                                                   S.collections.c.wave == wave)).scalar()
            if cid is None:
                waves = list(conn.execute(sa.select(S.collections.c.wave).where(S.collections.c.project_id == pid)
                                          .order_by(S.collections.c.id)).scalars())
                listing = ", ".join(f"'{w}'" for w in waves[:10]) or "none yet"
                raise StoreError(f"project '{project}' has no collection for wave '{wave}' (collections: {listing}; "
                                 "open one with 'netmap collect open')")
            return self._collection(conn, cid)

    def by_id(self, collection_id: int) -> Collection:
        with self.store._read() as conn:
            return self._collection(conn, collection_id)

    def all(self) -> list[Collection]:
        with self.store._read() as conn:
            ids = conn.execute(sa.select(S.collections.c.id).order_by(S.collections.c.id)).scalars().all()
            return [self._collection(conn, cid) for cid in ids]

    def _collection(self, conn: Connection, cid: int) -> Collection:
        row = conn.execute(sa.select(S.collections, S.projects.c.name.label("project_name"))
                           .join(S.projects, S.projects.c.id == S.collections.c.project_id)
                           .where(S.collections.c.id == cid)).first()
        if row is None:
            raise StoreError(f"no collection {cid} in {self.store.where}")
        return Collection(row.id, row.project_name, row.wave, row.state, row.title, row.questionnaire, row.secret,
                          row.created_at, row.created_by, row.closed_at)

    def people(self, collection_id: int) -> list[Person]:
        with self.store._read() as conn:
            rows = conn.execute(sa.select(S.collection_people).where(S.collection_people.c.collection_id
                                                                     == collection_id)
                                .order_by(S.collection_people.c.id)).all()
        return [Person(r.id, r.actor_id, r.name, r.label) for r in rows]

    def files(self, collection_id: int) -> list[SourceFile]:
        with self.store._read() as conn:
            rows = conn.execute(sa.select(S.collection_files).where(S.collection_files.c.collection_id
                                                                    == collection_id)
                                .order_by(S.collection_files.c.id)).all()
        return [SourceFile(r.role, r.filename, bytes(r.content), r.sha256) for r in rows]

    # ------------------------------------------------------------------ links
    def has_links(self, collection_id: int) -> bool:
        with self.store._read() as conn:
            return conn.execute(sa.select(S.collection_links.c.id).where(
                S.collection_links.c.collection_id == collection_id, S.collection_links.c.kind == "personal",
                S.collection_links.c.revoked_at.is_(None)).limit(1)).first() is not None

    def issue_links(self, collection_id: int, personal: Mapping[int, str], dropin: str) -> None:
        """Store new links (token hashes by person key, and the drop-in link's) in one
        transaction; every earlier personal and drop-in link stops working. Answers stay
        with their person."""
        now = _now()
        with self.store._write() as conn:
            self._require_open(conn, collection_id)
            conn.execute(S.collection_links.update().where(
                S.collection_links.c.collection_id == collection_id,
                S.collection_links.c.kind.in_(("personal", "dropin")),
                S.collection_links.c.revoked_at.is_(None)).values(revoked_at=now))
            rows = [dict(collection_id=collection_id, person_id=key, kind="personal", token_hash=digest,
                         created_at=now) for key, digest in personal.items()]
            rows.append(dict(collection_id=collection_id, person_id=None, kind="dropin", token_hash=dropin,
                             created_at=now))
            conn.execute(S.collection_links.insert(), rows)

    def resolve(self, digest: str) -> Access | None:
        """What the link with this token hash opens, or None: unknown or revoked link,
        collection not open, answers withdrawn (all look the same to the person)."""
        L, C, P, H = S.collection_links, S.collections, S.collection_people, S.collection_sheets
        with self.store._read() as conn:
            link = conn.execute(sa.select(L.c.id, L.c.kind, L.c.person_id, L.c.collection_id, L.c.revoked_at,
                                          C.c.state)
                                .join(C, C.c.id == L.c.collection_id).where(L.c.token_hash == digest)).first()
            if link is None or link.revoked_at is not None or link.state != "open":
                return None
            if link.kind == "dropin":
                return Access(link.collection_id, link.id, link.kind, None, None, None, 0)
            person = conn.execute(sa.select(P).where(P.c.id == link.person_id)).first()
            slot = _slot(link.kind, link.person_id, link.id)
            sheet = conn.execute(sa.select(H.c.id, H.c.state, H.c.page).where(
                H.c.collection_id == link.collection_id, H.c.slot == slot)).first()
        if sheet is not None and sheet.state == "withdrawn":
            return None
        return Access(link.collection_id, link.id, link.kind, Person(person.id, person.actor_id, person.name,
                                                                     person.label),
                      sheet.id if sheet else None, sheet.state if sheet else None, sheet.page if sheet else 0)

    def open_session(self, collection_id: int, person_key: int, digest: str) -> None:
        """A drop-in session: a link of its own for one person's answers (its token hashed)."""
        with self.store._write() as conn:
            self._require_open(conn, collection_id)
            conn.execute(S.collection_links.insert().values(collection_id=collection_id, person_id=person_key,
                                                            kind="session", token_hash=digest, created_at=_now()))

    # ------------------------------------------------------------------ answers
    def start(self, access: Access, answers: Iterable[Answer] = ()) -> int:
        """The sheet of this link, created (with ``answers``, e.g. the consent) when there is
        none; returns its id. Two tabs agreeing at once make one sheet."""
        slot = _slot(access.kind, access.person.key, access.link_id)
        channel = "link" if access.kind == "personal" else "dropin"
        now = _now()
        H = S.collection_sheets
        try:
            with self.store._write() as conn:
                self._require_open(conn, access.collection_id)
                found = conn.execute(sa.select(H.c.id, H.c.state).where(H.c.collection_id == access.collection_id,
                                                                        H.c.slot == slot)).first()
                if found is not None:
                    if found.state == "withdrawn":
                        raise NotOpen("the answers were withdrawn")
                    return found.id
                sheet = conn.execute(H.insert().values(
                    collection_id=access.collection_id, person_id=access.person.key, slot=slot, channel=channel,
                    state="started", page=1, started_at=now, updated_at=now).returning(H.c.id)).scalar_one()
                self._insert_answers(conn, sheet, answers)
                return sheet
        except StoreError as exc:
            if isinstance(exc, NotOpen):
                raise
            # the other tab's insert won the unique slot: use its sheet
            with self.store._read() as conn:
                found = conn.execute(sa.select(H.c.id).where(H.c.collection_id == access.collection_id,
                                                             H.c.slot == slot)).scalar()
            if found is None:
                raise
            return found

    def save(self, sheet: int, answers: Mapping[str, Iterable[Answer]], *, page: int,
             prune: Mapping[str, set[str]] | None = None) -> None:
        """Replace the sheet's answers to the questions in ``answers`` (one transaction), and
        delete the answers of ``prune``'s questions that are about anyone not in its set.

        Raises NotOpen when the collection is not open or the answers were withdrawn.
        """
        A = S.collection_answers
        with self.store._write() as conn:
            self._touch(conn, sheet, page)
            if answers:
                conn.execute(A.delete().where(A.c.sheet_id == sheet, A.c.question.in_(list(answers))))
            for question, keep in (prune or {}).items():
                conn.execute(A.delete().where(A.c.sheet_id == sheet, A.c.question == question,
                                              A.c.about.not_in(sorted(keep)) if keep else sa.true()))
            self._insert_answers(conn, sheet, [a for items in answers.values() for a in items])

    def answers(self, sheet: int) -> list[Answer]:
        A = S.collection_answers
        with self.store._read() as conn:
            rows = conn.execute(sa.select(A.c.question, A.c.item, A.c.text, A.c.ref, A.c.about)
                                .where(A.c.sheet_id == sheet).order_by(A.c.question, A.c.about, A.c.item)).all()
        return [Answer(r.question, r.item, r.text, r.ref, r.about) for r in rows]

    def submit(self, sheet: int, *, end_link: int | None = None) -> None:
        """Mark the answers sent (a drop-in session's link, ``end_link``, stops working)."""
        H = S.collection_sheets
        with self.store._write() as conn:
            self._touch(conn, sheet, None)
            conn.execute(H.update().where(H.c.id == sheet).values(state="submitted", submitted_at=_now()))
            if end_link is not None:
                conn.execute(S.collection_links.update().where(S.collection_links.c.id == end_link)
                             .values(revoked_at=_now()))

    def withdraw(self, sheet: int) -> None:
        """Delete every answer of the sheet and mark it withdrawn, in one transaction."""
        H = S.collection_sheets
        with self.store._write() as conn:
            self._touch(conn, sheet, None)
            conn.execute(S.collection_answers.delete().where(S.collection_answers.c.sheet_id == sheet))
            conn.execute(H.update().where(H.c.id == sheet).values(state="withdrawn", withdrawn_at=_now()))

    def _touch(self, conn: Connection, sheet: int, page: int | None) -> None:
        """The start of every save: the sheet is bumped only while its collection is open and
        it is not withdrawn. On PostgreSQL the collection's row is share-locked first, so that
        closing waits for the saves under way (and sees their answers); on SQLite the update
        takes the one write lock, so the same holds. The update also locks the sheet: two tabs
        saving at once run one after the other, never interleaved."""
        H, C = S.collection_sheets, S.collections
        owner = sa.select(H.c.collection_id).where(H.c.id == sheet).scalar_subquery()
        state = conn.execute(sa.select(C.c.state).where(C.c.id == owner).with_for_update(read=True)).scalar()
        values = {"updated_at": _now()}
        if page is not None:
            values["page"] = sa.case((H.c.page < page, page), else_=H.c.page)
        open_ = sa.select(C.c.id).where(C.c.id == H.c.collection_id, C.c.state == "open").exists()
        done = conn.execute(H.update().where(H.c.id == sheet, H.c.state != "withdrawn", open_).values(**values))
        if state != "open" or done.rowcount != 1:
            raise NotOpen("the collection is not open or the answers were withdrawn")

    @staticmethod
    def _insert_answers(conn: Connection, sheet: int, answers: Iterable[Answer]) -> None:
        rows = [dict(sheet_id=sheet, question=a.question, about=a.about, item=a.item, text=a.text, ref=a.ref)
                for a in answers]
        if rows:
            conn.execute(S.collection_answers.insert(), rows)

    def _require_open(self, conn: Connection, collection_id: int) -> None:
        state = conn.execute(sa.select(S.collections.c.state).where(S.collections.c.id == collection_id)
                             .with_for_update(read=True)).scalar()
        if state != "open":
            raise NotOpen(f"the collection is {state or 'unknown'}")

    # ------------------------------------------------------------------ status and closing
    def progress(self, collection_id: int) -> list[PersonState]:
        """Every person of the roster with the state of their latest sheet."""
        P, H, L = S.collection_people, S.collection_sheets, S.collection_links
        with self.store._read() as conn:
            people = conn.execute(sa.select(P.c.id, P.c.actor_id, P.c.name).where(P.c.collection_id == collection_id)
                                  .order_by(P.c.id)).all()
            sheets = conn.execute(sa.select(H.c.person_id, H.c.state, H.c.updated_at)
                                  .where(H.c.collection_id == collection_id).order_by(H.c.updated_at, H.c.id)).all()
            invited = set(conn.execute(sa.select(L.c.person_id).where(
                L.c.collection_id == collection_id, L.c.kind == "personal", L.c.revoked_at.is_(None))).scalars())
        latest: dict[int, tuple[str, str]] = {}
        for person, state, updated in sheets:
            best = latest.get(person)
            # a sent sheet counts over a later one that was only started or withdrawn
            if best is None or best[0] != "submitted" or state == "submitted":
                latest[person] = (state, updated)
        out = []
        for key, actor_id, name in people:
            state, updated = latest.get(key, ("invited" if key in invited else "not invited", None))
            out.append(PersonState(actor_id, name, state, updated))
        return out

    def sheets(self, collection_id: int, states: Iterable[str] = ("submitted",)) -> list[SheetAnswers]:
        """The sheets in ``states`` with their answers, oldest change first."""
        P, H, A = S.collection_people, S.collection_sheets, S.collection_answers
        states = list(states)
        with self.store._read() as conn:
            rows = conn.execute(sa.select(H.c.id, P.c.actor_id, H.c.channel, H.c.state, H.c.updated_at)
                                .join(P, P.c.id == H.c.person_id)
                                .where(H.c.collection_id == collection_id, H.c.state.in_(states))
                                .order_by(H.c.updated_at, H.c.id)).all()
            answers: dict[int, list[Answer]] = {r.id: [] for r in rows}
            if rows:
                found = conn.execute(sa.select(A.c.sheet_id, A.c.question, A.c.item, A.c.text, A.c.ref, A.c.about)
                                     .join(H, H.c.id == A.c.sheet_id)
                                     .where(H.c.collection_id == collection_id, H.c.state.in_(states))
                                     .order_by(A.c.sheet_id, A.c.question, A.c.about, A.c.item))
                for r in found:
                    answers[r.sheet_id].append(Answer(r.question, r.item, r.text, r.ref, r.about))
        return [SheetAnswers(r.actor_id, r.channel, r.state, r.updated_at, tuple(answers[r.id])) for r in rows]

    def set_state(self, collection_id: int, to: str, *, only_from: Iterable[str]) -> bool:
        """Move the collection to state ``to`` if it is in one of ``only_from`` (one statement,
        so two people closing at once cannot both succeed). Returns whether it moved."""
        if to not in STATES:
            raise ValueError(to)
        values = {"state": to}
        if to == "closed":
            values["closed_at"] = _now()
        with self.store._write() as conn:
            done = conn.execute(S.collections.update().where(S.collections.c.id == collection_id,
                                                             S.collections.c.state.in_(list(only_from)))
                                .values(**values))
            return done.rowcount == 1


def _slot(kind: str, person_key: int, link_id: int) -> str:
    return f"person:{person_key}" if kind == "personal" else f"session:{link_id}"

"""A team's store as the tests of sign-in, roles, review and questionnaires set it up: the
projects, each user with a password and a role, and Millbrook's sample kept as a wave; and a
user signed in to the app run by AppTest. One set-up for the browser tests (which start the
app on the file) and the AppTest ones."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from netmap.network import StakeholderNetwork, load_network
from netmap.store import SourceFile, Store, open_store
from netmap.store.accounts import add_user
from netmap.store.roles import grant
from tests.conftest import ROOT, SAMPLES

#: Every test user's password (long enough for the accounts' rules).
PASSWORD = "correct horse battery"
MILLBROOK = SAMPLES / "millbrook"


def team_store(db: Path, roles: dict[str, str] | None = None, project: str = "Millbrook",
               others: tuple[str, ...] = ()) -> Store:
    """A new store at ``db`` with ``project`` (and the ``others``), made by "admin", and each user
    of ``roles`` (name: role on ``project``, or "viewer with names") with :data:`PASSWORD`; open:
    the caller closes it."""
    store = open_store(str(db), create=True)
    for name in (project, *others):
        store.create_project(name, author="admin")
    for user, role in (roles or {}).items():
        add_user(store, user, PASSWORD, by="admin")
        grant(store, project, user, role.removesuffix(" with names"), names=role.endswith(" with names"), by="admin")
    return store


def add_millbrook_wave(store: Store, wave: str, project: str = "Millbrook") -> StakeholderNetwork:
    """Millbrook's sample (ties and actors) kept as ``wave`` of ``project``, with its ties file."""
    ties, actors = MILLBROOK / "ties.csv", MILLBROOK / "actors.csv"
    network, _ = load_network(ties, actors)
    store.add_wave(project, wave, network, author="admin", files=[SourceFile.of("ties", "ties.csv", ties.read_bytes())])
    return network


def sign_in(user: str) -> AppTest:
    """The app (AppTest, on the store ``NETMAP_DB`` names) with ``user`` signed in."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    at.text_input(key="signin_user").set_value(user)
    at.text_input(key="signin_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    at = at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at

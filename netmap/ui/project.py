"""Projects in the app: open or create a project, keep the current data as a wave, open a
wave, edit its actors and ties, see the history and restore a revision.

Two hooks keep :mod:`netmap.ui.main` almost unchanged: :func:`sidebar` (before the data is
read; returns the open wave as the data source) and :func:`panel` (after; saving, editing,
history). Every store problem is a message, never a traceback.
"""
from __future__ import annotations

import contextlib
import io

import pandas as pd
import streamlit as st

from netmap.errors import AccessError, ConflictError, NetmapError, ValidationFailed
from netmap.store import SourceFile, Store, default_db
from netmap.store.roles import grant, projects_for, require, role_of, wave_frames_for
from netmap.ui.access import audit, offered, set_wave_role, store_at, team_db, user_name, wave_role
from netmap.ui.collect import panel as collect_panel
from netmap.ui.sources import Source
from netmap.ui.text import plain
from netmap.words import plural

__all__ = ["author", "panel", "sidebar"]

_OPEN = "project_open"  # {"db", "project", "wave", "version"} of the wave being shown


def _store(db: str, create: bool = False) -> Store | None:
    """The open store at ``db`` (one per process: :func:`netmap.ui.access.store_at`).

    None when ``db`` is a SQLite file that does not exist yet and ``create`` is false: merely
    opening the app never creates a file.
    """
    return store_at(db, create)


@contextlib.contextmanager
def _messages():
    """Store and validation problems as a message in the page, never a traceback."""
    try:
        yield
    except AccessError as exc:
        st.error(plain(str(exc)))
    except ConflictError as exc:
        st.error(plain(str(exc)))
    except ValidationFailed as exc:
        st.error(plain(f"Not saved: {len(exc.report.errors)} problem(s) in your edit. Fix them and save again:"))
        st.text("\n".join(issue.text for issue in exc.report.errors))
    except NetmapError as exc:
        st.error(plain(str(exc)))


def author() -> str:
    """The name recorded with every change: the signed-in user, else the name asked once per
    session (kept in Session State)."""
    return user_name() or st.session_state.get("project_author", "").strip()


def _may_edit(project: str) -> bool:
    """Whether this session may change ``project`` (always, when no one signs in here)."""
    user = user_name()
    if user is None:
        return True
    found = role_of(store_at(team_db()), project, user)
    return found is not None and found.at_least("editor")


def _require_editor(store: Store, project: str, action: str) -> None:
    """Refuse (audited, one plain line) a change by a signed-in user who is not an editor."""
    user = user_name()
    if user is not None:
        require(store, project, user, "editor", action)


def _still_allowed(opened: dict) -> bool:
    """Check the open wave's role again at every step: a role revoked or narrowed meanwhile
    closes the wave (audited) instead of showing it once more."""
    user = user_name()
    if user is None:
        return True
    found = role_of(store_at(opened["db"]), opened["project"], user)
    shown = wave_role() or {}
    if found is not None and found.names == shown.get("names") and found.role == shown.get("role"):
        return True
    audit("access refused", opened["project"], {"action": "show a wave", "why": "role revoked or changed"})
    del st.session_state[_OPEN]
    set_wave_role(None)
    st.session_state["project_notice"] = ("Your role on this project was changed or taken away, so the wave was "
                                          "closed. Open it again if you still may.")
    return False


def sidebar() -> Source | None:
    """The sidebar's *Project* section; returns the open wave as the data source, or None."""
    box = st.sidebar.expander("Project: keep waves, edit, history", expanded=_OPEN in st.session_state)
    user = user_name()
    with box:
        notice = st.session_state.pop("project_notice", None)
        if notice:
            st.warning(notice)
        created = st.session_state.pop("project_created", None)
        if created:  # said once, after the rerun that selects it (issue 23)
            st.success(plain(f"Project '{created}' created and chosen. Save this map into it as a wave below the "
                             "map's tabs."))
        if user is None:
            st.text_input("Your name (recorded with every change)", key="project_author",
                          help="Asked once: kept for this session. Shown in the history next to each change.")
            db = st.text_input("Store", value=default_db(), key="project_db",
                               help="A file on this computer (SQLite), or postgresql://user@host/database for a team "
                                    "store. The password comes from ~/.pgpass or PGPASSWORD, never from here.")
        else:  # signed in: the team's store, where the accounts and roles are; changes carry the user's name
            db = st.session_state["project_db"] = team_db()
        with _messages():
            store = _store(db)
            names = (projects_for(store, user) if user else store.project_names()) if store else []
            offered("project_name", names, "choose a project")  # one the list never offered is refused
            if "project_pending" in st.session_state:  # a project just created: select it
                st.session_state["project_name"] = st.session_state.pop("project_pending")
            project = st.selectbox("Project", names, key="project_name", index=None,
                                   placeholder="Choose a project" if names else "No projects yet")
            new = st.text_input("New project", key="project_new", placeholder="e.g. Millbrook Connected Communities")
            if st.button("Create project", key="project_create", disabled=not new.strip()):
                created = _store(db, create=True)
                created.create_project(new, author=author() or None)
                if user:  # whoever creates a project owns it
                    grant(created, new.strip(), user, "owner", by=user)
                st.session_state["project_pending"] = st.session_state["project_created"] = new.strip()
                st.rerun()
            if project and store:
                waves = store.wave_names(project)
                wave = st.selectbox("Wave", waves, key="project_wave", index=None,
                                    placeholder="Choose a wave" if waves else "No waves yet: save one (below the map's tabs)")
                if wave and st.button("Open this wave", key="project_open_button"):
                    info = store.wave_info(project, wave)
                    role = require(store, project, user, "viewer", "open a wave") if user else None
                    st.session_state[_OPEN] = {"db": db, "project": project, "wave": wave, "version": info.version}
                    st.session_state["directed"] = info.directed
                    set_wave_role(project, role.role if role else None, role.names if role else True)
            opened = st.session_state.get(_OPEN)
            if opened and not _still_allowed(opened):
                st.rerun()
            if opened:
                st.caption(plain(f"Showing wave '{opened['wave']}' of '{opened['project']}'. Edit it and see its "
                                 "history below the map's tabs."))
                shown = wave_role()
                if shown and not shown["names"]:
                    st.caption("You see this wave with codes instead of names: your role on the project is viewer "
                               "without names. Every download holds the same codes.")
                if st.button("Close the wave (back to files)", key="project_close"):
                    del st.session_state[_OPEN]
                    set_wave_role(None)
                    st.rerun()
                return _wave_source(_store(opened["db"]), opened)
    return None


def _wave_source(store: Store, opened: dict) -> Source:
    """The open wave as files, so the app's loading and caching work unchanged (keyed on bytes).

    Signed in, the tables leave the store through the role check: a viewer without names gets
    them with every name and id as a code (netmap.store.roles.wave_frames_for)."""
    user = user_name()
    if user is None:
        actors, ties = store.wave_frames(opened["project"], opened["wave"])
        tables = {name: store.load_table(opened["project"], opened["wave"], name) for name in ("affiliations", "spaces")}
    else:
        actors, ties, tables, _ = wave_frames_for(store, user, opened["project"], opened["wave"],
                                                  extra=("affiliations", "spaces"))
    extra = {}
    for name in ("affiliations", "spaces"):  # shared spaces, when the wave has them
        frame = tables.get(name)
        if frame is not None and len(frame.columns):
            extra[name] = (f"{name}.csv", frame.to_csv(index=False).encode("utf-8"))
    return Source(("ties.csv", ties.to_csv(index=False).encode("utf-8")),
                  ("actors.csv", actors.to_csv(index=False).encode("utf-8")),
                  f"wave '{opened['wave']}' of '{opened['project']}'", **extra)


def panel(source: Source, network) -> None:
    """Below the views (so the map does not move): keep the current data as a wave, or edit
    and trace the open wave."""
    opened = st.session_state.get(_OPEN)
    with _messages():
        if opened is None:
            _save_as_wave(source, network)
        else:
            store = _store(opened["db"])
            shown = wave_role() or {"names": True}
            if _may_edit(opened["project"]):
                _edit(store, opened)
            else:
                st.caption("You may look at this wave and download what you see; editing it needs an editor's role.")
            _history(store, opened, details=shown["names"])
            if shown["names"] and _may_edit(opened["project"]):
                # netmap's own questionnaire: who was invited, who answered, who to remind (names:
                # the team only, never a viewer without names)
                collect_panel(store, opened["project"])


def _save_as_wave(source: Source, network) -> None:
    if "project_wave_saved" in st.session_state:
        st.success(plain(st.session_state.pop("project_wave_saved")))
    with st.expander("Keep this map in a project (as a wave)"):
        project = st.session_state.get("project_name")
        if not project:
            st.caption("Choose or create a project in the sidebar (Project) first.")
            return
        if not _may_edit(project):
            st.caption("Saving a wave in this project needs an editor's role.")
            return
        with st.form("project_save_wave"):
            st.write(plain(f"Save {source.label} as a new wave of '{project}'."))
            wave = st.text_input("Wave name", placeholder="e.g. 2025 baseline", key="project_save_name")
            date = st.date_input("Date of the wave", value=None, key="project_save_date")
            note = st.text_area("Note", key="project_save_note")
            saved = st.form_submit_button("Save as a wave")
        if saved:
            if not author():
                st.warning("Give your name in the sidebar (Project) first: every change records who made it.")
                return
            store = _store(st.session_state["project_db"])
            _require_editor(store, project, "save a wave")
            files = [SourceFile.of(role, *given) for role, given in (
                ("ties", source.ties), ("actors", source.actors), ("affiliations", getattr(source, "affiliations", None)),
                ("spaces", getattr(source, "spaces", None))) if given is not None]
            tables = None
            if source.aliases is not None:  # a survey: its decisions about names travel with the wave
                tables = {"aliases": pd.read_csv(io.BytesIO(source.aliases[1]), keep_default_na=False,
                                                 dtype={"raw_name": str, "actor_id": str, "actor_name": str,
                                                        "decision": str})}
            info = store.add_wave(project, wave, network, files=files, date=date.isoformat() if date else None,
                                  notes=note, author=author(), tables=tables)
            st.session_state["project_wave_saved"] = (f"Saved wave '{info.name}' of '{project}': "
                                                      f"{plural(info.actors, 'actor', grouped=True)}, "
                                                      f"{plural(info.ties, 'tie', grouped=True)}. Open it in the "
                                                      "sidebar to edit it.")
            st.rerun()  # the sidebar, drawn before this, now lists the new wave


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows numbered from 1 in the editor, as validation messages number them."""
    frame = frame.copy()
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


def _edit(store: Store, opened: dict) -> None:
    project, wave, version = opened["project"], opened["wave"], opened["version"]
    with st.expander(plain(f"Edit wave '{wave}' (actors and ties)")):
        st.caption("Change cells, add rows at the bottom, or select rows and delete them; then save. The edit is "
                   "checked like an upload and kept in the history with your name.")
        actors, ties = store.wave_frames(project, wave, revision=version)
        key = f"{project}\0{wave}\0{version}"  # a new version (after a save or reload) starts a fresh editor
        edited_actors = st.data_editor(_numbered(actors), num_rows="dynamic", key=f"project_edit_actors\0{key}",
                                       width="stretch")
        edited_ties = st.data_editor(_numbered(ties), num_rows="dynamic", key=f"project_edit_ties\0{key}",
                                     width="stretch")
        left, right = st.columns(2)
        if right.button("Reload the wave (drops unsaved edits)", key="project_reload"):
            opened["version"] = store.wave_info(project, wave).version
            st.rerun()
        if left.button("Save changes", key="project_save_edit", type="primary"):
            if not author():
                st.warning("Give your name in the sidebar (Project) first: every change records who made it.")
                return
            _require_editor(store, project, "edit a wave")
            number, report = store.edit_wave(project, wave, base_version=version, actors=edited_actors,
                                             ties=edited_ties, author=author())
            if number is None:
                st.info("Nothing changed.")
                return
            opened["version"] = number
            st.session_state["project_saved"] = (number, [i.text for i in report.warnings])
            st.rerun()
        saved = st.session_state.pop("project_saved", None)
        if saved:
            st.success(f"Saved as revision {saved[0]}.")
            if saved[1]:
                st.text("\n".join(saved[1]))


def _history(store: Store, opened: dict, details: bool = True) -> None:
    """The wave's revisions; with ``details`` (names may be seen) each row changed, and restore."""
    project, wave = opened["project"], opened["wave"]
    with st.expander(plain(f"History of wave '{wave}'")):
        history = store.history(project, wave)
        if not details:  # a summary or a changed row can name an actor
            st.dataframe(history.drop(columns=["summary"]), hide_index=True, width="stretch")
            st.caption("Which rows each revision changed is not shown: it would name actors.")
            return
        st.dataframe(history, hide_index=True, width="stretch")
        numbers = list(history["revision"])
        number = st.selectbox("Revision", numbers, key="project_revision",
                              format_func=lambda n: f"{n}: " + history.loc[history['revision'] == n, 'summary'].iloc[0])
        if number is None:
            return
        st.write("What this revision changed:")
        st.dataframe(store.revision_changes(project, wave, number), hide_index=True, width="stretch")
        if st.checkbox("Show the tables as they were after this revision", key="project_show_revision"):
            actors, ties = store.wave_frames(project, wave, revision=number)
            st.dataframe(_numbered(actors), width="stretch")
            st.dataframe(_numbered(ties), width="stretch")
        if _may_edit(project) and st.button(f"Restore revision {number}", key="project_restore"):
            _require_editor(store, project, "restore a revision")
            if not author():
                st.warning("Give your name in the sidebar (Project) first: every change records who made it.")
                return
            restored = store.restore(project, wave, number, base_version=opened["version"], author=author())
            if restored is None:
                st.info("The wave is already as it was after that revision.")
                return
            opened["version"] = restored
            st.rerun()

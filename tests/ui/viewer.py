"""What a signed-in person's browser receives, gathered as a person gets it: sign in, open a
stored wave, read the page, the map's data and every download. Shared by the browser tests of
roles and of the production settings (docs/deploy.md)."""
from __future__ import annotations

import io
import re
import zipfile

from netmap.privacy import CODE_PATTERN
from tests.ui.harness import choose, map_frame, mark_stale, open_tab

#: The Millbrook sample's actors: the map of a wave of it has as many nodes.
SAMPLE_ACTORS = 168


def actor_names(network) -> list[str]:
    """Every actor's name, and every id that could not be mistaken for a word of the app's own."""
    names = {n for n in network.actors["name"] if len(n) > 3}
    ids = {i for i in network.actors["id"] if "-" in i or re.fullmatch(r"r\d{3}", i)}
    return sorted(names | ids)


def found(text: str, names: list[str]) -> list[str]:
    """The ``names`` that appear in ``text`` as whole words."""
    return [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]


def leaks(seen: dict[str, str], names: list[str]) -> dict[str, list[str]]:
    """Where in ``seen`` (what the browser received, by place) any of ``names`` appears."""
    return {where: hits for where, text in seen.items() if (hits := found(text, names))}


def sign_in(page, url: str, user: str, password: str) -> None:
    page.goto(url)
    page.get_by_role("textbox", name="User name").fill(user)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text(f"Signed in as {user}").wait_for(timeout=60_000)


def download(page, button: str, tmp_path) -> bytes:
    """Click the download ``button`` and return the file's bytes."""
    with page.expect_download(timeout=120_000) as started:
        page.get_by_role("button", name=button).click()
    path = tmp_path / started.value.suggested_filename
    started.value.save_as(path)
    return path.read_bytes()


def open_wave(page, project: str, wave: str, nodes: int = SAMPLE_ACTORS):
    """Open ``wave`` of ``project`` from the sidebar; returns the wave's map frame once drawn
    (known by its title, which names the wave: the sample's map has as many actors)."""
    map_frame(page, expected_nodes=SAMPLE_ACTORS)  # the sample, while no wave is open
    page.get_by_text("Project: keep waves, edit, history").click()
    choose(page, "Project", project)
    choose(page, "Wave", wave)
    mark_stale(page)  # the sample's map may have as many actors: wait for the wave's own
    page.get_by_role("button", name="Open this wave").click()
    return map_frame(page, expected_nodes=nodes, titled=wave_title(project, wave))


def wave_title(project: str, wave: str) -> str:
    """What the title of a stored wave's map says (netmap.ui.project._wave_source)."""
    return f"wave '{wave}' of '{project}'"


def everything_received(page, tmp_path, titled: str) -> dict[str, str]:
    """The page's text, the map's data, the tie table and every file the views offer (the map,
    actors.csv, the meeting pack and each text file in it), by where they were seen."""
    page.get_by_text("Who is connected to whom").click()
    page.locator("table").first.wait_for(timeout=60_000)
    seen = {"page": page.inner_text("body"), "map": read_map(page, lambda f: f.content(), titled=titled)[1]}
    seen["map.html"] = download(page, "Download this map (HTML, works offline)", tmp_path).decode()
    open_tab(page, "Actors")
    seen["actors.csv"] = download(page, "Download actors.csv (CSV)", tmp_path).decode("utf-8-sig")
    open_tab(page, "Take it to the meeting")
    page.get_by_role("button", name="Prepare the files").click()
    bundle = download(page, "Download everything (zip)", tmp_path)
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        for member in archive.namelist():
            if member.endswith((".csv", ".json", ".html", ".txt", ".md")):
                seen[member] = archive.read(member).decode("utf-8-sig")
    return seen


def check_viewer_without_names(page, url: str, user: str, password: str, names: list[str], tmp_path) -> dict:
    """Sign in as ``user`` (a viewer without names of Millbrook), open its wave and gather
    everything received; check the map's labels and the files are codes and no name appears
    anywhere. Returns what was received, by place."""
    sign_in(page, url, user, password)
    open_wave(page, "Millbrook", "2025 baseline")
    page.get_by_text("codes instead of names").wait_for(timeout=60_000)
    titled = wave_title("Millbrook", "2025 baseline")
    _, labels = read_map(page, lambda f: f.evaluate("() => nodes.get().map(n => n.label)"), titled=titled)
    assert labels, "the map has no labels"
    not_codes = [label for label in labels if not (isinstance(label, str) and CODE_PATTERN.fullmatch(label))]
    assert not not_codes, f"map labels that are not codes: {not_codes[:10]}"
    seen = everything_received(page, tmp_path, titled)
    assert CODE_PATTERN.search(seen["actors.csv"]) and "briefing.html" in seen
    assert leaks(seen, names) == {}
    return seen


def read_map(page, read, attempts: int = 10, titled: str | None = None):
    """The drawn map's frame (with ``titled`` in its title) and ``read(frame)``. A rerun of the
    app can replace the map's frame between finding it and reading it (its page is gone): find
    it again and read again."""
    for _ in range(attempts):
        frame = map_frame(page, expected_nodes=SAMPLE_ACTORS, titled=titled)
        try:
            return frame, read(frame)
        except Exception:  # the frame was replaced while being read: look for the new one
            page.wait_for_timeout(500)
    raise TimeoutError("the map's frame kept being replaced")


#: The files :func:`everything_received` downloads, as the audit trail names them.
DOWNLOADED = {"netmap-map.html", "actors.csv", "netmap.zip"}

"""A PostgreSQL password is never printed, in whatever form it is given, and a URL of a
database netmap does not support is named as given (issue 21, item 8)."""
from __future__ import annotations

import pytest

from netmap.cli import main
from netmap.store.engine import mask, resolve_url, scrub, shown_url

SECRET = "Hunter2-secret"
#: Unreachable (port 9 refuses at once): the message shows the URL and the driver's error.
HOST = "127.0.0.1:9"


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("url, shown", [
    (f"postgresql://ann:{SECRET}@{HOST}/db", f"postgresql://ann:***@{HOST}/db"),
    (f"postgresql://ann@{HOST}/db?password={SECRET}", f"postgresql://ann@{HOST}/db?password=***"),
    (f"postgresql://ann@{HOST}/db?sslmode=disable&password={SECRET}", "password=***"),
    (f"postgresql://ann@{HOST}/db?PASSWORD={SECRET}", "PASSWORD=***"),
    (f"postgresql+psycopg://ann@{HOST}/db?sslpassword={SECRET}", "sslpassword=***"),
    (f"postgresql://ann@{HOST}/db?password={SECRET}&password={SECRET}x", "password=***"),
    (f"postgresql://ann@{HOST}/db?dbname=host%3D127.0.0.1%20password%3D{SECRET}", "postgresql://ann@"),
])
def test_every_form_of_a_password_is_hidden_in_messages(url, shown, capsys, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", SECRET + "-env")
    status, out, err = run(capsys, "project", "list", "--db", url)
    assert status == 2 and "cannot open the store" in err and shown in err, err
    assert SECRET not in out + err and err.count("\n") == 1
    assert SECRET not in shown_url(resolve_url(url))


def test_a_url_that_cannot_be_parsed_is_shown_masked(capsys):
    for url in (f"postgresql://ann:{SECRET}@{HOST}:notaport/db", f"postgresql://ann@{HOST}:x/db?password={SECRET}"):
        status, out, err = run(capsys, "project", "list", "--db", url)
        assert status == 2 and "is neither a file path nor a database URL" in err, err
        assert SECRET not in out + err


def test_driver_messages_are_scrubbed_of_passwords(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "env-" + SECRET)
    url = resolve_url(f"postgresql://ann:{SECRET}@{HOST}/db?dbname=x%20password%3D'q{SECRET}'")
    text = scrub(f'missing "=" after "{SECRET}" in connection info; env-{SECRET}; q{SECRET}; '
                 f"postgresql://ann:{SECRET}@h/db; password={SECRET}", url)
    assert SECRET not in text and text.count("***") == 5
    assert mask("password='two words' user=ann") == "password=*** user=ann"


def test_an_unsupported_scheme_is_named_as_given(capsys):
    status, out, err = run(capsys, "project", "list", "--db", f"mysql://ann:{SECRET}@h/db")
    assert status == 2
    assert "--db 'mysql://ann:***@h/db': 'mysql://' is not a store netmap can use" in err
    assert "SQLite (a file path) or PostgreSQL (postgresql://" in err
    assert "{url.drivername}" not in err and "postgresql://ann" not in err and SECRET not in err

"""``netmap users add|passwd|remove|list``: the accounts that may sign in to the app.

A password is read without echo (or from standard input with ``--password-stdin``, for
scripts) and never printed. Whoever can run these commands holds the store: the command line
is the administrator's tool, and every change it makes is in the audit trail.
"""
from __future__ import annotations

import getpass
import sys

from netmap.cli.options import add_db_argument, open_store_of
from netmap.errors import InputError

__all__ = ["add_parser"]


def add_parser(commands) -> None:
    """Register ``users`` and its actions on the command line's subcommands."""
    users = commands.add_parser(
        "users", help="accounts that may sign in to the app (then everyone must sign in)",
        description="Once the store has an account, the app asks everyone to sign in, and can be served beyond "
                    "this computer (netmap app --address). Passwords are kept as Argon2id hashes; repeated "
                    "failures slow down; every change is audited (netmap audit).")
    sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add an account (asks for its password)")
    add.add_argument("user", metavar="USER", help="the name to sign in with, e.g. ann")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input instead of asking (for scripts)")
    add.add_argument("--identity", metavar="ID",
                     help="single sign-on: the email address (or subject) the OpenID provider gives for this person")
    add.add_argument("--no-password", action="store_true",
                     help="with --identity: sign in only through single sign-on, with no netmap password")
    add_db_argument(add)
    add.set_defaults(run=run_add)

    passwd = sub.add_parser("passwd", help="change an account's password (its open sessions end)")
    passwd.add_argument("user", metavar="USER")
    passwd.add_argument("--password-stdin", action="store_true",
                        help="read the new password from the first line of standard input instead of asking")
    add_db_argument(passwd)
    passwd.set_defaults(run=run_passwd)

    remove = sub.add_parser("remove", help="remove an account and its roles (its open session is refused at "
                                           "its next step)")
    remove.add_argument("user", metavar="USER")
    add_db_argument(remove)
    remove.set_defaults(run=run_remove)

    listing = sub.add_parser("list", help="list the accounts: how each signs in, and their roles")
    add_db_argument(listing)
    listing.set_defaults(run=run_list)


def read_password(user: str, from_stdin: bool) -> str:
    """The password, from standard input's first line or asked twice without echo."""
    if from_stdin:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
        if not password:
            raise InputError("--password-stdin: standard input gave no password")
        return password
    try:
        first = getpass.getpass(f"Password for {user}: ")
        again = getpass.getpass("The same password again: ")
    except (EOFError, KeyboardInterrupt):
        raise InputError("no password given; nothing changed") from None
    if first != again:
        raise InputError("the two passwords differ; nothing changed")
    return first


def run_add(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.accounts import add_user, clean_user_name

    user = clean_user_name(args.user)
    if args.no_password and not args.identity:
        raise InputError("--no-password needs --identity: without either, the account could never sign in")
    if args.no_password and args.password_stdin:
        raise InputError("--no-password and --password-stdin contradict each other; give one")
    password = None if args.no_password else read_password(user, args.password_stdin)
    with open_store_of(args, create=True) as store:
        added = add_user(store, user, password, identity=args.identity)
        how = " and ".join(w for w, on in (("a password", added.has_password),
                                            (f"single sign-on as {added.identity}", added.identity)) if on)
        print(f"added user '{added.name}' (signs in with {how}) to {store.where}; the app now asks everyone to "
              "sign in")
    return 0


def run_passwd(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.accounts import clean_user_name, set_password

    user = clean_user_name(args.user)
    with open_store_of(args) as store:
        set_password(store, user, read_password(user, args.password_stdin))
        print(f"changed the password of '{user}'; sessions signed in with the old one end at their next step")
    return 0


def run_remove(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.accounts import remove_user

    with open_store_of(args) as store:
        remove_user(store, args.user)
        print(f"removed user '{args.user.strip()}' and their roles from {store.where}")
    return 0


def run_list(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.accounts import users
    from netmap.store.roles import roles

    with open_store_of(args) as store:
        accounts = users(store)
        granted = roles(store)
        if not accounts:
            print(f"no users in {store.where} (netmap users add NAME); the app asks no one to sign in and serves "
                  "only this computer")
            return 0
        for u in accounts:
            how = ", ".join(w for w, on in (("password", u.has_password), (f"single sign-on {u.identity}",
                                                                           u.identity)) if on)
            mine = granted[granted["user"] == u.name]
            projects = "; ".join(f"{r.project}: {r.role}{'' if r.names else ' without names'}"
                                 for r in mine.itertuples()) or "no projects"
            print(f"{u.name}\t{how}\t{projects}\tadded {u.created_at} by {u.created_by}")
    return 0

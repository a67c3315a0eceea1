"""`ceasefire users ...`: accounts for the API and the map; a token is printed once."""

from __future__ import annotations

import sys

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.domain.statuses import Role


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Users of the API and the map, with their roles and tokens.", no_args_is_help=True)
    app.add_typer(group, name="users")

    @group.command("add")
    @reports_errors
    def add(
        name: str = typer.Argument(..., help="Login name: lower-case ASCII letters, digits, '.', '_', '-'."),
        role: Role = typer.Option(..., "--role", help="analyst, monitor, party-liaison, guarantor-liaison, observer"),
        party: str | None = typer.Option(None, "--party", help="The party a liaison acts for (a party id)."),
        password_stdin: bool = typer.Option(
            False, "--password-stdin", help="Read a password (for POST /tokens) from standard input."
        ),
    ) -> None:
        """Create a user and print its first API token: it is shown this once and stored only hashed."""
        from ceasefire.workflows.users import add_user

        password = sys.stdin.readline().rstrip("\n") if password_stdin else None
        issued = add_user(open_record(), name, role, party_id=party, password=password)
        u = issued.user
        console.print(f"user {u.name}: {u.role}" + (f" for {u.party_id}" if u.party_id else ""), highlight=False)
        console.print("token (shown once; send as 'Authorization: Bearer <token>'):", highlight=False)
        sys.stdout.write(issued.token + "\n")

    @group.command("list")
    @reports_errors
    def list_() -> None:
        """Every user with role, party and whether revoked (never tokens or password hashes)."""
        from ceasefire.workflows.users import list_users

        for u in list_users(open_record()):
            state = "revoked" if u.revoked else "active"
            console.print(f"{u.name}\t{u.role}\t{u.party_id or '-'}\t{state}", highlight=False)

    @group.command("revoke")
    @reports_errors
    def revoke(name: str = typer.Argument(...)) -> None:
        """Revoke a user and all its tokens; takes effect at the next request."""
        from ceasefire.workflows.users import revoke_user

        u = revoke_user(open_record(), name)
        console.print(f"revoked {u.name} and its tokens", highlight=False)

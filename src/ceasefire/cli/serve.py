"""`ceasefire serve`: the API and the map over the chosen record, with uvicorn."""

from __future__ import annotations

import typer

from ceasefire.cli.context import console, database, reports_errors


def map_url(host: str, port: int) -> str:
    """The address a browser opens for the map (an IPv6 host is bracketed)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def register(app: typer.Typer) -> None:
    @app.command("serve")
    @reports_errors
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0: every interface)."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    ) -> None:
        """Serve the REST API (OpenAPI at /openapi.json) and the map at / over the record."""
        import uvicorn

        from ceasefire.settings import Settings
        from ceasefire.web.app import create_app

        settings = Settings()
        app = create_app(database(), settings=settings)
        console.print(f"map: {map_url(host, port)}  API: {map_url(host, port)}openapi.json", highlight=False)
        uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)

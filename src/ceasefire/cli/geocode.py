"""`ceasefire geocode NAME` and `ceasefire gazetteer ...`: place names to ranked places."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ceasefire.cli.context import console, reports_errors
from ceasefire.cli.output import Format, emit
from ceasefire.errors import InvalidInput
from ceasefire.geo.gazetteer import Candidate, Gazetteer
from ceasefire.settings import Settings

COLUMNS = ("rank", "score", "name", "admin1", "lat", "lon", "precision", "reason", "id")

gazetteer_app = typer.Typer(
    help="The gazetteer behind geocoding: import a full GeoNames country file.", no_args_is_help=True
)


def candidate_row(rank: int, candidate: Candidate) -> dict[str, Any]:
    """A candidate as a flat record: the JSON output and the table share it."""
    place = candidate.place
    return {
        "rank": rank,
        "score": candidate.score,
        "reason": candidate.reason,
        "id": place.id,
        "name": place.name,
        "alternate_names": list(place.alternate_names),
        "admin1": place.admin1,
        "admin1_pcode": place.admin1_pcode,
        "lat": place.lat,
        "lon": place.lon,
        "precision": str(place.precision),
        "feature": f"{place.feature_class}.{place.feature_code}",
        "population": place.population,
        "source": place.source,
    }


@reports_errors
def geocode(
    name: str = typer.Argument(..., help="The place name as reported, in any transliteration."),
    admin1: str | None = typer.Option(None, "--admin1", help="Governorate the context points to (any spelling)."),
    limit: int = typer.Option(5, "--limit", min=1, help="How many candidates to show."),
    fmt: Format = typer.Option(Format.TABLE, "--format", help="table or json."),
) -> None:
    """Rank the places a name may mean, with each score and the reason for it."""
    if fmt not in (Format.TABLE, Format.JSON):
        raise InvalidInput(f"--format {fmt.value!r} is not available for geocode; use table or json")
    candidates = Gazetteer.load(Settings()).resolve(name, admin1=admin1, limit=limit)
    rows = [candidate_row(i, c) for i, c in enumerate(candidates, start=1)]
    if not rows and fmt is Format.TABLE:
        console.print(f"no place matches {name!r}")
        return
    emit(rows, fmt, COLUMNS, title=f"candidates for {name!r}")


@gazetteer_app.command("import")
@reports_errors
def import_(
    file: Path = typer.Argument(..., help="A GeoNames country file: SY.zip or SY.txt."),
    alternate_names: Path | None = typer.Option(
        None, "--alternate-names", help="GeoNames alternatenames/SY.zip (or its .txt), if not inside FILE."
    ),
) -> None:
    """Add every place of a GeoNames country dump to the user gazetteer (under CEASEFIRE_DATA_DIR)."""
    from ceasefire.geo.geonames_dump import import_dump

    summary = import_dump(file, Settings(), alternate_names=alternate_names)
    state = "written" if summary.written else "unchanged"
    console.print(
        f"{summary.read} places read: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged -> {summary.path} ({state})",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("geocode")(geocode)
    app.add_typer(gazetteer_app, name="gazetteer")

"""Bulletin HTML: the assembled data through one Jinja2 template, autoescaped, images inlined.
Runs after `bulletin.assemble`; the PDF is printed from exactly this HTML.

Autoescaping is on for every template: place names, actors' names and claims come from
outside the centre and must never become markup. The HTML holds its stylesheet and its
images (as data: URIs), so the file alone is the bulletin and a PDF renderer needs no network.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ceasefire.render.bulletin import BulletinData
from ceasefire.render.charts import chart_title


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ceasefire.render", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "htm"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["num"] = number
    return env


def number(value: Any, missing: str = "0") -> str:
    """An integer count for print; `missing` where the record holds none (not the same as 0)."""
    return missing if value is None else str(value)


def _version() -> str:
    try:
        return version("ceasefire")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def render_html(data: BulletinData, *, map_png: bytes, chart_png: bytes, has_claim_links: bool) -> str:
    """The complete, self-contained HTML of one edition of the bulletin."""
    template = environment().get_template("bulletin.html.j2")
    return template.render(
        b=data,
        map_png=base64.b64encode(map_png).decode("ascii"),
        chart_png=base64.b64encode(chart_png).decode("ascii"),
        chart_title=chart_title(data.trend_unit, data.trend_measure),
        has_claim_links=has_claim_links,
        version=_version(),
    )

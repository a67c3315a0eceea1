"""Bulletin PDF: the bulletin's HTML printed with WeasyPrint, offline. Runs last, after `html`.

WeasyPrint is pure Python over Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and the
system's fonts (fonts-dejavu-core). Its URL fetcher here allows only `data:` URLs, so a
bulletin can never make the renderer reach the network, whatever a place name contains.
"""

from __future__ import annotations

from weasyprint import HTML, URLFetcher


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (images inlined as data: URIs)."""
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    pdf = HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf()
    if pdf is None:  # write_pdf returns the bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)

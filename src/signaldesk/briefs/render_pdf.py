"""The brief as PDF: the HTML page laid out by WeasyPrint (imported only here)."""

from __future__ import annotations

from ..errors import SignaldeskError
from .model import Brief
from .render_html import render_html


def render_pdf(brief: Brief) -> bytes:
    """PDF bytes; a SignaldeskError says what to install when WeasyPrint cannot run."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise SignaldeskError(
            "PDF briefs need WeasyPrint and its system libraries: pip install weasyprint, and on "
            f"Debian apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core ({error})"
        ) from None
    return bytes(HTML(string=render_html(brief)).write_pdf())

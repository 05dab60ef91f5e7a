"""Pick a renderer by format name."""

from __future__ import annotations

from ..errors import UsageError
from .model import Brief

FORMATS = ("md", "html", "pdf", "json")


def render(brief: Brief, fmt: str) -> bytes:
    """The brief in `fmt` (md, html, pdf or json), as bytes ready to write."""
    if fmt == "md":
        from .render_md import render_markdown

        return render_markdown(brief).encode("utf-8")
    if fmt == "html":
        from .render_html import render_html

        return render_html(brief).encode("utf-8")
    if fmt == "json":
        from .render_json import render_json

        return render_json(brief).encode("utf-8")
    if fmt == "pdf":
        from .render_pdf import render_pdf

        return render_pdf(brief)
    raise UsageError(f"unknown brief format '{fmt}': use {', '.join(FORMATS)}")

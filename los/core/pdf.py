"""Documents as accessible PDFs: an HTML template rendered by WeasyPrint as PDF/UA-1, so the
document structure (headings, lists, tables) becomes the tag tree screen readers follow."""

from __future__ import annotations

from django.template.loader import render_to_string


def pdf_from_template(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    return HTML(string=render_to_string(template, context)).write_pdf(pdf_variant="pdf/ua-1")

"""Pages about Los itself, open to everyone without login and holding no personal data: the
privacy notice (personvernerklæring) and the accessibility statement
(tilgjengelighetserklæring), which public services must publish (docs/accessibility.md)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def privacy_notice(request):
    return render(request, "about/privacy.html")


@require_safe
def accessibility_statement(request):
    return render(request, "about/accessibility.html")

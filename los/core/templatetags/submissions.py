from django import template
from django.utils.html import format_html

from los.core import submissions

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    """The hidden one-time token of a form that creates something (los/core/submissions.py).
    A fresh one each time the form is shown, so a corrected form counts as new."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', submissions.FIELD, submissions.new_token()
    )

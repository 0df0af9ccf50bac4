from django import template

from los.actionplans.formatting import field_text

register = template.Library()


@register.filter
def reported(value, name: str) -> str:
    """`{{ report.nok|reported:"nok" }}` → «1 250 000 kr»; «–» when not reported."""
    return field_text(name, value)

"""How a report's figure reads on a page: a hidden figure is a clear mark with words for a
screen reader, a rate shows what it is a share of, a median how many it is the median of."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from los.reporting.disclosure import SUPPRESSED_MARK
from los.reporting.pages import cell_text, number_text, report_url

register = template.Library()


@register.simple_tag
def report_cell(cell):
    if cell.suppressed:
        return format_html(
            '<span class="los-hidden-figure"><span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}</span></span>',
            SUPPRESSED_MARK,
            _("skjult"),
        )
    if cell.not_yet and cell.denominator:
        return format_html(
            '<span class="los-muted">{}</span><span class="los-basis">{}</span>',
            _("ennå ikke"),
            _("%(n)s startet") % {"n": cell.denominator},
        )
    if cell.value is None:
        # A rate of nobody (no one served, no cohort): there is nothing to divide by.
        return format_html(
            '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
            _("ingen å regne av"),
        )
    shown = number_text(cell.value)
    if cell.unit == "percent":
        return format_html(
            '{} %<span class="los-basis">{}</span>',
            shown,
            _("%(numerator)s av %(denominator)s")
            % {"numerator": cell.numerator, "denominator": cell.denominator},
        )
    if cell.unit == "days":
        return format_html(
            '{} {}<span class="los-basis">{}</span>',
            shown,
            _("dager"),
            _("median av %(n)s") % {"n": cell.numerator},
        )
    return shown


@register.simple_tag
def report_href(scope, query=""):
    """A unit's report, for the same period and programme as the page it is linked from."""
    return report_url(scope) + query


@register.filter
def report_text(cell):
    """The figure as one line of text, for the PDF."""
    return cell_text(cell)

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.translation import gettext as _

from los.access.audit import said_to_participant, who_as_logged
from los.core.days import local

register = template.Library()

_TEXT_WIDGETS = {"text", "email", "date", "number", "password", "tel", "url", "search"}


@register.filter
def aksel_widget(bound_field):
    """Render a form widget with Aksel classes and with its error and help text tied to it
    (aria-describedby, aria-invalid), so screen readers announce them."""
    widget_type = bound_field.widget_type
    attrs = {}
    if widget_type in _TEXT_WIDGETS or widget_type.endswith("input"):
        attrs["class"] = "aksel-text-field__input aksel-body-short aksel-body-short--medium"
    elif widget_type == "select":
        attrs["class"] = "aksel-select__input aksel-body-short aksel-body-short--medium"
    elif widget_type == "textarea":
        attrs["class"] = "aksel-textarea__input aksel-body-short aksel-body-short--medium"
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


def _when(moment) -> str:
    moment = local(moment)
    if moment.year == timezone.localdate().year:
        return format_date(moment, "j. F \\k\\l. H:i")
    return format_date(moment, "j. F Y \\k\\l. H:i")


def _who(entry) -> str:
    return who_as_logged(entry.user_name, entry.role, entry.organisation_name)


@register.filter
def access_sentence(entry) -> str:
    """«Kari Nordmann, jobbspesialist, NAV Bodø, så planen din 12. mars kl. 10:14»."""
    return format_html(
        "{}, {} {}", _who(entry), said_to_participant(entry), _when(entry.accessed_at)
    )


def _and_list(parts: list[str]) -> str:
    """«a», «a og b», «a, b og c»."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s og %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


@register.filter
def day_of_reads_sentence(group) -> str:
    """«Kari Nordmann, jobbspesialist, NAV Bodø, så planen din og arbeid og utdanning
    12. mars, 4 ganger mellom kl. 10:14 og 10:20»: one person's reads on one day."""
    phrases = list(dict.fromkeys(said_to_participant(entry) for entry in group.entries))
    # «så planen din og grunnopplysningene dine», not «… og så grunnopplysningene dine».
    saw = _("så") + " "
    phrases = phrases[:1] + [
        p.removeprefix(saw) if phrases[0].startswith(saw) else p for p in phrases[1:]
    ]
    day = format_date(
        group.day, "j. F" if group.day.year == timezone.localdate().year else "j. F Y"
    )
    if group.count == 1:
        when = _("%(day)s kl. %(time)s") % {
            "day": day,
            "time": format_date(local(group.first), "H:i"),
        }
    else:
        when = _("%(day)s, %(count)s ganger mellom kl. %(first)s og %(last)s") % {
            "day": day,
            "count": group.count,
            "first": format_date(local(group.first), "H:i"),
            "last": format_date(local(group.last), "H:i"),
        }
    return format_html("{}, {} {}", _who(group), _and_list(phrases), when)


@register.filter
def refusal_sentence(entry) -> str:
    """«Ute Utenfor, NAV-veileder, NAV Tromsø, prøvde å se opplysninger om deg 12. mars
    kl. 10:14, men fikk ikke tilgang»."""
    if not entry.user_name:
        # No name is stored for a participant's account: another participant stays nameless.
        return format_html(
            _("En annen deltaker prøvde å se opplysninger om deg {when}, men fikk ikke tilgang"),
            when=_when(entry.refused_at),
        )
    return format_html(
        _("{who}, prøvde å se opplysninger om deg {when}, men fikk ikke tilgang"),
        who=_who(entry),
        when=_when(entry.refused_at),
    )


@register.filter
def request_sentence(request) -> str:
    """«Jon Bakke, NAV-veileder, NAV Bodø, ba om å bli med i teamet ditt 12. mars kl. 10:14
    (godtatt)»."""
    return format_html(
        _("{who}, ba om å bli med i teamet ditt {when} ({state})"),
        who=", ".join(
            [request.requester.display_name, request.get_role_display(), request.organisation.name]
        ),
        when=_when(request.requested_at),
        state=request.get_state_display(),
    )


@register.filter
def when(moment) -> str:
    return _when(moment)


@register.filter
def activity_field_names(names) -> str:
    """«status, frist»: the changed fields of an activity version, as the form names them."""
    from los.plans.models import Activity

    return ", ".join(str(Activity._meta.get_field(name).verbose_name) for name in names)


@register.simple_tag
def staff_name(access, user, organisation=None) -> str:
    """A staff member's name as this viewer may see it (ParticipantAccess.staff_name):
    `{% staff_name access note.author note.author_organisation %}`."""
    return access.staff_name(user, organisation)


@register.simple_tag
def note_author(access, note) -> str:
    """«Kari Veileder, NAV-veileder, NAV Bodø», or «en i teamet» where the viewer may not
    learn who wrote it (ParticipantAccess.can_name_staff)."""
    if access.can_name_staff(note.author_id, note.author_organisation):
        role = note.get_author_role_display()
        return f"{note.author.display_name}, {role}, {note.author_organisation.name}"
    return access.staff_name(None)

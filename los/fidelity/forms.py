"""Forms for fidelity reviews. They parse input; los.fidelity.services decides."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.accounts.models import User
from los.core.forms import TODAY, LosDateField, LosForm, years_ago, years_ahead
from los.core.vocabulary import Role
from los.directory.kinds import OfferKind
from los.fidelity.models import FidelityScale
from los.organisations.models import Organisation
from los.pathways.models import Enrolment

# The programmes whose services the IPS scales review, as pathways and as offers in the
# service directory.
IPS_PROGRAMMES = ("ips", "ips-ung")
IPS_OFFERS = (OfferKind.IPS, OfferKind.IPS_YOUNG)


def ips_services():
    """Organisations that run IPS: they list an IPS offer in the directory, or have people
    in an IPS pathway. Only they can be reviewed against IPS-25 or IPS-Y."""
    with_enrolments = Enrolment.objects.filter(programme__code__in=IPS_PROGRAMMES).values(
        "organisation_id"
    )
    return (
        Organisation.objects.filter(Q(offers__kind__in=IPS_OFFERS) | Q(pk__in=with_enrolments))
        .distinct()
        .order_by("name")
    )


class ReviewForm(LosForm):
    organisation = forms.ModelChoiceField(
        label=_("Tjenesten som gjennomgås"),
        queryset=Organisation.objects.none(),
        help_text=_("Tjenestene som gir IPS eller IPS-ung."),
    )
    scale = forms.ModelChoiceField(
        label=_("Skala"), queryset=FidelityScale.objects.order_by("name"), empty_label=None
    )
    review_date = LosDateField(
        label=_("Dato for besøket"), earliest=years_ago(1), latest=years_ahead(1)
    )
    period_start = LosDateField(
        label=_("Tallene fra Los gjelder fra"),
        help_text=_("Vanligvis de siste seks månedene."),
        earliest=years_ago(3),
        latest=TODAY,
    )
    period_end = LosDateField(label=_("Til og med"), earliest=years_ago(3), latest=TODAY)
    co_reviewers = forms.ModelMultipleChoiceField(
        label=_("Med-vurderere"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hver vurderer skårer alene først; så blir dere enige."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = ips_services()
        self.fields["co_reviewers"].queryset = (
            User.objects.filter(staff_roles__role=Role.FIDELITY_REVIEWER, staff_roles__active=True)
            .exclude(pk=user.pk)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["co_reviewers"].label_from_instance = lambda u: u.display_name


class ActionForm(LosForm):
    text = forms.CharField(label=_("Tiltak"), max_length=500)
    owner = forms.CharField(label=_("Ansvarlig"), max_length=200)
    due_date = LosDateField(label=_("Frist"), earliest=TODAY, latest=years_ahead(3))

"""The administrator sees every notice that is pending or has failed, and may send a failed
one again. The list shows the kind, the channel, the state and the last error; the address
is masked and the link left out, since a link names a participant's record and an address
says who is followed up. Nothing here can be edited.

Like every admin list that points at users, this one leaves participants' accounts out
(tests/web/test_admin.py): for notices to participants it shows only how many are pending
and how many have failed; `manage.py send_pending_notices --retry-failed` sends every
failed notice again, theirs too."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from los.notifications import services
from los.notifications.models import Notice, OutboxEntry, Status


def masked(address: str) -> str:
    """«s…@nav.no», «…1234»: enough to recognise a typo, not to learn who it is."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}…@{domain}"
    return f"…{address[-4:]}" if address else ""


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "masked_address",
        "last_error",
    ]
    list_filter = ["status", "channel", "kind"]
    fields = [*list_display[:-2], "sent_at", "last_error"]
    readonly_fields = fields
    actions = ["send_again"]
    ordering = ["-created_at"]
    change_list_template = "admin/notifications/notice/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(recipient__participant__isnull=False)

    def changelist_view(self, request, extra_context=None):
        to_participants = Notice.objects.filter(recipient__participant__isnull=False)
        extra_context = (extra_context or {}) | {
            "participant_pending": to_participants.filter(status=Status.PENDING).count(),
            "participant_failed": to_participants.filter(status=Status.FAILED).count(),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("adresse"))
    def masked_address(self, notice):
        return masked(notice.address)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send valgte feilede varsler på nytt"))
    def send_again(self, request, queryset):
        count = services.retry_failed(
            queryset.filter(status=Status.FAILED).values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext("%(n)d varsel sendes på nytt.", "%(n)d varsler sendes på nytt.", count)
            % {"n": count},
            messages.SUCCESS,
        )


@admin.register(OutboxEntry)
class OutboxAdmin(admin.ModelAdmin):
    """The demo's outbox: what would have been sent by e-mail or SMS."""

    list_display = ["created_at", "channel", "to", "subject"]
    list_filter = ["channel"]
    readonly_fields = ["created_at", "channel", "to", "subject", "body"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

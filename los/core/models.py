from django.conf import settings
from django.db import models
from django.utils import timezone


class Submission(models.Model):
    """A form that created something, by the one-time token it was rendered with, so that
    the same form sent again (a double click, a reload after a slow answer, a second tab)
    creates nothing new and leads to what the first one created. See los/core/submissions.py.
    Kept for a day only: after that nobody resends a form, and where someone went is no
    business of this table."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    # Where the first submission led (its redirect), within Los: the repeat goes there too.
    result_url = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Two racing requests with one token: the second INSERT waits for the first
            # transaction and then fails, so only one of them creates anything.
            models.UniqueConstraint(fields=["user", "token"], name="core_submission_once"),
        ]
        indexes = [models.Index(fields=["created_at"], name="core_submission_age")]

    def __str__(self) -> str:
        return f"{self.token} → {self.result_url}"

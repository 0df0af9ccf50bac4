import datetime

import pytest
from django.utils import timezone

from los.api import tokens
from los.api.models import ApiToken, Scope


def issue_key(user, scope=Scope.READ, *, days=30) -> str:
    """A key as token_create makes it, without the signed-in session the page needs (the page
    and its MFA rule are tested in test_tokens.py)."""
    key = tokens.KEY_PREFIX + f"test-{user.pk}-{scope}-{ApiToken.objects.count()}"
    ApiToken.objects.create(
        user=user,
        name="test",
        prefix=key[:12],
        digest=tokens.digest_of(key),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return key


@pytest.fixture
def bearer():
    def headers(user, scope=Scope.READ, **extra):
        return {"Authorization": f"Bearer {issue_key(user, scope)}", **extra}

    return headers

"""The load test's own arithmetic: the codes its staff type and the mix of users."""

import base64

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from benchmarks.load import _mix, totp_code

RFC_6238_SECRET = base64.b32encode(b"12345678901234567890").decode()


def test_totp_code_is_rfc_6238():
    # RFC 6238, appendix B (SHA-1): 94287082 at T=59 s, 07081804 at T=1111111109 s; six digits.
    assert totp_code(RFC_6238_SECRET, 59) == "287082"
    assert totp_code(RFC_6238_SECRET, 1111111109) == "081804"


def test_totp_code_is_what_allauth_accepts():
    at = 1_800_000_000

    assert totp_code(RFC_6238_SECRET, at) == format_hotp_value(
        hotp_value(RFC_6238_SECRET, at // 30)
    )


def test_the_mix_has_exactly_the_users_asked_for_and_every_kind():
    for count in (4, 10, 50, 51):
        sizes = _mix(count)
        assert sum(sizes.values()) == count
        assert min(sizes.values()) >= 1

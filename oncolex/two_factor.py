"""Second factor (TOTP, django-otp) for the accounts that can publish.

Approvers and superusers (whoever may approve, unpublish or change
permissions), and any editor who enrolled, must confirm a one-time code after
their password before the admin lets them do anything; until they have a
device, the same page enrols one. Codes come from an authenticator app (TOTP,
RFC 6238); single-use backup codes (a static device) are for recovery and for
the demo accounts. django-otp throttles wrong codes itself.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from oncolex.review.services import APPROVE_PERMISSION

BACKUP_DEVICE_NAME = "Backup codes"


def needs_second_factor(user: AbstractBaseUser) -> bool:
    """The rule: who must confirm a code before using the admin."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm(APPROVE_PERMISSION):
        return True
    return user_has_device(user, confirmed=True)


def second_factor_missing(request: HttpRequest) -> bool:
    user = request.user
    return needs_second_factor(user) and not user.is_verified()


class SecondFactorMiddleware:
    """Send admin users who owe a code to the two-factor page first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith("/admin/")
            and request.path not in _exempt_paths()
            and second_factor_missing(request)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('two_factor')}?{query}")
        return self.get_response(request)


def _exempt_paths() -> set[str]:
    return {
        reverse("two_factor"),
        reverse("admin:login"),
        reverse("admin:logout"),
        reverse("admin:jsi18n"),
    }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("Six digits from your authenticator app, or a backup code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


def _pending_totp(user: AbstractBaseUser) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def verify(*, user: AbstractBaseUser, code: str, enrolling: TOTPDevice | None):
    """The device that accepts `code` (confirming an enrolling one), or None."""
    if enrolling is not None:
        if not enrolling.verify_token(code):
            return None
        enrolling.confirmed = True
        enrolling.save(update_fields=["confirmed"])
        return enrolling
    return match_token(user, code)


@never_cache
@login_required(login_url="admin:login")
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Confirm a code; without a confirmed device, enrol an authenticator app."""
    user = request.user
    if not user.is_staff:
        return HttpResponseRedirect(reverse("admin:login"))
    has_device = any(devices_for_user(user, confirmed=True))
    enrolling = None if has_device else _pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify(user=user, code=form.cleaned_data["code"], enrolling=enrolling)
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error(
            "code",
            forms.ValidationError(
                _("That code is not right, or it has expired. Try the next one."),
                code="invalid",
            ),
        )
    context = {
        "title": _("Two-factor authentication"),
        "form": form,
        "enrolling": enrolling,
        "required": needs_second_factor(user) and not has_device,
        "verified": user.is_verified(),
        "next": _next_url(request),
    }
    if enrolling is not None:
        context["secret"] = base64.b32encode(enrolling.bin_key).decode()
        context["otpauth_uri"] = enrolling.config_url
    return render(request, "admin/two_factor.html", context)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def ensure_backup_codes(user: AbstractBaseUser, *, count: int = 5) -> list[str]:
    """At least `count` unused single-use codes for `user`; returns them all."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    missing = count - device.token_set.count()
    for _ in range(max(missing, 0)):
        device.token_set.create(token=StaticToken.random_token())
    return list(device.token_set.order_by("pk").values_list("token", flat=True))

"""Sign-ins are throttled (django-axes) and publishing accounts need a second
factor (django-otp). Throttling is on in every test here, as in production."""

from __future__ import annotations

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import sign_in_with_second_factor

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


def sign_in(client, username: str, password: str, address: str = "10.0.0.1", **meta):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **meta
    )


def is_locked_out(response) -> bool:
    return response.status_code == 429 and "locked for 15 minutes" in (
        response.content.decode()
    )


def test_five_wrong_passwords_lock_the_account_from_every_address(client, editor):
    for n in range(4):
        assert sign_in(client, "editor", "wrong", f"10.0.0.{n}").status_code == 200
    assert is_locked_out(sign_in(client, "editor", "wrong", "10.0.0.4"))
    response = sign_in(client, "editor", PASSWORD, "10.0.0.99")
    assert is_locked_out(response)
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_from_one_address_lock_that_address(
    client, editor, second_editor
):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", "10.0.0.7")
    assert is_locked_out(sign_in(client, "editor", PASSWORD, "10.0.0.7"))
    # Another address, and the account itself, are not locked.
    assert sign_in(client, "second_editor", PASSWORD, "10.0.0.8").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=1)
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    time.sleep(1.1)
    assert sign_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_the_address_it_saw_is_throttled_not_the_proxy(client):
    # nginx (deploy/) appends the address it saw; what came before is the
    # client's own claim.
    sign_in(
        client,
        "nobody",
        "wrong",
        "127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5",
    )
    # Not from the proxy: a forged header is ignored.
    sign_in(client, "nobody", "wrong", "192.0.2.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.5", "192.0.2.1"}


def test_an_administrator_unlocks_a_locked_account(client, editor, django_user_model):
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    admin_user = django_user_model.objects.create_superuser("root", password=PASSWORD)
    sign_in_with_second_factor(client, admin_user)
    response = client.post(
        "/admin/axes/accessattempt/",
        {
            "action": "unlock",
            "_selected_action": list(
                AccessAttempt.objects.values_list("pk", flat=True)
            ),
        },
    )
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_an_approver_cannot_approve_or_change_anything_before_a_second_factor(
    client, approver
):
    assert sign_in(client, "approver", PASSWORD).status_code == 302
    for url in ["/admin/", "/admin/oncolex/submission/", "/admin/auth/user/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/two-factor/?next=")
    assert client.post("/admin/oncolex/submission/1/approve/").status_code == 302


def test_an_approver_enrols_an_authenticator_app_then_works(client, approver):
    sign_in(client, "approver", PASSWORD)
    page = client.get("/admin/two-factor/?next=/admin/oncolex/submission/")
    assert "otpauth://totp/" in page.content.decode()
    device = TOTPDevice.objects.get(user=approver, confirmed=False)

    wrong = client.post(page.request["PATH_INFO"], {"code": "000000"})
    assert wrong.context["form"].errors["code"][0].startswith("That code is not")
    assert client.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp makes a wrong code cost a second's wait

    response = client.post(
        "/admin/two-factor/",
        {"code": f"{totp(device.bin_key):06d}", "next": "/admin/oncolex/submission/"},
    )
    assert response.url == "/admin/oncolex/submission/"
    assert client.get("/admin/oncolex/submission/", follow=True).status_code == 200
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_superuser_needs_the_second_factor_to_change_permissions(
    client, django_user_model
):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    sign_in(client, "root", PASSWORD)
    assert client.get("/admin/auth/group/").status_code == 302


def test_editors_work_without_a_second_factor_and_may_enrol_one(client, editor):
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=editor)
    client.post("/admin/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    client.logout()
    # Enrolled: from now on the editor's sign-in asks for the code too.
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").url.startswith("/admin/two-factor/")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_the_two_factor_page_sends_nobody_to_another_site(client, approver, target):
    sign_in_with_second_factor(client, approver)
    client.logout()
    sign_in(client, "approver", PASSWORD)
    from oncolex.two_factor import ensure_backup_codes

    code = ensure_backup_codes(approver)[0]
    response = client.post("/admin/two-factor/", {"code": code, "next": target})
    assert response.url == "/admin/"


def test_every_admin_page_links_the_two_factor_page(client, editor):
    client.force_login(editor)
    assert 'href="/admin/two-factor/"' in client.get("/admin/").content.decode()

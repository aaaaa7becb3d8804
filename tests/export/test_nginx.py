"""The shipped nginx configuration (deploy/nginx/) in a private nginx on a
loopback port, in front of the live server: exported pages come from the
tree with the headers Django sends; everything else comes from Django."""

from __future__ import annotations

import datetime
import gzip
import http.client
from collections.abc import Iterator
from dataclasses import dataclass

import brotli
import pytest
from django.conf import settings

from export import services
from oncolex import dates
from oncolex.review import services as review
from tests.export.helpers import PATH, run_tasks, save_second_text
from tests.factories import publish, save_article
from tests.servers import free_port, nginx_binary, nginx_configuration, running_nginx

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        nginx_binary() is None,
        reason="nginx is not installed (apt-get install -y nginx): the shipped "
        "configuration cannot be run",
    ),
]

# Sent by one server and not the other, whatever the page.
PER_SERVER = {"date", "server", "connection", "etag", "last-modified", "accept-ranges"}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def from_file(self) -> bool:
        """nginx dates the files it sends; Django's pages carry no date."""
        return "last-modified" in self.headers

    def text(self) -> bytes:
        match self.headers.get("content-encoding"):
            case "gzip":
                return gzip.decompress(self.body)
            case "br":
                return brotli.decompress(self.body)
        return self.body


class Proxy:
    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, path: str, *, method: str = "GET", encoding: str | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        # The site's host, as the exported pages were rendered for it.
        headers = {"Host": "testserver"}
        if encoding is not None:
            headers["Accept-Encoding"] = encoding
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        answer = Answer(
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read(),
        )
        connection.close()
        return answer


@pytest.fixture
def proxy(live_server, export_root, article, tmp_path) -> Iterator[Proxy]:
    """nginx, started (as it is reloaded in production) once the first export
    has written the headers file it includes."""
    port = free_port()
    conf = nginx_configuration(
        tmp_path / "nginx",
        pages_port=port,
        export_root=export_root,
        application=live_server.url.removeprefix("http://"),
    )
    with running_nginx(tmp_path / "nginx", conf, [port], time_zone=settings.TIME_ZONE):
        yield Proxy(port)


@pytest.fixture(autouse=True)
def site_over_https(export_root, settings) -> None:
    """Pages rendered as for readers over HTTPS, so they carry HSTS too."""
    settings.ONCOLEX_SITE_URL = "https://testserver"


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [
        (None, None),
        ("gzip", "gzip"),
        ("gzip, deflate, br", "br"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.5", "br"),
        ("identity", None),
    ],
)
@pytest.mark.parametrize("path", ["/en/", "/nb/", PATH])
def test_nginx_sends_exported_pages_with_the_headers_django_sends(
    proxy, article, client, path, accept, encoding
):
    django = client.get(path, secure=True)  # behind nginx's TLS
    assert "Last-Modified" not in django
    answer = proxy.request(path, encoding=accept)
    assert answer.status == 200
    assert answer.from_file
    assert answer.headers.get("content-encoding") == encoding
    assert answer.text() == django.content
    expected = {
        name.lower(): value
        for name, value in django.items()
        if name.lower() not in PER_SERVER
    }
    got = {name: v for name, v in answer.headers.items() if name not in PER_SERVER}
    assert "strict-transport-security" in expected
    # The length of what was sent, and a request id of each server's own.
    assert got.pop("content-length") == str(len(answer.body))
    assert got.pop("x-request-id") and expected.pop("x-request-id")
    del expected["content-length"]
    if encoding:
        expected["content-encoding"] = encoding
    assert got == expected


def test_what_is_not_exported_is_answered_by_django(proxy, article, editor):
    save_article(user=editor, slug="draft-only", title="Draft only")
    run_tasks()  # its new cancer type was approved
    with_query = proxy.request(PATH + "?utm_source=mail")
    assert with_query.status == 200 and not with_query.from_file
    posted = proxy.request(PATH, method="POST")
    # Django's CSRF check answers (nginx's static files would say 405).
    assert posted.status == 403 and b"CSRF" in posted.body
    search = proxy.request("/en/search/?q=approved")
    assert search.status == 200 and b"Approved" in search.body
    assert proxy.request("/admin/login/").status == 200
    assert proxy.request("/en/articles/draft-only/").status == 404
    # Without the slash Django redirects, as it does without the export.
    assert proxy.request(PATH.rstrip("/")).status == 301
    assert proxy.request(PATH + "index.html").status == 404
    head = proxy.request(PATH, method="HEAD")
    assert head.status == 200 and head.from_file and head.body == b""


def test_approval_and_unpublication_show_through_nginx_at_once(
    proxy, article, editor, approver
):
    save_second_text(article, editor)
    publish(article, editor=editor, approver=approver, note="Second")
    # Committed; the export has not run: Django answers, with the new text.
    answer = proxy.request(PATH)
    assert not answer.from_file and b"Second approved text." in answer.body
    run_tasks()
    answer = proxy.request(PATH)
    assert answer.from_file and b"Second approved text." in answer.body

    review.unpublish(obj=article, user=approver, comment="Withdrawn")
    assert proxy.request(PATH).status == 410
    run_tasks()
    assert proxy.request(PATH).status == 410
    assert proxy.request("/en/").from_file


def test_a_tree_built_for_another_day_is_not_served(proxy, article, monkeypatch):
    assert proxy.request(PATH).from_file
    yesterday = dates.today() - datetime.timedelta(days=1)
    monkeypatch.setattr(dates, "today", lambda: yesterday)
    services.export_public_pages()
    answer = proxy.request(PATH)
    assert answer.status == 200 and not answer.from_file

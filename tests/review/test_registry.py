"""A model becomes reviewable by one registration: the transitions, the
four-eyes rule, the address check and the seal come with it."""

from __future__ import annotations

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from oncolex.review import chain, registry, services
from oncolex.review.exceptions import AddressTaken, FourEyesViolation
from oncolex.review.registry import NotReviewable
from tests.review_app.models import Leaflet, PublishedLeaflet
from tests.review_app.publishing import LEAFLETS


@pytest.fixture
def leaflets():
    registry.register(Leaflet, LEAFLETS)  # the one declaration
    yield
    registry.unregister(Leaflet)


def save_leaflet(user, leaflet=None, **fields) -> Leaflet:
    with reversion.create_revision():
        reversion.set_user(user)
        if leaflet is None:
            return Leaflet.objects.create(**fields)
        for name, value in fields.items():
            setattr(leaflet, name, value)
        leaflet.save()
        return leaflet


def test_a_registered_model_is_submitted_approved_and_sealed(
    leaflets, editor, approver
):
    leaflet = save_leaflet(editor, slug="after-surgery", text="Rest for a week.")
    submission = services.submit(obj=leaflet, user=editor)
    published = services.approve(submission=submission, user=approver, note="New")

    assert isinstance(published, PublishedLeaflet)
    assert (published.number, published.text) == (1, "Rest for a week.")
    assert services.published_revision_id(leaflet) == submission.revision_id
    assert len(published.content_hash) == 64
    assert chain.verify_chain(PublishedLeaflet) == (1, None)


def test_the_generic_rules_hold_for_a_registered_model(
    leaflets, editor, approver, second_approver
):
    first = save_leaflet(editor, slug="after-surgery", text="Rest.")
    services.approve(
        submission=services.submit(obj=first, user=editor), user=approver, note="A"
    )
    # The approver's own text cannot be approved by them...
    other = save_leaflet(approver, slug="before-surgery", text="Fast.")
    submission = services.submit(obj=other, user=editor)
    with pytest.raises(FourEyesViolation):
        services.approve(submission=submission, user=approver, note="B")
    # ...and no second live leaflet may take the first one's address (its
    # draft moved on, but the live record still answers there).
    save_leaflet(editor, first, slug="after-surgery-v2")
    save_leaflet(editor, other, slug="after-surgery")
    submission = services.submit(obj=other, user=editor)
    with pytest.raises(AddressTaken):
        services.approve(submission=submission, user=second_approver, note="B")


def test_an_unregistered_model_cannot_be_submitted(editor):
    leaflet = save_leaflet(editor, slug="x", text="y")
    with pytest.raises(NotReviewable):
        services.submit(obj=leaflet, user=editor)


def test_a_model_without_revisions_cannot_be_registered():
    with pytest.raises(ImproperlyConfigured, match="django-reversion"):
        registry.register(Group, LEAFLETS)
    assert not registry.is_registered(Group)

from __future__ import annotations


class ReviewError(Exception):
    """A review transition was refused; the message is shown to the user."""


class NotAllowed(ReviewError):
    """The user lacks the permission for this transition (answered with 403)."""


class FourEyesViolation(NotAllowed):
    """An approver tried to approve their own submission or their own edits."""


class InvalidState(ReviewError):
    """The transition does not apply to the submission's current state."""


class StaleSubmission(ReviewError):
    """The object changed after it was submitted; the submission was withdrawn."""


class NothingToSubmit(ReviewError):
    """There is no saved revision, or it is already published or pending."""


class PastReviewDate(ReviewError):
    """The revision's next-review date has already passed; approving it needs
    the approver's explicit confirmation."""

    code = "past_review_date"

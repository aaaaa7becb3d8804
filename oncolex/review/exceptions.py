"""Why a review transition was refused. Each error carries a `code`, as Django's
`ValidationError` does, so callers and tests match codes, not wording."""

from __future__ import annotations


class ReviewError(Exception):
    """A review transition was refused; the message is shown to the user."""

    default_code = "refused"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code or self.default_code


class NotAllowed(ReviewError):
    """The user lacks the permission for this transition (answered with 403)."""

    default_code = "not_allowed"


class FourEyesViolation(NotAllowed):
    """An approver tried to approve their own submission or their own edits."""

    default_code = "four_eyes"


class InvalidState(ReviewError):
    """The transition does not apply to the submission's current state."""

    default_code = "invalid_state"


class StaleSubmission(ReviewError):
    """The object changed after it was submitted; the submission was withdrawn."""

    default_code = "stale"


class NothingToSubmit(ReviewError):
    """There is no saved revision, or it is already published or pending."""

    default_code = "nothing_to_submit"


class AddressTaken(ReviewError):
    """Another live record already answers at the address this revision wants."""

    default_code = "address_taken"


class PastReviewDate(ReviewError):
    """The revision's next-review date has already passed; approving it needs
    the approver's explicit confirmation."""

    default_code = "past_review_date"


class PagesHeld(ReviewError):
    """Pages served outside the application (the nginx export) could not be
    withdrawn: publishing now would leave readers the old pages."""

    default_code = "pages_held"

from oncolex.review.models import (
    AuditAction,
    AuditEvent,
    ChainHead,
    Submission,
    SubmissionState,
)

__all__ = ["AuditAction", "AuditEvent", "ChainHead", "Submission", "SubmissionState"]

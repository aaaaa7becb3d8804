from oncolex.review.models import AuditAction, AuditEvent, Submission, SubmissionState

__all__ = ["AuditAction", "AuditEvent", "Submission", "SubmissionState"]

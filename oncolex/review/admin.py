"""Admin for the review workflow: the approver's queue and review page, and a
mixin that gives any reviewable model's admin its submit and unpublish pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from oncolex.people import full_name
from oncolex.review import registry, services
from oncolex.review.exceptions import NotAllowed, ReviewError
from oncolex.review.forms import ApproveForm, RejectForm, SubmitForm, UnpublishForm
from oncolex.review.models import AuditEvent, Submission


def _refuse_or_report(request: HttpRequest, error: ReviewError) -> None:
    # A missing permission is a forged request: 403. Anything else is a normal
    # refusal that the user can act on.
    if isinstance(error, NotAllowed):
        raise PermissionDenied(str(error)) from error
    messages.error(request, str(error))


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "content_object",
        "content_type",
        "revision_id",
        "state",
        "submitter",
        "submitted_at",
        "decider",
    ]
    list_filter = ["state", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["submitted_by", "decided_by", "content_type"]
    date_hierarchy = "submitted_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_lazy("submitted by"), ordering="submitted_by")
    def submitter(self, submission: Submission) -> str:
        return full_name(submission.submitted_by)

    @admin.display(description=_lazy("decided by"), ordering="decided_by")
    def decider(self, submission: Submission) -> str:
        return full_name(submission.decided_by)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Approvers open the queue: show what waits for them unless they filter.
        if not request.GET and request.method == "GET":
            return HttpResponseRedirect(f"{request.path}?state__exact=pending")
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/approve/",
                wrap(require_POST(self.approve_view)),
                name="oncolex_submission_approve",
            ),
            path(
                "<int:pk>/reject/",
                wrap(require_POST(self.reject_view)),
                name="oncolex_submission_reject",
            ),
            path(
                "<int:pk>/withdraw/",
                wrap(self.withdraw_view),
                name="oncolex_submission_withdraw",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The review page: the submitted revision beside the published one."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(
            Submission.objects.select_related("submitted_by", "decided_by", "revision"),
            pk=object_id,
        )
        return self.render_review_page(request, submission)

    def render_review_page(
        self,
        request: HttpRequest,
        submission: Submission,
        *,
        approve_form: ApproveForm | None = None,
        reject_form: RejectForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        obj = submission.content_object
        orphaned = obj is None
        approval = services.can_approve(submission=submission, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review: %(object)s") % {"object": obj or submission},
            "submission": submission,
            "object": obj,
            # The content was deleted: nothing to show, nothing to approve.
            "orphaned": orphaned,
            "approval": approval,
            # Approve and reject forms, unless the rule bars this user from
            # deciding at all; other refusals are shown above the forms.
            "can_decide": submission.is_pending
            and not orphaned
            and (approval.allowed or approval.code == "address_taken"),
            "can_withdraw": services.can_withdraw(
                submission=submission, user=request.user
            ).allowed,
            "approve_form": approve_form or self._approve_form(submission),
            "reject_form": reject_form or RejectForm(),
            "events": AuditEvent.objects.filter(
                content_type=submission.content_type, object_id=submission.object_id
            ).select_related("user")[:20],
        }
        if obj is not None:
            context.update(self._comparison(request, obj, submission))
        return TemplateResponse(
            request, "admin/review/review.html", context, status=status
        )

    def _comparison(
        self, request: HttpRequest, obj: Any, submission: Submission
    ) -> dict[str, Any]:
        """The submitted revision, the published one and the diff between them
        (rendered, or the source on request where the model has one), from the
        object's review adapter."""
        adapter = registry.adapter_for(obj)
        submitted_html, problems = adapter.preview(obj, submission.revision_id)
        published_id = adapter.published_revision_id(obj)
        source_diff = adapter.source_diff(obj, published_id, submission.revision_id)
        show_source = request.GET.get("view") == "source" and source_diff is not None
        return {
            "submitted_html": submitted_html,
            "published_html": adapter.preview(obj, published_id)[0]
            if published_id
            else "",
            "problems": problems,
            "diff_html": source_diff
            if show_source
            else adapter.diff(obj, published_id, submission.revision_id),
            "show_source": show_source,
            "has_source_diff": source_diff is not None,
            "preview_url": adapter.preview_url(obj, submission.revision_id),
            "public_url": _public_url(obj, submission),
            "stale": services.latest_revision_id(obj) != submission.revision_id,
        }

    def _submission(self, pk: int) -> Submission:
        return get_object_or_404(Submission, pk=pk)

    def _back(self, submission: Submission) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:oncolex_submission_change", args=[submission.pk])
        )

    def _approve_form(self, submission: Submission, data: Any = None) -> ApproveForm:
        return ApproveForm(
            data,
            bilingual=services.bilingual_change_note(submission.content_object),
            past_review_date=services.past_review_date(submission=submission),
        )

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self._submission(pk)
        form = self._approve_form(submission, request.POST)
        if not form.is_valid():
            if not request.user.has_perm(services.APPROVE_PERMISSION):
                raise PermissionDenied
            return self.render_review_page(
                request, submission, approve_form=form, status=400
            )
        try:
            services.approve(
                submission=submission,
                user=request.user,
                note=form.cleaned_data["note"],
                note_nb=form.cleaned_data.get("note_nb", ""),
                confirm_past_review_date=form.cleaned_data.get(
                    "confirm_past_review_date", False
                ),
            )
        except ReviewError as error:
            _refuse_or_report(request, error)
        else:
            messages.success(request, _("Approved and published."))
        return self._back(submission)

    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self._submission(pk)
        form = RejectForm(request.POST)
        if not form.is_valid():
            if not request.user.has_perm(services.APPROVE_PERMISSION):
                raise PermissionDenied
            return self.render_review_page(
                request, submission, reject_form=form, status=400
            )
        try:
            services.reject(
                submission=submission,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ReviewError as error:
            _refuse_or_report(request, error)
        else:
            messages.success(request, _("Rejected; the editor can see your reason."))
        return self._back(submission)

    def withdraw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """GET asks for confirmation; POST withdraws."""
        submission = self._submission(pk)
        if request.method != "POST":
            if not self.has_view_permission(request):
                raise PermissionDenied
            return TemplateResponse(
                request,
                "admin/review/withdraw.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("Withdraw the submission of %(object)s?")
                    % {"object": submission.content_object or submission},
                    "submission": submission,
                    "object": submission.content_object or submission,
                },
            )
        # The same one optional, cleaned comment as a submission's.
        form = SubmitForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("comment", [])))
            return self._back(submission)
        try:
            services.withdraw(
                submission=submission,
                user=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ReviewError as error:
            _refuse_or_report(request, error)
        else:
            messages.success(request, _("Submission withdrawn."))
        return self._back(submission)


def _public_url(obj: Any, submission: Submission) -> str:
    """After a decision: where readers see the object now (for an approval,
    the version just published)."""
    if submission.is_pending:
        return ""
    live = registry.adapter_for(obj).versions(obj).filter(is_current=True).first()
    get_url = getattr(live, "get_absolute_url", None)
    return get_url() if get_url else ""


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "content_object", "person", "comment", "seal"]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "at"

    @admin.display(description=_lazy("user"), ordering="user")
    def person(self, event: AuditEvent) -> str:
        return full_name(event.user)

    @admin.display(description=_lazy("seal"))
    def seal(self, event: AuditEvent) -> str:
        # The start of the event's SHA-256 (`manage.py verify_audit` checks it).
        return event.content_hash[:12]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewableAdminMixin:
    """Submit and unpublish pages, and a review panel on the change form, for
    the admin of any model registered for review (`registry.register`)."""

    change_form_template = "admin/review/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/submit/",
                wrap(self.submit_view),
                name="{}_{}_submit".format(*info),
            ),
            path(
                "<int:pk>/unpublish/",
                wrap(self.unpublish_view),
                name="{}_{}_unpublish".format(*info),
            ),
            *super().get_urls(),
        ]

    def review_status(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {
            "pending_submission": Submission.objects.for_object(obj).pending().first(),
            "latest_revision_id": services.latest_revision_id(obj),
            "published_revision_id": services.published_revision_id(obj),
            "can_submit": services.can_submit(obj=obj, user=request.user).allowed,
            "can_unpublish": services.can_unpublish(obj=obj, user=request.user).allowed,
            "recent_submissions": Submission.objects.for_object(obj).select_related(
                "submitted_by", "decided_by"
            )[:5],
        }

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if obj is not None:
            extra["review"] = self.review_status(request, obj)
        return super().change_view(request, object_id, form_url, extra)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        # Inside the admin's delete transaction: the pending submission is
        # withdrawn in the name of whoever deleted the object.
        services.withdraw_for_deletion(obj=obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            services.withdraw_for_deletion(obj=obj, user=request.user)
        super().delete_queryset(request, queryset)

    def _confirm_page(
        self, request: HttpRequest, obj: Any, *, form: Any, action: str, status: int
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "form": form,
            "action": action,
            "title": f"{action}: {obj}",
        }
        return TemplateResponse(
            request, "admin/review/confirm.html", context, status=status
        )

    def _change_url(self, obj: Any) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )

    def submit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.model, pk=pk)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        form = SubmitForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return self._confirm_page(
                request,
                obj,
                form=form,
                action=_("Submit for review"),
                status=400 if request.method == "POST" else 200,
            )
        try:
            submission = services.submit(
                obj=obj, user=request.user, comment=form.cleaned_data["comment"]
            )
        except ReviewError as error:
            _refuse_or_report(request, error)
        else:
            messages.success(
                request,
                _("Revision %(revision)s is waiting for an approver.")
                % {"revision": submission.revision_id},
            )
        return HttpResponseRedirect(self._change_url(obj))

    def unpublish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.model, pk=pk)
        if not request.user.has_perm(services.UNPUBLISH_PERMISSION):
            raise PermissionDenied
        form = UnpublishForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return self._confirm_page(
                request,
                obj,
                form=form,
                action=_("Unpublish"),
                status=400 if request.method == "POST" else 200,
            )
        try:
            services.unpublish(
                obj=obj, user=request.user, comment=form.cleaned_data["reason"]
            )
        except ReviewError as error:
            _refuse_or_report(request, error)
        else:
            messages.success(request, _("Taken off the public site."))
        return HttpResponseRedirect(self._change_url(obj))

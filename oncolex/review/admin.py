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
from oncolex.review import services
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
        submitted_html, problems = obj.render_revision_html(submission.revision_id)
        published_id = obj.published_revision_id()
        published_html = (
            obj.render_revision_html(published_id)[0] if published_id else ""
        )
        # Rendered by default; the Markdown source on request, where the model
        # has one (datasets are rows, not text).
        source_diff = getattr(obj, "render_revision_source_diff", None)
        show_source = request.GET.get("view") == "source" and source_diff is not None
        render_diff = source_diff if show_source else obj.render_revision_diff
        diff_html = render_diff(published_id, submission.revision_id)
        stale = services.latest_revision_id(obj) != submission.revision_id
        preview_url = getattr(obj, "preview_url", None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review: %(object)s") % {"object": obj},
            "submission": submission,
            "object": obj,
            "submitted_html": submitted_html,
            "published_html": published_html,
            "problems": problems,
            "diff_html": diff_html,
            "show_source": show_source,
            "has_source_diff": source_diff is not None,
            "preview_url": preview_url(submission.revision_id) if preview_url else "",
            "public_url": _public_url(obj, submission),
            "stale": stale,
            "can_decide": submission.is_pending
            and services.can_approve(submission=submission, user=request.user),
            "may_approve": request.user.has_perm(services.APPROVE_PERMISSION),
            "can_withdraw": submission.is_pending
            and (
                submission.submitted_by_id == request.user.pk
                or request.user.has_perm(services.APPROVE_PERMISSION)
            ),
            "approve_form": approve_form or self._approve_form(submission),
            "reject_form": reject_form or RejectForm(),
            "events": AuditEvent.objects.filter(
                content_type=submission.content_type, object_id=submission.object_id
            ).select_related("user")[:20],
        }
        return TemplateResponse(
            request, "admin/review/review.html", context, status=status
        )

    def _submission(self, pk: int) -> Submission:
        return get_object_or_404(Submission, pk=pk)

    def _back(self, submission: Submission) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:oncolex_submission_change", args=[submission.pk])
        )

    def _approve_form(self, submission: Submission, data: Any = None) -> ApproveForm:
        return ApproveForm(
            data,
            bilingual=getattr(
                submission.content_object, "bilingual_change_note", False
            ),
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
                    % {"object": submission.content_object},
                    "submission": submission,
                    "object": submission.content_object,
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
    live = obj.published_versions.filter(is_current=True).first()
    get_url = getattr(live, "get_absolute_url", None)
    return get_url() if get_url else ""


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "content_object", "person", "comment"]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "at"

    @admin.display(description=_lazy("user"), ordering="user")
    def person(self, event: AuditEvent) -> str:
        return full_name(event.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewableAdminMixin:
    """Submit and unpublish pages, and a review panel on the change form, for
    the admin of any model that implements `Reviewable`."""

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
        pending = Submission.objects.for_object(obj).pending().first()
        latest = services.latest_revision_id(obj)
        published = obj.published_revision_id()
        return {
            "pending_submission": pending,
            "latest_revision_id": latest,
            "published_revision_id": published,
            "can_submit": latest is not None
            and latest != published
            and (pending is None or pending.revision_id != latest)
            and request.user.has_perm("oncolex.add_submission"),
            "can_unpublish": published is not None
            and request.user.has_perm(services.UNPUBLISH_PERMISSION),
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

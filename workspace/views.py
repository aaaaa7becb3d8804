"""Admin pages of the workspace: requesting changes on a submission, and each
person's own profile. Both sit under /admin/ behind the admin's login."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oncolex.review import services
from oncolex.review.exceptions import NotAllowed, ReviewError
from oncolex.review.models import Submission
from workspace import comments
from workspace.forms import ProfileForm, RequestChangesForm
from workspace.models import Profile


@require_POST
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(Submission, pk=pk)
    if not request.user.has_perm(services.APPROVE_PERMISSION):
        raise PermissionDenied
    back = HttpResponseRedirect(
        reverse("admin:oncolex_submission_change", args=[submission.pk])
    )
    form = RequestChangesForm(
        request.POST, sections=comments.submitted_sections(submission)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    reason = form.cleaned_data["reason"].strip() or _(
        "Changes requested: see the comments on the sections."
    )
    try:
        made = comments.request_changes(
            submission=submission,
            user=request.user,
            reason=reason,
            comments=form.comments(),
        )
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except (ReviewError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("Changes requested on %(n)s section(s); the editor sees your comments.")
            % {"n": len(made)},
        )
    return back


def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's language and mail preferences."""
    mine, _created = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings were saved."))
        return HttpResponseRedirect(reverse("workspace:profile"))
    context = {
        **admin.site.each_context(request),
        "title": _("My settings"),
        "form": form,
    }
    return TemplateResponse(
        request,
        "admin/workspace/profile.html",
        context,
        status=400 if request.method == "POST" else 200,
    )

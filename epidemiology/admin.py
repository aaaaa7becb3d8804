from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reversion.admin import VersionAdmin

from epidemiology import services
from epidemiology.csv_import import CsvImportError
from epidemiology.forms import INCIDENCE, DatasetAdminForm, ImportForm
from epidemiology.models import (
    Dataset,
    IncidenceRow,
    PublishedDataset,
    SiteShareRow,
    Source,
    StandardPopulation,
    StandardPopulationWeight,
)
from epidemiology.publishing import diff_context
from epidemiology.tables import EN_DASH, incidence_csv, site_csv
from oncolex.review.admin import ReviewableAdminMixin
from oncolex.review.exceptions import NotAllowed
from oncolex.text import CleanTextModelForm


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody edits by hand: rows copied from an import, published
    versions written by approval, standard populations loaded by migration."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(VersionAdmin):
    form = CleanTextModelForm
    list_display = ["publisher", "title", "year", "retrieved_on"]
    search_fields = ["publisher", "title"]


@admin.register(Dataset)
class DatasetAdmin(ReviewableAdminMixin, VersionAdmin):
    form = DatasetAdminForm
    change_form_template = "admin/epidemiology/dataset/change_form.html"
    list_display = ["title", "slug", "region", "illustrative", "updated_at"]
    list_filter = ["illustrative", "region", "source"]
    search_fields = ["title", "title_nb", "slug", "diagnosis", "icd10_codes"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source"]
    readonly_fields = ["tables"]
    fieldsets = [
        (None, {"fields": ["title", "title_nb", "slug", "based_on_revision"]}),
        (
            gettext_lazy("What it covers"),
            {
                "fields": [
                    ("diagnosis", "diagnosis_nb"),
                    "icd10_codes",
                    ("region", "region_nb"),
                    "source",
                    "note",
                    "note_nb",
                ]
            },
        ),
        (
            gettext_lazy("Numbers"),
            {"fields": ["standard_population", "illustrative", "tables"]},
        ),
    ]

    @admin.display(description=gettext_lazy("tables"))
    def tables(self, obj: Dataset) -> str:
        if obj.pk is None:
            return _("Save the dataset, then import its rows from a CSV file.")
        incidence = obj.incidence_records()
        years = sorted({r.year for r in incidence})
        sites = len(obj.site_records())
        parts = [
            ngettext(
                "%(rows)s incidence row", "%(rows)s incidence rows", len(incidence)
            )
            % {"rows": len(incidence)}
            + (f" ({years[0]}{EN_DASH}{years[-1]})" if years else ""),
            ngettext("%(rows)s site row", "%(rows)s site rows", sites)
            % {"rows": sites},
        ]
        return "; ".join(parts)

    def save_model(
        self, request: HttpRequest, obj: Dataset, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        # A revert restores the tables' text; the row copy must follow.
        services.sync_rows(dataset=obj)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/import/",
                wrap(self.import_view),
                name="epidemiology_dataset_import",
            ),
            path(
                "<int:pk>/working-copy/<str:table>.csv",
                wrap(self.working_copy_view),
                name="epidemiology_dataset_working_copy",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Upload a CSV file: a dry run shows the row-level changes; importing
        the same file then writes them as one revision."""
        dataset = get_object_or_404(Dataset, pk=pk)
        if not self.has_change_permission(request, dataset):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": dataset,
            "title": _("Import a CSV file into “%(dataset)s”") % {"dataset": dataset},
        }
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                response = self._import(request, dataset, form, context)
                if response is not None:
                    return response
                status = 400 if context.get("errors") or form.errors else 200
        context["form"] = context.get("next_form", form)
        return TemplateResponse(
            request,
            "admin/epidemiology/dataset/import.html",
            context,
            status=status,
        )

    def _import(
        self,
        request: HttpRequest,
        dataset: Dataset,
        form: ImportForm,
        context: dict[str, Any],
    ) -> HttpResponse | None:
        data = form.cleaned_data["file"].read()
        checksum = hashlib.sha256(data).hexdigest()
        dry_run = "import" not in request.POST
        if not dry_run and form.cleaned_data["previewed"] != checksum:
            form.add_error(
                "file",
                _(
                    "This is not the file of the dry run. Run a dry run of this "
                    "file first."
                ),
            )
            return None
        table = form.cleaned_data["table"]
        importer = (
            services.import_incidence
            if table == INCIDENCE
            else services.import_site_shares
        )
        try:
            result = importer(
                dataset=dataset,
                data=data,
                user=request.user,
                comment=form.cleaned_data["comment"],
                dry_run=dry_run,
            )
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from error
        except CsvImportError as error:
            context["errors"] = error.messages
            return None
        if dry_run:
            context["preview"] = diff_context(result.diff)
            context["preview_unchanged"] = result.diff.is_empty
            context["rows"] = result.rows
            context["next_form"] = ImportForm(
                initial={
                    "table": table,
                    "comment": form.cleaned_data["comment"],
                    "previewed": checksum,
                }
            )
            return None
        if result.revision_created:
            counts = result.diff.counts()
            messages.success(
                request,
                _(
                    "Imported. Rows added: %(added)s, changed: %(changed)s, "
                    "removed: %(removed)s. Submit the dataset for review to "
                    "publish the numbers."
                )
                % counts,
            )
        else:
            messages.info(request, _("Nothing changed; no new revision was recorded."))
        return HttpResponseRedirect(
            reverse("admin:epidemiology_dataset_change", args=[dataset.pk])
        )

    def working_copy_view(
        self, request: HttpRequest, pk: int, table: str
    ) -> HttpResponse:
        """The draft's rows as CSV, to edit and import again."""
        dataset = get_object_or_404(Dataset, pk=pk)
        if not self.has_view_permission(request, dataset):
            raise PermissionDenied
        if table == INCIDENCE:
            text = incidence_csv(dataset.incidence_records())
        elif table == "sites":
            text = site_csv(dataset.site_records())
        else:
            raise PermissionDenied
        response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{dataset.slug}-{table}-draft.csv"'
        )
        return response


@admin.register(IncidenceRow)
class IncidenceRowAdmin(ReadOnlyAdmin):
    list_display = ["dataset", "year", "sex", "age_group", "cases", "population"]
    list_filter = ["sex", "age_group", "dataset"]
    list_select_related = ["dataset"]
    search_fields = ["=year"]
    show_full_result_count = False


@admin.register(SiteShareRow)
class SiteShareRowAdmin(ReadOnlyAdmin):
    list_display = ["dataset", "position", "site", "site_nb", "share"]
    list_filter = ["dataset"]
    list_select_related = ["dataset"]


class WeightInline(admin.TabularInline):
    model = StandardPopulationWeight
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StandardPopulation)
class StandardPopulationAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "total"]
    inlines = [WeightInline]


@admin.register(PublishedDataset)
class PublishedDatasetAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "is_current", "approver_name", "approved_at"]
    list_filter = ["is_current"]
    search_fields = ["title", "slug"]
    exclude = ["rows", "rates", "table_html", "chart_svg", "incidence_csv", "sites_csv"]

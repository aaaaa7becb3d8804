from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from figures import services
from figures.images import CleanImage, clean_image
from figures.models import Figure
from figures.video import MAX_CAPTION_BYTES, clean_captions, clean_video


def _read(upload: UploadedFile, limit: int) -> bytes:
    # Refuse by the declared size before reading a huge body into memory.
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            code="too_large",
            params={"limit": limit // 1_000_000},
        )
    upload.seek(0)
    return upload.read()


class FigureForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("image"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP. For a video, its poster image. Every upload is "
            "re-encoded and stripped of all metadata (camera, GPS, comments)."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    video_upload = forms.FileField(
        label=_("video"),
        required=False,
        help_text=_("MP4 or WebM, shown with the browser's own controls."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    captions_en_upload = forms.FileField(
        label=_("captions (English, WebVTT)"), required=False
    )
    captions_nb_upload = forms.FileField(
        label=_("captions (Bokmål, WebVTT)"), required=False
    )
    remove_video = forms.BooleanField(label=_("remove the video"), required=False)

    class Meta:
        model = Figure
        fields = [
            "name", "decorative", "alt_en", "alt_nb", "caption_en", "caption_nb",
            "credit", "licence", "source_url", "clinical_photograph",
            "consent_confirmed",
        ]  # fmt: skip
        widgets = {
            "caption_en": forms.Textarea(attrs={"rows": 3}),
            "caption_nb": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_upload(self) -> CleanImage | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.image:
                raise ValidationError(_("Upload an image."), code="required")
            return None
        return clean_image(_read(upload, settings.FIGURE_MAX_BYTES), upload.name)

    def clean_video_upload(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("video_upload")
        if not upload:
            return None
        return clean_video(_read(upload, settings.VIDEO_MAX_BYTES), upload.name)

    def _clean_captions(self, field: str) -> bytes | None:
        upload = self.cleaned_data.get(field)
        return clean_captions(_read(upload, MAX_CAPTION_BYTES)) if upload else None

    def clean_captions_en_upload(self) -> bytes | None:
        return self._clean_captions("captions_en_upload")

    def clean_captions_nb_upload(self) -> bytes | None:
        return self._clean_captions("captions_nb_upload")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("decorative"):
            for language in ("en", "nb"):
                if not (data.get(f"alt_{language}") or "").strip():
                    self.add_error(
                        f"alt_{language}",
                        ValidationError(
                            _("Describe the image for readers who cannot see it, "
                              "or mark it decorative."),
                            code="alt_required",
                        ),
                    )  # fmt: skip
        if data.get("clinical_photograph") and not data.get("consent_confirmed"):
            self.add_error(
                "consent_confirmed",
                ValidationError(
                    _("A clinical photograph can only be used with the patient's "
                      "consent on file."),
                    code="consent_required",
                ),
            )  # fmt: skip
        self._check_video_has_captions(data)
        return data

    def _check_video_has_captions(self, data: dict[str, Any]) -> None:
        has_video = not data.get("remove_video") and (
            data.get("video_upload") or self.instance.video
        )
        if not has_video:
            return
        for language in ("en", "nb"):
            field = f"captions_{language}_upload"
            if field in self.errors:
                continue
            stored = getattr(self.instance, f"captions_{language}")
            if not data.get(field) and not stored:
                self.add_error(
                    field,
                    ValidationError(
                        _("A video needs a captions track in each language."),
                        code="captions_required",
                    ),
                )

    def save(self, commit: bool = True) -> Figure:
        """Files are stored only now, when every field is valid."""
        figure = super().save(commit=False)
        if figure.decorative:
            figure.alt_en = figure.alt_nb = ""
        if self.cleaned_data.get("upload"):
            services.attach_image(figure, self.cleaned_data["upload"])
        if self.cleaned_data.get("remove_video"):
            services.remove_video(figure)
        elif self.cleaned_data.get("video_upload"):
            services.attach_video(figure, *self.cleaned_data["video_upload"])
        for language in ("en", "nb"):
            captions = self.cleaned_data.get(f"captions_{language}_upload")
            if captions and figure.video:
                services.attach_captions(figure, language, captions)
        if commit:
            figure.save()
        return figure

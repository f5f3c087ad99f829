"""Import pages: upload, map columns when the layout is unknown, follow the job, download the
rejected rows."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for
from saphan.registry import importer, layouts
from saphan.registry.models import ColumnMapping, EstablishmentKind, ImportBatch, ImportRejection

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
REJECTION_COLUMNS = ["row", "column", "value", "rule", "message_th", "message_en"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    kind = forms.ChoiceField(label=_("Kind of records"), choices=EstablishmentKind.choices)
    mapping = forms.ModelChoiceField(
        ColumnMapping.objects.all(), label=_("Saved column mapping"), required=False,
        to_field_name="name", empty_label=_("— recognise the layout —"),
    )  # fmt: skip
    dry_run = forms.BooleanField(
        label=_("Dry run: count what would change, write nothing"), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB: import it with the saphan import command."),
                code="file_size", params={"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )  # fmt: skip
        return upload


def _batches_for(user: Any) -> Any:
    batches = ImportBatch.objects.select_related("created_by", "job")
    if scope_for(user).covers_all(Action.MANAGE):
        return batches
    return batches.filter(created_by=user)


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    try:
        return _batches_for(request.user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).provinces(Action.CHANGE):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mapping = form.cleaned_data["mapping"]
        try:
            batch = importer.import_prepare(
                user=request.user, data=upload.read(), file_name=upload.name,
                kind=form.cleaned_data["kind"], mapping_name=mapping.name if mapping else "",
                dry_run=form.cleaned_data["dry_run"], office=getattr(request, "office", None),
            )  # fmt: skip
        except ApplicationError as exc:
            form.add_error("file", str(exc))
        else:
            if not batch.layout:
                return redirect("import-mapping", pk=batch.pk)
            importer.import_start(batch, user=request.user)
            return redirect("import-detail", pk=batch.pk)
    return render(
        request,
        "registry/import_list.html",
        {"form": form, "batches": _batches_for(request.user)[:20]},
    )


@login_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    headers = importer.import_headers(batch)
    targets = layouts.targets_for_kind(batch.kind)
    chosen = {h: request.POST.get(f"col-{i}", "") for i, h in enumerate(headers)}
    errors: list[str] = []
    if request.method == "POST":
        try:
            importer.import_map_columns(
                user=request.user, batch=batch, columns={h: t for h, t in chosen.items() if t},
                save_as=request.POST.get("save_as", ""),
            )  # fmt: skip
        except ApplicationError as exc:
            errors.append(str(exc))
        else:
            importer.import_start(batch, user=request.user)
            return redirect("import-detail", pk=batch.pk)
    return render(
        request,
        "registry/import_mapping.html",
        {"batch": batch, "headers": list(enumerate(headers)), "targets": targets,
         "chosen": chosen, "errors": errors},
    )  # fmt: skip


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    return render(
        request,
        "registry/import_detail.html",
        {"batch": batch, "job": batch.job, "rejections": batch.rejections.all()[:50],
         "rejection_count": batch.rejections.count()},
    )  # fmt: skip


def rejection_rows(batch: ImportBatch) -> list[list[Any]]:
    return [
        [r.row_number, r.column, r.value, r.rule, r.message_th, r.message_en]
        for r in ImportRejection.objects.filter(batch=batch).iterator(chunk_size=2000)
    ]


@login_required
def import_rejections(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    batch = _batch(request, pk)
    rows = rejection_rows(batch)
    name = f"rejected-{batch.pk}.{fmt}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("rejected")
        sheet.append(REJECTION_COLUMNS)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename=name)
    text = io.StringIO()
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(REJECTION_COLUMNS)
    writer.writerows(rows)
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

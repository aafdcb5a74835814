"""Excel ledgers (台账): a view base that exports a scoped queryset with declared columns.

An app declares its ledger once; rows come from `visible_to(user)` through `.values()` in
chunks (no model instances, no per-row queries) and are written by inspection.excel's
write-only workbook:

    class RectificationLedger(LedgerExportView):
        model = RectificationItem
        sheet_title = _("整改台账")
        filename = "rectification-ledger"
        filter_fields = ("station", "station__round")    # ?station=…&station__round=…
        columns = [
            LedgerColumn(_("序号"), "id"),
            LedgerColumn(_("被巡视单位"), "station__unit__name"),
            LedgerColumn(_("状态"), "status", labels=dict(ItemStatus.choices)),
            LedgerColumn(_("完成时限"), "deadline"),
        ]

Masking is the ledger's job: a column that must not reveal something (a reporter) simply is
not declared, or declares a `render` that masks it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.views import View

from inspection.excel import XLSX_CONTENT_TYPE, write_sheet
from inspection.scoping import scoped


def yes_no(value) -> str:
    """A flag as the ledger prints it (是 / 否, translated)."""
    from django.utils.translation import gettext as _

    return _("是") if value else _("否")


@dataclass(frozen=True)
class LedgerColumn:
    header: str  # a lazy translation; the sheet's header text
    field: str  # a `.values()` path, e.g. "station__unit__name"
    labels: dict | None = None  # choice value → label
    render: Callable | None = None  # (value) -> cell, for anything else

    def cell(self, value):
        if self.labels is not None:
            value = self.labels.get(value, value)
        if self.render is not None:
            return self.render(value)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        # Choice labels are lazy translations; openpyxl writes only plain values.
        return str(value) if isinstance(value, Promise) else value


class LedgerExportView(LoginRequiredMixin, View):
    model = None
    queryset = None
    columns: list[LedgerColumn] = []
    sheet_title = ""
    filename = "ledger"
    filter_fields: tuple[str, ...] = ()  # exact-match filters taken from the query string
    chunk_size = 2000

    def get_queryset(self):
        base = self.queryset.all() if self.queryset is not None else self.model.objects.all()
        return scoped(base, self.request.user)

    def filter_queryset(self, queryset):
        for name in self.filter_fields:
            value = self.request.GET.get(name, "")
            if value.isdigit():
                queryset = queryset.filter(**{name: int(value)})
        return queryset

    def rows(self, queryset):
        fields = [column.field for column in self.columns]
        for row in queryset.values_list(*fields).iterator(chunk_size=self.chunk_size):
            yield [column.cell(value) for column, value in zip(self.columns, row, strict=True)]

    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        headers = [str(column.header) for column in self.columns]
        content = write_sheet(str(self.sheet_title), headers, self.rows(queryset))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-{stamp}.xlsx"'
        return response

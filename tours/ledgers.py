"""The unit register (单位名册) as an Excel ledger, in the import's own columns.

The headers are those of tours.imports, and kinds and flags are written the way the import
reads them, so an exported file imports back unchanged (the usual way to maintain the
register: export, correct, re-import).
"""

from inspection.dashboards.ledgers import LedgerColumn, LedgerExportView
from tours import imports
from tours.models import Unit, UnitKind


def _flag(value):
    return "是" if value else "否"


def _columns():
    header = {column.key: column.header for column in imports.columns()}
    return [
        LedgerColumn(header["name"], "name"),
        LedgerColumn(header["kind"], "kind", labels=dict(UnitKind.choices)),
        LedgerColumn(header["parent"], "parent__name"),
        LedgerColumn(header["region"], "region"),
        LedgerColumn(header["leader_name"], "leader_name"),
        LedgerColumn(header["leader_title"], "leader_title"),
        LedgerColumn(header["is_active"], "is_active", render=_flag),
    ]


class UnitLedger(LedgerExportView):
    model = Unit
    queryset = Unit.objects.order_by("name", "id")
    sheet_title = "units"
    filename = "units"
    columns = _columns()

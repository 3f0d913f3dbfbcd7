"""Report layer: pure builders of the console's exports (PDF with Vietnamese glyphs, XLSX).

Each builder takes plain data (the dataclasses in `data`) and a translation function,
and returns the file's bytes (or, for `charts`, an SVG string to put inline in a page);
nothing here touches the database or the UI.
"""

from sync_server.reports.briefing import briefing_pdf, briefing_xlsx
from sync_server.reports.charts import bar_chart, grouped_bar_chart, monthly_charts
from sync_server.reports.data import (
    AgendaItem,
    BriefingData,
    CampaignReceipts,
    CommitmentRow,
    HouseholdLine,
    MonthlyReport,
    PetitionFacts,
    ReportFigures,
    TransparencyData,
)
from sync_server.reports.monthly import build_monthly_report, monthly_pdf, monthly_xlsx
from sync_server.reports.transparency import transparency_pdf, transparency_xlsx

__all__ = [
    "AgendaItem",
    "BriefingData",
    "CampaignReceipts",
    "CommitmentRow",
    "HouseholdLine",
    "MonthlyReport",
    "PetitionFacts",
    "ReportFigures",
    "TransparencyData",
    "bar_chart",
    "briefing_pdf",
    "briefing_xlsx",
    "build_monthly_report",
    "grouped_bar_chart",
    "monthly_charts",
    "monthly_pdf",
    "monthly_xlsx",
    "transparency_pdf",
    "transparency_xlsx",
]

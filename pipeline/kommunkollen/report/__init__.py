"""The HTML report over a finished run (`kommunkollen report OUT`, `kommunkollen run … --report`)."""
from kommunkollen.report.builder import ReportSummary, build_report

__all__ = ["ReportSummary", "build_report"]

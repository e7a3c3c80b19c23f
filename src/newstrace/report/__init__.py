"""The one Report object and its renderers (JSON, Markdown, HTML)."""

from newstrace.report.build import REPORT_VERSION, build_report
from newstrace.report.json_report import report_to_dict, write_json
from newstrace.report.render import RENDERERS, write_reports

__all__ = ["RENDERERS", "REPORT_VERSION", "build_report", "report_to_dict", "write_json", "write_reports"]

"""newstrace: who claims what, on what evidence, how sure, and who copied whom.

The public API::

    from newstrace import analyze, analyze_texts, Settings
    report = analyze(["saved-pages/"], Settings.load())
    report = analyze_texts(["An article's text ...", "Another ..."], claims=["X did Y"])
    tables = report.to_frames()
"""

from newstrace._version import __version__
from newstrace.analysis import analyze, analyze_articles, analyze_texts, run_analysis, sample_corpus
from newstrace.errors import ConfigError, InputError, ModelError, NewstraceError, StageError, StoreError
from newstrace.model import (
    Article,
    Claim,
    Cue,
    CueClass,
    Document,
    Entity,
    Failure,
    Genre,
    Quote,
    QuoteKind,
    RemovalKind,
    RemovedSpan,
    Report,
    Speaker,
    SpeakerType,
    Stance,
    StanceLabel,
    Story,
)
from newstrace.pipeline import Corpus, CorpusStage, DocumentStage, Pipeline, RunContext, Stage, register, registry
from newstrace.report import build_report, report_to_dict, write_reports
from newstrace.settings import Settings
from newstrace.store import Store

__all__ = [
    "Article",
    "Claim",
    "ConfigError",
    "Corpus",
    "CorpusStage",
    "Cue",
    "CueClass",
    "Document",
    "DocumentStage",
    "Entity",
    "Failure",
    "Genre",
    "InputError",
    "ModelError",
    "NewstraceError",
    "Pipeline",
    "Quote",
    "QuoteKind",
    "RemovalKind",
    "RemovedSpan",
    "Report",
    "RunContext",
    "Settings",
    "Speaker",
    "SpeakerType",
    "Stage",
    "StageError",
    "Stance",
    "StanceLabel",
    "Store",
    "StoreError",
    "Story",
    "__version__",
    "analyze",
    "analyze_articles",
    "analyze_texts",
    "build_report",
    "register",
    "registry",
    "report_to_dict",
    "run_analysis",
    "sample_corpus",
    "write_reports",
]

"""Attribution: who said what, to whom, when and where, in one article.

Modules, one concern each: ``marks`` (the quote-mark reader), ``cues`` (the cue lexicon with
classes), ``speakers`` (speaker expansion, resolution and entities), ``context`` (addressee,
time, occasion), ``core`` (``attribute``, the pure function over a parsed article) and ``bench``
(throughput against spaCy's parse). The registered stage is ``stages.attribution``.
"""

from newstrace.attribution.core import attribute

__all__ = ["attribute"]

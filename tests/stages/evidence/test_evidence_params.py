"""Evidence's numbers are settings and its cue words lexicon files: the defaults agree, a setting takes effect."""

from __future__ import annotations

from newstrace.model import EvidenceItem, TextSpan
from newstrace.settings import Settings
from newstrace.stages.evidence import EvidenceParams, support
from newstrace.stages.evidence._extract import LABELS, OFFICIAL, VIDEO


def _item(kind: str, origin: str) -> EvidenceItem:
    return EvidenceItem(
        article_id="a",
        kind=kind,
        text="x",
        start=0,
        end=1,
        supplier=None,
        sentence=TextSpan(0, 1, "x"),
        origin=origin,
        copied_from=None,
        origin_unknown=None,
    )


def test_the_defaults_file_and_the_code_agree() -> None:
    assert EvidenceParams() == EvidenceParams.from_settings(Settings.load())


def test_the_cue_words_and_labels_are_read_from_their_files() -> None:
    assert {"footage", "photos"} <= VIDEO
    assert {"spokesman", "gen"} <= OFFICIAL
    assert LABELS["video_image"] == "video or images"
    assert set(LABELS) == set(EvidenceParams().weights)


def test_the_support_weights_are_settings() -> None:
    by_kind = {"document": [_item("document", "d1")], "expert": [_item("expert", "e1"), _item("expert", "e2")]}
    label, score, _ = support(by_kind)
    assert (label, score) == ("moderately supported", 2.2)  # 1.0 + 0.6 x 2 origins
    one = EvidenceParams.from_settings(Settings.load(overrides={"evidence.well_supported_origins": "1"}))
    assert support(by_kind, one)[0] == "well supported"
    capped = EvidenceParams(origins_counted_per_kind=1, expert_weight=0.5)
    assert support(by_kind, capped)[1] == 1.5

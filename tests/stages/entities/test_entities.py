import pytest

from newstrace.model import Article, Document, Entity, Quote, QuoteKind, Speaker, SpeakerType
from newstrace.stages.entities import link_entities
from newstrace.text.names import compatible, name_words


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Gen. John Nicholson", "Nicholson", True),
        ("John Nicholson", "J. Nicholson", True),
        ("John Nicholson", "James Nicholson", False),
        ("Russia's Foreign Ministry", "Foreign Ministry", True),
        ("Sediq Sediqi", "John Nicholson", False),
        ("President Emmanuel Macron", "Macron", True),
        ("Macron", "Marcon", False),
    ],
)
def test_name_compatibility(a: str, b: str, same: bool) -> None:
    assert compatible(name_words(a), name_words(b)) is same


def _doc(doc_id: str, *entities: Entity) -> Document:
    quotes = tuple(
        Quote(
            f"q{i}", QuoteKind.DIRECT, "x", 0, 1, speaker=Speaker(e.name, e.name, e.type, e.anonymous, entity_id=e.id)
        )
        for i, e in enumerate(entities)
    )
    return Document(Article(id=doc_id, source=doc_id, raw="x"), text="x", entities=entities, quotes=quotes)


def test_the_same_person_in_two_articles_gets_one_id_and_the_fullest_name() -> None:
    a = _doc("a", Entity("e1", "Nicholson", SpeakerType.PERSON))
    b = _doc("b", Entity("e1", "Gen. John Nicholson", SpeakerType.PERSON))
    out = link_entities([a, b])
    assert out[0].entities[0].id == out[1].entities[0].id
    assert out[0].quotes[0].speaker is not None
    assert out[0].quotes[0].speaker.name == "Gen. John Nicholson"


def test_anonymous_sources_are_never_merged_across_articles() -> None:
    a = _doc("a", Entity("e1", "an official", SpeakerType.PERSON, anonymous=True))
    b = _doc("b", Entity("e1", "an official", SpeakerType.PERSON, anonymous=True))
    out = link_entities([a, b])
    assert out[0].entities[0].id != out[1].entities[0].id


def test_linking_does_not_depend_on_input_order() -> None:
    a = _doc("a", Entity("e1", "Smith", SpeakerType.PERSON), Entity("e2", "Acme Corp", SpeakerType.ORGANIZATION))
    b = _doc("b", Entity("e1", "Anna Smith", SpeakerType.PERSON))
    forward = {d.id: [e.id for e in d.entities] for d in link_entities([a, b])}
    backward = {d.id: [e.id for e in d.entities] for d in link_entities([b, a])}
    assert forward == backward


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Jim Mattis", "James Mattis", True),
        ("Gen. Jim Mattis", "Mattis", True),
        ("Bill Nelson", "William Nelson", True),
        ("Ted Fields", "Theodore Fields", True),
        ("Ted Fields", "Edward Fields", True),  # one short form, two formal names
        ("Bill Nelson", "Robert Nelson", False),
        ("Jim Mattis", "John Mattis", False),
    ],
)
def test_a_short_form_of_a_given_name_fits_its_formal_names_across_articles(a: str, b: str, same: bool) -> None:
    assert compatible(name_words(a), name_words(b), nicknames=True) is same


def test_short_and_formal_given_names_only_merge_when_asked() -> None:
    assert not compatible(name_words("Jim Mattis"), name_words("James Mattis"))  # attribution, inside one article


def test_one_speaker_under_a_short_and_a_formal_name_is_one_holder() -> None:
    a = _doc("a", Entity("e1", "Jim Mattis", SpeakerType.PERSON))
    b = _doc("b", Entity("e1", "James Mattis", SpeakerType.PERSON))
    out = link_entities([a, b])
    assert out[0].entities[0].id == out[1].entities[0].id
    assert out[0].quotes[0].speaker is not None and out[1].quotes[0].speaker is not None
    assert out[0].quotes[0].speaker.name == out[1].quotes[0].speaker.name


def test_the_canonical_name_is_the_one_most_articles_use() -> None:
    # two articles call the speaker "Dana Ruiz"; a third has a fuller name once (a credit, a namesake)
    a = _doc("a", Entity("e1", "Dana Ruiz", SpeakerType.PERSON))
    b = _doc("b", Entity("e1", "Dana Ruiz", SpeakerType.PERSON))
    c = _doc("c", Entity("e1", "Dana Maria Ruiz", SpeakerType.PERSON))
    out = link_entities([a, b, c])
    assert len({d.entities[0].id for d in out}) == 1
    assert {d.entities[0].name for d in out} == {"Dana Ruiz"}


def test_a_surname_that_fits_two_people_is_not_merged_with_either() -> None:
    a = _doc("a", Entity("e1", "Anna Smith", SpeakerType.PERSON))
    b = _doc("b", Entity("e1", "Tom Smith", SpeakerType.PERSON))
    c = _doc("c", Entity("e1", "Smith", SpeakerType.PERSON))
    out = link_entities([c, a, b])
    ids = {d.id: d.entities[0].id for d in out}
    assert len(set(ids.values())) == 3
    assert out[0].quotes[0].speaker is not None and out[0].quotes[0].speaker.name == "Smith"
    # with one Smith only, the surname joins her
    out = link_entities([c, a])
    assert out[0].entities[0].id == out[1].entities[0].id and out[0].entities[0].name == "Anna Smith"

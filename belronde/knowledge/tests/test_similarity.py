from belronde.knowledge.similarity import groups, most_similar, similarity, stem


def test_it_finds_the_same_question_in_other_words():
    a = "Kan ik uitstel krijgen voor de btw-betaling?"
    b = "Is er uitstel van betaling mogelijk voor de btw?"
    assert similarity(a, b) >= 0.5
    assert similarity(a, "Mag mijn terras open blijven na 22 uur?") == 0


def test_a_shared_compound_part_counts():
    assert similarity("Hoe vraag ik de hinderpremie aan?", "Wanneer komt de premie?") > 0


def test_it_ranks_candidates_and_leaves_out_the_unrelated():
    found = most_similar(
        "Hoe zet ik personeel op tijdelijke werkloosheid?",
        [
            ("A", "Tijdelijke werkloosheid aanvragen voor mijn personeel, hoe?"),
            ("B", "Wat kost een webshop?"),
            ("C", "Mag ik personeel ontslaan tijdens tijdelijke werkloosheid?"),
        ],
    )
    assert [s.key for s in found] == ["A", "C"]


def test_it_groups_similar_questions():
    clusters = groups(
        [
            ("1", "Hoe vraag ik de hinderpremie aan?"),
            ("2", "Mag het terras open?"),
            ("3", "Kan ik nog een hinderpremie aanvragen?"),
        ]
    )
    assert clusters == [["1", "3"], ["2"]]


def test_the_stem_is_crude_but_stable():
    assert stem("aanvragen") == stem("aanvrager") == "aanvrag"
    assert stem("btw") == "btw"

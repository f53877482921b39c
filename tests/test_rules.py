"""Rule tests on single sentences: each placement of the attribution and each quotation style."""

from __future__ import annotations

import pytest
from helpers import check_offsets, find, run


def one(nlp, text: str):
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert len(qs) == 1, [q.to_dict() for q in qs]
    return qs[0]


# ---- placements of the attribution -------------------------------------------------------
def test_quote_then_speaker_said(nlp):
    q = one(nlp, "“We will rebuild the school before winter,” Mayor Daniel Okafor said.")
    assert q.kind == "direct"
    assert q.text == "“We will rebuild the school before winter,”"
    assert q.cue.text == "said" and q.cue.lemma == "say"
    assert q.speaker.name == "Daniel Okafor"
    assert q.speaker.title == "Mayor"
    assert q.speaker.kind == "person"


def test_quote_then_said_speaker(nlp):
    text = "“The money is already spent,” said Finance Minister Carla Mendes."
    q = one(nlp, text)
    assert q.text == "“The money is already spent,”"
    assert q.speaker.text == "Finance Minister Carla Mendes"
    assert q.speaker.name == "Carla Mendes"
    assert q.speaker.title == "Finance Minister"


def test_speaker_said_colon_quote(nlp):
    text = "The coach said: “We played badly and we deserved to lose.”"
    q = one(nlp, text)
    assert q.kind == "direct"
    assert q.text == "“We played badly and we deserved to lose.”"
    assert q.speaker.text == "The coach"


def test_speaker_said_quote_without_colon(nlp):
    text = "Lena Brandt said “the detours will stay until the bridge reopens.”"
    q = one(nlp, text)
    assert q.speaker.name == "Lena Brandt"
    assert "detours will stay" in q.text


def test_speaker_with_relative_clause(nlp):
    text = (
        "Miriam Castellanos, who has studied the bridge for decades, said the cables "
        "had been neglected."
    )
    q = one(nlp, text)
    assert q.kind == "indirect"
    assert q.text == "the cables had been neglected"
    assert q.speaker.name == "Miriam Castellanos"
    assert "decades" not in q.speaker.text


def test_attribution_in_the_sentence_before(nlp):
    text = "Okafor had a warning for the province on Tuesday. He said: \n“We cannot wait.”"
    qs = run(nlp, "Daniel Okafor spoke to reporters. He said:\n“We cannot wait for the province.”")
    check_offsets(text, run(nlp, text))
    q = find(qs, "cannot wait")
    assert q.speaker is not None and q.speaker.name == "Daniel Okafor"


def test_interrupted_quote_is_one_quote_with_parts(nlp):
    text = "“This bridge carries 90,000 vehicles a day,” he said. “We can’t run a city on detours.”"
    q = one(nlp, text)
    assert q.kind == "direct"
    assert q.parts is not None and len(q.parts) == 2
    assert q.parts[0].text == "“This bridge carries 90,000 vehicles a day,”"
    assert q.parts[1].text == "“We can’t run a city on detours.”"
    assert q.cue.text == "said" and q.speaker.text == "he"


def test_quote_paragraph_after_named_speaker_follows_on(nlp):
    text = (
        "“The inspection found three cracked cables,” said engineer Paul Nadeau.\n"
        "“We have never seen damage like this on a bridge of this age.”"
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    second = find(qs, "never seen damage")
    assert second.kind == "direct"
    assert second.cue is None
    assert second.speaker is not None and second.speaker.name == "Paul Nadeau"
    assert "follow" in second.rule


def test_multi_paragraph_quote_continues(nlp):
    text = (
        "“We can’t run a city’s economy on detours,” Okafor said. “Every day costs us money.\n"
        "“But safety comes first.”"
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    direct = [q for q in qs if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].text.endswith("“But safety comes first.”")
    assert direct[0].speaker.text == "Okafor"


# ---- reported speech -----------------------------------------------------------------------
def test_reported_speech_ccomp(nlp):
    q = one(nlp, "Kirby said the U.S. military targeted three facilities in Syria.")
    assert q.kind == "indirect"
    assert q.text == "the U.S. military targeted three facilities in Syria"
    assert q.speaker.text == "Kirby"


def test_reported_speech_inverted(nlp):
    text = "No injuries were reported, said Army Col. Wayne Marotto."
    q = one(nlp, text)
    assert q.kind == "indirect"
    assert q.text == "No injuries were reported"
    assert q.speaker.name == "Wayne Marotto"
    assert q.speaker.title == "Army Col."


def test_according_to(nlp):
    q = one(nlp, "Repairs could take six weeks, according to the transport department.")
    assert q.text == "Repairs could take six weeks"
    assert q.cue.text == "according to"
    assert q.speaker.text == "the transport department"
    assert q.speaker.kind == "organization"


def test_mixed_quote(nlp):
    text = "The Iraqi military condemned the strikes as a “blatant violation of sovereignty.”"
    q = one(nlp, text)
    assert q.kind == "mixed"
    assert "“blatant violation of sovereignty.”" in q.text
    assert q.speaker.text == "The Iraqi military"


def test_scare_quote_inside_reported_speech_is_not_a_quote(nlp):
    text = "She said those groups have conducted at least five such “one-way” drone attacks."
    q = one(nlp, text)
    assert q.kind == "mixed"
    assert "“one-way”" in q.text


def test_group_speaker(nlp):
    q = one(nlp, "Officials said the airport would reopen on Friday.")
    assert q.speaker.kind == "group"
    assert q.speaker.name == "Officials"


def test_belief_verbs_are_not_speech(nlp):
    assert run(nlp, "Many residents believe the bridge was never safe.") == []
    assert run(nlp, "The report shows that the cables were corroded.") == []


# ---- quotation styles ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "open_, close",
    [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’")],
)
def test_quotation_styles(nlp, open_, close):
    text = f"{open_}The water is safe to drink again,{close} the health minister said."
    q = one(nlp, text)
    assert q.kind == "direct"
    assert q.text == f"{open_}The water is safe to drink again,{close}"
    assert q.speaker.text == "the health minister"


def test_nested_single_quotes_stay_inside(nlp):
    text = "“Residents told us ‘enough is enough’ and we listened,” the mayor said."
    q = one(nlp, text)
    assert q.text == "“Residents told us ‘enough is enough’ and we listened,”"


def test_apostrophes_are_not_quote_marks(nlp):
    text = "“It’s the workers’ money and Kata’ib knows it,” the union’s leader said in the ’90s."
    q = one(nlp, text)
    assert q.text == "“It’s the workers’ money and Kata’ib knows it,”"


def test_html_debris_is_not_a_quote(nlp):
    text = (
        "American military” target=”_blank”>forces< were attacked by rockets Monday, "
        "officials said."
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert all("target=" not in q.text or q.kind == "indirect" for q in qs)
    assert not any(q.kind == "direct" for q in qs)


def test_unbalanced_mark_is_recovered_at_paragraph_end(nlp):
    text = (
        "“The vote was rigged, the councillor said without closing his quote.\n"
        "The party’s lawyer said: “We will appeal.”"
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    q = find(qs, "We will appeal")
    assert q.text == "“We will appeal.”"
    assert q.speaker.text == "The party’s lawyer"


# ---- ranks and titles ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "rank",
    [
        "Cmdr.",
        "Lt.",
        "Col.",
        "Sgt.",
        "Capt.",
        "Maj.",
        "Brig.",
        "Cpl.",
        "Spc.",
        "Det.",
        "Amb.",
        "Supt.",
        "Insp.",
    ],
)
def test_ranks_do_not_end_the_sentence(nlp, rank):
    text = f"“The area is secure,” said Navy {rank} Jessica McNulty, a spokeswoman for the fleet."
    q = one(nlp, text)
    assert q.speaker.name == "Jessica McNulty"
    assert rank in q.speaker.title
    assert "spokeswoman for the fleet" in q.speaker.title


def test_title_apposition_before_the_name(nlp):
    text = (
        "“The targets were chosen carefully,” Pentagon spokeswoman, Navy Cmdr. Jessica McNulty, "
        "said Monday."
    )
    q = one(nlp, text)
    assert q.speaker.text == "Pentagon spokeswoman, Navy Cmdr. Jessica McNulty"
    assert q.speaker.name == "Jessica McNulty"
    assert q.speaker.title == "Pentagon spokeswoman; Navy Cmdr."


# ---- speaker resolution --------------------------------------------------------------------
def test_pronoun_resolves_to_the_named_person(nlp):
    text = (
        "Iranian foreign ministry spokesman Saeed Khatibzadeh accused Washington of creating "
        "instability.\n“What the U.S. is doing is disrupting the region,” he said on Monday."
    )
    q = find(run(nlp, text), "disrupting the region")
    assert q.speaker.text == "he"
    assert q.speaker.name == "Saeed Khatibzadeh"
    assert q.speaker.title == "Iranian foreign ministry spokesman"


def test_pronoun_gender_picks_the_right_person(nlp):
    text = (
        "Mayor Daniel Okafor met Transport Commissioner Aisha Ramaswamy on Tuesday.\n"
        "“We will not take chances,” she said."
    )
    q = find(run(nlp, text), "take chances")
    assert q.speaker.name == "Aisha Ramaswamy"


def test_surname_resolves_to_full_name_and_title(nlp):
    text = (
        "“We acted,” said Pentagon Press Secretary John Kirby.\n"
        "Kirby said the strikes targeted three facilities."
    )
    q = find(run(nlp, text), "three facilities")
    assert q.speaker.text == "Kirby"
    assert q.speaker.name == "John Kirby"
    assert q.speaker.title == "Pentagon Press Secretary"


def test_definite_title_resolves_to_the_person(nlp):
    text = (
        "Det. Sgt. Lena Brandt, a spokeswoman for the force, said officers would direct traffic.\n"
        "The spokeswoman added that ferries would run every 15 minutes."
    )
    q = find(run(nlp, text), "ferries would run")
    assert q.speaker.text == "The spokeswoman"
    assert q.speaker.name == "Lena Brandt"


def test_relative_pronoun_speaker_resolves_through_antecedent(nlp):
    text = "The plan was backed by Senator Maria Lopez, who said it would save lives."
    q = find(run(nlp, text), "save lives")
    assert q.speaker.name == "Maria Lopez"


# ---- layout attributions and more resolution -----------------------------------------------
def test_transcript_labels_are_speakers(nlp):
    text = (
        "Partial transcript as follows:\n\n"
        "\"WALLACE: Let's start with breaking news on the debate story.\n\n"
        '"PENCE: Well, look, this is serious business, Chris.\n\n'
        '"But the truth is that Donald Trump has a unique way of communicating."\n'
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert [q.speaker.text for q in qs] == ["WALLACE", "PENCE"]
    assert qs[0].cue.text == ":" and "WALLACE" not in qs[0].text
    # the unlabelled paragraph continues PENCE's quotation: one quote in two parts
    assert [p.text[:10] for p in qs[1].parts] == ["Well, look", '"But the t']


def test_headline_label(nlp):
    q = one(
        nlp, "Sanders: Clinton Needs to Talk About the Real Issues\n\nThe senator spoke Friday."
    )
    assert q.speaker.text == "Sanders"
    assert q.text == "Clinton Needs to Talk About the Real Issues"


def test_dash_byline_after_a_quote(nlp):
    text = (
        "“He represents our greatest shame.” ― Sonya Herridge\n"
        "“Build a wall around him.” ― Steve Quinlan."
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert [(q.speaker.name, q.cue.text) for q in qs] == [
        ("Sonya Herridge", "―"),
        ("Steve Quinlan", "―"),
    ]


def test_section_heading_in_quotes_is_not_a_quote(nlp):
    text = "“We will rebuild,” the mayor said.\n'All Bets Are Off'.\nThe council met on Monday."
    qs = run(nlp, text)
    assert [q.text for q in qs] == ["“We will rebuild,”"]


def test_definite_role_resolves_even_when_ner_calls_it_an_org(nlp):
    text = (
        "Senators rookie defenceman Melker Karlsson scored twice on Saturday.\n"
        "“It felt great to finally get one,” the rookie defenceman said after the game."
    )
    q = find(run(nlp, text), "felt great")
    assert q.speaker.name == "Melker Karlsson"


def test_shared_surname_goes_to_the_one_just_named(nlp):
    text = (
        "Senators rookie defenceman Melker Karlsson scored twice on Saturday.\n"
        "His teammate Erik Karlsson, the Senators captain, said the team played well.\n"
        "“We stuck to the plan,” Karlsson said."
    )
    q = find(run(nlp, text), "stuck to the plan")
    assert q.speaker.name == "Erik Karlsson"


def test_object_of_urge_is_the_content(nlp):
    q = one(nlp, "Ms. Notley urged the passing of emergency legislation.")
    assert q.text == "the passing of emergency legislation"
    assert q.speaker.text == "Ms. Notley"


def test_it_resolves_to_the_organisation(nlp):
    text = "In February, the U.S. launched airstrikes on sites that it said were used by militias."
    q = find(run(nlp, text), "were used by militias")
    assert q.speaker.text == "it"
    assert q.speaker.name == "the U.S."
    assert q.speaker.kind == "organization"


def test_parenthetical_attribution_splits_the_content(nlp):
    q = one(nlp, "Climate change, Mr. Obama often says, is the greatest threat facing the world.")
    assert q.kind == "indirect"
    assert [p.text for p in q.parts] == [
        "Climate change",
        "is the greatest threat facing the world",
    ]
    assert q.speaker.text == "Mr. Obama"


def test_inverted_speaker_split_by_the_parser_is_one_mention(nlp):
    q = one(nlp, "“Why not?” asked Liberal MP Sarah Chen.")
    assert q.speaker.text == "Liberal MP Sarah Chen"
    assert q.speaker.name == "Sarah Chen" and q.speaker.title == "Liberal MP"


def test_passive_participle_cue_has_no_speaker(nlp):
    qs = run(nlp, "“Absolutely not,” Ford replied when asked whether he would resign.")
    assert find(qs, "Absolutely not").speaker.text == "Ford"
    asked = [q for q in qs if q.cue is not None and q.cue.lemma == "ask"]
    assert all(q.speaker is None for q in asked)


def test_age_is_not_part_of_the_speaker(nlp):
    q = one(nlp, "The minister, 45, said “nobody saw this coming.”")
    assert q.speaker.text == "The minister"


def test_partial_quotation_in_reported_speech_is_mixed(nlp):
    q = one(nlp, "Sanders said that Clinton “has the integrity to serve as president.”")
    assert q.kind == "mixed"
    assert q.text.startswith("that Clinton")


def test_name_and_title_written_after_the_quote_count(nlp):
    text = (
        "“We are ready,” Kirby said.\n"
        "John Kirby, the Pentagon press secretary, spoke to reporters on Monday."
    )
    q = find(run(nlp, text), "We are ready")
    assert q.speaker.text == "Kirby"
    assert q.speaker.name == "John Kirby"
    assert q.speaker.title == "the Pentagon press secretary"


# ---- quotations a colon introduces without a speech verb --------------------------------
def test_colon_introduces_statement_across_paragraphs(nlp):
    text = (
        "When the ferry sank in 1998, Premier Alan Whitcombe released the following statement:\n"
        "“Our thoughts are with the families of the crew. We will find out what happened.”\n"
        "“No one should have to go to sea in a boat like that.”"
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert [q.rule for q in qs] == ["direct:colon-intro", "direct:follow-on"]
    assert all(q.speaker.name == "Alan Whitcombe" for q in qs)
    assert qs[0].speaker.title == "Premier"
    assert qs[0].cue is None


def test_colon_after_a_sentence_without_a_speaker_gives_none(nlp):
    text = "Here they are:\n“Has the candidate led a campaign for conservative principles?”"
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert all(q.speaker is None for q in qs)


def test_listener_of_a_gerund_cue_is_not_the_speaker(nlp):
    text = (
        "Hours later, Mayor Daniel Okafor returned the compliment, telling Reuters, "
        "“Sheldon and I have been friends for a long time.”"
    )
    q = one(nlp, text)
    assert q.cue.text == "telling"
    assert q.speaker.name == "Daniel Okafor"


def test_gerund_after_preposition_takes_the_clause_subject(nlp):
    text = (
        "Mayor Daniel Okafor refuses to discuss candidates, aside from saying he wants "
        "a diverse council."
    )
    q = one(nlp, text)
    assert q.text == "he wants a diverse council"
    assert q.speaker.name == "Daniel Okafor"


def test_gerund_before_a_passive_clause_takes_its_subject(nlp):
    text = "After saying her foot was swollen, Aisha Ramaswamy was rushed to hospital."
    q = one(nlp, text)
    assert q.text == "her foot was swollen"
    assert q.speaker.name == "Aisha Ramaswamy"


def test_second_subject_outside_the_quotation_is_the_speaker(nlp):
    text = (
        "“The campaign is in panic mode. Full panic mode,” said Leslie Wimes, a "
        "president of the Women Caucus."
    )
    q = one(nlp, text)
    assert q.speaker.name == "Leslie Wimes"
    assert q.text.startswith("“The campaign")


def test_bylines_with_glued_bar_and_non_breaking_spaces(nlp):
    text = (
        "“He represents our greatest shame.” ― Sonya Herridge\n"
        "“He is ignorant of our culture and lives.”― Pamela Padilla\u00a0\n"
        "“How did we get this low?”\u00a0― Jacklyn Ashley\u00a0\n"
        "“Maybe we can build a wall around him.” ―\u00a0Julie A. Diaz Martinez.\n"
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert [q.speaker.name for q in qs] == [
        "Sonya Herridge",
        "Pamela Padilla",
        "Jacklyn Ashley",
        "Julie A. Diaz Martinez",
    ]
    assert all(q.rule == "direct:byline" and q.cue.text == "―" for q in qs)


def test_horizontal_bar_is_its_own_token(nlp):
    assert [t.text for t in nlp.tokenizer("low.”―Pamela")] == ["low", ".", "”", "―", "Pamela"]


def test_coordinated_clause_misparsed_as_a_modifier_is_a_quote_of_its_own(nlp):
    text = (
        "The Iraqi military condemned the strikes as a “blatant violation” and militia groups "
        "called for revenge against the United States."
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert [(q.kind, q.text, q.speaker.text) for q in qs] == [
        ("mixed", "the strikes as a “blatant violation”", "The Iraqi military"),
        ("indirect", "revenge against the United States", "militia groups"),
    ]


def test_follow_on_past_a_passive_cue(nlp):
    text = (
        "“I think so,” the casino owner told Reuters when asked if he had met the senator. "
        "“He was very charming.”"
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    last = qs[-1]
    assert last.text == "“He was very charming.”"
    assert last.rule == "direct:follow-on"
    assert last.speaker.text == "the casino owner"


def test_honorific_against_first_name_gender_is_another_person(nlp):
    text = (
        "Michelle Obama spoke in Philadelphia on Monday.\n"
        "“It is about me,” Mr. Obama said at a rally in Ohio.\n"
        "Ms. Obama said the race was close.\n"
    )
    qs = run(nlp, text)
    check_offsets(text, qs)
    assert [(q.speaker.text, q.speaker.name) for q in qs] == [
        ("Mr. Obama", "Obama"),
        ("Ms. Obama", "Michelle Obama"),
    ]

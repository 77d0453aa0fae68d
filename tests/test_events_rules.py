"""The grouping's rules (docs/events.md), each on invented articles."""

import random

from events_factory import agreement, casualty, event_of, troops

from sitrep.events import build_events


def test_figures_of_different_sources_are_never_added():
    a = casualty("wire-1", "2024-03-04", 10, quote="A missile strike on Olvira killed 10 people on Sunday",
                 publisher="Wire One", at=0)
    b = casualty("daily-2", "2024-03-04", 12, quote="Twelve people died when a missile hit Olvira on Sunday",
                 publisher="Daily Two", claimant="regional governor", at=0)
    events = build_events([a, b])
    assert len(events) == 1
    killed = events[0].measures["killed"]
    assert (killed.best, killed.low, killed.high) == (10, 10, 12)  # never 22
    assert killed.sources == 2 and killed.claimants == 2
    assert [c.role for c in killed.claims] == ["counted", "counted"]


def test_a_rising_toll_keeps_each_claimants_latest_figure():
    first = casualty("wire-1", "2024-03-04", 10, quote="A strike on Olvira killed 10 people",
                     claimant="the regional governor", publisher="Wire One")
    other = casualty("daily-1", "2024-03-04", 12, quote="Twelve people were killed in Olvira",
                     claimant="hospital officials", publisher="Daily Two")
    later = casualty("wire-2", "2024-03-05", 25, quote="The toll of the Olvira strike rose to 25",
                     claimant="The regional governor", publisher="Wire One")
    events = build_events([later, first, other])
    assert len(events) == 1
    killed = events[0].measures["killed"]
    roles = {c.record_id: c.role for c in killed.claims}
    assert roles[first["record_id"]] == "earlier" and roles[later["record_id"]] == "counted"
    # the hospital's 12 is overtaken by the governor's higher figure of a later day
    assert killed.best == 25 and (killed.low, killed.high) == (12, 25)
    assert killed.claimants == 2 and not killed.disputed


def test_parts_of_one_exchange_in_one_article_are_summed_not_competing():
    told = "95 Ukrainian prisoners of war and 95 Russian soldiers were exchanged at the Tessar crossing"
    ours = casualty("swap-1", "2024-05-02", 95, "captured", "Ukrainian prisoners of war", country="Ukraine",
                    quote=told, at=10)
    theirs = casualty("swap-1", "2024-05-02", 95, "captured", "Russian soldiers", country="Russia",
                      quote=told, at=10)
    summed = casualty("swap-2", "2024-05-02", 190, "captured", "prisoners",
                      quote="190 prisoners were exchanged at the Tessar crossing", publisher="Other Paper")
    events = build_events([ours, theirs, summed])
    assert len(events) == 1
    captured = events[0].measures["captured"]
    roles = {c.record_id: c.role for c in captured.claims}
    assert roles[ours["record_id"]] == roles[theirs["record_id"]] == "part"
    assert captured.best == 190 and captured.low == captured.high == 190 and not captured.disputed


def test_contingents_of_one_deployment_are_parts():
    first = troops("dep-1", "2024-06-01", 1500, "Norway", location="Estonia", at=0,
                   quote="A first contingent of 1,500 Norwegian troops arrived in Estonia")
    second = troops("dep-1", "2024-06-01", 1000, "Norway", location="Estonia", at=200,
                    quote="a second contingent of 1,000 will follow")
    whole = troops("dep-2", "2024-06-03", 2500, "Norway", location="Estonia", publisher="Other Paper",
                   quote="Norway is sending 2,500 troops to Estonia")
    events = build_events([first, second, whole])
    assert len(events) == 1 and events[0].kind == "deployment"
    measure = events[0].measures["troops"]
    assert measure.best == 2500 and not measure.disputed
    assert sorted(c.role for c in measure.claims) == ["counted", "part", "part"]


def test_a_group_of_everyone_holds_the_smaller_groups_of_its_article():
    everyone = casualty("a-1", "2024-03-04", 12, group="people", quote="The strike killed 12 people", at=0)
    children = casualty("a-1", "2024-03-04", 5, group="children", quote="including five children", at=29)
    [event] = build_events([everyone, children])
    killed = event.measures["killed"]
    assert killed.best == 12
    assert {c.record_id: c.role for c in killed.claims}[children["record_id"]] == "included"


def test_the_same_place_on_another_date_is_another_event():
    told = "A strike on Olvira killed seven people"
    march3 = casualty("a-1", "2024-03-04", 7, quote=told, location="Olvira", period="2024-03-03")
    march19 = casualty("b-1", "2024-03-20", 7, quote=told, location="Olvira", period="2024-03-19",
                       publisher="Other Paper")
    told_later = casualty("c-1", "2024-03-12", 7, quote="Seven people were killed in Olvira",
                          publisher="Third Paper")  # no date of its own: its article's
    events = build_events([march3, march19, told_later])
    assert len({event_of(events, r).event_id for r in (march3, march19, told_later)}) == 3


def test_a_figure_for_an_earlier_event_joins_that_event_not_the_articles_main_one():
    earlier = casualty("a-1", "2024-03-04", 7, quote="A drone strike on Olvira killed seven people",
                       location="Olvira", period="2024-03-03", publisher="Wire One")
    main = casualty("b-1", "2024-03-21", 12, quote="Shelling killed 12 people in Tessar", location="Tessar",
                    period="2024-03-20", publisher="Daily Two", at=0)
    main_wounded = casualty("b-1", "2024-03-21", 30, "wounded", quote="and wounded 30", at=40,
                            publisher="Daily Two")
    recalled = casualty("b-1", "2024-03-21", 7, quote="On March 3 a drone strike on Olvira killed seven",
                        at=300, publisher="Daily Two")  # no location or period: the quote's date and place
    events = build_events([earlier, main, main_wounded, recalled])
    assert event_of(events, recalled).event_id == event_of(events, earlier).event_id
    assert event_of(events, main_wounded).event_id == event_of(events, main).event_id
    assert event_of(events, main).event_id != event_of(events, earlier).event_id
    assert event_of(events, earlier).measures["killed"].sources == 2


def test_a_running_total_never_merges_into_an_incident():
    total = casualty("a-1", "2024-03-04", 8000, group="civilians", period="2023-10-07/2024-03-03",
                     quote="8,000 civilians have been killed since October", at=200, country="Ukraine")
    said_so = casualty("b-1", "2024-03-05", 8100, group="civilians", country="Ukraine",
                       quote="8,100 civilians have been killed so far", publisher="Other Paper")
    incident = casualty("a-1", "2024-03-04", 8, group="civilians",
                        quote="A strike on Olvira killed 8 civilians", at=0, country="Ukraine")
    events = build_events([total, said_so, incident])
    assert event_of(events, total).kind == "total" and event_of(events, incident).kind == "incident"
    assert event_of(events, total).event_id == event_of(events, said_so).event_id
    assert event_of(events, total).event_id != event_of(events, incident).event_id
    # each claimant's latest figure; the later one is higher
    assert event_of(events, total).measures["killed"].best == 8100


def test_sides_whose_figures_conflict_make_the_event_disputed():
    one = casualty("a-1", "2024-03-04", 10, "killed", "soldiers", claimant="Ukraine's general staff",
                   quote="10 soldiers were killed in the clash near Marnow", location="Marnow")
    other = casualty("b-1", "2024-03-04", 300, "killed", "soldiers", claimant="Russia's defence ministry",
                     quote="300 soldiers were killed near Marnow", location="Marnow", publisher="Other Paper")
    close = casualty("c-1", "2024-03-04", 11, "killed", "soldiers", claimant="a local official",
                     quote="11 soldiers were killed near Marnow", location="Marnow", publisher="Third Paper")
    assert build_events([one, other])[0].measures["killed"].disputed
    agreed = build_events([one, close])[0].measures["killed"]
    assert not agreed.disputed and agreed.best == 10


def test_every_record_belongs_to_exactly_one_event_whatever_the_input_order():
    records = [
        casualty("a-1", "2024-03-04", 10, quote="A strike on Olvira killed 10 people"),
        casualty("a-1", "2024-03-04", 20, "wounded", quote="and wounded 20", at=40),
        casualty("b-1", "2024-03-05", 11, quote="Eleven died in Olvira", publisher="Other"),
        casualty("c-1", "2024-03-05", 3, quote="Three were killed in Tessar", publisher="Third"),
        troops("d-1", "2024-03-01", 600, "Norway", location="Estonia"),
        agreement("e-1", "2024-01-20", ["Chile", "Peru"], signed="2024-01-17", title="energy partnership"),
        agreement("f-1", "2024-01-25", ["Peru", "Chile"], title="energy partnership", publisher="Other"),
    ]
    events = build_events(records)
    ids = [rid for e in events for rid in e.record_ids]
    assert sorted(ids) == sorted(r["record_id"] for r in records)
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    assert [e.model_dump() for e in build_events(shuffled)] == [e.model_dump() for e in events]
    assert len(event_of(events, records[5]).record_ids) == 2  # one agreement told twice
    assert event_of(events, records[0]).joined_by  # why the records were joined, in words


def test_different_places_on_the_same_day_are_different_events():
    olvira = casualty("a-1", "2024-03-04", 9, quote="Shelling killed nine people in Olvira",
                      location="Olvira")
    tessar = casualty("b-1", "2024-03-04", 9, quote="Shelling killed nine people in Tessar",
                      location="Tessar", publisher="Other")
    assert len(build_events([olvira, tessar])) == 2


def test_two_towns_of_one_province_are_two_places_and_a_district_lies_within_its_town():
    olvira = casualty("a-1", "2024-03-04", 9, quote="Shelling killed nine people",
                      location="Olvira, Kesh province", period="2024-03-04")
    tessar = casualty("b-1", "2024-03-04", 5, quote="Shelling killed five people",
                      location="Tessar, Kesh province", period="2024-03-04", publisher="Other")
    district = casualty("c-1", "2024-03-05", 11, quote="Eleven people died in the shelling",
                        location="Marnow district, Olvira", period="2024-03-04", publisher="Third")
    events = build_events([olvira, tessar, district])
    assert event_of(events, olvira).event_id != event_of(events, tessar).event_id
    assert event_of(events, district).event_id == event_of(events, olvira).event_id
    assert any("within" in why for why in event_of(events, olvira).joined_by)


def test_so_far_of_one_days_strike_is_that_incidents_toll_not_a_running_total():
    strike = casualty("a-1", "2024-03-04", 30, quote="A strike on Olvira on Sunday killed 30 people")
    risen = casualty("b-1", "2024-03-05", 37, quote="The toll of Sunday's strike on Olvira rose to 37 so far",
                     publisher="Other")
    running = casualty("c-1", "2024-03-05", 8000, group="civilians",
                       quote="8,000 civilians have been killed so far", publisher="Third")
    events = build_events([strike, risen, running])
    assert event_of(events, risen).event_id == event_of(events, strike).event_id
    assert event_of(events, risen).kind == "incident" and event_of(events, running).kind == "total"


def test_a_figure_of_one_group_beside_the_whole_toll_is_counted_inside_it_not_chosen_as_best():
    toll = casualty("a-1", "2024-03-04", 12, quote="A strike on Olvira killed 12 people",
                    claimant="the health ministry")
    commander = casualty("b-1", "2024-03-04", 1, group="militia commander Tomas Venk", publisher="Other",
                         quote="Militia commander Tomas Venk was killed in the strike on Olvira",
                         claimant="the army")
    lower = casualty("c-1", "2024-03-04", 11, quote="Eleven people died in Olvira", publisher="Third")
    [event] = build_events([toll, commander, lower])
    killed = event.measures["killed"]
    assert (killed.best, killed.low, killed.high) == (11, 11, 12)
    assert {c.record_id: c.role for c in killed.claims}[commander["record_id"]] == "included"
    assert killed.basis.startswith("the lowest current figure of everyone counted")


def test_both_sides_losses_told_in_two_sentences_of_one_article_are_one_clash():
    ours = casualty("a-1", "2024-03-04", 4, "killed", "Ukrainian soldiers", country="Ukraine", at=0,
                    quote="Four Ukrainian soldiers were killed in the fighting near Marnow",
                    location="Marnow")
    theirs = casualty("a-1", "2024-03-04", 11, "killed", "Russian soldiers", country="Russia", at=200,
                      quote="The general staff said 11 Russian soldiers died there")
    [event] = build_events([ours, theirs])
    assert event.measures["killed"].best == 15  # two sides of one clash, in one article: parts


def test_contingents_of_several_forces_in_one_place_are_one_mission():
    first = troops("dep-1", "2024-06-25", 400, "Kenya", location="Tessar",
                   quote="400 Kenyan police arrived in Tessar")
    second = troops("dep-2", "2024-06-27", 200, "Chile", location="Tessar", publisher="Other",
                    quote="Chile sent 200 troops to join the mission in Tessar")
    elsewhere = troops("dep-3", "2024-06-26", 300, "Chile", location="Olvira", publisher="Third",
                       quote="Chile sent 300 troops to Olvira")
    events = build_events([first, second, elsewhere])
    assert event_of(events, first).event_id == event_of(events, second).event_id
    assert event_of(events, elsewhere).event_id != event_of(events, first).event_id

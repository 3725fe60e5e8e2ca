"""Verb and noun classes of the trigger lexicon, one CAMEO family at a time.

Each sentence is written for its class (none comes from a benchmark): the first event with a
PLOVER type must have the type of the class.
"""

from __future__ import annotations

import pytest

from geopol.evaluate import default_coder


def plover_of(text: str) -> str | None:
    event = default_coder(text, use_classifier=False).label_for("PLOVER")
    return event.plover if event is not None else None


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        # acts of diplomatic cooperation: a signed treaty, an apology, a pardon, praise of a step
        ("Ruritania and Borduria signed a fisheries treaty on Monday.", "SUPPORT"),
        ("The Chilean government apologised to Peru for the incident.", "SUPPORT"),
        ("Norway welcomed the decision of Kenya to hand over the suspect.", "SUPPORT"),
        ("The Gambian president backed the proposal of the Senegalese government.", "SUPPORT"),
        # undoing an earlier act: releases, returns, eased embargoes
        ("Nepal freed the Indian journalists on Friday.", "RETREAT"),
        ("Mali released two Algerian diplomats after a week.", "RETREAT"),
        ("Japan lifted its trade embargo on Vietnam.", "RETREAT"),
        # formal pardons and amnesties release people (CAMEO 0841), forgiveness is 056
        ("The Kyrgyz president pardoned the jailed Uzbek journalist.", "RETREAT"),
        # letting refugees come home is a right granted
        ("Myanmar allowed Rohingya refugees to return from Bangladesh.", "CONCEDE"),
        # talks that collapse are halted negotiations
        ("Peace talks between Nepal and the Maoist rebels collapsed on Monday.", "SANCTION"),
        # an ambush of a government convoy is armed force, not criticism of a government
        ("Rebels ambushed a government convoy in northern Mali, the Malian army said.", "ASSAULT"),
        ("Amnesty International accused Egypt of torturing prisoners.", "ACCUSE"),
        # a gerund with its own object is a verb even after "that"
        ("Chad said that lifting the sanctions on Sudan was premature.", "RETREAT"),
        # wire style: the day between a verb and its particle
        ("Egypt called Tuesday on Libya to release the detained fishermen.", "REQUEST"),
        ("Greece agreed Monday to resume talks with Turkey.", "AGREE"),
        # pressing someone to act is a demand; asking a third party to support another, rallying
        ("Chinese officials were pressuring Nepal to hand over the Tibetan refugees.", "REQUEST"),
        ("Kenya urged Western donors to support the Somali government.", "SUPPORT"),
        ("Humanitarian access to the north of Yemen has improved since March.", "RETREAT"),
        # investigation by its acts, disapproval by its nouns, adverbs inside a phrase
        ("A Dutch tribunal is gathering evidence of crimes committed in Liberia.", "ACCUSE"),
        ("Austria voiced reservations about the Hungarian border plan.", "ACCUSE"),
        ("Korea objected strongly to the remarks of the Japanese minister.", "ACCUSE"),
        ("Cuba described the American radio broadcasts as a provocation.", "ACCUSE"),
        ("Bolivia took Chile to the International Court of Justice over sea access.", "ACCUSE"),
        # conditional and double-negative threats, deadlines
        ("Hezbollah said it would respond to any Israeli aggression.", "THREATEN"),
        ("Russia said it would not rule out the use of force against Georgia.", "THREATEN"),
        ("The Liberian junta gave the rebels until Monday to surrender.", "THREATEN"),
        # fighting corruption is no fight; leaving office yields power
        ("The Peruvian president vowed to fight corruption in the police.", "AGREE"),
        ("The Malagasy president said he would leave office next year.", "AGREE"),
        # protest by refusing food or staying away from work
        ("The jailed Turkish dissident refused food to protest his detention.", "PROTEST"),
        ("Teachers across Ghana stayed away from classes to demand better pay.", "PROTEST"),
        # hijacking a bus, beating and killing, forced relocation, bans on rallies
        ("Gunmen seized a bus with Nigerian passengers on board near Kano.", "ASSAULT"),
        ("Zimbabwean police beat the journalists covering the rally.", "ASSAULT"),
        ("Rwandan villagers were hacked to death by militiamen.", "ASSAULT"),
        ("Ethiopian authorities forcibly relocated thousands of villagers.", "COERCE"),
        ("The Algerian government banned all demonstrations in the capital.", "COERCE"),
        ("The Cambodian government suspended the activities of the opposition party.", "COERCE"),
        ("Former Angolan fighters handed in their weapons to UN troops.", "RETREAT"),
        # the announced act is the event, not the one in a clause after "after"
        (
            "Spain announced a suspension of flights to Morocco on Monday, a day after "
            "Moroccan jets shot down a Spanish drone.",
            "SANCTION",
        ),
        # reported advice is an appeal; the modal of a later clause is not the reporter's
        ("The Pope said both Sudan and Chad should exercise restraint.", "REQUEST"),
        (
            "Somalia rejected the Kenyan call for talks, saying that the court should decide.",
            "REJECT",
        ),
        # judgements of a proposal: unacceptable is a rejection, constructive a praise
        ("Ankara called the Greek proposal unacceptable.", "REJECT"),
        ("Moscow said the American plan was unacceptable.", "REJECT"),
        ("France described the talks with Algeria as constructive.", "SUPPORT"),
        ("India said it was against any foreign mediation in Kashmir.", "ACCUSE"),
        (
            "The kidnappers said they would keep the Korean hostages until their demands were met.",
            "REJECT",
        ),
        # veiled threats; a verb after "to" is a verb even before "at"
        (
            "Turkey said it would take all necessary measures against the Cypriot drilling.",
            "THREATEN",
        ),
        ("The Pakistani general said his troops were ready to strike at any moment.", "THREATEN"),
        ("Two Taliban commanders gave up fighting in Faryab, the Afghan army said.", "RETREAT"),
        ("Tokyo said it would change its whaling policy.", "AGREE"),
        ("Japan will resume economic cooperation with Burma, officials said.", "AGREE"),
        # mass expulsion, chemical weapons, blockade, suicide bombing, hijacked ships
        ("Thousands of ethnic Georgians were driven from their homes by Abkhaz forces.", "ASSAULT"),
        ("Iraqi planes dropped mustard gas on the Kurdish town of Halabja.", "ASSAULT"),
        ("Syrian troops sealed off the rebel-held town near Homs.", "ASSAULT"),
        ("A suicide attacker blew himself up at an Afghan police station.", "ASSAULT"),
        ("Somali pirates captured a Ukrainian ship carrying tanks.", "ASSAULT"),
        # bans on candidates, closed newspapers, dispersed rallies ("riot police" is no riot)
        ("The Iranian electoral council barred the reformist leader from running.", "COERCE"),
        ("The Azerbaijani government closed down two independent newspapers.", "COERCE"),
        ("Belarusian riot police broke up the opposition rally in Minsk.", "ASSAULT"),
        # "exiles" is a noun: the exiles demonstrate, nobody is exiled
        ("Tibetan exiles demonstrated outside the Chinese embassy in New Delhi.", "PROTEST"),
        # a verb in a relative clause describes a noun; the event is the verb after it
        (
            "Syria, which has been accused of supporting militants, agreed to cooperate "
            "with the Turkish inquiry.",
            "AGREE",
        ),
        ("Kenyan police, who fired tear gas at the crowd, arrested 40 protesters.", "COERCE"),
        ("Rebels who rejected the peace deal attacked an Ivorian army post.", "ASSAULT"),
        # support by vote, tribute and defence; recognised arms purchases and handovers
        (
            "The Australian premier paid tribute to the Indonesian president for his role.",
            "SUPPORT",
        ),
        ("Ghana voted in favour of the UN resolution on Palestine.", "SUPPORT"),
        ("China came to the defence of North Korea at the Security Council.", "SUPPORT"),
        ("Indonesia bought fighter jets from Russia.", "COOPERATE"),
        ("Colombia handed over a drug trafficker to US authorities.", "COOPERATE"),
        ("The European Union released 20 million euros in aid for Haiti.", "AID"),
        ("The Egyptian president handed power to the military.", "CONCEDE"),
        ("Turkey granted Kurds the right to broadcast in their language.", "CONCEDE"),
        # "forces" is a noun; withdrawing from a town is a retreat, from a treaty a sanction
        ("Rebel forces withdrew from the Malian town under a peace deal.", "RETREAT"),
        ("Russia withdrew from the arms control treaty with the United States.", "SANCTION"),
        # yielding on a policy or on institutions
        ("The Thai king reinstated the dissolved parliament.", "CONCEDE"),
        (
            "A Zambian court allowed the opposition leader to run in the presidential election.",
            "CONCEDE",
        ),
        # intents and readiness
        ("Mongolia expressed its readiness to join the regional trade pact.", "AGREE"),
        ("Uganda accepted the peace plan drafted by Tanzania.", "AGREE"),
        # meetings attended and cooperation shared
        ("The Malian president attended the summit in Dakar.", "CONSULT"),
        ("Finland shared expertise with Estonia on cyber defence.", "COOPERATE"),
        # refusals and threats with an ultimatum
        ("Ghana ignored appeals from Togo to reopen the border.", "REJECT"),
        ("The Belarusian president stood firm despite the Polish sanctions.", "REJECT"),
        ("The rebels gave the Nigerian government 48 hours to release their leader.", "THREATEN"),
        # reducing relations: a mediator quits, foreigners are told to leave
        ("Norway ended its role as mediator between Sri Lanka and the rebels.", "SANCTION"),
        ("Eritrea ordered American peacekeepers to leave the country.", "SANCTION"),
        # coercion and force
        (
            "The Venezuelan government revoked the broadcasting licence of the opposition channel.",
            "COERCE",
        ),
        ("Ruritanian police used Bordurian villagers as human shields.", "COERCE"),
        ("Turkey called up reservists as tension with Greece rose.", "MOBILIZE"),
        ("Israeli forces imposed a blockade on the Lebanese ports.", "ASSAULT"),
        ("Militants threw a grenade at a Kenyan police post.", "ASSAULT"),
        ("Sudanese troops vowed to wipe out the rebels in Darfur.", "THREATEN"),
        # cyber attacks are CAMEO 176 (coercion), not armed attacks
        ("Hackers linked to Moldova launched a cyber attack on Romanian banks.", "COERCE"),
        ("Belarusian hackers broke into the computer networks of Lithuanian ministries.", "COERCE"),
        ("A ransomware attack on Costa Rican ministries began in April.", "COERCE"),
        # a noun event whose head word is part of an actor name ("UN peacekeepers")
        ("UN peacekeepers were withdrawn from Chad after the vote.", "SANCTION"),
        # a plan "out of the question" is refused whoever names the plan
        ("Any change to the border with Guyana is out of the question, Venezuela said.", "REJECT"),
        # an act named before "out of the question" is refused, whatever the act would be
        (
            "Withdrawing troops from the border is out of the question, the Thai army said.",
            "REJECT",
        ),
        (
            "The Chadian president said lifting the ban on foreign aid was out of the question.",
            "REJECT",
        ),
        # sanctions lifted in the passive or left to lapse are eased sanctions (085)
        ("The Canadian sanctions on Belarus were lifted in March.", "RETREAT"),
        ("Colombia let the arms embargo on Venezuela expire.", "RETREAT"),
        # banned newspapers and websites restrict the freedom of expression (1721)
        ("Kazakhstan banned all Kyrgyz newspapers over propaganda.", "COERCE"),
        # firing across a border or a ceasefire line is small-arms fire (193)
        ("Armenian and Azerbaijani troops fired across the border overnight.", "ASSAULT"),
        # war games staged, training given, aid packages and relief shipments
        ("The Thai navy staged a war game in the Andaman Sea.", "MOBILIZE"),
        ("The British army has provided counterterrorism training to Kenyan police.", "COOPERATE"),
        ("The Saudi assistance package to Sudan included wheat and fuel.", "AID"),
        ("Chinese ships are giving priority to the shipment of water to Tonga.", "AID"),
        # funds made available or mobilised to help are aid (070)
        ("Sweden made available medical supplies to fight the outbreak in Guinea.", "AID"),
        (
            "The EU is mobilising additional funds to support the peace process in Mozambique.",
            "AID",
        ),
    ],
)
def test_a_verb_class_gives_its_plover_type(text: str, plover: str) -> None:
    assert plover_of(text) == plover


@pytest.mark.parametrize(
    "text",
    [
        # freeing someone from an accident or a wreck is no release of captives
        "Firefighters freed him from the wreck of the car on Sunday.",
        # a shop's staff told to leave a building is no expulsion
        "The manager ordered the staff to leave the building after the fire alarm.",
    ],
)
def test_look_alikes_of_the_new_classes_are_no_event(text: str) -> None:
    events = default_coder(text, use_classifier=False).all_events
    assert [e.code for e in events if e.code[:2] in ("08", "16")] == []


@pytest.mark.parametrize(
    "text",
    [
        # surgery and rescues carried out by soldiers are no military operations
        "Doctors of the Chilean navy carried out surgical operations on displaced people.",
        "The Spanish navy carried out a rescue operation off the coast of Libya.",
    ],
)
def test_operations_of_doctors_and_rescuers_are_no_use_of_force(text: str) -> None:
    events = default_coder(text, use_classifier=False).all_events
    assert [e.code for e in events if e.code[:2] in ("18", "19", "20")] == []

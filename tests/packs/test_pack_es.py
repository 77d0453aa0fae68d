"""The Spanish pack's table: sentences of our own, each with the facts the pack must ask the model about
(record type, value, measure) and the numbers it must not ask about (a year, a price, an age, a date, the
victims of a disaster, an accident or a disease, a police arrest). Candidates are decided as the pipeline
decides them, with the Spanish pack active; a vague amount ("decenas") is never asked as a figure."""

from __future__ import annotations

import pytest

from sitrep.deciding.decide import decide
from sitrep.reading.pack import load, using
from sitrep.reading.quantities import find_numbers
from sitrep.reading.reading import read

CASUALTY, TROOPS, AGREEMENT = "casualty_figure", "troop_deployment", "agreement"

# (sentence, facts the pack must ask about: (record type, value, measure), numbers it must not ask about)
TABLE = [
    ("Al menos 12 soldados murieron en un ataque de la guerrilla contra un puesto militar.",
     [(CASUALTY, 12, "killed")], []),
    ("El bombardeo dejó al menos 7 muertos y 23 heridos en el barrio.",
     [(CASUALTY, 7, "killed"), (CASUALTY, 23, "wounded")], []),
    ("Fueron asesinados cuatro campesinos por hombres armados en la vereda.",
     [(CASUALTY, 4, "killed")], []),
    ("La explosión de un coche bomba frente a la comisaría causó la muerte de 3 policías.",
     [(CASUALTY, 3, "killed")], []),
    ("Murieron 15 milicianos en los combates con el ejército, según el portavoz militar.",
     [(CASUALTY, 15, "killed")], []),
    ("Los rebeldes secuestraron a 9 trabajadores de una empresa minera.",
     [(CASUALTY, 9, "captured")], [1]),
    ("Tras el ataque, 5 militares siguen desaparecidos.", [(CASUALTY, 5, "missing")], []),
    ("La cifra de muertos por los bombardeos asciende a 42.", [(CASUALTY, 42, "killed")], []),
    ("El balance oficial de víctimas del ataque se elevó hasta 57 fallecidos.",
     [(CASUALTY, 57, "killed")], []),
    ("Un soldado murió y otros dos resultaron heridos en la emboscada.",
     [(CASUALTY, 1, None), (CASUALTY, 2, "wounded")], []),
    ("Más de 1.200 civiles han muerto desde el inicio de la ofensiva.", [(CASUALTY, 1200, "killed")], []),
    ("Unos 1,500 combatientes fueron capturados por las fuerzas gubernamentales.",
     [(CASUALTY, 1500, "captured")], []),
    ("Un ataque con drones mató a tres civiles e hirió a otros once en la ciudad.",
     [(CASUALTY, 3, "killed"), (CASUALTY, 11, "wounded")], []),
    ("Los combates entre el ejército y los rebeldes dejaron 34 fallecidos, entre ellos 8 niños.",
     [(CASUALTY, 34, "killed"), (CASUALTY, 8, "killed")], []),
    ("El Ejército abatió a 12 guerrilleros durante una operación en la selva.",
     [(CASUALTY, 12, "killed")], [1]),
    ("Fueron hallados los cuerpos de seis hombres con impactos de bala junto a la carretera.",
     [(CASUALTY, 6, "killed")], []),
    ("Hombres armados irrumpieron en un bar y mataron a 11 personas.", [(CASUALTY, 11, "killed")], [1]),
    ("Los enfrentamientos entre bandas criminales dejaron 14 muertos en el penal.",
     [(CASUALTY, 14, "killed")], []),
    ("Al menos 30 personas murieron y 70 resultaron heridas en un atentado suicida en el mercado.",
     [(CASUALTY, 30, "killed"), (CASUALTY, 70, "wounded")], []),
    ("El presidente, de 63 años, condenó el atentado que dejó 9 víctimas mortales.",
     [(CASUALTY, 9, "killed")], [63]),
    ("Una niña de 8 años murió en el bombardeo de la aviación.", [(CASUALTY, 1, None)], [8]),
    ("El 15 de marzo, 20 soldados murieron en un ataque con misiles.", [(CASUALTY, 20, "killed")], [15]),
    ("La aviación bombardeó la ciudad y causó 23 muertos, según fuentes locales.",
     [(CASUALTY, 23, "killed")], []),
    ("Asesinan a 3 periodistas en la sierra en menos de una semana.", [(CASUALTY, 3, "killed")], []),
    ("Hallan 12 cuerpos en una fosa clandestina a las afueras del pueblo.", [(CASUALTY, 12, "killed")], []),
    ("El enemigo perdió 1.000 soldados en un solo día, según el Estado Mayor.",
     [(CASUALTY, 1000, "casualties")], []),
    # troops
    ("El gobierno desplegó 3.000 soldados en la frontera norte.", [(TROOPS, 3000, None)], []),
    ("Francia enviará 800 efectivos adicionales a la misión de la ONU.", [(TROOPS, 800, None)], []),
    ("Washington retiró a 2.500 militares de la base.", [(TROOPS, 2500, None)], []),
    ("La misión cuenta con unos 450 cascos azules.", [(TROOPS, 450, None)], []),
    ("Un contingente de 250 militares llegó a la base aérea el martes.", [(TROOPS, 250, None)], [1]),
    ("El Pentágono enviará unos 1.500 soldados más a la frontera con México.", [(TROOPS, 1500, None)], []),
    ("La OTAN desplegará cuatro batallones en el flanco oriental.", [(TROOPS, 4, None)], []),
    ("La brigada llegó a contar con alrededor de un millar de efectivos.", [(TROOPS, 1000, None)], []),
    # agreements
    ("Los dos gobiernos firmaron un acuerdo de cooperación en defensa.", [(AGREEMENT, None, None)], [2]),
    ("Las partes pactaron un alto el fuego de tres días.", [(AGREEMENT, None, None)], [3]),
    ("Israel y Hamás acordaron una tregua de cuatro días para el intercambio de rehenes.",
     [(AGREEMENT, None, None)], [4]),
    ("El tratado de paz fue ratificado por el Parlamento el jueves.", [(AGREEMENT, None, None)], []),
    ("Ambos países suscribieron un memorando de entendimiento en la capital.", [(AGREEMENT, None, None)], []),
    # numbers that are no fact: a year, a price, a time, seats, weapons, a disaster, an accident, a disease,
    # an arrest for a crime
    ("En 2019 el país celebró elecciones presidenciales.", [], [2019]),
    ("El gobierno pagará una recompensa de 20.000 dólares por información.", [], [20000, 1]),
    ("El partido obtuvo 45 escaños en las elecciones del domingo.", [], [45]),
    ("La reunión de los ministros duró 3 horas.", [], [3]),
    ("El ataque con 30 drones no causó víctimas.", [], [30]),
    ("El terremoto dejó 40 muertos y 300 heridos en la región costera.", [], [40, 300]),
    ("Las inundaciones causaron la muerte de 17 personas.", [], [17]),
    ("Un accidente de autobús dejó 11 muertos en la carretera.", [], [11]),
    ("Un incendio en una fábrica de pirotecnia dejó 8 muertos.", [], [8]),
    ("La epidemia de cólera mató a 25 personas.", [], [25]),
    ("La policía detuvo a 6 personas por robo en el mercado.", [], [6]),
    ("El accidente aéreo dejó 62 muertos, informó la aerolínea.", [], [62]),
    ("Más de 30 personas murieron ahogadas al naufragar una embarcación en el lago.", [], [30]),
    ("Los ataques contra la red eléctrica dejaron sin luz a 500.000 hogares.", [], [500000]),
    ("El hombre, de 45 años, fue detenido por la policía local.", [], [45]),
]


def _asked(sentence: str) -> list[tuple[str, int | None, str | None]]:
    with using(load("es")):
        candidates = decide(read(sentence, ""))
    return [(c.record_type, c.value if c.record_type != AGREEMENT else None, c.measure)
            for c in candidates.items if c.asked and not c.vague]


@pytest.mark.parametrize(("sentence", "facts", "not_asked"), TABLE, ids=[row[0][:40] for row in TABLE])
def test_the_pack_asks_about_the_facts_and_not_the_other_numbers(sentence, facts, not_asked):
    asked = _asked(sentence)
    for kind, value, measure in facts:
        matching = [a for a in asked if a[0] == kind and a[1] == value]
        assert matching, f"{kind} {value} not asked in {sentence!r}: {asked}"
        if measure is not None:
            assert any(a[2] == measure for a in matching), f"{value} not read as {measure}: {asked}"
    numbers_asked = {a[1] for a in asked if a[0] != AGREEMENT}
    for value in not_asked:
        assert value not in numbers_asked, f"{value} asked in {sentence!r}: {asked}"
    if not any(kind == AGREEMENT for kind, _, _ in facts):
        assert all(a[0] != AGREEMENT for a in asked), f"an agreement asked in {sentence!r}"


@pytest.mark.parametrize(("sentence", "value", "qualifier"), [
    ("al menos 12 muertos", 12, "at_least"),
    ("más de 1.500 heridos", 1500, "more_than"),
    ("unos 1,800 elementos", 1800, "approximately"),
    ("cerca de 200 soldados", 200, "approximately"),
    ("hasta 40 personas", 40, "up_to"),
    ("menos de 5.000 efectivos", 5000, "up_to"),
    ("una decena de lesionados", 10, "exact"),
    ("alrededor de un millar de efectivos", 1000, "approximately"),
    ("veintitrés civiles", 23, "exact"),
    ("treinta y cinco rehenes", 35, "exact"),
    ("2,5 millones de desplazados", 2_500_000, "exact"),
    ("entre 600 y 700 militares", 600, "range"),
    ("mil agentes", 1000, "exact"),
    ("cien mil desplazados", 100_000, "exact"),
    ("dos mil soldados", 2000, "exact"),
    ("7,5 grados", 8, "exact"),
])
def test_numbers_as_spanish_writes_them(sentence, value, qualifier):
    with using(load("es")):
        mention = find_numbers(sentence)[0]
    assert (mention.value, mention.qualifier) == (value, qualifier)


@pytest.mark.parametrize(("sentence", "value"), [
    ("Decenas de personas resultaron heridas en los enfrentamientos.", 20),
    ("Cientos de soldados cruzaron la frontera.", 200),
    ("Varios milicianos murieron en el asalto.", 3),
])
def test_vague_amounts_are_never_asked_as_figures(sentence, value):
    with using(load("es")):
        candidates = decide(read(sentence, ""))
    vague = [c for c in candidates.items if c.vague]
    assert vague and all(c.value == value for c in vague)
    assert not [c for c in candidates.items if c.asked and not c.vague and c.record_type != AGREEMENT]


def test_the_hundreds_are_numbers():
    with using(load("es")):
        assert [n.value for n in find_numbers("doscientos soldados y ciento cincuenta civiles")] == [200, 150]


def _sentences(text: str) -> list[str]:
    with using(load("es")):
        return [s.text for s in read(text, "").sentences]


def test_abbreviations_end_no_sentence():
    text = ("El Sr. Gómez llegó a EE.UU. el lunes. El Gral. Ruiz confirmó la cifra en el núm. 3 del parte. "
            "Luego se fue.")
    assert _sentences(text) == ["El Sr. Gómez llegó a EE.UU. el lunes.",
                                "El Gral. Ruiz confirmó la cifra en el núm. 3 del parte.", "Luego se fue."]


def test_a_word_ending_in_an_accented_syllable_ends_a_sentence():
    assert _sentences("Llegaron a la región. Luego hubo combates.") == ["Llegaron a la región.",
                                                                       "Luego hubo combates."]


def test_according_to_is_no_agreement():
    assert not [a for a in _asked("De acuerdo con el informe, firmaron la paz los dos bandos.")
                if a[0] == AGREEMENT]

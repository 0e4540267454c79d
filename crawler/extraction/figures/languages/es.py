"""Spanish: the words of casualty reporting in the style of EFE, Europa Press and the Latin American press
(Mexico, Colombia, Peru, Venezuela, Ecuador, Chile).

Digits are grouped both ways: Spain and most of South America write "1.174", Mexico (and Central America)
"1,174"; a decimal comma ("5,2") or point is never a count, a group of three digits always a thousand. Mexican
copy also writes "5 mil 652" (read by the engine as digits, a scale and the rest). Number words are valued by
text2num; the table below only lists the words that start or continue a number, so that the reader finds them.
"""
from __future__ import annotations

from text_to_num import text2num

from .model import Category, Language

_UNITS = {
    "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieci*": 10, "veinte": 20, "veinti*": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100, "doscient*": 200, "trescient*": 300,
    "cuatrocient*": 400, "quinient*": 500, "seiscient*": 600, "setecient*": 700, "ochocient*": 800,
    "novecient*": 900,
}


def _value(span: str) -> int | None:
    """text2num's value of a span of Spanish number words; for two numbers joined as a range ("entre quince y
    veinte": "quince y veinte" is no number of its own) the first, its low bound; None otherwise."""
    span = span.replace("veintiún", "veintiuno").replace("-", " ")
    try:
        return text2num(span, "es")
    except ValueError:
        pass
    values = []
    for part in span.split(" y "):
        try:
            values.append(text2num(part, "es"))
        except ValueError:
            return None
    return values[0] if len(values) == 2 and values[0] < values[1] else None


SPANISH = Language(
    code="es",
    name="Spanish",
    number_words=_UNITS,
    scales={"mil": 1000, "millón": 1_000_000, "millones": 1_000_000, "mdp": 1_000_000},
    joiners=("y",),
    approximate={"docena": 12, "decena": 10, "veintena": 20, "treintena": 30, "centenar": 100,
                 "medio centenar": 50, "media docena": 6, "millar": 1000},
    vague={"decenas": 20, "docenas": 24, "centenares": 200, "cientos": 200, "miles": 2000, "decenas de miles": 20000,
           "cientos de miles": 200000, "centenares de miles": 200000, "millones": 2_000_000},
    value=_value,
    units_after=("años", "año", "meses", "mes", "semana*", "día*", "hora*", "h", "hrs", "minuto*", "segundo*", "km",
                 "kilómetro*", "kilometro*", "metro*", "m", "cm", "mm", "kg", "kilo*", "gramo*", "tonelada*", "grado*",
                 "%", "por ciento", "euro*", "dólar*", "dolar*", "peso*", "sol", "soles", "bolívar*", "quetzal*",
                 "colon*", "usd", "mdp", "pisos", "piso", "planta", "puntos", "punto", "votos", "escaños", "ejemplares",
                 "espectadores", "aficionados", "viviendas", "casas", "vehículos", "autos", "coches", "carros",
                 "camiones", "municipios", "hectáreas", "ha", "litros", "habitantes", "dotaciones",
                 "unidades", "patrullas", "barriles", "toneladas", "millones de", "mil millones",
                 "º", "ª", "°", "er", "ero"),
    not_count_before=("edad de", "de edad", "n.º", "nº", "no.", "número", "núm.", "kilómetro", "km", "carretera",
                      "ruta", "autopista", "autovía", "calle", "avenida", "puerta", "línea", "magnitud", "magnitud de",
                      "de magnitud", "escala de", "grado", "página", "artículo", "ley", "decreto", "distrito",
                      "jornada", "marcador de", "código", "n-", "a-", "ap-", "m-", "c-", "br-", "ruta nacional"),
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
            "octubre", "noviembre", "diciembre"),
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    categories={
        "killed": Category(
            after=("muertos", "muertas", "muerto", "muerta", "muertes", "murieron", "murió", "mueren", "muere",
                   "han muerto", "habían muerto", "fallecid*", "fallecieron", "falleció", "fallecen", "fallece",
                   "fallecimientos", "decesos", "perdieron la vida", "perdió la vida", "pierden la vida",
                   "asesinad*", "ejecutad*", "ultimad*", "abatid*", "masacrad*", "linchad*", "acribillad*",
                   "calcinad*", "ahogad*", "víctimas mortales", "víctimas fatales", "víctimas de homicidio",
                   "homicidios", "cuerpos", "cadáveres", "sin vida", "mortalmente herid*",
                   "encontraron la muerte", "hallaron la muerte"),
            before=("mató a", "mataron a", "matando a", "matan a", "mata a", "asesinó a", "asesinaron a", "asesinan a",
                    "ejecutaron a", "ejecutó a", "costó la vida a", "costó la vida de", "cobró la vida de",
                    "cobró la vida a", "cobrando la vida de", "se cobró la vida de", "acabó con la vida de",
                    "quitó la vida a", "muerte de", "muertes de", "fallecimiento de", "asesinato de",
                    "asesinatos de", "cuerpos de", "restos de", "cadáveres de", "homicidio de", "abatió a",
                    "abatieron a",
                    # a subject after its verb: "murieron 12 personas", "resultaron muertos los dos ocupantes"
                    "murieron", "mueren", "fallecieron", "fallecen", "perdieron la vida", "pierden la vida",
                    "han muerto", "han fallecido", "resultaron muertos", "resultaron muertas", "fueron asesinados",
                    "fueron asesinadas", "han sido asesinados", "han sido asesinadas", "fueron ejecutados",
                    "murieron ahogados", "murieron calcinados"),
            singular=("muerto", "muerta", "murió", "muere", "ha muerto", "falleció", "fallece", "fallecid*",
                      "perdió la vida", "pierde la vida", "asesinad*", "ejecutad*", "ultimad*", "abatid*",
                      "acribillad*", "calcinad*", "ahogad*", "mortalmente herid*", "sin vida", "linchad*"),
            toll=("cifra de muertos", "cifra de fallecidos", "cifra de víctimas", "cifra de víctimas mortales",
                  "número de muertos", "número de fallecidos", "número de víctimas", "número de víctimas mortales",
                  "número de muertes", "cifra de muertes", "balance de muertos", "balance de víctimas",
                  "saldo de muertos", "saldo", "balance"),
        ),
        "injured": Category(
            after=("herid*", "lesionad*", "hospitalizad*", "ingresad*", "quemad*", "intoxicad*", "baleados", "baleadas",
                   "atendidos", "atendidas", "lesiones"),
            before=("hirió a", "hiriendo a", "hirieron a", "hieren a", "hiere a", "dejó heridos a", "lesionó a",
                    "lesionando a", "lesionaron a", "resultaron heridos", "resultaron heridas", "resultaron lesionados",
                    "resultaron lesionadas", "quedaron heridos", "quedaron heridas", "han resultado heridos",
                    "han resultado heridas", "fueron hospitalizados", "fueron hospitalizadas",
                    "tuvieron que ser hospitalizados", "fueron atendidos", "fueron atendidas"),
            singular=("herido", "herida", "resultó herido", "resultó herida", "lesionado", "lesionada", "baleado",
                      "baleada", "apuñalado", "apuñalada", "acuchillado", "acuchillada", "hospitalizado", "ingresado", "ingresada", "atendido", "atendida",
                      "hospitalizada", "gravemente herid*", "quemado", "quemada", "con heridas", "con lesiones", "sufrió heridas",
                      "sufrió lesiones"),
            toll=("cifra de heridos", "número de heridos", "cifra de lesionados", "número de lesionados"),
        ),
        "missing": Category(after=("desaparecid*", "dados por desaparecidos", "dadas por desaparecidas",
                                   "no localizad*"),
                            before=("desaparición de",)),
        "displaced": Category(after=("desplazad*", "damnificad*", "evacuad*", "sin hogar", "albergad*"),
                              before=("desplazó a", "desplazando a", "evacuación de")),
    },
    auxiliaries=("han", "ha", "habían", "había", "han sido", "ha sido", "habían sido", "había sido", "fueron", "fue",
                 "son", "es", "eran", "era", "serían", "sería", "resultaron", "resultó", "resultaban", "quedaron",
                 "quedó", "están", "está", "estaban", "estaba", "se encuentran", "se encontraban", "permanecen",
                 "siguen", "continúan", "se reportaron", "se reportan", "se registraron", "se contabilizan", "hubo",
                 "hay", "habría", "también", "además", "ya", "en total", "de bala", "por arma de fuego",
                 "de gravedad", "gravemente", "levemente", "de consideración", "mortalmente", "todos", "todas",
                 "más", "se", "otros", "otras",
                 # a first verb of the same subject: "fueron secuestrados y asesinados"
                 "secuestrad* y", "emboscad* y", "atacad* y", "torturad* y", "golpead* y", "levantad* y",
                 "privad* de la libertad y", "sorprendid* y", "interceptad* y"),
    # between a predicate and its number ("murieron los 12 pasajeros"); "a" is part of each transitive predicate
    # ("mató a"), and no article that may follow an intransitive one ("murieron el sábado") is listed
    objects=("los", "las", "unos", "unas", "otros", "otras"),
    determiners=("los", "las", "unos", "unas", "otros", "otras"),
    qualifiers={
        "at_least": ("al menos", "por lo menos", "como mínimo", "no menos de", "mínimo"),
        "more_than": ("más de", "superior a", "supera", "superan", "superó", "rebasa", "rebasó", "sobrepasa"),
        "about": ("unos", "unas", "alrededor de", "aproximadamente", "en torno a", "cerca de unos"),
        "nearly": ("cerca de", "casi", "prácticamente", "poco menos de"),
        "up_to": ("hasta",),
        "less_than": ("menos de",),
    },
    negations=("no", "ni", "sin", "ningún", "ninguna", "ninguno", "nadie", "ileso*", "ilesa*", "tampoco", "nunca"),
    hypotheticals=("podría", "podrían", "podrá", "podrán", "pudiera", "pudieran", "puede", "pueden", "pudo haber",
                   "pudieron haber", "temen", "teme", "se teme", "temor", "temores", "riesgo", "amenaza", "amenazó",
                   "amenazan", "posible", "posibles", "probablemente", "causaría", "provocaría", "dejaría",
                   "morirían", "si", "simulacro", "hipotético", "hipotética", "evitar", "habría podido",
                   "aumentar", "elevarse"),
    clause_words=("que", "quien", "quienes", "cuando", "después", "tras", "antes", "durante", "mientras", "pero",
                  "según", "donde", "porque", "si", "para", "luego", "entre", "aunque", "cuyo", "cuya", "al",
                  "como"),
    conjunctions=("y", "e", ",", ", y", "así como", "además de"),
    parts_before=("entre ellos", "entre ellas", "de los cuales", "de las cuales", "incluidos", "incluidas",
                  "incluyendo", "entre los que", "entre las que", "entre las víctimas", "entre los fallecidos",
                  "entre los muertos", "entre los heridos", "la mayoría", "en su mayoría", "de ellos", "de ellas"),
    parts_after=("de ellos", "de ellas", "de los cuales", "de las cuales"),
    increments_before=("otros", "otras", "otro", "otra", "nuevos", "nuevas", "más"),
    increments_after=("adicionales", "más que", "nuevos", "nuevas"),
    others=("más", "otros", "otras"),
    cumulative=("en total", "un total de", "suman", "suman ya", "con lo que suman", "ya son", "son ya", "balance", "saldo", "hasta ahora", "hasta el momento", "en lo que va",
                "acumul*", "se elevó", "se eleva", "eleva", "elevó", "elevando", "asciende", "ascendió", "ascienden",
                "aumentó a", "aumenta a", "subió a", "sube a", "llegó a", "llega a", "alcanzó", "alcanza", "actualizó a",
                "actualiza a", "desde",
                "cifra de"),
    toll_links=("a", "en", "de", "es de", "era de", "asciende a", "ascendió a", "se elevó a", "se eleva a",
                "elevó a", "aumentó a", "subió a", "llega a", "llegó a", "alcanza", "alcanzó", "se sitúa en",
                "se situó en", "quedó en", "es ya de", "ya es de", "se ubicó en"),
    toll_first=("elevó a", "eleva a", "elevando a", "se eleva a", "elevan a", "elevaron a", "ascendió a",
                "aumentó a", "aumentando a", "subió a", "sube a", "llevando a", "llevó a", "son ya", "ya son",
                "suman ya", "asciende a", "ascienden a", "ascendieron a", "actualizó a", "actualiza a",
                "actualizando a"),
    persons=("persona", "hombre", "mujer", "niño", "niña", "bebé", "joven", "adolescente", "menor", "anciano", "anciana",
             "abuelo", "abuela", "conductor", "conductora", "chofer", "chófer", "motociclista", "motorista",
             "ciclista", "peatón", "pasajero", "pasajera", "policía", "agente", "guardia", "militar", "soldado",
             "uniformado", "uniformada", "civil", "estudiante", "maestro", "maestra", "profesor*", "periodista",
             "reportero", "alcalde", "alcaldesa", "líder", "dirigente", "comerciante", "campesino", "campesina",
             "agricultor*", "ganadero", "vecino", "vecina", "trabajador*", "obrero", "bombero", "médico", "médica",
             "enfermero", "enfermera", "sacerdote", "cura", "turista", "manifestante", "reo", "recluso", "interno",
             "preso", "migrante", "activista", "individuo", "sujeto", "delincuente", "ladrón", "asaltante",
             "víctima", "repartidor", "taxista", "transportista", "vigilante", "elemento", "escolta", "comandante",
             "teniente", "sargento", "cabo", "capitán", "coronel", "oficial", "patrullero", "guardia civil",
             "mosso", "ertzaina", "senderista", "alpinista", "montañero", "montañera", "bañista", "pescador",
             "buzo", "minero", "albañil", "operario", "operaria", "empleado", "empleada", "ocupante", "piloto",
             "copiloto", "tripulante", "residente", "habitante", "indígena", "jubilado", "jubilada", "septuagenario",
             "octogenario", "nonagenario", "sexagenario", "cincuentón", "veinteañero", "treintañero", "hijo", "hija",
             "padre", "madre", "esposo", "esposa", "pareja", "segundo", "segunda", "tercero", "tercera",
             "otro", "otra", "funcionario", "funcionaria", "candidato", "candidata", "regidor", "concejal",
             "síndico", "abogado", "abogada", "juez", "jueza", "fiscal", "sospechoso", "presunto", "atacante",
             "agresor", "sicario", "pistolero", "terrorista", "yihadista", "guerrillero", "narcotraficante"),
    people=("personas", "víctimas", "muertos", "heridos", "gente", "individuos", "habitantes", "fallecidos",
            "civiles", "vecinos"),
    prepositions=("en", "de", "del", "a", "al", "por", "con", "sin", "sobre", "bajo", "hacia", "hasta", "desde",
                  "entre", "contra", "cerca", "junto", "frente", "durante", "para"),
    articles=("un", "una", "el", "la", "su"),
    perpetrators=("atacantes", "atacante", "agresores", "agresor", "sicarios", "sicario", "pistoleros", "pistolero",
                  "hombres armados", "terroristas", "terrorista", "yihadistas", "yihadista", "guerrilleros",
                  "criminales", "delincuentes", "asaltantes", "asaltante", "presuntos delincuentes", "suicidas",
                  "insurgentes", "rebeldes", "narcotraficantes", "secuestradores"),
    non_human=("viviendas", "casas", "vehículos", "autos", "coches", "carros", "camiones", "edificios", "negocios",
               "locales", "comercios", "reses", "cabezas", "vacas", "ovejas", "cabras", "cerdos", "animales",
               "perros", "caballos", "aves", "drones", "misiles", "cohetes", "aviones", "helicópteros", "tanques",
               "escuelas", "pueblos", "localidades", "municipios", "comunidades", "departamentos", "pisos", "árboles",
               "hectáreas", "barriles", "armas", "fusiles", "cartuchos", "kilos", "dosis", "puestos", "empleos",
               "goles", "puntos", "votos", "escaños", "incendios", "sismos", "réplicas", "casos", "contagios", "infecciones",
               "detenciones", "arrestos", "denuncias", "carpetas"),
    strong_past=("* años después", "un año después", "un año tras", "* años tras", "el año pasado", "el año anterior", "hace un año", "hace * años", "hace * décadas",
                 "aniversario", "se cumplen", "se cumple", "conmemor*", "en memoria de", "en recuerdo de",
                 "homenaje a las víctimas", "el pasado año"),
    past=("ese año", "ese mes", "aquel año", "aquel día", "en aquel entonces", "en aquella ocasión", "por entonces",
          "anteriormente", "el balance anterior", "un balance anterior", "el anterior balance", "previamente"),
    scope=("en lo que va de año", "en lo que va del año", "en lo que va de", "desde el inicio", "desde el comienzo",
           "desde principios de", "desde enero", "en todo el país", "a nivel nacional", "en el país", "este año",
           "desde que comenzó", "desde que empezó", "desde el inicio de la guerra", "desde el inicio del conflicto",
           "en lo que llevamos de año", "en el último año", "en los últimos años", "en la última década",
           "desde que se tienen registros", "en el sexenio", "en el conflicto", "en la guerra"),
    unverified=("no pudo ser verificad*", "no pudo ser confirmad*", "no ha podido ser verificad*",
                "no ha podido ser confirmad*", "no pudieron ser verificad*", "no pudieron ser confirmad*",
                "de forma independiente", "de manera independiente", "sin confirmar", "no verificad*",
                "sin aportar pruebas"),
    place_prepositions=("en",),
    incident=("por otra parte", "por otro lado", "más tarde", "horas después", "horas más tarde", "en otro hecho",
              "en otro ataque", "en otro incidente", "en otro suceso", "en un hecho distinto", "en un hecho aparte",
              "en otro caso", "al día siguiente", "posteriormente", "en otra", "en un hecho similar"),
    according_to=("según", "de acuerdo con", "de acuerdo a", "conforme a", "citando a", "según informó",
                  "según informaron", "según fuentes de"),
    reporting_verbs=("informó", "informaron", "informa", "informan", "ha informado", "han informado", "indicó",
                     "indicaron", "señaló", "señalaron", "dijo", "dijeron", "afirmó", "confirmó", "confirmaron",
                     "ha confirmado", "reportó", "reportaron", "precisó", "detalló", "explicó", "declaró",
                     "anunció", "aseguró", "agregó", "añadió", "sostuvo", "apuntó", "relató", "comunicó",
                     "denunció", "denunciaron", "dio a conocer", "dieron a conocer", "ha indicado", "ha señalado"),
)

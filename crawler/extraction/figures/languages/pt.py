"""Portuguese: the words of casualty reporting in the style of Agência Brasil, G1 and Folha (Brazil), Lusa, RTP
and Público (Portugal) and the Mozambican and Angolan press.

Both standards are read: Brazil's "ônibus", "policial", "ficaram feridas", "nesta sexta-feira (13)" and
Portugal's (and Mozambique's) "autocarro", "polícia", "vítimas mortais", "feridos graves", "não há registo de".
Digits group thousands with a dot ("1.174") or a space ("1 174"), the comma is decimal ("2,3 milhões"); "155 mil"
is a scale after digits. Number words are valued by text2num; the table below only lists the words that start or
continue a number, so that the reader finds them.
"""
from __future__ import annotations

from text_to_num import text2num

from .model import Category, Language

_UNITS = {
    "zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
    "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14,
    "quinze": 15, "dezasseis": 16, "dezesseis": 16, "dezassete": 17, "dezessete": 17, "dezoito": 18,
    "dezanove": 19, "dezenove": 19, "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60,
    "setenta": 70, "oitenta": 80, "noventa": 90, "cem": 100, "cento": 100, "duzent*": 200, "trezent*": 300,
    "quatrocent*": 400, "quinhent*": 500, "seiscent*": 600, "setecent*": 700, "oitocent*": 800, "novecent*": 900,
}


def _value(span: str) -> int | None:
    """text2num's value of a span of Portuguese number words; for two numbers joined as a range ("entre quinze e
    vinte": "quinze e vinte" is no number of its own) the first, its low bound; None otherwise."""
    span = span.replace("-", " ")
    try:
        return text2num(span, "pt")
    except ValueError:
        pass
    parts = span.split(" e ")
    values = []
    for part in parts:
        try:
            values.append(text2num(part, "pt"))
        except ValueError:
            return None
    return values[0] if len(values) == 2 and values[0] < values[1] else None


PORTUGUESE = Language(
    code="pt",
    name="Portuguese",
    number_words=_UNITS,
    scales={"mil": 1000, "milhão": 1_000_000, "milhões": 1_000_000, "milhao": 1_000_000, "milhoes": 1_000_000,
            "bilhão": 1_000_000_000, "bilhões": 1_000_000_000, "mil milhões": 1_000_000_000},
    joiners=("e",),
    approximate={"dezena": 10, "dúzia": 12, "meia dúzia": 6, "vintena": 20, "centena": 100, "meia centena": 50,
                 "milhar": 1000},
    vague={"dezenas": 20, "dúzias": 24, "centenas": 200, "milhares": 2000, "dezenas de milhares": 20000,
           "centenas de milhares": 200000, "milhões": 2_000_000},
    value=_value,
    units_after=("anos", "ano", "meses", "mês", "semana*", "dia*", "hora*", "h", "minuto*", "segundo*", "km",
                 "quilómetro*", "quilômetro*", "metro*", "m", "cm", "mm", "kg", "quilo*", "grama*", "tonelada*",
                 "grau*", "%", "por cento", "euro*", "dólar*", "dolar*", "real", "reais", "kwanza*", "metica*",
                 "escudo*", "pontos", "ponto", "votos", "mandatos", "exemplares", "espectadores", "casas", "viaturas",
                 "veículos", "meios", "municípios", "concelhos", "hectares", "ha", "litros", "habitantes", "barris",
                 "toneladas", "andares", "andar", "milhões de", "mil milhões", "imagens", "º", "ª", "°"),
    not_count_before=("idade de", "idades de", "idades entre os", "idades entre as", "n.º", "nº", "número", "br-",
                      "estrada nacional", "rodovia", "autoestrada", "auto-estrada", "km", "quilómetro", "quilômetro",
                      "rua", "avenida", "linha", "magnitude", "magnitude de", "de magnitude", "escala de", "artigo",
                      "lei", "decreto", "página", "r$", "us$", "a-", "en-", "ic", "ip", "sp-", "rj-", "mg-", "rs-",
                      "pr-", "ba-", "pe-", "ce-", "go-", "feira (", "sábado (", "domingo (", "jornada",
                      "placar de"),
    months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
            "novembro", "dezembro"),
    weekdays=("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
    categories={
        "killed": Category(
            after=("mortos", "mortas", "morto", "morta", "mortes", "morreram", "morreu", "morrem", "morre",
                   "óbitos", "vítimas mortais", "vítimas fatais", "perderam a vida", "perdeu a vida", "faleceram",
                   "faleceu", "falecid*", "assassinad*", "executad*", "abatid*", "carbonizad*", "afogad*",
                   "vitimad*", "chacinad*", "linchad*", "sem vida", "corpos", "cadáveres", "mortos a tiro",
                   "mortalmente ferid*", "esfaquead* mortalmente", "balead* mortalmente"),
            before=("matou", "mataram", "matando", "matam", "mata", "abateu", "abateram", "abatendo", "vitimou", "vitimaram", "vitimando",
                    "morte de", "mortes de", "a morte de", "óbito de", "corpos de", "restos mortais de",
                    "cadáveres de", "assassinato de", "custou a vida a", "custou a vida de", "tirou a vida a",
                    "tirou a vida de", "ceifou a vida de", "ceifou a vida a",
                    # a subject after its verb: "morreram 12 pessoas", "foram mortos os dois ocupantes"
                    "morreram", "morrem", "faleceram", "perderam a vida", "foram mortos", "foram mortas",
                    "foram assassinados", "foram assassinadas", "foram executados", "morreram afogados"),
            singular=("morto", "morta", "morreu", "morre", "faleceu", "falecid*", "perdeu a vida", "assassinad*",
                      "executad*", "abatid*", "carbonizad*", "afogad*", "morto a tiro", "morta a tiro",
                      "morto a tiros", "morta a tiros", "vítima mortal", "mortalmente ferid*", "linchad*", "esfaquead* mortalmente", "mortalmente esfaquead*", "balead* mortalmente", "mortalmente balead*"),
            toll=("número de mortos", "número de mortes", "número de vítimas", "número de vítimas mortais",
                  "número de óbitos", "total de mortos", "total de vítimas", "balanço de mortos", "balanço",
                  "saldo"),
        ),
        "injured": Category(
            after=("ferid*", "hospitalizad*", "internad*", "baleados", "baleadas", "queimad*", "intoxicad*",
                   "atendidos", "atendidas", "feridos graves", "feridos ligeiros"),
            before=("feriu", "feriram", "ferindo", "ficaram feridos", "ficaram feridas", "ficaram ferid*",
                    "foram hospitalizados", "foram hospitalizadas", "foram internados", "foram internadas",
                    "permanecem internados", "permanecem internadas", "seguem internados", "seguem internadas",
                    "estão internados", "estão internadas", "foram baleados", "foram baleadas", "balearam"),
            singular=("ferido", "ferida", "ficou ferid*", "baleado", "baleada", "esfaquead*", "hospitalizad*",
                      "internad*", "atingido a tiro", "atingida a tiro", "gravemente ferid*", "queimado",
                      "queimada", "agredid*", "com ferimentos", "sofreu ferimentos", "ficou com ferimentos"),
            toll=("número de feridos", "total de feridos"),
        ),
        "missing": Category(after=("desaparecid*", "dados como desaparecidos", "dadas como desaparecidas"),
                            before=("desaparecimento de",)),
        "displaced": Category(after=("desalojad*", "desabrigad*", "deslocad*", "evacuad*", "sem abrigo",
                                     "sem-abrigo"),
                              before=("desalojou", "deslocou")),
    },
    auxiliaries=("foram", "foi", "ficaram", "ficou", "estão", "está", "estavam", "estava", "são", "é", "eram", "era",
                 "tinham", "tinha", "tinham sido", "tinha sido", "têm", "tem", "haviam", "havia", "haviam sido",
                 "já", "também", "ainda", "em estado grave", "com gravidade", "gravemente", "ligeiramente",
                 "levemente", "com ferimentos ligeiros", "a tiro", "a tiros", "mortalmente", "todos", "todas",
                 "acabaram", "acabou", "resultaram", "resultou", "permanecem", "seguem", "continuam", "se", "há",
                 "houve", "outros", "outras", "mais", "acabaram por", "acabou por",
                 # a first verb of the same subject: "foram baleados e mortos", "foram sequestrados e executados"
                 "sequestrad* e", "baleados e", "baleadas e", "atacad* e", "torturad* e", "espancad* e",
                 "emboscad* e", "raptad* e", "capturad* e"),
    # between a predicate and its number ("morreram os 12 passageiros", "feriu outras cinco")
    objects=("os", "as", "uns", "umas", "outros", "outras"),
    determiners=("os", "as", "uns", "umas", "outros", "outras"),
    qualifiers={
        "at_least": ("pelo menos", "no mínimo", "ao menos", "mínimo de"),
        "more_than": ("mais de", "acima de", "superior a", "ultrapassa", "ultrapassou", "supera", "superou",
                      "passa de", "passou de"),
        "about": ("cerca de", "aproximadamente", "em torno de", "por volta de", "à volta de", "uns", "umas",
                  "perto de uns"),
        "nearly": ("quase", "perto de", "praticamente"),
        "up_to": ("até",),
        "less_than": ("menos de",),
    },
    negations=("não", "nem", "sem", "nenhum", "nenhuma", "ninguém", "ileso*", "ilesa*", "nunca"),
    hypotheticals=("poderia", "poderiam", "poderá", "poderão", "pode", "podem", "possa", "possam", "teme", "temem",
                   "teme-se", "receio", "receia", "receiam", "risco", "ameaça", "ameaçou", "possível", "possíveis",
                   "provavelmente", "causaria", "provocaria", "deixaria", "morreriam", "simulacro", "simulação",
                   "hipotético", "hipotética", "evitar", "aumentar", "subir"),
    clause_words=("que", "quem", "quando", "após", "depois", "antes", "durante", "enquanto", "mas", "segundo",
                  "onde", "porque", "para", "entre", "embora", "cujo", "cuja", "ao", "como", "conforme"),
    conjunctions=("e", ",", ", e", "assim como", "além de"),
    parts_before=("entre eles", "entre elas", "dos quais", "das quais", "incluindo", "entre os quais",
                  "entre as quais", "entre as vítimas", "entre os mortos", "entre os feridos", "a maioria",
                  "na maioria", "na sua maioria", "sendo", "dentre eles", "dentre elas", "deles", "delas"),
    parts_after=("deles", "delas", "dos quais", "das quais"),
    increments_before=("outros", "outras", "outro", "outra", "mais", "novos", "novas"),
    increments_after=("adicionais", "a mais"),
    others=("mais", "outros", "outras"),
    cumulative=("no total", "ao todo", "um total de", "balanço", "até agora", "até ao momento", "até o momento",
                "acumul*", "subiu para", "sobe para", "elevando para", "eleva para", "elevou para", "aumentou para",
                "aumenta para", "ascende a", "ascendeu a", "chega a", "chegou a", "atinge", "atingiu", "totaliza*",
                "contabiliza*", "somam", "já são", "são já", "desde", "passou para", "passa para", "atualizou para",
                "atualiza para", "actualizou para", "actualiza para", "atualizando para"),
    toll_links=("a", "em", "de", "é de", "para", "subiu para", "sobe para", "ascende a", "ascendeu a", "chega a",
                "chegou a", "atinge", "atingiu", "aumentou para", "passou para", "passa para", "fixou-se em",
                "fixa-se em", "situa-se em", "está em", "é agora de", "é já de"),
    toll_first=("subiu para", "sobe para", "elevando para", "eleva para", "elevou para", "elevam para",
                "aumentou para", "aumentando para", "passou para", "levando para", "ascende a", "são já", "já são",
                "somam já", "já somam", "sobem para", "subindo para", "atualizou para", "atualiza para",
                "actualizou para", "actualiza para", "atualizando para"),
    persons=("pessoa", "homem", "mulher", "criança", "menino", "menina", "bebê", "bebé", "jovem", "adolescente", "menor",
             "idoso", "idosa", "condutor", "condutora", "motorista", "motociclista", "motoqueiro", "ciclista",
             "pedestre", "peão", "passageiro", "passageira", "policial", "polícia", "agente", "guarda", "militar",
             "soldado", "pm", "civil", "estudante", "aluno", "aluna", "professor*", "jornalista", "prefeito",
             "autarca", "líder", "dirigente", "comerciante", "camponês", "camponesa", "agricultor*", "vizinho",
             "vizinha", "morador", "moradora", "trabalhador*", "operário", "bombeiro", "médico", "médica",
             "enfermeiro", "enfermeira", "padre", "pastor", "turista", "manifestante", "preso", "presa", "recluso",
             "detento", "migrante", "ativista", "activista", "indivíduo", "suspeito", "criminoso", "assaltante",
             "bandido", "vítima", "entregador", "taxista", "caminhoneiro", "camionista", "vigilante", "segurança",
             "sargento", "cabo", "capitão", "tenente", "oficial", "pescador", "mineiro", "banhista", "surfista",
             "piloto", "tripulante", "ocupante", "residente", "habitante", "indígena", "reformado", "reformada",
             "aposentado", "aposentada", "septuagenário", "octogenário", "sexagenário", "filho", "filha", "pai", "mãe",
             "marido", "esposa", "companheiro", "companheira", "namorado", "namorada", "outro", "outra",
             "funcionário", "funcionária", "candidato", "candidata", "vereador", "advogado", "advogada", "juiz",
             "procurador", "comandante", "traficante", "miliciano", "segundo", "segunda", "terceiro", "terceira",
             "dos criminosos", "dos suspeitos", "dos assaltantes", "dos ocupantes", "dos passageiros",
             "das vítimas", "dos feridos", "dos militares", "dos agentes", "dos polícias", "dos policiais",
             "dos trabalhadores", "dos bandidos"),
    people=("pessoas", "vítimas", "mortos", "feridos", "gente", "indivíduos", "habitantes", "civis", "moradores"),
    prepositions=("em", "no", "na", "nos", "nas", "de", "do", "da", "dos", "das", "a", "ao", "à", "aos", "às", "por",
                  "pelo", "pela", "com", "sem", "sobre", "sob", "para", "até", "desde", "entre", "contra", "perto",
                  "junto", "durante", "num", "numa"),
    articles=("um", "uma", "o", "a", "seu", "sua"),
    perpetrators=("atacantes", "agressores", "assaltantes", "bandidos", "criminosos", "terroristas", "insurgentes",
                  "jihadistas", "rebeldes", "homens armados", "suspeitos", "traficantes", "milicianos",
                  "sequestradores", "atiradores", "atirador", "atacante", "agressor", "assaltante", "terrorista"),
    non_human=("casas", "residências", "moradias", "habitações", "viaturas", "veículos", "carros", "automóveis",
               "camiões", "caminhões", "ônibus", "autocarros", "edifícios", "prédios", "lojas", "estabelecimentos",
               "cabeças", "javalis", "veados", "lobos", "bois", "vacas", "ovelhas", "cabras", "porcos", "animais", "cães", "cavalos", "aves",
               "drones", "mísseis", "foguetes", "aviões", "helicópteros", "tanques", "escolas", "aldeias",
               "localidades", "municípios", "concelhos", "comunidades", "árvores", "hectares", "barris", "armas",
               "meios", "imagens", "empregos", "postos", "golos", "gols", "pontos", "votos", "incêndios", "sismos",
               "réplicas", "casos", "contágios", "infeções", "infecções", "detenções", "prisões", "denúncias",
               "ocorrências"),
    strong_past=("no ano passado", "o ano passado", "do ano passado", "há um ano", "há * anos", "há * décadas",
                 "* anos após", "* anos depois", "um ano após", "um ano depois", "aniversário", "em memória", "homenage*", "relembr*",
                 "comemor*", "completam-se", "completa-se", "assinala-se", "assinalam-se"),
    past=("nesse ano", "naquele ano", "naquele dia", "na altura", "na época", "à época", "anteriormente",
          "balanço anterior", "o balanço anterior", "previamente"),
    scope=("desde o início", "desde o começo", "desde janeiro", "em todo o país", "a nível nacional",
           "em nível nacional", "este ano", "neste ano", "desde o início do ano", "desde o início da guerra",
           "desde o início do conflito", "só este ano", "em todo o estado", "nos últimos anos", "na última década",
           "desde que há registo", "desde que começou"),
    unverified=("não foi possível verificar", "não foi possível confirmar", "não pôde ser verificad*",
                "não pôde ser confirmad*", "de forma independente", "sem confirmação", "não confirmad*",
                "não verificad*"),
    place_prepositions=("em", "no", "na"),
    incident=("por outro lado", "noutro", "noutra", "em outro", "em outra", "num outro", "numa outra",
              "mais tarde", "horas depois", "horas mais tarde", "no dia seguinte", "posteriormente",
              "em ocorrência distinta", "numa ocorrência distinta", "em caso semelhante"),
    according_to=("segundo", "de acordo com", "conforme", "citado por", "citada por", "citados por", "citadas por",
                  "segundo informou", "segundo fontes", "de acordo com fontes"),
    reporting_verbs=("informou", "informaram", "disse", "disseram", "afirmou", "confirmou", "confirmaram",
                     "indicou", "adiantou", "avançou", "relatou", "declarou", "anunciou", "explicou", "revelou",
                     "detalhou", "acrescentou", "referiu", "divulgou", "comunicou", "denunciou", "noticiou",
                     "informa", "diz", "afirma", "adianta", "confirma", "segundo informou"),
)

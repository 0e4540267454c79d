"""Turkish: numbers as Turkish writes them, and each construction of casualty reporting, positive and negative."""
from __future__ import annotations

import pytest

from crawler.extraction.figures import count_totals, find_figures, totals


@pytest.mark.parametrize("text, expected", [
    # numbers: dotted thousands, "bin", number words, case endings after digits, approximations, ranges, vague
    ("Deprem bölgesinde enkaz altından çıkarılan 1.482 kişi hayatını kaybetti.", {"killed": 1482}),
    ("Salgında bugüne kadar 3 bin 206 kişi yaşamını yitirdi, bin 482 kişi tedavi altına alındı.",
     {"killed": 3206, "injured": 1482}),
    ("Yozgat'ta yolcu otobüsünün devrilmesi sonucu on iki kişi öldü, yirmi yedi kişi yaralandı.",
     {"killed": 12, "injured": 27}),
    ("İki işçi iskeleden düşerek hayatını kaybetti.", {"killed": 2}),
    ("Sağanak sonrası meydana gelen sel felaketinde yaklaşık 40 kişi hayatını kaybetti.", {"killed": 40}),
    ("Çatışmalarda 15 ila 20 sivilin öldürüldüğü bildirildi.", {"killed": 15}),
    ("Saldırıda 60'tan fazla kişi yaralandı.", {"injured": 60}),
    ("Hava saldırılarında onlarca kişi hayatını kaybetti.", {}),
    ("Patlamada yüzlerce kişi yaralandı.", {}),
    # constructions: passive, participle before its count, "3 ölü, 7 yaralı", active, tolls, groups, parts
    ("Zincirleme kazada 3 ölü, 7 yaralı var.", {"killed": 3, "injured": 7}),
    ("Kazada yaralanan 14 kişi çevredeki hastanelere kaldırıldı.", {"injured": 14}),
    ("Silahlı saldırgan düğün salonunda 5 kişiyi öldürdü, 9 kişiyi yaraladı.", {"killed": 5, "injured": 9}),
    ("Selde hayatını kaybedenlerin sayısı 38'e yükseldi.", {"killed": 38}),
    ("Depremde ölü sayısı 1.482'ye, yaralı sayısı ise 6.120'ye yükseldi.", {"killed": 1482, "injured": 6120}),
    ("Ağır yaralanan 2 kişi daha kurtarılamadı ve can kaybı 9'a yükseldi.", {"killed": 9}),
    ("Teknenin alabora olması sonucu 4 kadın ve 3 çocuk boğularak hayatını kaybetti.", {"killed": 7}),
    ("Yangında aralarında 5 çocuğun da bulunduğu en az 12 kişi yaşamını yitirdi.", {"killed": 12}),
    ("Kazada 23 kişi yaralandı, yaralılardan 4'ünün durumunun ağır olduğu bildirildi.", {"injured": 23}),
    ("Saldırıda 3 asker şehit olurken 2 köy korucusu ve 1 sivil yaralandı.", {"killed": 3, "injured": 3}),
    ("Korkunç kaza: 2 ölü 5 yaralı", {"killed": 2, "injured": 5}),
    ("Saldırıda 10 kişi öldü. Bunlardan 4'ü çocuk.", {"killed": 10}),
    # single victims and increments
    ("Bir polis memuru çıkan çatışmada şehit oldu.", {"killed": 1}),
    ("Bir kişi hayatını kaybetti, 6 kişi yaralandı.", {"killed": 1, "injured": 6}),
    ("Kontrolden çıkan otomobilin sürücüsü Ahmet K. olay yerinde hayatını kaybetti.", {"killed": 1}),
    ("Sürücü Ali T. (31) ile yanındaki eşi Ayşe T. (29) hayatını kaybetti.", {"killed": 2}),
    ("Çatışmada 3 asker ile bir korucu şehit oldu.", {"killed": 4}),
    ("Kazada otomobil sürücüsü ağır yaralandı.", {"injured": 1}),
    ("Genç kadın, eşi tarafından bıçaklanarak öldürüldü.", {"killed": 1}),
    ("Kaza sonucu otomobil devrildi, sürücü olay yerinde hayatını kaybetti.", {"killed": 1}),
    ("Saldırıda 4 asker şehit oldu, 2 terörist etkisiz hale getirildi.", {"killed": 6}),
    # negatives: negation, fear and possibility, ages, dates, times, money, magnitudes, floors, scores, missing
    ("Kazada can kaybı yaşanmadı, kimse yaralanmadı.", {}),
    ("Muhtar, yaralıların hastaneye kaldırıldığını söyledi.", {}),
    ("Yaralanan 4 kişi, kaldırıldığı hastanede hayatını kaybetti.", {"killed": 4}),
    ("Otobüsteki 30 yolcudan hiçbiri yaralanmadı.", {}),
    ("Enkaz altında kalan 20 kişinin öldüğünden korkuluyor.", {}),
    ("Uzmanlara göre olası bir depremde 50 bin kişi ölebilir.", {}),
    ("25 yaşındaki genç, evinde baygın halde bulundu.", {}),
    ("Yangın saat 12.14'te çıktı, 3 katlı bina tamamen yandı.", {}),
    ("5,3 büyüklüğündeki deprem 9,2 kilometre derinlikte meydana geldi.", {}),
    ("Belediye 25 milyon lira harcayarak 40 yeni otobüs aldı.", {}),
    ("Fenerbahçe, sahasında Trabzonspor'u 3-1 mağlup etti; maçı 45 bin 120 seyirci izledi.", {}),
    ("14 Şubat'ta açılan sergiyi 2 bin 500 kişi ziyaret etti.", {}),
    ("5. kattan düşen işçi ağır yaralandı.", {"injured": 1}),
    ("Mahkeme, 3 kişiyi öldürmekle suçlanan sanığa müebbet hapis cezası verdi.", {}),
    ("Batan teknedeki 7 kişi kayıp.", {"missing": 7}),
    ("Karadeniz'deki fırtınada kaybolan 3 balıkçı aranıyor.", {"missing": 3}),
    ("Sürünün 40'ı telef oldu, çoban yara almadan kurtuldu.", {}),
    ("1999 Marmara Depremi'nin yıl dönümünde anma töreni düzenlendi. 17 Ağustos 1999'da meydana gelen depremde "
     "17 bin 480 kişi hayatını kaybetmişti.", {}),
    # a roundup's provinces, each its own incident
    ("Kahramanmaraş'ın Pazarcık ilçesinde dereden geçmeye çalışan 1 kişi sele kapılarak öldü. Adıyaman'da evini su "
     "basan yaşlı kadın ile torunu boğularak hayatını kaybetti. Malatya'da ise ahırın altında kalan bir çoban "
     "yaşamını yitirdi.", {"killed": 4}),
    # a roundup's places before each count of one verb; a place or thing before a person is its modifier
    ("Selde Giresun'da 3, Ordu'da 2 kişi hayatını kaybetti.", {"killed": 5}),
    ("Yangını söndürmeye çalışan 3 orman işçisi hafif yaralandı.", {"injured": 3}),
    ("Yangında 40 hektar orman zarar gördü.", {}),
    # a father and his son: two
    ("Trafik kazasında baba ile oğlu hayatını kaybetti.", {"killed": 2}),
])
def test_turkish(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_turkish_figures_say_their_language_qualifier_and_source() -> None:
    (killed,) = find_figures("AFAD'a göre, depremde en az 27 vatandaş hayatını kaybetti.")
    assert (killed.language, killed.qualifier, killed.who) == ("tr", "at_least", "vatandaş")
    # the source before "göre"; attribution.py keeps a proper noun's case ending after its apostrophe for now
    assert killed.attribution in ("AFAD", "AFAD'a")
    (vague,) = count_totals(find_figures("Saldırıda onlarca sivil yaralandı.")).values()
    assert (vague.value, vague.vague) == (None, True)

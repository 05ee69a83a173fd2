"""The data ``language.py`` detects query languages with: scripts, telling letters, and the words
people type when they look for a course, per language.

Words are written as people type them; ``language.py`` folds them with ``analysis.normalize``, so
"kadınlar" also stands for "kadinlar" and "آلمانی" for "المانی". A word listed under several
languages splits its weight between them. The lists are small on purpose: they are evidence
for 1-4 word queries about courses, not dictionaries.
"""

from __future__ import annotations

# Languages not listed here are written in Latin letters.
SCRIPT_LANGUAGES: dict[str, str] = {
    **dict.fromkeys(("ar", "fa", "prs", "ps", "ckb", "ur", "sd", "ug"), "arabic"),
    **dict.fromkeys(("uk", "ru", "bg", "mk", "sr", "be", "kk", "ky", "tg", "mn"), "cyrillic"),
    "el": "greek", "ti": "ethiopic", "am": "ethiopic", "he": "hebrew", "yi": "hebrew", "hy": "armenian",
    "ka": "georgian", "hi": "devanagari", "mr": "devanagari", "ne": "devanagari", "bn": "bengali",
    "th": "thai", "ko": "hangul", "ja": "kana", "zh": "han",
}

# Ties go to the language more people in German integration courses speak.
PRIOR: tuple[str, ...] = (
    "de", "ar", "uk", "fa", "tr", "ru", "en", "ps", "prs", "ckb", "kmr", "ti", "so", "ro", "pl", "bg",
    "sq", "fr", "es", "it", "el", "ur", "am",
)

_PERSIAN_FAMILY = ("fa", "ps", "ckb", "ur")
# letter -> (languages that use it, weight). Only letters that tell languages of one script apart.
LETTERS: dict[str, tuple[tuple[str, ...], float]] = {
    **dict.fromkeys("ټډړږښګڼېۍځڅ", (("ps",), 4.0)),
    **dict.fromkeys("ڕڵۆێە", (("ckb",), 4.0)),
    **dict.fromkeys("ٹڈڑںے", (("ur",), 4.0)),
    "ھ": (("ckb", "ur"), 3.0),
    **dict.fromkeys("پچژ", (_PERSIAN_FAMILY, 2.0)),
    "گ": (("fa", "ckb", "ur"), 2.0),
    "ی": (_PERSIAN_FAMILY, 1.5), "ک": (_PERSIAN_FAMILY, 1.5),  # what a Persian keyboard types
    "ي": (("ar", "ps"), 1.5), "ك": (("ar",), 1.5),  # what an Arabic keyboard types
    "ة": (("ar",), 3.0), "ى": (("ar",), 2.0), "أ": (("ar",), 1.0), "إ": (("ar",), 1.0), "ؤ": (("ar",), 1.0),
    "ئ": (("ar", "ps", "ckb"), 1.0),
    **dict.fromkeys("іїєґ", (("uk",), 4.0)),
    **dict.fromkeys("ыэё", (("ru",), 4.0)),
    "ъ": (("bg",), 2.0), "ў": (("be",), 4.0), "ѓ": (("mk",), 4.0), "ќ": (("mk",), 4.0),
    "ђ": (("sr",), 4.0), "ћ": (("sr",), 4.0), "ј": (("sr", "mk"), 3.0),
    **dict.fromkeys("ğı", (("tr",), 4.0)), "İ": (("tr",), 4.0),
    "ş": (("tr", "kmr"), 3.0), "ç": (("tr", "kmr", "sq", "fr"), 2.0),
    "ê": (("kmr", "fr"), 3.0), "û": (("kmr", "fr"), 3.0), "î": (("kmr", "ro", "fr"), 2.0),
    **dict.fromkeys("ășțţ", (("ro",), 4.0)), "â": (("ro", "fr"), 2.0),
    **dict.fromkeys("ąćęłńśźż", (("pl",), 4.0)), "ó": (("pl", "es"), 2.0),
    "ë": (("sq",), 4.0), "ñ": (("es",), 4.0), **dict.fromkeys("áíú", (("es",), 2.0)),
    "é": (("fr", "es", "it"), 1.5), "è": (("fr", "it"), 2.0), "à": (("fr", "it"), 2.0),
    **dict.fromkeys("òì", (("it",), 3.0)), "ù": (("fr", "it"), 2.0), **dict.fromkeys("ôœ", (("fr",), 3.0)),
    **dict.fromkeys("äß", (("de",), 3.0)), **dict.fromkeys("öü", (("de", "tr"), 2.0)),
}

# lang -> (weight of each word, words). German course words are strong evidence even alone, but
# "kurs" is also Polish, Albanian and Turkish: a word of those languages next to it must win.
VOCABULARY: tuple[tuple[str, float, str], ...] = (
    ("de", 3.0, """deutsch deutschkurs deutschkurse sprachkurs sprachkurse integrationskurs
        integrationskurse frauenkurs abendkurs abendkurse kinderbetreuung prüfung prüfungen
        einbürgerungstest einbürgerung anfänger lernen berufssprachkurs anmeldung alphabetisierung
        volkshochschule wochenende vormittags nachmittags abends nähe kostenlos für mit und der das
        meiner orientierungskurs sprache sprachschule unterricht kita kinder mütter eltern beruf
        zertifikat stufe termin wochenendkurs intensivkurs teilzeit vollzeit morgens plätze frei
        leben deutschland prüfungsvorbereitung lesen schreiben gratis bei mir frauen frau kind
        abend vormittag nachmittag morgen sprachen lernen anmelden kurszeiten"""),
    ("de", 1.5, "kurs kurse vhs"),
    ("en", 3.0, """course courses german language class classes lessons lesson women woman for evening
        night childcare children kids exam exams citizenship naturalization near me free beginner
        beginners learn learning professional registration register literacy the and with weekend
        morning afternoon english speaking integration where cheap level intensive school"""),
    ("tr", 3.0, """almanca kursu kursları dil dili kadınlar kadın için akşam akşamları sınav sınavı
        sınavına vatandaşlık uyum entegrasyon yakınımda yakın çocuk çocuklar bakımı bakım ücretsiz
        başlangıç seviye seviyesi ders dersi dersleri hafta sonu öğrenmek nerede eğitim eğitimi
        meslek mesleki okuma yazma kayıt ve ile bir yakınında hazırlık"""),
    ("kmr", 3.0, """ziman zimanê zimanî elmanî almanî kursa kursên kursê ji bo jinan jin zarok zarokan
        êvarê êvar azmûn azmûna hemwelatî hemwelatîbûn entegrasyon fêrbûn fêrbûna hînbûn nêzîk nêzîkî
        belaş dersa dersên dibistan xwendin nivîsandin destpêk destpêkê perwerde perwerdeya pîşe
        pîşeyî kar li min"""),
    ("so", 3.0, """koorso koorsada koorsyo koorsooyin luqadda luuqada luqad jarmal jarmalka afka af
        barashada barasho waxbarasho haweenka haween dumarka carruurta caruurta xannaanada xanaanada
        imtixaan imtixaanka dhalasho jinsiyadda jinsiyad habeenkii fiidkii fiid dhow meel bilaash
        bilow bilowga heerka isdhexgalka isdhexgal shaqo xirfad xirfadeed iyo ee ku dugsiga"""),
    ("sq", 3.0, """kursi kursit kurse gjuhe gjuhë gjuha gjuhës gjermanisht gjermane gjerman integrimi
        integrim për gra grave fëmijë fëmijët kujdesi kujdes provim provimi shtetësi shtetësia
        mbrëmje mbrëmjeje afër meje falas fillestar fillestarë mësim mësimi mësime punë regjistrim
        dhe në të pranë"""),
    ("pl", 3.0, """kursy kursu kursów języka język niemieckiego niemiecki integracyjny integracyjne dla
        kobiet kobiety wieczorowy wieczorem opieka opieką dzieci dziećmi nad egzamin egzaminu
        obywatelstwo obywatelstwa pobliżu blisko mnie darmowy bezpłatny bezpłatne początkujących
        nauka zawodowy lekcje zapisy gdzie"""),
    ("ro", 3.0, """curs cursuri cursul limba germană germana integrare integrarea pentru femei seara
        seară copii îngrijirea îngrijire examen examenul cetățenie cetatenie aproape mine gratuit
        gratuite începători incepatori învățare invatare profesional lecții înscriere și unde"""),
    ("fr", 3.0, """cours allemand allemande langue intégration pour femmes femme soir garde enfants
        examen naturalisation citoyenneté près moi gratuit gratuits débutants débutant apprendre
        professionnel inscription alphabétisation les des du avec où"""),
    ("es", 3.0, """curso cursos alemán idioma integración para mujeres noche nocturno cuidado niños
        examen ciudadanía nacionalidad naturalización cerca mí gratis gratuito principiantes aprender
        profesional inscripción alfabetización los las del con dónde"""),
    ("it", 3.0, """corso corsi tedesco lingua integrazione per donne serale sera assistenza bambini
        esame cittadinanza vicino gratuito gratis principianti imparare professionale iscrizione
        alfabetizzazione il di della dove"""),
    ("ru", 3.0, """курсы немецкого немецкий немецкому язык языка языку интеграционный интеграционные
        интеграционного женщин женщины вечерние вечерний присмотр присмотром детьми дети детей
        экзамен экзамены гражданство гражданства рядом со мной бесплатно бесплатные
        начинающих изучение учить выучить профессиональный запись записаться где курсов курс"""),
    ("uk", 3.0, """курси курсів німецької німецька німецьку мова мови мову інтеграційний інтеграційні
        жінок жінки вечірні вечірній догляд доглядом дітьми діти дітей іспит іспиту громадянство
        поруч біля мене безкоштовно безкоштовні початківців вивчення вчити професійний запис де курс"""),
    ("bg", 3.0, """курсове немски немския език езика интеграционен интеграционни жени вечерен вечерни
        грижа деца изпит изпити близо мен безплатно безплатни начинаещи учене професионален
        записване къде курс"""),
    ("ar", 3.0, """دورة دورات الدورة لغة اللغة الالمانية ألمانية ألماني اندماج الاندماج للنساء نساء
        النساء مسائية مسائي رعاية الاطفال أطفال امتحان اختبار الجنسية التجنس بالقرب مني قريب
        مجاني مجانا للمبتدئين مبتدئين تعلم مهني تسجيل محو الأمية دروس تعليم في من مع كورس"""),
    ("fa", 3.0, """دوره کلاس کلاسهای زبان آلمانی ادغام برای زنان بانوان خانمها شبانه عصر مهدکودک
        نگهداری کودک کودکان بچه آزمون تابعیت شهروندی نزدیک من رایگان مبتدی یادگیری آموزش
        حرفه ای ثبت نام سوادآموزی در با کورس صنف اطفال مفت لسان امتحان"""),
    ("ps", 3.0, """کورس ټولګی ژبه الماني جرمني د ښځو لپاره ښځې ماښام ماښامني ماشومانو ساتنه
        ماشومان ازموینه نږدې وړیا پیل زده کړه مسلکي نوم لیکنه په کې سره او امتحان تابعیت"""),
    ("ckb", 3.0, """خول خولی زمان زمانی ئەڵمانی فێربوون بۆ ئافرەتان ئافرەت ژنان ئێواران ئێوارە منداڵ
        منداڵان چاودێری تاقیکردنەوە هاووڵاتی بەخۆڕایی سەرەتایی تێکەڵبوون کۆرس"""),
    ("ur", 3.0, "کا کی کے میں سے کو جرمن سیکھنا سیکھیں خواتین بچوں کلاسز چاہیے"),
    ("ti", 3.0, "ትምህርቲ ቋንቋ ጀርመን ኮርስ ንደቂ ኣንስትዮ ኣንስቲ ምሸት ክንክን ቆልዑ ፈተና ዜግነት ጥቓይ ብነጻ"),
    ("am", 3.0, "ትምህርት ጀርመንኛ ለሴቶች ሴቶች ምሽት ልጆች አጠገብ ነፃ"),
)

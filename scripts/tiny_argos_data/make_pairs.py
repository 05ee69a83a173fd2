"""Write the English course-phrase pairs the tiny en->X test packages are trained on.

The pairs are composed from a small hand-written lexicon per language (course types, audiences,
childcare, time of day, schedule, numbers, dates) plus a few dozen standalone sentences. The
English side follows what the tiny de->en package produces ("Integration course with childcare",
"Course start 02.10.2026", "Free places: 19"), so de->en->X pivot chains see familiar input.

Seeded, so re-running gives the same TSVs:

    .venv/bin/python scripts/tiny_argos_data/make_pairs.py

Persian is written without ZWNJ (SentencePiece's nmt_nfkc normalisation turns it into a space).
"""

from __future__ import annotations

import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20260201
COMPOSED_PHRASES = 560

# English first, then ar, uk, fa.
TYPES = [
    ("Integration course", "دورة اندماج", "Інтеграційний курс", "دوره ادغام"),
    ("Youth integration course", "دورة اندماج للشباب", "Інтеграційний курс для молоді", "دوره ادغام جوانان"),
    ("Literacy course", "دورة محو الأمية", "Курс грамотності", "دوره سوادآموزی"),
    ("Orientation course", "دورة توجيه", "Орієнтаційний курс", "دوره آشنایی"),
    ("Language course", "دورة لغة", "Мовний курс", "دوره زبان"),
    ("German course", "دورة لغة ألمانية", "Курс німецької мови", "دوره زبان آلمانی"),
    ("Vocational language course", "دورة لغة مهنية", "Професійний мовний курс", "دوره زبان شغلی"),
    ("Evening course", "دورة مسائية", "Вечірній курс", "دوره شبانه"),
    ("Intensive course", "دورة مكثفة", "Інтенсивний курс", "دوره فشرده"),
    ("Online course", "دورة عبر الإنترنت", "Онлайн-курс", "دوره آنلاین"),
    ("Weekend course", "دورة نهاية الأسبوع", "Курс вихідного дня", "دوره آخر هفته"),
    ("Course", "دورة", "Курс", "دوره"),
]
MODES = [
    ("full-time", "بدوام كامل", "на повний день", "تمام وقت"),
    ("part-time", "بدوام جزئي", "на неповний день", "پاره وقت"),
    ("online", "عبر الإنترنت", "онлайн", "آنلاین"),
]
AUDIENCES = [
    ("for women", "للنساء", "для жінок", "برای زنان"),
    ("for parents", "للآباء والأمهات", "для батьків", "برای والدین"),
    ("for young people", "للشباب", "для молоді", "برای جوانان"),
    ("for beginners", "للمبتدئين", "для початківців", "برای مبتدیان"),
    ("for refugees", "للاجئين", "для біженців", "برای پناهجویان"),
]
CHILDCARE = ("with childcare", "مع رعاية الأطفال", "з доглядом за дітьми", "با مراقبت از کودک")
TIMES = [
    ("in the morning", "في الصباح", "вранці", "در صبح"),
    ("in the afternoon", "بعد الظهر", "вдень", "در بعد از ظهر"),
    ("in the evening", "في المساء", "увечері", "در عصر"),
    ("on the weekend", "في عطلة نهاية الأسبوع", "у вихідні", "در آخر هفته"),
]
DAYS = [
    ("Monday", "الاثنين", "в понеділок", "دوشنبه"),
    ("Tuesday", "الثلاثاء", "у вівторок", "سه شنبه"),
    ("Wednesday", "الأربعاء", "у середу", "چهارشنبه"),
    ("Thursday", "الخميس", "у четвер", "پنجشنبه"),
    ("Friday", "الجمعة", "у п’ятницю", "جمعه"),
    ("Saturday", "السبت", "у суботу", "شنبه"),
    ("Sunday", "الأحد", "у неділю", "یکشنبه"),
]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "A1.1", "A1.2", "A2.1", "A2.2", "B1.1", "B1.2"]
STANDALONE = [
    ("Registration is required.", "التسجيل مطلوب.", "Потрібна реєстрація.", "ثبت نام لازم است."),
    ("The course is free of charge.", "الدورة مجانية.", "Курс безкоштовний.", "دوره رایگان است."),
    ("Childcare is available.", "تتوفر رعاية الأطفال.", "Є догляд за дітьми.", "مراقبت از کودک وجود دارد."),
    ("The course is full.", "الدورة مكتملة.", "Курс заповнений.", "ظرفیت دوره پر است."),
    (
        "Places are still available.",
        "لا تزال هناك أماكن شاغرة.",
        "Ще є вільні місця.",
        "هنوز جای خالی وجود دارد.",
    ),
    (
        "Please bring your passport.",
        "يرجى إحضار جواز سفرك.",
        "Будь ласка, візьміть із собою паспорт.",
        "لطفا گذرنامه خود را همراه بیاورید.",
    ),
    (
        "Please bring your residence permit.",
        "يرجى إحضار تصريح إقامتك.",
        "Будь ласка, візьміть із собою дозвіл на проживання.",
        "لطفا اجازه اقامت خود را همراه بیاورید.",
    ),
    (
        "The course ends with a final test.",
        "تنتهي الدورة باختبار نهائي.",
        "Курс завершується підсумковим тестом.",
        "دوره با یک آزمون پایانی تمام می شود.",
    ),
    (
        "The course room is barrier-free.",
        "قاعة الدورة خالية من العوائق.",
        "Приміщення курсу безбар’єрне.",
        "محل دوره بدون مانع است.",
    ),
    (
        "The course is funded by the BAMF.",
        "الدورة بتمويل من BAMF.",
        "Курс фінансується BAMF.",
        "هزینه دوره را BAMF پرداخت می کند.",
    ),
    (
        "Please register at the adult education centre.",
        "يرجى التسجيل في مركز تعليم الكبار.",
        "Будь ласка, зареєструйтеся в народному університеті.",
        "لطفا در مرکز آموزش بزرگسالان ثبت نام کنید.",
    ),
    (
        "The course takes place online.",
        "تقام الدورة عبر الإنترنت.",
        "Курс проходить онлайн.",
        "دوره به صورت آنلاین برگزار می شود.",
    ),
    (
        "You can learn German in this course.",
        "يمكنك تعلم اللغة الألمانية في هذه الدورة.",
        "На цьому курсі ви можете вивчати німецьку мову.",
        "در این دوره می توانید زبان آلمانی یاد بگیرید.",
    ),
    (
        "Contact us by phone.",
        "اتصل بنا عبر الهاتف.",
        "Зв’яжіться з нами телефоном.",
        "با ما تلفنی تماس بگیرید.",
    ),
    ("Course location", "مكان الدورة", "Місце проведення курсу", "محل برگزاری دوره"),
    ("Course fee", "رسوم الدورة", "Вартість курсу", "هزینه دوره"),
    ("Registration", "التسجيل", "Реєстрація", "ثبت نام"),
    ("Childcare", "رعاية الأطفال", "Догляд за дітьми", "مراقبت از کودک"),
    ("Course start", "بداية الدورة", "Початок курсу", "شروع دوره"),
    ("Free places", "الأماكن الشاغرة", "Вільні місця", "جای خالی"),
    ("Certificate", "شهادة", "Сертифікат", "گواهی"),
    ("Final test", "اختبار نهائي", "Підсумковий тест", "آزمون پایانی"),
    (
        "German test for immigrants",
        "اختبار اللغة الألمانية للمهاجرين",
        "Тест з німецької мови для іммігрантів",
        "آزمون زبان آلمانی برای مهاجران",
    ),
    ("Life in Germany", "الحياة في ألمانيا", "Життя в Німеччині", "زندگی در آلمان"),
    ("Adult education centre", "مركز تعليم الكبار", "Народний університет", "مرکز آموزش بزرگسالان"),
    ("Monday to Friday", "من الاثنين إلى الجمعة", "З понеділка по п’ятницю", "دوشنبه تا جمعه"),
    ("Women", "النساء", "Жінки", "زنان"),
    ("Parents", "الآباء والأمهات", "Батьки", "والدین"),
    ("Beginners", "المبتدئون", "Початківці", "مبتدیان"),
    ("Young people", "الشباب", "Молодь", "جوانان"),
]
LANGS = {"ar": 1, "uk": 2, "fa": 3}


def uk_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def composed(rng: random.Random) -> list[tuple[str, ...]]:
    """Course titles built as type [mode] [audience] [childcare] [time], the same order in every language."""
    seen: set[str] = set()
    rows: list[tuple[str, ...]] = []
    singles = TYPES + [
        (t[0] + " " + m[0], *(join(t[i], m[i]) for i in (1, 2, 3))) for t in TYPES[:7] for m in MODES[:2]
    ]
    for row in singles:
        seen.add(row[0])
        rows.append(row)
    while len(rows) < COMPOSED_PHRASES:
        parts = [rng.choice(TYPES)]
        if rng.random() < 0.25:
            parts.append(rng.choice(MODES))
        if rng.random() < 0.55:
            parts.append(rng.choice(AUDIENCES))
        if rng.random() < 0.45:
            parts.append(CHILDCARE)
        if rng.random() < 0.5:
            parts.append(rng.choice(TIMES))
        row = tuple(join(*(p[i] for p in parts)) for i in range(4))
        if row[0] not in seen:
            seen.add(row[0])
            rows.append(row)
    return rows


def date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2024, 2029)}"


def numbered(rng: random.Random) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for _ in range(90):
        d = date(rng)
        rows.append((f"Course start {d}", f"بداية الدورة {d}", f"Початок курсу {d}", f"شروع دوره {d}"))
    for _ in range(45):
        n = rng.randint(1, 25)
        rows.append((f"Free places: {n}", f"الأماكن الشاغرة: {n}", f"Вільні місця: {n}", f"جای خالی: {n}"))
    for _ in range(45):
        n, d = rng.randint(1, 25), date(rng)
        rows.append(
            (
                f"Free places: {n}, course start {d}",
                f"الأماكن الشاغرة: {n}، بداية الدورة {d}",
                f"Вільні місця: {n}, початок курсу {d}",
                f"جای خالی: {n}، شروع دوره {d}",
            )
        )
    for _ in range(40):
        n = rng.choice([25, 30, 40, 60, 100, 100, 300, 400, 600, 700, 900, 1000, rng.randint(10, 990)])
        lessons = uk_plural(n, "урок", "уроки", "уроків")
        rows.append(
            (
                f"The course has {n} lessons.",
                f"تتضمن الدورة {n} حصة دراسية.",
                f"Курс має {n} {lessons}.",
                f"دوره {n} جلسه درسی دارد.",
            )
        )
    for _ in range(35):
        n = rng.choice([0, 50, 100, 120, 155, 195, 205, 220, rng.randint(10, 400)])
        rows.append(
            (
                f"The course costs {n} euros.",
                f"تكلفة الدورة {n} يورو.",
                f"Курс коштує {n} євро.",
                f"هزینه دوره {n} یورو است.",
            )
        )
    for n in range(3, 11):
        weeks = uk_plural(n, "тиждень", "тижні", "тижнів")
        rows.append(
            (
                f"The course lasts {n} weeks.",
                f"تستمر الدورة {n} أسابيع.",
                f"Курс триває {n} {weeks}.",
                f"دوره {n} هفته طول می کشد.",
            )
        )
    for _ in range(35):
        start = rng.randint(8, 18)
        a = f"{start}:{rng.choice(['00', '15', '30', '45'])}"
        b = f"{start + rng.randint(1, 4)}:{rng.choice(['00', '30'])}"
        rows.append((f"From {a} to {b}", f"من {a} إلى {b}", f"З {a} до {b}", f"از {a} تا {b}"))
    for t in TYPES[:7]:
        for level in rng.sample(LEVELS, 5):
            rows.append(tuple(f"{t[i]} {level}" for i in range(4)))
    return rows


def sentences() -> list[tuple[str, ...]]:
    rows = list(STANDALONE)
    for day in DAYS:
        rows.append(
            (
                f"The course starts on {day[0]}.",
                f"تبدأ الدورة يوم {day[1]}.",
                f"Курс починається {day[2]}.",
                f"دوره روز {day[3]} شروع می شود.",
            )
        )
        rows.append(
            (
                f"The course takes place on {day[0]}.",
                f"تقام الدورة يوم {day[1]}.",
                f"Курс проходить {day[2]}.",
                f"دوره روز {day[3]} برگزار می شود.",
            )
        )
    for aud in AUDIENCES:
        rows.append((f"The course is {aud[0]}.", f"الدورة {aud[1]}.", f"Курс {aud[2]}.", f"دوره {aud[3]} است."))
    for time in TIMES:
        rows.append(
            (
                f"The course takes place {time[0]}.",
                f"تقام الدورة {time[1]}.",
                f"Курс проходить {time[2]}.",
                f"دوره {time[3]} برگزار می شود.",
            )
        )
    return rows


def main() -> None:
    rng = random.Random(SEED)
    rows = composed(rng) + numbered(rng) + sentences()
    for lang, column in LANGS.items():
        seen: set[str] = set()
        lines = []
        for row in rows:
            if row[0] not in seen:
                seen.add(row[0])
                lines.append(f"{row[0]}\t{row[column]}\n")
        (HERE / f"en_{lang}.tsv").write_text("".join(lines), encoding="utf-8")
        print(f"en_{lang}.tsv: {len(lines)} pairs")


if __name__ == "__main__":
    main()

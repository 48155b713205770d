/* test-amount-words.c: amounts written out in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-core.h"

static void
check (gint64      minor,
       const char *currency,
       const char *language,
       const char *expected)
{
  g_autofree char *words = kontor_amount_to_words (minor, currency, language,
                                                   KONTOR_AMOUNT_WORDS_DEFAULT);

  g_assert_cmpstr (words, ==, expected);
}

static void
test_russian_plural_forms (void)
{
  /* 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 11–14, 111 → many */
  static const struct { guint64 n; const char *form; } cases[] = {
    { 0, "рублей" }, { 1, "рубль" }, { 2, "рубля" }, { 4, "рубля" }, { 5, "рублей" },
    { 11, "рублей" }, { 12, "рублей" }, { 14, "рублей" }, { 19, "рублей" }, { 20, "рублей" },
    { 21, "рубль" }, { 22, "рубля" }, { 25, "рублей" }, { 101, "рубль" }, { 111, "рублей" },
    { 112, "рублей" }, { 1001, "рубль" }, { 1000000, "рублей" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (kontor_plural_ru (cases[i].n, "рубль", "рубля", "рублей"), ==,
                     cases[i].form);
}

static void
test_russian_numbers_agree_in_gender (void)
{
  static const struct { guint64 n; KontorGender gender; const char *words; } cases[] = {
    { 0, KONTOR_GENDER_MASCULINE, "ноль" },
    { 1, KONTOR_GENDER_MASCULINE, "один" },
    { 1, KONTOR_GENDER_FEMININE, "одна" },
    { 1, KONTOR_GENDER_NEUTER, "одно" },
    { 2, KONTOR_GENDER_MASCULINE, "два" },
    { 2, KONTOR_GENDER_FEMININE, "две" },
    { 21, KONTOR_GENDER_FEMININE, "двадцать одна" },
    { 12, KONTOR_GENDER_FEMININE, "двенадцать" },
    { 40, KONTOR_GENDER_MASCULINE, "сорок" },
    { 99, KONTOR_GENDER_MASCULINE, "девяносто девять" },
    { 100, KONTOR_GENDER_MASCULINE, "сто" },
    { 215, KONTOR_GENDER_MASCULINE, "двести пятнадцать" },
    { 1000, KONTOR_GENDER_MASCULINE, "одна тысяча" },
    { 2000, KONTOR_GENDER_MASCULINE, "две тысячи" },
    { 5000, KONTOR_GENDER_MASCULINE, "пять тысяч" },
    { 11000, KONTOR_GENDER_MASCULINE, "одиннадцать тысяч" },
    { 21000, KONTOR_GENDER_MASCULINE, "двадцать одна тысяча" },
    { 1000001, KONTOR_GENDER_FEMININE, "один миллион одна" },
    { 2000000, KONTOR_GENDER_MASCULINE, "два миллиона" },
    { 5000000000, KONTOR_GENDER_MASCULINE, "пять миллиардов" },
    { 999999, KONTOR_GENDER_MASCULINE,
      "девятьсот девяносто девять тысяч девятьсот девяносто девять" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = kontor_number_to_words (cases[i].n, cases[i].gender, "ru");

      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_russian_amounts (void)
{
  check (12345, "RUB", "ru", "Сто двадцать три рубля 45 копеек");
  check (100000, "RUB", "ru", "Одна тысяча рублей 00 копеек");
  check (200000000, "RUB", "ru", "Два миллиона рублей 00 копеек");
  check (101, "RUB", "ru", "Один рубль 01 копейка");
  check (221, "RUB", "ru", "Два рубля 21 копейка");
  check (522, "RUB", "ru", "Пять рублей 22 копейки");
  check (1100, "RUB", "ru", "Одиннадцать рублей 00 копеек");
  check (0, "RUB", "ru", "Ноль рублей 00 копеек");
  check (2100111, "RUB", "ru", "Двадцать одна тысяча один рубль 11 копеек");
  check (123456789012, "RUB", "ru",
         "Один миллиард двести тридцать четыре миллиона пятьсот шестьдесят семь тысяч "
         "восемьсот девяносто рублей 12 копеек");
  check (-500, "RUB", "ru", "Минус пять рублей 00 копеек");
  check (200, "USD", "ru-RU", "Два доллара США 00 центов");
  check (2101, "EUR", "ru_RU.UTF-8", "Двадцать один евро 01 цент");
  /* Unknown currency: the code and a fraction */
  check (12345, "CHF", "ru", "Сто двадцать три CHF 45/100");
}

static void
test_russian_minor_in_words (void)
{
  g_autofree char *a = kontor_amount_to_words (21, "RUB", "ru",
                                               KONTOR_AMOUNT_WORDS_MINOR_IN_WORDS);
  g_autofree char *b = kontor_amount_to_words (12345, "RUB", "ru",
                                               KONTOR_AMOUNT_WORDS_MINOR_IN_WORDS);
  g_autofree char *c = kontor_amount_to_words (102, "RUB", "ru",
                                               KONTOR_AMOUNT_WORDS_MINOR_IN_WORDS);

  /* Kopecks are feminine: "двадцать одна копейка", "две копейки" */
  g_assert_cmpstr (a, ==, "Ноль рублей двадцать одна копейка");
  g_assert_true (g_str_has_suffix (a, "двадцать одна копейка"));
  g_assert_cmpstr (b, ==, "Сто двадцать три рубля сорок пять копеек");
  g_assert_cmpstr (c, ==, "Один рубль две копейки");
}

static void
test_english_amounts (void)
{
  check (12345, "USD", "en", "One hundred twenty-three dollars and 45 cents");
  check (100, "USD", "en", "One dollar and 00 cents");
  check (101, "USD", "en_US.UTF-8", "One dollar and 01 cent");
  check (100000, "EUR", "en", "One thousand euros and 00 cents");
  check (200000099, "EUR", "C", "Two million euros and 99 cents");
  check (12345, "RUB", "en", "One hundred twenty-three rubles and 45 kopecks");
  check (2100000, "RUB", NULL, "Twenty-one thousand rubles and 00 kopecks");
  check (1001500, "USD", "en", "Ten thousand fifteen dollars and 00 cents");
  check (0, "USD", "en", "Zero dollars and 00 cents");
  check (12345, "CHF", "en", "One hundred twenty-three CHF and 45/100");
  /* No minor unit */
  check (1500, "JPY", "en", "One thousand five hundred JPY");
}

static void
test_largest_amounts (void)
{
  g_autofree char *max = kontor_amount_to_words (KONTOR_MONEY_MAX, "RUB", "ru",
                                                 KONTOR_AMOUNT_WORDS_DEFAULT);
  g_autofree char *huge = kontor_amount_to_words (G_MAXINT64, "JPY", "en",
                                                  KONTOR_AMOUNT_WORDS_DEFAULT);
  g_autofree char *lowest = kontor_amount_to_words (G_MININT64, "JPY", "ru",
                                                    KONTOR_AMOUNT_WORDS_DEFAULT);

  /* 10^15 kopecks = 10^13 rubles = десять триллионов */
  g_assert_cmpstr (max, ==, "Десять триллионов рублей 00 копеек");
  g_assert_true (g_str_has_prefix (huge, "Nine quintillion two hundred twenty-three "
                                   "quadrillion"));
  g_assert_true (g_str_has_suffix (huge, "eight hundred seven JPY"));
  g_assert_true (g_str_has_prefix (lowest, "Минус девять квинтиллионов"));
  g_assert_true (g_str_has_suffix (lowest, "восемьсот восемь JPY"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/amount-words/russian-plural-forms", test_russian_plural_forms);
  g_test_add_func ("/amount-words/russian-numbers-agree-in-gender",
                   test_russian_numbers_agree_in_gender);
  g_test_add_func ("/amount-words/russian-amounts", test_russian_amounts);
  g_test_add_func ("/amount-words/russian-minor-in-words", test_russian_minor_in_words);
  g_test_add_func ("/amount-words/english-amounts", test_english_amounts);
  g_test_add_func ("/amount-words/largest-amounts-do-not-overflow", test_largest_amounts);

  return g_test_run ();
}

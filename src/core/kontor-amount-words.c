/* kontor-amount-words.c: an amount of money written out in words
 *
 * Russian numerals agree with the noun they count: "одна тысяча",
 * "две копейки", "один рубль", and the noun takes one of three plural forms
 * (1, 2–4, 5–20: рубль, рубля, рублей). English has no such agreement.
 * Words are not translated through gettext: the language of an invoice is
 * chosen per document, not by the program's locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-amount-words"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include "kontor-amount-words.h"
#include "kontor-money.h"

typedef struct
{
  const char   *code;
  KontorGender  major_gender;
  const char   *major[3];   /* one, few, many */
  KontorGender  minor_gender;
  const char   *minor[3];
} RuCurrency;

typedef struct
{
  const char *code;
  const char *major[2];     /* one, many */
  const char *minor[2];
} EnCurrency;

static const RuCurrency ru_currencies[] = {
  { "RUB", KONTOR_GENDER_MASCULINE, { "рубль", "рубля", "рублей" },
    KONTOR_GENDER_FEMININE, { "копейка", "копейки", "копеек" } },
  { "USD", KONTOR_GENDER_MASCULINE, { "доллар США", "доллара США", "долларов США" },
    KONTOR_GENDER_MASCULINE, { "цент", "цента", "центов" } },
  { "EUR", KONTOR_GENDER_MASCULINE, { "евро", "евро", "евро" },
    KONTOR_GENDER_MASCULINE, { "цент", "цента", "центов" } },
  { "BYN", KONTOR_GENDER_MASCULINE, { "белорусский рубль", "белорусских рубля",
                                      "белорусских рублей" },
    KONTOR_GENDER_FEMININE, { "копейка", "копейки", "копеек" } },
  { "KZT", KONTOR_GENDER_MASCULINE, { "тенге", "тенге", "тенге" },
    KONTOR_GENDER_MASCULINE, { "тиын", "тиына", "тиынов" } },
  { "CNY", KONTOR_GENDER_MASCULINE, { "юань", "юаня", "юаней" },
    KONTOR_GENDER_MASCULINE, { "фэнь", "фэня", "фэней" } },
};

static const EnCurrency en_currencies[] = {
  { "RUB", { "ruble", "rubles" }, { "kopeck", "kopecks" } },
  { "USD", { "dollar", "dollars" }, { "cent", "cents" } },
  { "EUR", { "euro", "euros" }, { "cent", "cents" } },
  { "GBP", { "pound sterling", "pounds sterling" }, { "penny", "pence" } },
  { "BYN", { "Belarusian ruble", "Belarusian rubles" }, { "kopeck", "kopecks" } },
  { "KZT", { "tenge", "tenge" }, { "tiyn", "tiyn" } },
  { "CNY", { "yuan", "yuan" }, { "fen", "fen" } },
};

static const char * const ru_units_m[] = {
  "", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять",
};
static const char * const ru_teens[] = {
  "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
  "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать",
};
static const char * const ru_tens[] = {
  "", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
  "восемьдесят", "девяносто",
};
static const char * const ru_hundreds[] = {
  "", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот",
  "девятьсот",
};

/* Groups of three digits from the thousands up: gender and noun forms */
static const struct
{
  KontorGender gender;
  const char  *forms[3];
} ru_scales[] = {
  { KONTOR_GENDER_FEMININE, { "тысяча", "тысячи", "тысяч" } },
  { KONTOR_GENDER_MASCULINE, { "миллион", "миллиона", "миллионов" } },
  { KONTOR_GENDER_MASCULINE, { "миллиард", "миллиарда", "миллиардов" } },
  { KONTOR_GENDER_MASCULINE, { "триллион", "триллиона", "триллионов" } },
  { KONTOR_GENDER_MASCULINE, { "квадриллион", "квадриллиона", "квадриллионов" } },
  { KONTOR_GENDER_MASCULINE, { "квинтиллион", "квинтиллиона", "квинтиллионов" } },
};

static const char * const en_ones[] = {
  "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
  "nineteen",
};
static const char * const en_tens[] = {
  "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};
static const char * const en_scales[] = {
  "thousand", "million", "billion", "trillion", "quadrillion", "quintillion",
};

static gboolean
is_russian (const char *language)
{
  return language != NULL && g_ascii_strncasecmp (language, "ru", 2) == 0;
}

static void
append_word (GString    *out,
             const char *word)
{
  if (word == NULL || *word == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, word);
}

/* 1–999 */
static void
append_ru_triple (GString      *out,
                  guint         n,
                  KontorGender  gender)
{
  guint units = n % 10;
  guint tens = n / 10 % 10;

  append_word (out, ru_hundreds[n / 100]);

  if (tens == 1)
    {
      append_word (out, ru_teens[units]);
      return;
    }

  append_word (out, ru_tens[tens]);

  if (units == 1 && gender == KONTOR_GENDER_FEMININE)
    append_word (out, "одна");
  else if (units == 1 && gender == KONTOR_GENDER_NEUTER)
    append_word (out, "одно");
  else if (units == 2 && gender == KONTOR_GENDER_FEMININE)
    append_word (out, "две");
  else
    append_word (out, ru_units_m[units]);
}

static void
append_en_triple (GString *out,
                  guint    n)
{
  guint rest = n % 100;

  if (n >= 100)
    {
      append_word (out, en_ones[n / 100]);
      append_word (out, "hundred");
    }

  if (rest == 0)
    return;

  if (rest < 20)
    append_word (out, en_ones[rest]);
  else if (rest % 10 == 0)
    append_word (out, en_tens[rest / 10]);
  else
    {
      g_autofree char *word = g_strdup_printf ("%s-%s", en_tens[rest / 10], en_ones[rest % 10]);

      append_word (out, word);
    }
}

/**
 * kontor_plural_ru:
 *
 * The Russian plural form for @n: 1, 21, 101 → @one; 2–4, 22–24 → @few;
 * 0, 5–20, 25–30, 111–114 → @many.
 */
const char *
kontor_plural_ru (guint64     n,
                  const char *one,
                  const char *few,
                  const char *many)
{
  guint64 last_two = n % 100;
  guint64 last = n % 10;

  if (last_two >= 11 && last_two <= 19)
    return many;
  if (last == 1)
    return one;
  if (last >= 2 && last <= 4)
    return few;
  return many;
}

/**
 * kontor_number_to_words:
 * @gender: the gender of what is counted (Russian only)
 * @language: "ru…" for Russian, anything else for English
 *
 * Returns: the number in lower-case words: "двадцать одна",
 *   "one hundred twenty-three".
 */
char *
kontor_number_to_words (guint64       n,
                        KontorGender  gender,
                        const char   *language)
{
  GString *out = g_string_new (NULL);
  guint triples[7] = { 0, };
  int top = 0;
  gboolean russian = is_russian (language);

  if (n == 0)
    {
      g_string_append (out, russian ? "ноль" : "zero");
      return g_string_free (out, FALSE);
    }

  for (guint64 rest = n; rest > 0; rest /= 1000)
    triples[top++] = rest % 1000;

  for (int i = top - 1; i >= 0; i--)
    {
      guint triple = triples[i];

      if (triple == 0)
        continue;

      if (russian)
        {
          KontorGender triple_gender = i == 0 ? gender : ru_scales[i - 1].gender;

          append_ru_triple (out, triple, triple_gender);
          if (i > 0)
            append_word (out, kontor_plural_ru (triple, ru_scales[i - 1].forms[0],
                                                ru_scales[i - 1].forms[1],
                                                ru_scales[i - 1].forms[2]));
        }
      else
        {
          append_en_triple (out, triple);
          if (i > 0)
            append_word (out, en_scales[i - 1]);
        }
    }

  return g_string_free (out, FALSE);
}

static void
capitalize_first (GString *out)
{
  const char *next;
  g_autofree char *upper = NULL;
  gsize first_len;

  if (out->len == 0)
    return;

  next = g_utf8_next_char (out->str);
  first_len = next - out->str;
  upper = g_utf8_strup (out->str, first_len);
  g_string_erase (out, 0, first_len);
  g_string_prepend (out, upper);
}

static guint64
power_of_ten (guint digits)
{
  guint64 result = 1;

  for (guint i = 0; i < digits; i++)
    result *= 10;
  return result;
}

/**
 * kontor_amount_to_words:
 * @minor: the amount in minor units of @currency
 * @currency: an ISO 4217 code
 * @language: "ru…" for Russian, anything else for English
 *
 * Returns: the amount as written on an invoice: "Сто двадцать три рубля
 *   45 копеек", "One hundred twenty-three dollars and 45 cents".
 */
char *
kontor_amount_to_words (gint64                  minor,
                        const char             *currency,
                        const char             *language,
                        KontorAmountWordsFlags  flags)
{
  guint digits = kontor_currency_get_digits (currency);
  guint64 scale = power_of_ten (digits);
  guint64 absolute = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint64 major_part = absolute / scale;
  guint64 minor_part = absolute % scale;
  gboolean russian = is_russian (language);
  GString *out = g_string_new (NULL);
  g_autofree char *code = g_ascii_strup (currency ? currency : "", -1);

  if (minor < 0)
    g_string_append (out, russian ? "минус" : "minus");

  if (russian)
    {
      const RuCurrency *known = NULL;
      g_autofree char *major_words = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (ru_currencies); i++)
        if (g_str_equal (ru_currencies[i].code, code))
          known = &ru_currencies[i];

      major_words = kontor_number_to_words (major_part,
                                            known ? known->major_gender
                                                  : KONTOR_GENDER_MASCULINE,
                                            language);
      append_word (out, major_words);
      append_word (out, known ? kontor_plural_ru (major_part, known->major[0], known->major[1],
                                                  known->major[2])
                              : code);

      if (digits > 0 && known != NULL)
        {
          g_autofree char *minor_words = NULL;

          if (flags & KONTOR_AMOUNT_WORDS_MINOR_IN_WORDS)
            minor_words = kontor_number_to_words (minor_part, known->minor_gender, language);
          else
            minor_words = g_strdup_printf ("%0*" PRIu64, (int) digits, minor_part);

          append_word (out, minor_words);
          append_word (out, kontor_plural_ru (minor_part, known->minor[0], known->minor[1],
                                              known->minor[2]));
        }
      else if (digits > 0)
        {
          g_autofree char *fraction = g_strdup_printf ("%0*" PRIu64 "/%" PRIu64,
                                                       (int) digits, minor_part, scale);
          append_word (out, fraction);
        }
    }
  else
    {
      const EnCurrency *known = NULL;
      g_autofree char *major_words = kontor_number_to_words (major_part, 0, language);

      for (guint i = 0; i < G_N_ELEMENTS (en_currencies); i++)
        if (g_str_equal (en_currencies[i].code, code))
          known = &en_currencies[i];

      append_word (out, major_words);
      append_word (out, known ? known->major[major_part == 1 ? 0 : 1] : code);

      if (digits > 0)
        {
          g_autofree char *minor_words = NULL;

          append_word (out, "and");
          if (known == NULL)
            minor_words = g_strdup_printf ("%0*" PRIu64 "/%" PRIu64,
                                           (int) digits, minor_part, scale);
          else if (flags & KONTOR_AMOUNT_WORDS_MINOR_IN_WORDS)
            minor_words = kontor_number_to_words (minor_part, 0, language);
          else
            minor_words = g_strdup_printf ("%0*" PRIu64, (int) digits, minor_part);

          append_word (out, minor_words);
          if (known != NULL)
            append_word (out, known->minor[minor_part == 1 ? 0 : 1]);
        }
    }

  capitalize_first (out);
  return g_string_free (out, FALSE);
}

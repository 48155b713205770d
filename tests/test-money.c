/* test-money.c: money as int64 minor units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kontor-core.h"

static void
assert_parses (const char *text,
               const char *currency,
               gint64      expected)
{
  g_autoptr(GError) error = NULL;
  gint64 minor = -12345;

  g_assert_true (kontor_money_parse (text, currency, &minor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (minor, ==, expected);
}

static void
assert_refused (const char *text,
                const char *currency)
{
  g_autoptr(GError) error = NULL;
  gint64 minor = 777;

  g_assert_false (kontor_money_parse (text, currency, &minor, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpint (minor, ==, 777);
}

static void
test_parse_accepts_common_forms (void)
{
  assert_parses ("1500.50", "RUB", 150050);
  assert_parses ("1500,50", "RUB", 150050);
  assert_parses ("1 500,50", "RUB", 150050);
  assert_parses ("1\u00A0500,50", "RUB", 150050);
  assert_parses ("1500", "RUB", 150000);
  assert_parses ("1500.5", "USD", 150050);
  assert_parses ("0", "RUB", 0);
  assert_parses ("-20", "RUB", -2000);
  assert_parses ("1.550", "RUB", 155);
  assert_parses ("1500", "JPY", 1500);
  assert_parses ("10000000000000.00", "RUB", KONTOR_MONEY_MAX);
}

static void
test_parse_refuses_bad_input (void)
{
  assert_refused ("1.555", "RUB");
  assert_refused ("1.5", "JPY");
  assert_refused ("", "RUB");
  assert_refused ("-", "RUB");
  assert_refused ("abc", "RUB");
  assert_refused ("12abc", "RUB");
  assert_refused ("1.2.3", "RUB");
  assert_refused ("1e5", "RUB");
  assert_refused ("'); DROP TABLE deals;--", "RUB");
  /* Overflow of int64 is refused, never wrapped */
  assert_refused ("99999999999999999999", "RUB");
  assert_refused ("92233720368547758.08", "RUB");
}

static void
test_to_plain (void)
{
  struct {
    gint64      minor;
    const char *currency;
    const char *expected;
  } cases[] = {
    { 150050, "RUB", "1500.50" },
    { 0, "RUB", "0.00" },
    { 5, "USD", "0.05" },
    { -2000, "RUB", "-20.00" },
    { 1500, "JPY", "1500" },
    { KONTOR_MONEY_MAX, "RUB", "10000000000000.00" },
    { G_MININT64, "RUB", "-92233720368547758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *plain = kontor_money_to_plain (cases[i].minor, cases[i].currency);

      g_assert_cmpstr (plain, ==, cases[i].expected);
    }
}

static void
test_plain_round_trips (void)
{
  gint64 values[] = { 0, 1, 99, 100, 150050, 123456789, KONTOR_MONEY_MAX };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *plain = kontor_money_to_plain (values[i], "RUB");

      assert_parses (plain, "RUB", values[i]);
    }
}

static void
test_div_round (void)
{
  struct {
    gint64 numerator;
    gint64 denominator;
    gint64 expected;
  } cases[] = {
    { 10, 4, 3 },     /* 2.5 → 3 */
    { -10, 4, -3 },   /* -2.5 → -3 */
    { 10, -4, -3 },
    { -10, -4, 3 },
    { 14, 4, 4 },     /* 3.5 → 4 */
    { 13, 4, 3 },     /* 3.25 → 3 */
    { 15, 4, 4 },     /* 3.75 → 4 */
    { -13, 4, -3 },
    { -15, 4, -4 },
    { 1, 2, 1 },
    { -1, 2, -1 },
    { 1, 3, 0 },
    { 0, 7, 0 },
    { 6, 3, 2 },
    { G_MAXINT64, 1, G_MAXINT64 },
    { G_MAXINT64, G_MAXINT64, 1 },
    { G_MININT64, 2, G_MININT64 / 2 },
  };
  gint64 result;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      result = 42;
      g_assert_true (kontor_div_round (cases[i].numerator, cases[i].denominator, &result));
      g_assert_cmpint (result, ==, cases[i].expected);
    }

  result = 42;
  g_assert_false (kontor_div_round (5, 0, &result));
  g_assert_false (kontor_div_round (G_MININT64, -1, &result));
  g_assert_cmpint (result, ==, 42);
}

static void
test_quantity (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  gint64 value = 0;

  g_assert_true (kontor_quantity_parse ("1.5", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 1500);

  plain = kontor_quantity_to_plain (1500);
  g_assert_cmpstr (plain, ==, "1.5");
  g_clear_pointer (&plain, g_free);
  plain = kontor_quantity_to_plain (2000);
  g_assert_cmpstr (plain, ==, "2");

  g_assert_false (kontor_quantity_parse ("1.0005", &value, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
}

static gboolean
switch_locale (const char *locale)
{
  if (setlocale (LC_ALL, locale) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not available", locale);

      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

static void
test_format_russian (void)
{
  g_autofree char *text = NULL;
  g_autofree char *small = NULL;

  if (!switch_locale ("ru_RU.UTF-8"))
    return;

  text = kontor_money_format (123456789, "RUB");
  g_assert_cmpstr (text, ==, "1\u00A0234\u00A0567,89\u00A0₽");
  small = kontor_money_format (5, "RUB");
  g_assert_cmpstr (small, ==, "0,05\u00A0₽");

  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_format_english (void)
{
  g_autofree char *text = NULL;
  g_autofree char *negative = NULL;

  if (!switch_locale ("en_US.UTF-8"))
    return;

  text = kontor_money_format (123456789, "USD");
  g_assert_cmpstr (text, ==, "$1,234,567.89");
  negative = kontor_money_format (-2000, "USD");
  g_assert_cmpstr (negative, ==, "-$20.00");

  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_currency_codes (void)
{
  g_assert_true (kontor_currency_is_valid ("RUB"));
  g_assert_true (kontor_currency_is_valid ("USD"));
  g_assert_false (kontor_currency_is_valid ("rub"));
  g_assert_false (kontor_currency_is_valid ("RUBL"));
  g_assert_false (kontor_currency_is_valid (""));
  g_assert_false (kontor_currency_is_valid (NULL));
  g_assert_cmpuint (kontor_currency_get_digits ("JPY"), ==, 0);
  g_assert_cmpuint (kontor_currency_get_digits ("RUB"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse-accepts-common-forms", test_parse_accepts_common_forms);
  g_test_add_func ("/money/parse-refuses-bad-input", test_parse_refuses_bad_input);
  g_test_add_func ("/money/to-plain", test_to_plain);
  g_test_add_func ("/money/plain-round-trips", test_plain_round_trips);
  g_test_add_func ("/money/div-round-half-away-from-zero", test_div_round);
  g_test_add_func ("/money/quantity-in-thousandths", test_quantity);
  g_test_add_func ("/money/format-in-russian", test_format_russian);
  g_test_add_func ("/money/format-in-english", test_format_english);
  g_test_add_func ("/money/currency-codes", test_currency_codes);

  return g_test_run ();
}

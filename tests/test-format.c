/* test-format.c: money, numbers and plural forms follow the locale
 *
 * Runs under ru_RU.UTF-8 and en_US.UTF-8 (skipped where the locale is not
 * generated; CI generates both). The plural forms come from the catalog
 * meson builds in <build>/po.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "kontor-core.h"

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
restore_locale (void)
{
  setlocale (LC_ALL, "C.UTF-8");
}

typedef struct
{
  gint64      minor;
  const char *currency;
  const char *expected;
} MoneyCase;

static void
check_money (const MoneyCase *cases,
             gsize            n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = kontor_money_format (cases[i].minor, cases[i].currency);

      g_test_message ("%" G_GINT64_FORMAT " %s → %s", cases[i].minor, cases[i].currency, text);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_money_russian (void)
{
  /* Digits grouped by no-break spaces, a decimal comma, the sign after */
  const MoneyCase cases[] = {
    { 123456789, "RUB", "1\u00A0234\u00A0567,89\u00A0₽" },
    { -123456789, "RUB", "-1\u00A0234\u00A0567,89\u00A0₽" },
    { 0, "RUB", "0,00\u00A0₽" },
    { 99999, "RUB", "999,99\u00A0₽" },
    { 100000, "RUB", "1\u00A0000,00\u00A0₽" },
    { 123456789, "EUR", "1\u00A0234\u00A0567,89\u00A0€" },
    { 123456789, "USD", "1\u00A0234\u00A0567,89\u00A0$" },
    { 123456789, "JPY", "123\u00A0456\u00A0789\u00A0¥" },
  };

  if (!switch_locale ("ru_RU.UTF-8"))
    return;

  check_money (cases, G_N_ELEMENTS (cases));
  restore_locale ();
}

static void
test_money_english (void)
{
  /* Comma thousands, a decimal point, the symbol before */
  const MoneyCase cases[] = {
    { 123456789, "USD", "$1,234,567.89" },
    { -123456789, "USD", "-$1,234,567.89" },
    { 0, "USD", "$0.00" },
    { 100000, "USD", "$1,000.00" },
    { 123456789, "RUB", "₽1,234,567.89" },
    { 123456789, "EUR", "€1,234,567.89" },
    { 123456789, "JPY", "¥123,456,789" },
  };

  if (!switch_locale ("en_US.UTF-8"))
    return;

  check_money (cases, G_N_ELEMENTS (cases));
  restore_locale ();
}

static void
test_plain_ignores_locale (void)
{
  g_autofree char *russian = NULL;
  g_autofree char *english = NULL;
  g_autofree char *quantity = NULL;
  gint64 parsed = 0;

  /* Files, the CLI and JSON use one form whatever the locale */
  if (!switch_locale ("ru_RU.UTF-8"))
    return;
  russian = kontor_money_to_plain (123456789, "RUB");
  quantity = kontor_quantity_to_plain (1500);
  g_assert_true (kontor_money_parse ("1234567.89", "RUB", &parsed, NULL));
  g_assert_cmpint (parsed, ==, 123456789);
  /* What a Russian user types parses too */
  g_assert_true (kontor_money_parse ("1 234 567,89", "RUB", &parsed, NULL));
  g_assert_cmpint (parsed, ==, 123456789);

  if (!switch_locale ("en_US.UTF-8"))
    return;
  english = kontor_money_to_plain (123456789, "RUB");

  g_assert_cmpstr (russian, ==, "1234567.89");
  g_assert_cmpstr (english, ==, "1234567.89");
  g_assert_cmpstr (quantity, ==, "1.5");
  restore_locale ();
}

/* The catalog built by meson, not an installed one */
static gboolean
bind_built_catalog (void)
{
  g_autofree char *locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (locale_dir, "ru", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the Russian catalog is not built");
      return FALSE;
    }

  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return TRUE;
}

static char *
deals_text (guint n)
{
  /* The same message as the deal list's count */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal", "%u deals", n), n);
}

static void
test_russian_plural_forms (void)
{
  const struct {
    guint       n;
    const char *expected;
  } cases[] = {
    { 1, "1 сделка" }, { 2, "2 сделки" }, { 4, "4 сделки" }, { 5, "5 сделок" },
    { 11, "11 сделок" }, { 12, "12 сделок" }, { 21, "21 сделка" }, { 22, "22 сделки" },
    { 25, "25 сделок" }, { 101, "101 сделка" }, { 111, "111 сделок" },
  };
  g_autofree char *probe = NULL;

  if (!switch_locale ("ru_RU.UTF-8"))
    return;
  if (!bind_built_catalog ())
    {
      restore_locale ();
      return;
    }

  probe = deals_text (5);
  if (g_str_equal (probe, "5 deals"))
    {
      /* tests/test-po.py fails while messages are untranslated */
      g_test_skip ("“%u deal” is not translated yet");
      restore_locale ();
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = deals_text (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  restore_locale ();
}

static void
test_english_plural_forms (void)
{
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  if (!switch_locale ("en_US.UTF-8"))
    return;

  one = deals_text (1);
  two = deals_text (2);
  g_assert_cmpstr (one, ==, "1 deal");
  g_assert_cmpstr (two, ==, "2 deals");
  restore_locale ();
}

int
main (int   argc,
      char *argv[])
{
  restore_locale ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/money-in-russian", test_money_russian);
  g_test_add_func ("/format/money-in-english", test_money_english);
  g_test_add_func ("/format/plain-values-ignore-the-locale", test_plain_ignores_locale);
  g_test_add_func ("/format/russian-plural-forms", test_russian_plural_forms);
  g_test_add_func ("/format/english-plural-forms", test_english_plural_forms);

  return g_test_run ();
}

/* kontor-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-money"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <langinfo.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-money.h"

typedef struct
{
  const char *code;
  const char *symbol;
  guint       digits;
} CurrencyInfo;

static const CurrencyInfo currencies[] = {
  { "RUB", "₽", 2 }, { "USD", "$", 2 }, { "EUR", "€", 2 }, { "GBP", "£", 2 },
  { "CNY", "¥", 2 }, { "JPY", "¥", 0 }, { "KZT", "₸", 2 }, { "BYN", "Br", 2 },
  { "UAH", "₴", 2 }, { "TRY", "₺", 2 }, { "CHF", "CHF", 2 }, { "KRW", "₩", 0 },
  { "AED", "AED", 2 }, { "INR", "₹", 2 }, { "PLN", "zł", 2 }, { "CZK", "Kč", 2 },
  { "GEL", "₾", 2 }, { "AMD", "֏", 2 }, { "UZS", "UZS", 2 }, { "KGS", "KGS", 2 },
};

static const CurrencyInfo *
find_currency (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (g_ascii_strcasecmp (currencies[i].code, code) == 0)
      return &currencies[i];

  return NULL;
}

gboolean
kontor_currency_is_valid (const char *currency)
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (currency[i]))
      return FALSE;

  return TRUE;
}

guint
kontor_currency_get_digits (const char *currency)
{
  const CurrencyInfo *info = find_currency (currency);

  return info ? info->digits : 2;
}

const char *
kontor_currency_get_symbol (const char *currency)
{
  const CurrencyInfo *info = find_currency (currency);

  return info ? info->symbol : currency;
}

static gint64
power_of_ten (guint digits)
{
  gint64 result = 1;

  while (digits-- > 0)
    result *= 10;

  return result;
}

/* Accepts "1500", "1500.5", "1500,50", "1 500,50", "-20.00".
 * Never goes through a double. */
static gboolean
parse_decimal (const char  *text,
               guint        digits,
               gint64      *out_value,
               const char  *what,
               GError     **error)
{
  const char *p = text;
  gboolean negative = FALSE;
  gboolean seen_digit = FALSE;
  gboolean seen_point = FALSE;
  guint fraction_digits = 0;
  gint64 value = 0;

  if (text == NULL)
    goto invalid;

  while (g_ascii_isspace (*p))
    p++;

  if (*p == '-' || *p == '+')
    {
      negative = (*p == '-');
      p++;
    }

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        {
          if (seen_point)
            {
              if (fraction_digits == digits)
                {
                  if (c != '0')
                    {
                      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                                   _("“%s” has more than %u decimal places"), text, digits);
                      return FALSE;
                    }
                  continue;
                }
              fraction_digits++;
            }

          if (__builtin_mul_overflow (value, 10, &value) ||
              __builtin_add_overflow (value, (gint64) (c - '0'), &value))
            goto overflow;

          seen_digit = TRUE;
        }
      else if ((c == '.' || c == ',') && !seen_point)
        {
          seen_point = TRUE;
        }
      else if (c == ' ' || c == 0x00A0 || c == 0x202F || c == '\'' || c == '_')
        {
          if (seen_point)
            goto invalid;
        }
      else
        {
          goto invalid;
        }
    }

  if (!seen_digit)
    goto invalid;

  for (; fraction_digits < digits; fraction_digits++)
    if (__builtin_mul_overflow (value, 10, &value))
      goto overflow;

  *out_value = negative ? -value : value;
  return TRUE;

invalid:
  g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
               _("“%s” is not a valid %s"), text ? text : "", what);
  return FALSE;

overflow:
  g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
               _("“%s” is too large"), text);
  return FALSE;
}

gboolean
kontor_money_parse (const char  *text,
                    const char  *currency,
                    gint64      *out_minor,
                    GError     **error)
{
  return parse_decimal (text, kontor_currency_get_digits (currency), out_minor,
                        _("amount"), error);
}

gboolean
kontor_quantity_parse (const char  *text,
                       gint64      *out_thousandths,
                       GError     **error)
{
  return parse_decimal (text, 3, out_thousandths, _("quantity"), error);
}

static char *
format_fixed (gint64      value,
              guint       digits,
              const char *point,
              const char *group,
              gboolean    strip_zero_fraction)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude;
  guint64 scale = (guint64) power_of_ten (digits);
  guint64 integral, fraction;
  g_autofree char *integral_str = NULL;
  gsize len;

  /* G_MININT64 has no positive counterpart in gint64, but does in guint64 */
  magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  integral = magnitude / scale;
  fraction = magnitude % scale;

  if (value < 0)
    g_string_append_c (out, '-');

  integral_str = g_strdup_printf ("%" PRIu64, integral);
  len = strlen (integral_str);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && group != NULL && (len - i) % 3 == 0)
        g_string_append (out, group);
      g_string_append_c (out, integral_str[i]);
    }

  if (digits > 0 && !(strip_zero_fraction && fraction == 0))
    {
      g_string_append (out, point);
      g_string_append_printf (out, "%0*" PRIu64, (int) digits, fraction);
    }

  return g_string_free (out, FALSE);
}

char *
kontor_money_to_plain (gint64      minor,
                       const char *currency)
{
  return format_fixed (minor, kontor_currency_get_digits (currency), ".", NULL, FALSE);
}

char *
kontor_quantity_to_plain (gint64 thousandths)
{
  g_autofree char *text = format_fixed (thousandths, 3, ".", NULL, FALSE);
  gsize len = strlen (text);

  /* "1.500" reads better as "1.5", "2.000" as "2" */
  while (len > 0 && text[len - 1] == '0')
    text[--len] = '\0';
  if (len > 0 && text[len - 1] == '.')
    text[--len] = '\0';

  return g_steal_pointer (&text);
}

/* Money in the user's locale: "1 234 567,89 ₽" in ru_RU,
 * "$1,234,567.89" in en_US. */
char *
kontor_money_format (gint64      minor,
                     const char *currency)
{
  const char *locale = setlocale (LC_MONETARY, NULL);
  const char *point = nl_langinfo (RADIXCHAR);
  const char *group = nl_langinfo (THOUSEP);
  const char *symbol = kontor_currency_get_symbol (currency);
  g_autofree char *number = NULL;
  gboolean symbol_after;

  if (point == NULL || *point == '\0')
    point = ".";

  if (group == NULL || *group == '\0')
    group = (g_strcmp0 (point, ",") == 0) ? "\u00A0" : ",";
  else if (g_str_equal (group, " ") || g_str_equal (group, "\u202F"))
    group = "\u00A0";

  /* Most continental European locales put the sign after the number */
  symbol_after = (locale != NULL &&
                  (g_str_has_prefix (locale, "ru") || g_str_has_prefix (locale, "uk") ||
                   g_str_has_prefix (locale, "be") || g_str_has_prefix (locale, "kk") ||
                   g_str_has_prefix (locale, "de") || g_str_has_prefix (locale, "fr") ||
                   g_str_has_prefix (locale, "es") || g_str_has_prefix (locale, "it") ||
                   g_str_has_prefix (locale, "pl") || g_str_has_prefix (locale, "cs")));

  number = format_fixed (minor, kontor_currency_get_digits (currency), point, group, FALSE);

  if (symbol_after)
    return g_strdup_printf ("%s\u00A0%s", number, symbol);

  if (number[0] == '-')
    return g_strdup_printf ("-%s%s", symbol, number + 1);

  if (g_utf8_strlen (symbol, -1) > 1)
    return g_strdup_printf ("%s\u00A0%s", symbol, number);

  return g_strdup_printf ("%s%s", symbol, number);
}

/* numerator / denominator, rounded half away from zero.
 * Returns FALSE on division by zero or overflow. */
gboolean
kontor_div_round (gint64  numerator,
                  gint64  denominator,
                  gint64 *out_result)
{
  gint64 quotient, remainder;
  gboolean negative;
  guint64 abs_rem, abs_den;

  if (denominator == 0)
    return FALSE;
  if (numerator == G_MININT64 && denominator == -1)
    return FALSE;

  quotient = numerator / denominator;
  remainder = numerator % denominator;
  negative = (numerator < 0) != (denominator < 0);

  abs_rem = remainder < 0 ? (guint64) 0 - (guint64) remainder : (guint64) remainder;
  abs_den = denominator < 0 ? (guint64) 0 - (guint64) denominator : (guint64) denominator;

  if (abs_rem * 2 >= abs_den && abs_rem != 0)
    {
      if (negative)
        quotient -= 1;
      else
        quotient += 1;
    }

  *out_result = quotient;
  return TRUE;
}

/* kontor-money.h: money as int64 minor units plus an ISO 4217 code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Amounts above this (in minor units) are refused, so that sums of many
 * amounts can never overflow an int64. */
#define KONTOR_MONEY_MAX G_GINT64_CONSTANT (1000000000000000)

guint     kontor_currency_get_digits   (const char  *currency);
gboolean  kontor_currency_is_valid     (const char  *currency);
const char *kontor_currency_get_symbol (const char  *currency);

gboolean  kontor_money_parse           (const char  *text,
                                        const char  *currency,
                                        gint64      *out_minor,
                                        GError     **error);
char     *kontor_money_to_plain        (gint64       minor,
                                        const char  *currency);
char     *kontor_money_format          (gint64       minor,
                                        const char  *currency);

gboolean  kontor_quantity_parse        (const char  *text,
                                        gint64      *out_thousandths,
                                        GError     **error);
char     *kontor_quantity_to_plain     (gint64       thousandths);

gboolean  kontor_div_round             (gint64       numerator,
                                        gint64       denominator,
                                        gint64      *out_result);

G_END_DECLS

/* kontor-pricing.h: the money of invoice lines and deal products
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

/* One line: quantity × price − discount, then VAT. Money in minor units,
 * quantity in thousandths, rates in basis points (2000 = 20 %). */
typedef struct
{
  gint64   quantity;
  gint64   price;
  gint64   discount;          /* an amount off the line */
  gint64   discount_percent;  /* basis points of quantity × price; < 0 = none */
  gint64   vat_rate;          /* basis points; < 0 = no VAT */
  gboolean vat_included;      /* the price already holds the VAT */
} KontorLineInput;

typedef struct
{
  gint64 amount;    /* quantity × price, rounded to the minor unit */
  gint64 discount;  /* both discounts together */
  gint64 net;       /* without VAT */
  gint64 vat;
  gint64 total;     /* net + vat */
} KontorLineTotals;

gboolean  kontor_pricing_compute_line    (const KontorLineInput  *input,
                                          KontorLineTotals       *out,
                                          GError                **error);
gboolean  kontor_pricing_add_totals      (KontorLineTotals       *sum,
                                          const KontorLineTotals *line,
                                          GError                **error);
void      kontor_pricing_input_from_entity (KontorEntity         *line,
                                            KontorLineInput      *out);
gboolean  kontor_pricing_compute_entity  (KontorEntity           *line,
                                          GError                **error);
gboolean  kontor_pricing_sum_lines       (KontorRepository       *repository,
                                          KontorEntity           *owner,
                                          KontorLineTotals       *out,
                                          GError                **error);
GListModel *kontor_pricing_list_lines    (KontorRepository       *repository,
                                          KontorEntity           *owner);

KontorEntity *kontor_pricing_create_invoice_from_deal (KontorRepository  *repository,
                                                       gint64             deal_id,
                                                       GError           **error);
gboolean  kontor_pricing_mark_invoice_paid (KontorRepository  *repository,
                                            KontorEntity      *invoice,
                                            const char        *date,
                                            GError           **error);
#define KONTOR_INVOICE_NUMBER_PATTERN "{year}-{n:04}"

char     *kontor_pricing_format_invoice_number (const char       *pattern,
                                                int               year,
                                                gint64            n);
void      kontor_pricing_set_invoice_number_pattern (KontorRepository *repository,
                                                     const char       *pattern);
gboolean  kontor_pricing_invoice_is_overdue (KontorEntity     *invoice,
                                             const char       *today);

G_END_DECLS

/* kontor-sales-report.h: figures of the sales analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kontor-funnel.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

/* One line of a breakdown: a month, a manager, a product, a lead source */
typedef struct
{
  char   *key;        /* "2026-03", a manager, a product, a source code */
  char   *label;      /* what to show */
  gint64  count;      /* deals won, leads, overdue activities */
  gint64  converted;  /* leads: the ones that became deals */
  int     conversion; /* leads: converted / count in basis points */
  GArray *amounts;    /* of KontorAmount */
} KontorReportRow;

typedef struct
{
  gint64     from;              /* the period, as asked */
  gint64     to;
  gint64     won_count;
  gint64     lost_count;
  int        win_rate;          /* won / (won + lost), basis points */
  GArray    *revenue;           /* of KontorAmount: amounts of the deals won */
  GArray    *average_deal;      /* of KontorAmount: revenue / deals won, per currency */
  gint64     average_cycle;     /* seconds from created to won; -1 without won deals */
  char      *main_currency;
  GPtrArray *by_month;          /* of KontorReportRow, every month of the period */
  GPtrArray *by_manager;        /* revenue by manager, largest first */
  GPtrArray *by_product;        /* paid invoice lines by product, largest first */
  GPtrArray *lead_sources;      /* leads created in the period by source */
  GPtrArray *overdue;           /* open activities past due, by manager */
  gint64     overdue_count;
} KontorSalesReport;

KontorSalesReport *kontor_sales_report_compute (KontorRepository          *repository,
                                                const KontorReportFilter  *filter,
                                                GCancellable              *cancellable,
                                                GError                   **error);
void               kontor_sales_report_free    (KontorSalesReport         *report);

char             **kontor_sales_report_dup_figures (KontorSalesReport *report);
gint64             kontor_report_row_get_value (KontorReportRow           *row,
                                                const char                *currency);
const char        *kontor_lead_source_label    (const char                *source);
char             **kontor_report_list_managers (KontorRepository          *repository,
                                                GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorSalesReport, kontor_sales_report_free)

G_END_DECLS

/* kontor-chart-render.h: bar charts of the sales analysis, drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kontor-funnel-render.h"
#include "kontor-sales-report.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_SALES_CHART_REVENUE_BY_MONTH,
  KONTOR_SALES_CHART_REVENUE_BY_MANAGER,
  KONTOR_SALES_CHART_REVENUE_BY_PRODUCT,
  KONTOR_SALES_CHART_LEAD_CONVERSION,
  KONTOR_SALES_CHART_OVERDUE,
} KontorSalesChart;

/* Vertical columns (months) or horizontal bars (everything else); labels
 * and value_labels hold n strings each. */
void      kontor_chart_render_bars      (cairo_t                 *cr,
                                         double                   width,
                                         double                   height,
                                         const KontorChartTheme  *theme,
                                         const char              *title,
                                         guint                    n,
                                         const char * const      *labels,
                                         const gint64            *values,
                                         const char * const      *value_labels,
                                         gboolean                 columns);

const char *kontor_sales_chart_get_title (KontorSalesChart        chart);
void      kontor_sales_chart_render     (KontorSalesReport       *report,
                                         KontorSalesChart         chart,
                                         cairo_t                 *cr,
                                         double                   width,
                                         double                   height,
                                         const KontorChartTheme  *theme);

/* The whole analysis as a PDF: the funnel, the figures and the charts */
gboolean  kontor_reports_render_pdf     (KontorFunnel            *funnel,
                                         KontorSalesReport       *report,
                                         gboolean                 by_amount,
                                         const char              *path,
                                         GError                 **error);

G_END_DECLS

/* kontor-chart-render.c: bar charts of the sales analysis, drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-chart-render"

#include "config.h"

#include <inttypes.h>

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "kontor-chart-render.h"
#include "kontor-money.h"

/* A4 landscape, in points */
#define PAGE_WIDTH  842.0
#define PAGE_HEIGHT 595.0

/* Public API ------------------------------------------------------------- */

void
kontor_chart_render_bars (cairo_t                *cr,
                          double                  width,
                          double                  height,
                          const KontorChartTheme *theme,
                          const char             *title,
                          guint                   n,
                          const char * const     *labels,
                          const gint64           *values,
                          const char * const     *value_labels,
                          gboolean                columns)
{
  double fs = theme->font_size;
  double m = CLAMP (MIN (width, height) * 0.04, 4, 24);
  double y0, y1, x0, x1;
  gint64 max_value = 0;

  cairo_save (cr);
  if (theme->background.alpha > 0)
    {
      _kontor_chart_set_color (cr, &theme->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  y0 = m;
  if (title != NULL)
    y0 += _kontor_chart_text (cr, theme, title, m, m, width - 2 * m, 1.05, TRUE,
                              &theme->foreground, 0) + fs * 0.5;
  y1 = height - m;
  x0 = m;
  x1 = width - m;

  for (guint i = 0; i < n; i++)
    max_value = MAX (max_value, values[i]);

  if (n == 0)
    {
      _kontor_chart_text (cr, theme, _("No data for this period"), width / 2,
                          (y0 + y1) / 2 - fs / 2, width - 2 * m, 0.9, FALSE, &theme->dim, 0.5);
      cairo_restore (cr);
      return;
    }

  if (columns)
    {
      /* Labels under the columns, values above them; every k-th label
       * when they would not fit */
      double label_h = fs * 1.3, value_h = fs * 1.2;
      double slot = (x1 - x0) / n, bw = MIN (slot * 0.7, fs * 5);
      double base = y1 - label_h, top = y0 + value_h;
      guint every = MAX (1, (guint) (fs * 4.5 / slot) + 1);

      cairo_set_line_width (cr, 1);
      _kontor_chart_set_color (cr, &theme->dim);
      cairo_move_to (cr, x0, base + 0.5);
      cairo_line_to (cr, x1, base + 0.5);
      cairo_stroke (cr);

      for (guint i = 0; i < n; i++)
        {
          double h = max_value > 0 ? (base - top) * values[i] / (double) max_value : 0;
          double cx = x0 + slot * (i + 0.5);

          _kontor_chart_set_color (cr, &theme->accent);
          cairo_rectangle (cr, cx - bw / 2, base - h, bw, h);
          cairo_fill (cr);

          if (i % every == 0)
            {
              _kontor_chart_text (cr, theme, labels[i], cx, base + fs * 0.2, slot * every, 0.8,
                                  FALSE, &theme->dim, 0.5);
              if (value_labels != NULL && values[i] > 0)
                _kontor_chart_text (cr, theme, value_labels[i], cx, base - h - value_h,
                                    slot * every, 0.75, FALSE, &theme->foreground, 0.5);
            }
        }
    }
  else
    {
      /* One row per item: its label, the bar, the value at the bar's end */
      double row_h = MIN ((y1 - y0) / n, fs * 2.2);
      double label_w = (x1 - x0) * 0.30, value_w = (x1 - x0) * 0.22;
      double bx = x0 + label_w + fs * 0.5, bmax = x1 - bx - value_w;
      double scale = CLAMP (row_h / (fs * 1.6), 0.6, 1.0);

      for (guint i = 0; i < n; i++)
        {
          double y = y0 + i * row_h;
          double w = max_value > 0 ? bmax * values[i] / (double) max_value : 0;

          if (row_h < fs * 0.9)
            break;

          _kontor_chart_text (cr, theme, labels[i], x0, y + (row_h - fs * scale * 1.2) / 2,
                              label_w, scale * 0.9, FALSE, &theme->foreground, 0);
          _kontor_chart_set_color (cr, &theme->accent);
          cairo_rectangle (cr, bx, y + row_h * 0.2, MAX (w, 1), row_h * 0.6);
          cairo_fill (cr);
          if (value_labels != NULL)
            _kontor_chart_text (cr, theme, value_labels[i], bx + w + fs * 0.4,
                                y + (row_h - fs * scale * 1.2) / 2, value_w, scale * 0.85,
                                FALSE, &theme->foreground, 0);
        }
    }

  cairo_restore (cr);
}

const char *
kontor_sales_chart_get_title (KontorSalesChart chart)
{
  switch (chart)
    {
    case KONTOR_SALES_CHART_REVENUE_BY_MONTH:
      return _("Revenue by month");
    case KONTOR_SALES_CHART_REVENUE_BY_MANAGER:
      return _("Revenue by manager");
    case KONTOR_SALES_CHART_REVENUE_BY_PRODUCT:
      return _("Revenue by product (paid invoices)");
    case KONTOR_SALES_CHART_LEAD_CONVERSION:
      return _("Conversion of leads to deals by source");
    case KONTOR_SALES_CHART_OVERDUE:
      return _("Overdue activities by manager");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
kontor_sales_chart_render (KontorSalesReport      *report,
                           KontorSalesChart        chart,
                           cairo_t                *cr,
                           double                  width,
                           double                  height,
                           const KontorChartTheme *theme)
{
  GPtrArray *rows = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) value_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autofree char *title = NULL;
  const char *currency = report->main_currency;

  switch (chart)
    {
    case KONTOR_SALES_CHART_REVENUE_BY_MONTH:
      rows = report->by_month;
      break;
    case KONTOR_SALES_CHART_REVENUE_BY_MANAGER:
      rows = report->by_manager;
      break;
    case KONTOR_SALES_CHART_REVENUE_BY_PRODUCT:
      rows = report->by_product;
      break;
    case KONTOR_SALES_CHART_LEAD_CONVERSION:
      rows = report->lead_sources;
      break;
    case KONTOR_SALES_CHART_OVERDUE:
      rows = report->overdue;
      break;
    default:
      g_return_if_reached ();
    }

  for (guint i = 0; i < rows->len; i++)
    {
      KontorReportRow *row = g_ptr_array_index (rows, i);
      gint64 value;
      char *text;

      if (chart == KONTOR_SALES_CHART_LEAD_CONVERSION)
        {
          g_autofree char *percent = kontor_conversion_format (row->conversion);

          value = MAX (row->conversion, 0);
          text = g_strdup_printf ("%s (%" PRId64 "/%" PRId64 ")", percent,
                                  row->converted, row->count);
        }
      else if (chart == KONTOR_SALES_CHART_OVERDUE)
        {
          value = row->count;
          text = g_strdup_printf ("%" PRId64, row->count);
        }
      else
        {
          value = kontor_amounts_get (row->amounts, currency);
          text = kontor_money_format (value, currency);
        }

      g_ptr_array_add (labels, row->label);
      g_array_append_val (values, value);
      g_ptr_array_add (value_labels, text);
    }

  if (chart <= KONTOR_SALES_CHART_REVENUE_BY_PRODUCT)
    title = g_strdup_printf ("%s, %s", kontor_sales_chart_get_title (chart), currency);
  else
    title = g_strdup (kontor_sales_chart_get_title (chart));

  kontor_chart_render_bars (cr, width, height, theme, title, rows->len,
                            (const char * const *) labels->pdata, (const gint64 *) values->data,
                            (const char * const *) value_labels->pdata,
                            chart == KONTOR_SALES_CHART_REVENUE_BY_MONTH);
}

gboolean
kontor_reports_render_pdf (KontorFunnel       *funnel,
                           KontorSalesReport  *report,
                           gboolean            by_amount,
                           const char         *path,
                           GError            **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  g_auto(GStrv) figures = kontor_sales_report_dup_figures (report);
  KontorChartTheme theme;
  cairo_status_t status;
  double half_w = PAGE_WIDTH / 2, half_h = (PAGE_HEIGHT - 150) / 2;
  double y = 30;

  kontor_chart_theme_init (&theme, FALSE);
  theme.font_size = 11;

  /* Page 1: the funnel */
  if (funnel != NULL)
    {
      kontor_funnel_render (funnel, cr, PAGE_WIDTH, PAGE_HEIGHT, by_amount, &theme);
      cairo_show_page (cr);
    }

  /* Page 2: the figures, revenue by month and by manager */
  y += _kontor_chart_text (cr, &theme, _("Sales analysis"), 30, y, 0, 1.4, TRUE,
                           &theme.foreground, 0) + 10;
  for (guint i = 0; figures[i] != NULL && figures[i + 1] != NULL; i += 2)
    {
      guint col = (i / 2) % 4, row = (i / 2) / 4;
      double x = 30 + col * (PAGE_WIDTH - 60) / 4, ry = y + row * 40;

      _kontor_chart_text (cr, &theme, figures[i], x, ry, (PAGE_WIDTH - 60) / 4 - 8, 0.85, FALSE,
                          &theme.dim, 0);
      _kontor_chart_text (cr, &theme, figures[i + 1], x, ry + 14, (PAGE_WIDTH - 60) / 4 - 8,
                          1.1, TRUE, &theme.foreground, 0);
    }
  y += 95;

  cairo_save (cr);
  cairo_translate (cr, 0, y);
  kontor_sales_chart_render (report, KONTOR_SALES_CHART_REVENUE_BY_MONTH, cr, PAGE_WIDTH,
                             half_h * 2 - 10, &theme);
  cairo_restore (cr);
  cairo_show_page (cr);

  /* Page 3: by manager, by product, leads, overdue */
  {
    const KontorSalesChart charts[] = {
      KONTOR_SALES_CHART_REVENUE_BY_MANAGER, KONTOR_SALES_CHART_REVENUE_BY_PRODUCT,
      KONTOR_SALES_CHART_LEAD_CONVERSION, KONTOR_SALES_CHART_OVERDUE,
    };

    for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
      {
        cairo_save (cr);
        cairo_translate (cr, (i % 2) * half_w, (i / 2) * (PAGE_HEIGHT / 2));
        kontor_sales_chart_render (report, charts[i], cr, half_w, PAGE_HEIGHT / 2, &theme);
        cairo_restore (cr);
      }
  }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

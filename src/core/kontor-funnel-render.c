/* kontor-funnel-render.c: the funnel drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-funnel-render"

#include "config.h"

#include <inttypes.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-funnel-render.h"

static KontorColor
mix (const KontorColor *a,
     const KontorColor *b,
     double             t)
{
  KontorColor c = {
    a->red + (b->red - a->red) * t,
    a->green + (b->green - a->green) * t,
    a->blue + (b->blue - a->blue) * t,
    1.0,
  };
  return c;
}

static const KontorColor *
text_on (const KontorColor *fill)
{
  static const KontorColor white = { 1, 1, 1, 1 };
  static const KontorColor black = { 0.1, 0.1, 0.1, 1 };
  double luminance = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;

  return luminance > 0.6 ? &black : &white;
}

static char *
count_text (gint64 count)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " deal",
                                       "%" PRId64 " deals", (gulong) count),
                          count);
}

/* Public API ------------------------------------------------------------- */

void
_kontor_chart_set_color (cairo_t           *cr,
                         const KontorColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* Draws one line of text whose top is at y; align 0 puts its left edge at
 * x, 0.5 its centre, 1 its right edge. Returns the height of the line. */
double
_kontor_chart_text (cairo_t                *cr,
                    const KontorChartTheme *theme,
                    const char             *text,
                    double                  x,
                    double                  y,
                    double                  max_width,
                    double                  scale,
                    gboolean                bold,
                    const KontorColor      *color,
                    double                  align)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_new ();
  int w, h;

  pango_font_description_set_family (font, theme->font_family ? theme->font_family : "Sans");
  pango_font_description_set_absolute_size (font, theme->font_size * scale * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);

  cairo_save (cr);
  _kontor_chart_set_color (cr, color);
  cairo_move_to (cr, x - w * align, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);

  return h;
}

void
kontor_chart_theme_init (KontorChartTheme *theme,
                         gboolean          dark)
{
  static const KontorChartTheme light_theme = {
    { 1, 1, 1, 1 },
    { 0.12, 0.12, 0.14, 1 },
    { 0.40, 0.40, 0.43, 1 },
    { 0.21, 0.52, 0.89, 1 },   /* #3584e4 */
    { 0.18, 0.62, 0.38, 1 },   /* #2ec27e, darkened for contrast */
    { 0.88, 0.11, 0.14, 1 },   /* #e01b24 */
    NULL,
    13,
  };
  static const KontorChartTheme dark_theme = {
    { 0.14, 0.14, 0.14, 1 },
    { 1, 1, 1, 1 },
    { 0.70, 0.70, 0.72, 1 },
    { 0.47, 0.68, 0.93, 1 },   /* #78aeed */
    { 0.34, 0.89, 0.54, 1 },   /* #57e389 */
    { 1.0, 0.48, 0.39, 1 },    /* #ff7b63 */
    NULL,
    13,
  };

  *theme = dark ? dark_theme : light_theme;
}

gboolean
kontor_render_format_from_path (const char         *path,
                                KontorRenderFormat *out_format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *out_format = KONTOR_RENDER_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *out_format = KONTOR_RENDER_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *out_format = KONTOR_RENDER_PDF;
  else
    return FALSE;
  return TRUE;
}

/* Layout: a title; the funnel on the left, one band per open stage and the
 * won band, each a trapezoid whose top is as wide as its value and whose
 * bottom meets the next band; the figures of each band to its right; the
 * lost deals in a column on the right, by the stage they were lost at and
 * by reason. */
void
kontor_funnel_render (KontorFunnel           *funnel,
                      cairo_t                *cr,
                      double                  width,
                      double                  height,
                      gboolean                by_amount,
                      const KontorChartTheme *theme)
{
  double m = CLAMP (MIN (width, height) * 0.03, 6, 32);
  double fs = theme->font_size;
  double fx, fw, lx, lw, px, pw, y0, y1, bh, gap, label_scale, title_h;
  gint64 max_value = 0, max_lost = 0;
  guint n = funnel->bands->len;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree double *widths = NULL;

  cairo_save (cr);

  if (theme->background.alpha > 0)
    {
      _kontor_chart_set_color (cr, &theme->background);
      cairo_paint (cr);
    }

  /* Title */
  title = g_strdup_printf (funnel->mode == KONTOR_FUNNEL_MODE_HISTORY
                           ? _("Funnel of “%s”") : _("Deals by current stage in “%s”"),
                           funnel->pipeline_name ? funnel->pipeline_name : "");
  if (by_amount)
    subtitle = g_strdup_printf (_("Band width by amount in %s · %" PRId64 " deals"),
                                funnel->main_currency, funnel->total_deals);
  else
    subtitle = g_strdup_printf (_("Band width by number of deals · %" PRId64 " deals"),
                                funnel->total_deals);
  title_h = _kontor_chart_text (cr, theme, title, m, m, width - 2 * m, 1.25, TRUE,
                                &theme->foreground, 0);
  title_h += _kontor_chart_text (cr, theme, subtitle, m, m + title_h, width - 2 * m, 0.9, FALSE,
                                 &theme->dim, 0);

  y0 = m + title_h + m;
  y1 = height - m;
  fx = m;
  fw = (width - 4 * m) * 0.40;
  lx = fx + fw + m;
  lw = (width - 4 * m) * 0.33;
  px = lx + lw + m;
  pw = width - px - m;
  if (width < 560)
    {
      /* Narrow: no room beside the labels for the lost deals */
      fw = (width - 3 * m) * 0.45;
      lx = fx + fw + m;
      lw = width - lx - m;
      pw = 0;
    }

  if (n == 0 || y1 - y0 < fs)
    {
      cairo_restore (cr);
      return;
    }

  bh = (y1 - y0) / n;
  gap = MIN (bh * 0.10, m * 0.5);
  label_scale = CLAMP ((bh - gap) / (3.4 * fs), 0.55, 1.0);

  widths = g_new0 (double, n);
  for (guint k = 0; k < n; k++)
    max_value = MAX (max_value, kontor_funnel_band_get_value (funnel,
                                                              kontor_funnel_get_band (funnel, k),
                                                              by_amount));
  for (guint k = 0; k < n; k++)
    {
      gint64 value = kontor_funnel_band_get_value (funnel, kontor_funnel_get_band (funnel, k),
                                                   by_amount);

      widths[k] = max_value > 0 ? fw * (double) value / (double) max_value : 0;
      widths[k] = MAX (widths[k], fw * 0.03);
    }

  for (guint k = 0; k < n; k++)
    {
      KontorFunnelBand *band = kontor_funnel_get_band (funnel, k);
      double top = y0 + k * bh, bottom = top + bh - gap, cx = fx + fw / 2;
      double wt = widths[k], wb = (k + 1 < n && !band->won) ? widths[k + 1] : widths[k];
      g_autofree char *value_text = NULL;
      g_autofree char *count = count_text (band->count);
      g_autofree char *sum = kontor_funnel_format_sum (funnel, band->amounts);
      g_autofree char *figures = g_strdup_printf ("%s · %s", count, sum);
      g_autofree char *prev = kontor_conversion_format (band->conversion_prev);
      g_autofree char *top_text = kontor_conversion_format (band->conversion_top);
      g_autofree char *conversion = NULL;
      KontorColor fill;
      double ty, line_h;

      if (band->won)
        fill = theme->won;
      else
        {
          /* The accent colour, a little lighter toward the narrow end */
          fill = mix (&theme->accent, &theme->background,
                      n > 1 ? 0.35 * k / (double) (n - 1) : 0);
        }

      cairo_new_path (cr);
      cairo_move_to (cr, cx - wt / 2, top);
      cairo_line_to (cr, cx + wt / 2, top);
      cairo_line_to (cr, cx + wb / 2, bottom);
      cairo_line_to (cr, cx - wb / 2, bottom);
      cairo_close_path (cr);
      _kontor_chart_set_color (cr, &fill);
      cairo_fill (cr);

      /* The value inside the band when it fits */
      value_text = g_strdup_printf ("%" PRId64, band->count);
      if (MIN (wt, wb) > fs * (1 + strlen (value_text)) && bottom - top > fs * 1.3)
        _kontor_chart_text (cr, theme, value_text, cx, (top + bottom) / 2 - fs * 0.65, 0, 1.0,
                            TRUE, text_on (&fill), 0.5);

      /* A thin guide from the band to its figures */
      cairo_set_line_width (cr, 1);
      _kontor_chart_set_color (cr, &theme->dim);
      cairo_save (cr);
      cairo_set_source_rgba (cr, theme->dim.red, theme->dim.green, theme->dim.blue, 0.35);
      cairo_move_to (cr, cx + MAX (wt, wb) / 2 + 4, (top + bottom) / 2);
      cairo_line_to (cr, lx - 4, (top + bottom) / 2);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (k == 0)
        conversion = g_strdup_printf (_("%s of the top"), top_text);
      else
        /* Translators: conversions: "88.9 % of previous · 77.8 % of top" */
        conversion = g_strdup_printf (_("%s of previous · %s of top"), prev, top_text);

      line_h = fs * label_scale * 1.25;
      ty = (top + bottom) / 2 - line_h * 1.5;
      ty += _kontor_chart_text (cr, theme, band->name, lx, ty, lw, label_scale, TRUE,
                                &theme->foreground, 0);
      ty += _kontor_chart_text (cr, theme, figures, lx, ty, lw, label_scale * 0.92, FALSE,
                                &theme->foreground, 0);
      _kontor_chart_text (cr, theme, conversion, lx, ty, lw, label_scale * 0.85, FALSE,
                          &theme->dim, 0);
    }

  /* Lost deals */
  if (pw > fs * 4)
    {
      g_autofree char *lost_sum = kontor_funnel_format_sum (funnel, funnel->lost_amounts);
      g_autofree char *lost_count = count_text (funnel->lost_count);
      g_autofree char *lost_title = g_strdup_printf (_("Lost: %s"), lost_count);
      double y = y0, row_h = fs * 1.3;
      GPtrArray *lists[] = { funnel->lost_by_stage, funnel->lost_by_reason };
      const char *headings[] = { N_("By stage lost at"), N_("By reason") };

      cairo_set_line_width (cr, 1);
      _kontor_chart_set_color (cr, &theme->dim);
      cairo_move_to (cr, px - m / 2, y0);
      cairo_line_to (cr, px - m / 2, y1);
      cairo_stroke (cr);

      y += _kontor_chart_text (cr, theme, lost_title, px, y, pw, 1.05, TRUE, &theme->lost, 0);
      y += _kontor_chart_text (cr, theme, lost_sum, px, y, pw, 0.9, FALSE, &theme->foreground, 0);

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
          max_lost = MAX (max_lost, ((KontorFunnelBand *) g_ptr_array_index (lists[l], i))->count);

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          if (y + row_h * 2 > y1)
            break;
          y += fs * 0.6;
          y += _kontor_chart_text (cr, theme, _(headings[l]), px, y, pw, 0.85, TRUE, &theme->dim,
                                   0);
          if (lists[l]->len == 0)
            y += _kontor_chart_text (cr, theme, "—", px, y, pw, 0.9, FALSE, &theme->dim, 0);

          for (guint i = 0; i < lists[l]->len; i++)
            {
              KontorFunnelBand *band = g_ptr_array_index (lists[l], i);
              g_autofree char *count = g_strdup_printf ("%" PRId64, band->count);
              double bar_w = max_lost > 0 ? (pw * 0.35) * band->count / (double) max_lost : 0;

              if (y + row_h * 1.6 > y1)
                {
                  _kontor_chart_text (cr, theme, "…", px, y, pw, 0.9, FALSE, &theme->dim, 0);
                  y = y1;
                  break;
                }

              _kontor_chart_text (cr, theme, band->name, px, y, pw * 0.78, 0.9, FALSE,
                                  &theme->foreground, 0);
              _kontor_chart_text (cr, theme, count, px + pw, y, 0, 0.9, TRUE,
                                  &theme->foreground, 1.0);
              y += row_h;
              cairo_rectangle (cr, px, y - fs * 0.05, MAX (bar_w, 2), fs * 0.35);
              _kontor_chart_set_color (cr, &theme->lost);
              cairo_fill (cr);
              y += fs * 0.55;
            }
        }
    }

  cairo_restore (cr);
}

gboolean
kontor_funnel_render_to_file (KontorFunnel        *funnel,
                              const char          *path,
                              KontorRenderFormat   format,
                              int                  width,
                              int                  height,
                              gboolean             by_amount,
                              GError             **error)
{
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  KontorChartTheme theme;
  cairo_t *cr;

  g_return_val_if_fail (funnel != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  kontor_chart_theme_init (&theme, FALSE);
  theme.font_size = CLAMP (width / 72.0, 9, 28);

  switch (format)
    {
    case KONTOR_RENDER_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    case KONTOR_RENDER_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case KONTOR_RENDER_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  cr = cairo_create (surface);
  kontor_funnel_render (funnel, cr, width, height, by_amount, &theme);
  cairo_destroy (cr);

  if (format == KONTOR_RENDER_PNG)
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/* kontor-funnel-chart.c: the funnel drawn with Cairo, with its figures as a table
 *
 * The drawing comes from the core renderer (the same one that writes PNG,
 * SVG and PDF files), in the colours of the current style: text colour,
 * accent, success and error colours, light or dark. The table below it
 * holds the same figures for screen readers and for copying.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-funnel-chart"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kontor-funnel-chart.h"
#include "kontor-funnel-render.h"

struct _KontorFunnelChart
{
  GtkWidget     parent_instance;

  GtkWidget    *canvas;
  GtkWidget    *table;
  KontorFunnel *funnel;
  gboolean      by_amount;
};

G_DEFINE_FINAL_TYPE (KontorFunnelChart, kontor_funnel_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BY_AMOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static KontorColor
color_from_rgba (const GdkRGBA *rgba)
{
  KontorColor color = { rgba->red, rgba->green, rgba->blue, rgba->alpha };

  return color;
}

/* GTK 4.8 has no gtk_widget_get_color (); the style context is the way */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
void
kontor_chart_theme_from_widget (GtkWidget        *widget,
                                KontorChartTheme *theme)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  PangoFontDescription *font = pango_context_get_font_description (pango);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA rgba;

  kontor_chart_theme_init (theme, dark);
  theme->background.alpha = 0;

  gtk_style_context_get_color (context, &rgba);
  theme->foreground = color_from_rgba (&rgba);
  rgba.alpha *= 0.68;
  theme->dim = color_from_rgba (&rgba);
  if (gtk_style_context_lookup_color (context, "accent_bg_color", &rgba))
    theme->accent = color_from_rgba (&rgba);
  if (gtk_style_context_lookup_color (context, "success_bg_color", &rgba))
    theme->won = color_from_rgba (&rgba);
  if (gtk_style_context_lookup_color (context, "error_color", &rgba))
    theme->lost = color_from_rgba (&rgba);

  if (font != NULL && pango_font_description_get_size (font) > 0)
    {
      double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

      if (!pango_font_description_get_size_is_absolute (font))
        size = size * 96.0 / 72.0;
      theme->font_size = size;
    }
  theme->font_family = font ? pango_font_description_get_family (font) : NULL;
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
draw_canvas (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  KontorFunnelChart *self = user_data;
  KontorChartTheme theme;

  if (self->funnel == NULL)
    return;

  kontor_chart_theme_from_widget (GTK_WIDGET (self), &theme);
  kontor_funnel_render (self->funnel, cr, width, height, self->by_amount, &theme);
}

static GtkWidget *
cell (const char *text,
      gboolean    numeric,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), numeric ? PANGO_ELLIPSIZE_NONE
                                                      : PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (label, !numeric);
  return label;
}

static void
add_row (GtkGrid    *grid,
         int         row,
         const char *a,
         const char *b,
         const char *c,
         const char *d,
         const char *e,
         gboolean    heading)
{
  const char *texts[] = { a, b, c, d, e };

  for (int i = 0; i < 5; i++)
    if (texts[i] != NULL)
      gtk_grid_attach (grid, cell (texts[i], i > 0, heading), i, row, 1, 1);
}

static void
rebuild_table (KontorFunnelChart *self)
{
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (self->table)) != NULL)
    gtk_grid_remove (GTK_GRID (self->table), child);

  if (self->funnel == NULL)
    return;

  add_row (GTK_GRID (self->table), row++, _("Stage"), _("Deals"), _("Amount"),
           _("Of previous"), _("Of top"), TRUE);
  for (guint i = 0; i < self->funnel->bands->len; i++)
    {
      KontorFunnelBand *band = g_ptr_array_index (self->funnel->bands, i);
      g_autofree char *count = g_strdup_printf ("%" PRId64, band->count);
      g_autofree char *sum = kontor_funnel_format_sum (self->funnel, band->amounts);
      g_autofree char *prev = kontor_conversion_format (band->conversion_prev);
      g_autofree char *top = kontor_conversion_format (band->conversion_top);

      add_row (GTK_GRID (self->table), row++, band->name, count, sum, prev, top, FALSE);
    }

  for (guint l = 0; l < 2; l++)
    {
      GPtrArray *list = l == 0 ? self->funnel->lost_by_stage : self->funnel->lost_by_reason;

      if (list->len == 0)
        continue;
      add_row (GTK_GRID (self->table), row++,
               l == 0 ? _("Lost, by stage lost at") : _("Lost, by reason"), NULL, NULL, NULL,
               NULL, TRUE);
      for (guint i = 0; i < list->len; i++)
        {
          KontorFunnelBand *band = g_ptr_array_index (list, i);
          g_autofree char *count = g_strdup_printf ("%" PRId64, band->count);
          g_autofree char *sum = kontor_funnel_format_sum (self->funnel, band->amounts);

          add_row (GTK_GRID (self->table), row++, band->name, count, sum, NULL, NULL, FALSE);
        }
    }
}

static void
on_style_changed (KontorFunnelChart *self)
{
  gtk_widget_queue_draw (self->canvas);
}

static void
kontor_funnel_chart_dispose (GObject *object)
{
  KontorFunnelChart *self = KONTOR_FUNNEL_CHART (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->canvas, gtk_widget_unparent);
  g_clear_pointer (&self->table, gtk_widget_unparent);

  G_OBJECT_CLASS (kontor_funnel_chart_parent_class)->dispose (object);
}

static void
kontor_funnel_chart_finalize (GObject *object)
{
  KontorFunnelChart *self = KONTOR_FUNNEL_CHART (object);

  g_clear_pointer (&self->funnel, kontor_funnel_free);

  G_OBJECT_CLASS (kontor_funnel_chart_parent_class)->finalize (object);
}

static void
kontor_funnel_chart_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KontorFunnelChart *self = KONTOR_FUNNEL_CHART (object);

  switch (prop_id)
    {
    case PROP_BY_AMOUNT:
      g_value_set_boolean (value, self->by_amount);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_funnel_chart_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KontorFunnelChart *self = KONTOR_FUNNEL_CHART (object);

  switch (prop_id)
    {
    case PROP_BY_AMOUNT:
      kontor_funnel_chart_set_by_amount (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_funnel_chart_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  KontorFunnelChart *self = KONTOR_FUNNEL_CHART (widget);

  GTK_WIDGET_CLASS (kontor_funnel_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (self->canvas);
}

static void
kontor_funnel_chart_class_init (KontorFunnelChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_funnel_chart_dispose;
  object_class->finalize = kontor_funnel_chart_finalize;
  object_class->get_property = kontor_funnel_chart_get_property;
  object_class->set_property = kontor_funnel_chart_set_property;
  widget_class->css_changed = kontor_funnel_chart_css_changed;

  properties[PROP_BY_AMOUNT] =
    g_param_spec_boolean ("by-amount", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "funnelchart");
}

static void
kontor_funnel_chart_init (KontorFunnelChart *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->canvas = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->canvas), 420);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->canvas), 320);
  gtk_widget_set_vexpand (self->canvas, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_canvas, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Funnel chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The same figures are in the table below the chart"),
                                  -1);
  gtk_widget_set_parent (self->canvas, GTK_WIDGET (self));

  self->table = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->table), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->table), 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->table),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Funnel figures"), -1);
  gtk_widget_set_parent (self->table, GTK_WIDGET (self));

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_style_changed), self);
}

GtkWidget *
kontor_funnel_chart_new (void)
{
  return g_object_new (KONTOR_TYPE_FUNNEL_CHART, NULL);
}

/* Takes the funnel (transfer full) */
void
kontor_funnel_chart_set_funnel (KontorFunnelChart *self,
                                KontorFunnel      *funnel)
{
  g_return_if_fail (KONTOR_IS_FUNNEL_CHART (self));

  if (self->funnel == funnel)
    return;

  g_clear_pointer (&self->funnel, kontor_funnel_free);
  self->funnel = funnel;
  rebuild_table (self);
  gtk_widget_queue_draw (self->canvas);
}

KontorFunnel *
kontor_funnel_chart_get_funnel (KontorFunnelChart *self)
{
  g_return_val_if_fail (KONTOR_IS_FUNNEL_CHART (self), NULL);

  return self->funnel;
}

void
kontor_funnel_chart_set_by_amount (KontorFunnelChart *self,
                                   gboolean           by_amount)
{
  g_return_if_fail (KONTOR_IS_FUNNEL_CHART (self));

  by_amount = !!by_amount;
  if (self->by_amount == by_amount)
    return;

  self->by_amount = by_amount;
  gtk_widget_queue_draw (self->canvas);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BY_AMOUNT]);
}

gboolean
kontor_funnel_chart_get_by_amount (KontorFunnelChart *self)
{
  g_return_val_if_fail (KONTOR_IS_FUNNEL_CHART (self), FALSE);

  return self->by_amount;
}

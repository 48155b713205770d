/* kontor-funnel-render.h: the funnel drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kontor-funnel.h"

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} KontorColor;

/* The colours and font a chart is drawn with; the window passes its style's
 * colours, files use the light theme. */
typedef struct
{
  KontorColor  background;   /* alpha 0: leave the surface as it is */
  KontorColor  foreground;
  KontorColor  dim;          /* secondary text, grid lines */
  KontorColor  accent;       /* the open bands and the bars */
  KontorColor  won;
  KontorColor  lost;
  const char  *font_family;  /* NULL: "Sans" */
  double       font_size;    /* in user units (pixels of a 1x surface) */
} KontorChartTheme;

typedef enum
{
  KONTOR_RENDER_PNG,
  KONTOR_RENDER_SVG,
  KONTOR_RENDER_PDF,
} KontorRenderFormat;

void      kontor_chart_theme_init          (KontorChartTheme        *theme,
                                            gboolean                 dark);
gboolean  kontor_render_format_from_path   (const char              *path,
                                            KontorRenderFormat      *out_format);

void      kontor_funnel_render             (KontorFunnel            *funnel,
                                            cairo_t                 *cr,
                                            double                   width,
                                            double                   height,
                                            gboolean                 by_amount,
                                            const KontorChartTheme  *theme);
gboolean  kontor_funnel_render_to_file     (KontorFunnel            *funnel,
                                            const char              *path,
                                            KontorRenderFormat       format,
                                            int                      width,
                                            int                      height,
                                            gboolean                 by_amount,
                                            GError                 **error);

/* Shared by the chart renderers */
void      _kontor_chart_set_color          (cairo_t                 *cr,
                                            const KontorColor       *color);
double    _kontor_chart_text               (cairo_t                 *cr,
                                            const KontorChartTheme  *theme,
                                            const char              *text,
                                            double                   x,
                                            double                   y,
                                            double                   max_width,
                                            double                   scale,
                                            gboolean                 bold,
                                            const KontorColor       *color,
                                            double                   align);

G_END_DECLS

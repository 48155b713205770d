/* kontor-funnel-chart.h: the funnel drawn with Cairo, with its figures as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-funnel-render.h"
#include "kontor-funnel.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_FUNNEL_CHART (kontor_funnel_chart_get_type ())

G_DECLARE_FINAL_TYPE (KontorFunnelChart, kontor_funnel_chart, KONTOR, FUNNEL_CHART, GtkWidget)

GtkWidget    *kontor_funnel_chart_new           (void);
void          kontor_funnel_chart_set_funnel    (KontorFunnelChart *self,
                                                 KontorFunnel      *funnel);
KontorFunnel *kontor_funnel_chart_get_funnel    (KontorFunnelChart *self);
void          kontor_funnel_chart_set_by_amount (KontorFunnelChart *self,
                                                 gboolean           by_amount);
gboolean      kontor_funnel_chart_get_by_amount (KontorFunnelChart *self);

/* The colours and font of a widget's style, for the core renderers */
void          kontor_chart_theme_from_widget    (GtkWidget         *widget,
                                                 KontorChartTheme  *theme);

G_END_DECLS

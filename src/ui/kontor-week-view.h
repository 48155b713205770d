/* kontor-week-view.h: one week of activities, days as columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_WEEK_VIEW (kontor_week_view_get_type ())

G_DECLARE_FINAL_TYPE (KontorWeekView, kontor_week_view, KONTOR, WEEK_VIEW, GtkWidget)

GtkWidget *kontor_week_view_new             (KontorRepository *repository);
void       kontor_week_view_set_week        (KontorWeekView   *self,
                                             gint64            any_time_in_week);
gint64     kontor_week_view_get_week_start  (KontorWeekView   *self);
gint64     kontor_week_view_get_week_end    (KontorWeekView   *self);
char      *kontor_week_view_dup_title       (KontorWeekView   *self);
void       kontor_week_view_set_filters     (KontorWeekView   *self,
                                             const char       *kind,
                                             const char       *responsible);
void       kontor_week_view_set_now         (KontorWeekView   *self,
                                             gint64            now);
guint      kontor_week_view_get_n_blocks    (KontorWeekView   *self);
GtkWidget *kontor_week_view_get_block       (KontorWeekView   *self,
                                             guint             index,
                                             int              *out_day);

G_END_DECLS

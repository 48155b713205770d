/* kontor-activities.h: due groups, reminders and completion of activities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-list-model.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_DUE_OVERDUE,   /* not done, due before now */
  KONTOR_DUE_TODAY,     /* not done, due later today (in the given time zone) */
  KONTOR_DUE_UPCOMING,  /* not done, due after today, or with no due time */
  KONTOR_DUE_DONE,
} KontorDueGroup;

gint64          kontor_activity_reminder_offset     (const char        *reminder);
KontorDueGroup  kontor_activity_get_due_group       (KontorEntity      *activity,
                                                     gint64             now,
                                                     GTimeZone         *tz);
gboolean        kontor_due_group_from_string        (const char        *text,
                                                     KontorDueGroup    *out_group);
gboolean        kontor_list_model_filter_due        (KontorListModel   *model,
                                                     KontorDueGroup     group,
                                                     gint64             now,
                                                     GTimeZone         *tz,
                                                     GError           **error);

gboolean        kontor_activity_complete            (KontorRepository  *repository,
                                                     KontorEntity      *activity,
                                                     const char        *result,
                                                     KontorEntity      *next_activity,
                                                     GError           **error);

GPtrArray      *kontor_reminders_list_due           (KontorRepository  *repository,
                                                     gint64             now,
                                                     GError           **error);
gint64          kontor_reminders_get_next_time      (KontorRepository  *repository,
                                                     gint64             now);
gboolean        kontor_reminders_mark_shown         (KontorRepository  *repository,
                                                     KontorEntity      *activity,
                                                     gint64             now,
                                                     GError           **error);
gint64          kontor_activities_count_overdue     (KontorRepository  *repository,
                                                     gint64             now);

G_END_DECLS

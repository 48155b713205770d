/* kontor-plan-activity.h: plan a call, e-mail, meeting or task for a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_PLAN_ACTIVITY (kontor_plan_activity_get_type ())

G_DECLARE_FINAL_TYPE (KontorPlanActivity, kontor_plan_activity, KONTOR, PLAN_ACTIVITY, AdwWindow)

GtkWidget    *kontor_plan_activity_new            (GtkWindow          *parent,
                                                   KontorRepository   *repository,
                                                   const char         *kind,
                                                   KontorEntity       *linked_record);
void          kontor_plan_activity_set_completing (KontorPlanActivity *self,
                                                   KontorEntity       *previous,
                                                   const char         *result);
KontorEntity *kontor_plan_activity_get_activity   (KontorPlanActivity *self);
void          kontor_plan_activity_set_subject    (KontorPlanActivity *self,
                                                   const char         *subject);
void          kontor_plan_activity_set_due        (KontorPlanActivity *self,
                                                   gint64              due_at);
gint64        kontor_plan_activity_get_due        (KontorPlanActivity *self);
gboolean      kontor_plan_activity_save           (KontorPlanActivity *self,
                                                   GError            **error);

GtkWidget    *kontor_plan_activity_buttons_new    (KontorRepository   *repository,
                                                   KontorEntity       *record);

const char   *kontor_activity_kind_get_label      (const char         *kind);
const char   *kontor_activity_kind_get_icon_name  (const char         *kind);

G_END_DECLS

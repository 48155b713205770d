/* kontor-reminders.h: desktop notifications for activity reminders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_REMINDERS (kontor_reminders_get_type ())

G_DECLARE_FINAL_TYPE (KontorReminders, kontor_reminders, KONTOR, REMINDERS, GObject)

KontorReminders  *kontor_reminders_new             (GApplication     *application,
                                                    KontorRepository *repository);
KontorRepository *kontor_reminders_get_repository  (KontorReminders  *self);
void              kontor_reminders_install_actions (KontorReminders  *self,
                                                    GActionMap       *map);
GtkWidget        *kontor_reminders_start           (KontorReminders  *self,
                                                    GtkWindow        *parent);
GArray           *kontor_reminders_fire_due        (KontorReminders  *self,
                                                    gint64            now);
gint64            kontor_reminders_get_scheduled   (KontorReminders  *self);
gboolean          kontor_reminders_get_holding     (KontorReminders  *self);

G_END_DECLS

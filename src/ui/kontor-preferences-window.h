/* kontor-preferences-window.h: the preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_PREFERENCES_WINDOW (kontor_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KontorPreferencesWindow, kontor_preferences_window, KONTOR, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget        *kontor_preferences_window_new            (GtkWindow               *parent,
                                                            KontorRepository        *repository);
KontorRepository *kontor_preferences_window_get_repository (KontorPreferencesWindow *self);
GSettings        *kontor_preferences_window_get_settings   (KontorPreferencesWindow *self);
gboolean          kontor_preferences_window_move_database  (KontorPreferencesWindow *self,
                                                            const char              *new_path,
                                                            GError                 **error);
char             *kontor_preferences_window_dup_example    (KontorPreferencesWindow *self);
void              kontor_preferences_window_switch_database (KontorPreferencesWindow *self,
                                                             const char              *path,
                                                             const char              *backup_path);

G_END_DECLS

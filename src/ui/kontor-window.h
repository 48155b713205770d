/* kontor-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_WINDOW (kontor_window_get_type ())

G_DECLARE_FINAL_TYPE (KontorWindow, kontor_window, KONTOR, WINDOW, AdwApplicationWindow)

KontorWindow     *kontor_window_new                (GtkApplication   *application,
                                                    KontorRepository *repository);
KontorRepository *kontor_window_get_repository     (KontorWindow     *self);
gboolean          kontor_window_get_welcome_shown  (KontorWindow     *self);
GtkWidget        *kontor_window_get_welcome_page   (KontorWindow     *self);
void              kontor_window_show_page          (KontorWindow     *self,
                                                    const char       *name);
const char       *kontor_window_get_page_name      (KontorWindow     *self);
GtkWidget        *kontor_window_get_page           (KontorWindow     *self,
                                                    const char       *name);
void              kontor_window_open_record        (KontorWindow     *self,
                                                    KontorEntity     *entity);
GtkWidget        *kontor_window_get_record_page    (KontorWindow     *self);
gboolean          kontor_window_go_back            (KontorWindow     *self);
void              kontor_window_show_deleted_toast (KontorWindow     *self,
                                                    KontorEntity     *entity);
void              kontor_window_add_toast          (KontorWindow     *self,
                                                    AdwToast         *toast);

G_END_DECLS

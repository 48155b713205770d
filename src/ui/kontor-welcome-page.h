/* kontor-welcome-page.h: what a new user sees on an empty database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KONTOR_TYPE_WELCOME_PAGE (kontor_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (KontorWelcomePage, kontor_welcome_page, KONTOR, WELCOME_PAGE, AdwBin)

GtkWidget *kontor_welcome_page_new      (void);
gboolean   kontor_welcome_page_get_busy (KontorWelcomePage *self);
void       kontor_welcome_page_set_busy (KontorWelcomePage *self,
                                         gboolean           busy);

G_END_DECLS

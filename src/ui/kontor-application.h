/* kontor-application.h: the Kontor application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KONTOR_TYPE_APPLICATION (kontor_application_get_type ())

G_DECLARE_FINAL_TYPE (KontorApplication, kontor_application, KONTOR, APPLICATION, AdwApplication)

KontorApplication *kontor_application_new         (void);
void               kontor_application_open_record (KontorApplication *self,
                                                   const char        *kind,
                                                   gint64             id);

G_END_DECLS

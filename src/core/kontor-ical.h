/* kontor-ical.h: activities to and from iCalendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-repository.h"

G_BEGIN_DECLS

char     *kontor_ical_export_to_string (KontorRepository  *repository,
                                        gint64             from,
                                        gint64             to,
                                        guint             *out_count,
                                        GError           **error);
gboolean  kontor_ical_export           (KontorRepository  *repository,
                                        const char        *path,
                                        gint64             from,
                                        gint64             to,
                                        guint             *out_count,
                                        GError           **error);
gboolean  kontor_ical_import           (KontorRepository  *repository,
                                        const char        *path,
                                        guint             *out_created,
                                        guint             *out_updated,
                                        GError           **error);
gboolean  kontor_ical_import_data      (KontorRepository  *repository,
                                        const char        *data,
                                        gsize              length,
                                        guint             *out_created,
                                        guint             *out_updated,
                                        GError           **error);

G_END_DECLS

/* kontor-export.h: CSV export of a list, JSON backup and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-list-model.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

gboolean  kontor_export_csv        (KontorListModel     *model,
                                    const char * const  *fields,
                                    const char          *path,
                                    GCancellable        *cancellable,
                                    GError             **error);
GStrv     kontor_export_list_fields (GType               entity_type);

gboolean  kontor_backup            (KontorRepository    *repository,
                                    const char          *path,
                                    GError             **error);
gboolean  kontor_restore           (KontorRepository    *repository,
                                    const char          *path,
                                    GError             **error);

G_END_DECLS

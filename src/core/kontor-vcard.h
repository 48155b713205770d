/* kontor-vcard.h: vCard import and export of contacts (EVCard)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-import.h"
#include "kontor-list-model.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_VCARD_21,
  KONTOR_VCARD_30,
} KontorVCardVersion;

KontorImport *kontor_vcard_import_new (KontorRepository    *repository,
                                       const char          *path,
                                       GError             **error);
gboolean      kontor_vcard_export     (KontorListModel     *contacts,
                                       const char          *path,
                                       KontorVCardVersion   version,
                                       guint               *out_count,
                                       GError             **error);

G_END_DECLS

/* kontor-import-dialog.h: import a CSV or vCard file, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_IMPORT_DIALOG (kontor_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KontorImportDialog, kontor_import_dialog, KONTOR, IMPORT_DIALOG, AdwWindow)

GtkWidget *kontor_import_dialog_new       (GtkWindow          *parent,
                                           KontorRepository   *repository,
                                           GType               entity_type);
gboolean   kontor_import_dialog_open_file (KontorImportDialog *self,
                                           const char         *path);
const char *kontor_import_dialog_get_step (KontorImportDialog *self);

G_END_DECLS

/* kontor-duplicates-dialog.h: "Find Duplicates" — groups of probable duplicates and merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_DUPLICATES_DIALOG (kontor_duplicates_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KontorDuplicatesDialog, kontor_duplicates_dialog, KONTOR, DUPLICATES_DIALOG, AdwWindow)

GtkWidget *kontor_duplicates_dialog_new (GtkWindow        *parent,
                                         KontorRepository *repository,
                                         GType             entity_type);

G_END_DECLS

/* kontor-values-editor.h: edit several phones, e-mails or messengers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_VALUES_EDITOR (kontor_values_editor_get_type ())

G_DECLARE_FINAL_TYPE (KontorValuesEditor, kontor_values_editor, KONTOR, VALUES_EDITOR, AdwBin)

GtkWidget  *kontor_values_editor_new        (const KontorField   *field);
void        kontor_values_editor_set_values (KontorValuesEditor  *self,
                                             const char * const  *values);
GStrv       kontor_values_editor_dup_values (KontorValuesEditor  *self);
GtkWidget  *kontor_values_editor_add_value  (KontorValuesEditor  *self,
                                             const char          *value);
guint       kontor_values_editor_get_n_values (KontorValuesEditor *self);
GtkWidget  *kontor_values_editor_get_entry  (KontorValuesEditor  *self,
                                             guint                position);
void        kontor_values_editor_set_error  (KontorValuesEditor  *self,
                                             const char          *message);
void        kontor_values_editor_focus      (KontorValuesEditor  *self);

G_END_DECLS

/* kontor-field-row.h: the editor of one field of a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_FIELD_ROW (kontor_field_row_get_type ())

G_DECLARE_FINAL_TYPE (KontorFieldRow, kontor_field_row, KONTOR, FIELD_ROW, GObject)

KontorFieldRow    *kontor_field_row_new          (KontorRepository  *repository,
                                                  const KontorField *field);
KontorFieldRow    *kontor_field_row_new_for_kind (KontorRepository  *repository,
                                                  const char        *kind,
                                                  const KontorField *field);
const KontorField *kontor_field_row_get_field    (KontorFieldRow    *self);
GtkWidget         *kontor_field_row_get_widget   (KontorFieldRow    *self);
gboolean           kontor_field_row_get_edited   (KontorFieldRow    *self);
void               kontor_field_row_load         (KontorFieldRow    *self,
                                                  KontorEntity      *entity);
gboolean           kontor_field_row_apply        (KontorFieldRow    *self,
                                                  KontorEntity      *target,
                                                  GError           **error);
char              *kontor_field_row_dup_text     (KontorFieldRow    *self);
void               kontor_field_row_set_text     (KontorFieldRow    *self,
                                                  const char        *text);
void               kontor_field_row_set_error    (KontorFieldRow    *self,
                                                  const char        *message);
gboolean           kontor_field_row_has_error    (KontorFieldRow    *self);
void               kontor_field_row_focus        (KontorFieldRow    *self);
gint64             kontor_field_row_get_ref_id   (KontorFieldRow    *self);
void               kontor_field_row_set_ref_id   (KontorFieldRow    *self,
                                                  gint64             id);
void               kontor_field_row_set_pipeline (KontorFieldRow    *self,
                                                  gint64             pipeline_id);

const char        *kontor_field_get_choice_label (const char        *kind,
                                                  const KontorField *field,
                                                  const char        *value);

G_END_DECLS

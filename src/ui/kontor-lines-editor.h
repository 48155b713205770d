/* kontor-lines-editor.h: the priced lines of an invoice or a deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_LINES_EDITOR (kontor_lines_editor_get_type ())

G_DECLARE_FINAL_TYPE (KontorLinesEditor, kontor_lines_editor, KONTOR, LINES_EDITOR, GtkBox)

GtkWidget    *kontor_lines_editor_new          (KontorRepository  *repository,
                                                KontorEntity      *owner);
KontorEntity *kontor_lines_editor_get_owner    (KontorLinesEditor *self);
GListModel   *kontor_lines_editor_get_lines    (KontorLinesEditor *self);
const char   *kontor_lines_editor_get_total_text (KontorLinesEditor *self);
void          kontor_lines_editor_show_error   (KontorLinesEditor *self,
                                                const char        *message);
gboolean      kontor_lines_editor_add_product  (KontorLinesEditor *self,
                                                KontorEntity      *product,
                                                GError           **error);
gboolean      kontor_lines_editor_add_free_line (KontorLinesEditor *self,
                                                 GError           **error);

G_END_DECLS

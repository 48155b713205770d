/* kontor-invoice-lines-editor.h: an invoice's lines, totals, PDF and print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-invoice-pdf.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_INVOICE_LINES_EDITOR (kontor_invoice_lines_editor_get_type ())

G_DECLARE_FINAL_TYPE (KontorInvoiceLinesEditor, kontor_invoice_lines_editor,
                      KONTOR, INVOICE_LINES_EDITOR, AdwBin)

GtkWidget  *kontor_invoice_lines_editor_new        (KontorRepository         *repository,
                                                    KontorEntity             *invoice);
GtkWidget  *kontor_invoice_lines_editor_get_lines  (KontorInvoiceLinesEditor *self);
gboolean    kontor_invoice_lines_editor_write_pdf  (KontorInvoiceLinesEditor *self,
                                                    const char               *path,
                                                    GError                  **error);

G_END_DECLS

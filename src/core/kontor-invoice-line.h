/* kontor-invoice-line.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_INVOICE_LINE (kontor_invoice_line_get_type ())

G_DECLARE_FINAL_TYPE (KontorInvoiceLine, kontor_invoice_line, KONTOR, INVOICE_LINE, KontorEntity)

KontorInvoiceLine *kontor_invoice_line_new (void);

G_END_DECLS

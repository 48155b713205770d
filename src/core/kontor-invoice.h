/* kontor-invoice.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_INVOICE (kontor_invoice_get_type ())

G_DECLARE_FINAL_TYPE (KontorInvoice, kontor_invoice, KONTOR, INVOICE, KontorEntity)

KontorInvoice *kontor_invoice_new (void);

G_END_DECLS

/* kontor-invoice-pdf.h: an invoice drawn with Cairo and Pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "kontor-entity.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

/* Who issues the invoice; the UI reads it from the preferences */
typedef struct
{
  const char *name;
  const char *tax_id;        /* ИНН / VAT number */
  const char *kpp;           /* КПП, Russian companies only */
  const char *address;
  const char *bank_name;
  const char *bank_account;
  const char *bank_bic;      /* БИК or SWIFT */
  const char *correspondent_account;
  const char *director;
  const char *logo_path;     /* PNG, optional */
} KontorSeller;

#define KONTOR_INVOICE_PAGE_WIDTH  595.276  /* A4 in points */
#define KONTOR_INVOICE_PAGE_HEIGHT 841.89

typedef struct _KontorInvoiceLayout KontorInvoiceLayout;

KontorInvoiceLayout *kontor_invoice_layout_new       (KontorRepository     *repository,
                                                      KontorEntity         *invoice,
                                                      const KontorSeller   *seller,
                                                      const char           *language,
                                                      GError              **error);
void                 kontor_invoice_layout_free      (KontorInvoiceLayout  *layout);
guint                kontor_invoice_layout_get_n_pages (KontorInvoiceLayout *layout,
                                                        cairo_t             *cr);
void                 kontor_invoice_layout_draw_page (KontorInvoiceLayout  *layout,
                                                      cairo_t              *cr,
                                                      guint                 page);

gboolean             kontor_invoice_write_pdf        (KontorRepository     *repository,
                                                      KontorEntity         *invoice,
                                                      const KontorSeller   *seller,
                                                      const char           *language,
                                                      const char           *path,
                                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorInvoiceLayout, kontor_invoice_layout_free)

G_END_DECLS

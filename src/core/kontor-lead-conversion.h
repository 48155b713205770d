/* kontor-lead-conversion.h: turning a lead into a contact, a company and a deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_CONVERT_SKIP,    /* nothing of this kind */
  KONTOR_CONVERT_CREATE,  /* save the pre-filled record */
  KONTOR_CONVERT_LINK,    /* use the existing record with the given id */
} KontorConvertAction;

/* What a conversion makes. kontor_lead_conversion_new() fills in editable
 * new records from the lead; change them, or choose LINK and an id. After
 * kontor_lead_convert() the structure also remembers what to undo. */
typedef struct
{
  KontorConvertAction  contact_action;
  KontorEntity        *contact;      /* CREATE: the new contact */
  gint64               contact_id;   /* LINK */

  KontorConvertAction  company_action;
  KontorEntity        *company;
  gint64               company_id;

  KontorConvertAction  deal_action;
  KontorEntity        *deal;
  gint64               deal_id;

  /*< private >*/
  gboolean             converted;
  char                *previous_status;
  gint64               previous_refs[3];
} KontorLeadConversion;

KontorLeadConversion *kontor_lead_conversion_new  (KontorRepository      *repository,
                                                   KontorEntity          *lead);
void                  kontor_lead_conversion_free (KontorLeadConversion  *conversion);

gboolean              kontor_lead_convert         (KontorRepository      *repository,
                                                   KontorEntity          *lead,
                                                   KontorLeadConversion  *options,
                                                   KontorEntity         **out_contact,
                                                   KontorEntity         **out_company,
                                                   KontorEntity         **out_deal,
                                                   GError               **error);
gboolean              kontor_lead_conversion_undo (KontorRepository      *repository,
                                                   KontorEntity          *lead,
                                                   KontorLeadConversion  *conversion,
                                                   GError               **error);

gboolean              kontor_lead_is_read_only    (KontorEntity          *lead);

gboolean              kontor_lead_sources_list    (KontorRepository      *repository,
                                                   GStrv                 *out_codes,
                                                   GStrv                 *out_names,
                                                   GError               **error);
gboolean              kontor_lead_source_rename   (KontorRepository      *repository,
                                                   const char            *code,
                                                   const char            *name,
                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorLeadConversion, kontor_lead_conversion_free)

G_END_DECLS

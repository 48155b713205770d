/* kontor-lead-convert-dialog.h: "Convert Lead" — contact, company and deal in one step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-lead-conversion.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_LEAD_CONVERT_DIALOG (kontor_lead_convert_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KontorLeadConvertDialog, kontor_lead_convert_dialog, KONTOR, LEAD_CONVERT_DIALOG, AdwWindow)

GtkWidget            *kontor_lead_convert_dialog_new            (GtkWindow               *parent,
                                                                 KontorRepository        *repository,
                                                                 KontorEntity            *lead);
KontorLeadConversion *kontor_lead_convert_dialog_take_conversion (KontorLeadConvertDialog *self);

G_END_DECLS

/* kontor-move-deal-dialog.h: "Move to stage…" and the loss reason question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_MOVE_DEAL_DIALOG (kontor_move_deal_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KontorMoveDealDialog, kontor_move_deal_dialog, KONTOR, MOVE_DEAL_DIALOG,
                      AdwMessageDialog)

GtkWidget *kontor_move_deal_dialog_new             (GtkWindow            *parent,
                                                    KontorRepository     *repository,
                                                    KontorEntity         *deal,
                                                    gint64                stage_id);
gint64     kontor_move_deal_dialog_get_stage_id    (KontorMoveDealDialog *self);
char      *kontor_move_deal_dialog_dup_loss_reason (KontorMoveDealDialog *self);

G_END_DECLS

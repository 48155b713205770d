/* kontor-deal-board.h: the pipeline board of the Deals page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_DEAL_BOARD (kontor_deal_board_get_type ())

G_DECLARE_FINAL_TYPE (KontorDealBoard, kontor_deal_board, KONTOR, DEAL_BOARD, AdwBin)

GtkWidget *kontor_deal_board_new          (KontorRepository *repository);
gint64     kontor_deal_board_get_pipeline (KontorDealBoard  *self);
void       kontor_deal_board_set_pipeline (KontorDealBoard  *self,
                                           gint64            pipeline_id);
GtkWidget *kontor_deal_board_get_column   (KontorDealBoard  *self,
                                           gint64            stage_id);
gboolean   kontor_deal_board_move_deal    (KontorDealBoard  *self,
                                           KontorEntity     *deal,
                                           gint64            stage_id,
                                           gint              position);
gboolean   kontor_deal_board_undo         (KontorDealBoard  *self);

G_END_DECLS

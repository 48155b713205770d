/* kontor-board.h: what the deal board needs from the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

/* Ranks of neighbouring cards are this far apart after a renumbering, so
 * that many cards can be put between two before the next one. */
#define KONTOR_BOARD_RANK_STEP G_GINT64_CONSTANT (65536)

typedef struct
{
  char   *currency;
  gint64  count;
  gint64  amount;  /* minor units of currency */
} KontorStageTotal;

GArray       *kontor_board_get_stage_totals    (KontorRepository  *repository,
                                                gint64             stage_id,
                                                GError           **error);
gint64        kontor_board_count_deals         (GArray            *totals);

gboolean      kontor_board_move_deal           (KontorRepository  *repository,
                                                KontorEntity      *deal,
                                                gint64             stage_id,
                                                gint               position,
                                                const char        *loss_reason,
                                                GError           **error);
gboolean      kontor_board_restore_deal        (KontorRepository  *repository,
                                                KontorEntity      *deal,
                                                gint64             stage_id,
                                                gint64             board_rank,
                                                const char        *loss_reason,
                                                GError           **error);
gint64        kontor_board_get_adjacent_stage  (KontorRepository  *repository,
                                                gint64             stage_id,
                                                gint               direction,
                                                GError           **error);
KontorEntity *kontor_board_find_next_activity  (KontorRepository  *repository,
                                                gint64             deal_id,
                                                GError           **error);

GStrv         kontor_board_list_loss_reasons   (KontorRepository  *repository,
                                                GError           **error);
gboolean      kontor_board_add_loss_reason     (KontorRepository  *repository,
                                                const char        *name,
                                                GError           **error);

GListModel   *kontor_board_list_pipelines      (KontorRepository  *repository,
                                                GError           **error);
gboolean      kontor_board_reorder             (KontorRepository  *repository,
                                                KontorEntity      *stage_or_pipeline,
                                                gint               delta,
                                                GError           **error);
gboolean      kontor_board_delete_pipeline     (KontorRepository  *repository,
                                                KontorEntity      *pipeline,
                                                GError           **error);

G_END_DECLS

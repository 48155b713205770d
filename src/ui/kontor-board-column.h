/* kontor-board-column.h: the deals of one stage on the board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_BOARD_COLUMN (kontor_board_column_get_type ())

G_DECLARE_FINAL_TYPE (KontorBoardColumn, kontor_board_column, KONTOR, BOARD_COLUMN, GtkWidget)

GtkWidget     *kontor_board_column_new             (KontorRepository  *repository,
                                                    KontorEntity      *stage);
KontorEntity  *kontor_board_column_get_stage       (KontorBoardColumn *self);
GListModel    *kontor_board_column_get_model       (KontorBoardColumn *self);
GtkDropTarget *kontor_board_column_get_drop_target (KontorBoardColumn *self);
void           kontor_board_column_update_totals   (KontorBoardColumn *self);
gint64         kontor_board_column_get_count       (KontorBoardColumn *self);
const char    *kontor_board_column_get_totals_text (KontorBoardColumn *self);
gboolean       kontor_board_column_get_collapsed   (KontorBoardColumn *self);
void           kontor_board_column_set_collapsed   (KontorBoardColumn *self,
                                                    gboolean           collapsed);
void           kontor_board_column_focus_deal      (KontorBoardColumn *self,
                                                    gint64             deal_id);

G_END_DECLS

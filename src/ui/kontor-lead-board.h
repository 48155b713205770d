/* kontor-lead-board.h: the board of the Leads page, one column per status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_LEAD_BOARD (kontor_lead_board_get_type ())

G_DECLARE_FINAL_TYPE (KontorLeadBoard, kontor_lead_board, KONTOR, LEAD_BOARD, AdwBin)

GtkWidget     *kontor_lead_board_new             (KontorRepository *repository);
guint          kontor_lead_board_get_count       (KontorLeadBoard  *self,
                                                  const char       *status);
const char    *kontor_lead_board_get_count_text  (KontorLeadBoard  *self,
                                                  const char       *status);
GtkListView   *kontor_lead_board_get_list_view   (KontorLeadBoard  *self,
                                                  const char       *status);
GtkDropTarget *kontor_lead_board_get_drop_target (KontorLeadBoard  *self,
                                                  const char       *status);
GtkWidget     *kontor_lead_board_get_dialog      (KontorLeadBoard  *self);
gboolean       kontor_lead_board_move_lead       (KontorLeadBoard  *self,
                                                  KontorEntity     *lead,
                                                  const char       *status);

G_END_DECLS

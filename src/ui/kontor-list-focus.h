/* kontor-list-focus.h: gives the keyboard focus to the row of one record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-core.h"

G_BEGIN_DECLS

/**
 * KontorRowItemFunc:
 * @row: a child of a #GtkListView
 *
 * Returns: (transfer none) (nullable): the item that @row shows
 */
typedef gpointer (*KontorRowItemFunc) (GtkWidget *row);

void kontor_list_view_focus_record (GtkListView       *list_view,
                                    KontorListModel   *model,
                                    gint64             id,
                                    KontorRowItemFunc  row_item);

G_END_DECLS

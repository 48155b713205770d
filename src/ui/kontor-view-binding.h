/* kontor-view-binding.h: list views that hold rows only while shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kontor_view_bind_while_mapped (GtkWidget         *view,
                                    GtkSelectionModel *model);

G_END_DECLS

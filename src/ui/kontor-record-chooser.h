/* kontor-record-chooser.h: a popover to choose a linked record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_RECORD_CHOOSER (kontor_record_chooser_get_type ())

G_DECLARE_FINAL_TYPE (KontorRecordChooser, kontor_record_chooser, KONTOR, RECORD_CHOOSER, GtkPopover)

GtkWidget  *kontor_record_chooser_new        (KontorRepository    *repository,
                                              GType                entity_type);
GListModel *kontor_record_chooser_get_model  (KontorRecordChooser *self);
void        kontor_record_chooser_set_search (KontorRecordChooser *self,
                                              const char          *text);
void        kontor_record_chooser_choose     (KontorRecordChooser *self,
                                              guint                position);

G_END_DECLS

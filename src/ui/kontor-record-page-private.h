/* kontor-record-page-private.h: what the tests look at inside a record page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-field-row.h"
#include "kontor-record-page.h"
#include "kontor-timeline-view.h"

G_BEGIN_DECLS

KontorFieldRow     *_kontor_record_page_get_field_row    (KontorRecordPage *self,
                                                          const char       *field);
KontorTimelineView *_kontor_record_page_get_timeline     (KontorRecordPage *self);
GtkListBox         *_kontor_record_page_get_linked_list  (KontorRecordPage *self,
                                                          const char       *kind);
const char         *_kontor_record_page_get_banner_text  (KontorRecordPage *self);
gboolean            _kontor_record_page_get_restored_shown (KontorRecordPage *self);
AdwMessageDialog   *_kontor_record_page_get_duplicates_dialog (KontorRecordPage *self);

G_END_DECLS

/* kontor-record-page.h: the page of one record: form, links, timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-drafts.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_RECORD_PAGE (kontor_record_page_get_type ())

G_DECLARE_FINAL_TYPE (KontorRecordPage, kontor_record_page, KONTOR, RECORD_PAGE, AdwBin)

GtkWidget    *kontor_record_page_new         (KontorRepository  *repository,
                                              KontorEntity      *entity);
KontorEntity *kontor_record_page_get_entity  (KontorRecordPage  *self);
void          kontor_record_page_add_section (KontorRecordPage  *self,
                                              const char        *title,
                                              GtkWidget         *widget);
gboolean      kontor_record_page_save        (KontorRecordPage  *self,
                                              GError           **error);
void          kontor_record_page_restore_draft (KontorRecordPage  *self,
                                                const KontorDraft *draft);
gboolean      kontor_record_page_get_changed (KontorRecordPage  *self);
void          kontor_record_page_focus_first_field (KontorRecordPage *self);

G_END_DECLS

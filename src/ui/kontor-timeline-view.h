/* kontor-timeline-view.h: what happened to a record, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_TIMELINE_VIEW (kontor_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (KontorTimelineView, kontor_timeline_view, KONTOR, TIMELINE_VIEW, AdwBin)

GtkWidget  *kontor_timeline_view_new         (KontorRepository   *repository,
                                              KontorEntity       *entity);
GListModel *kontor_timeline_view_get_items   (KontorTimelineView *self);
void        kontor_timeline_view_refresh     (KontorTimelineView *self);
gboolean    kontor_timeline_view_add_comment (KontorTimelineView *self,
                                              const char         *text,
                                              GError            **error);
GtkWidget  *kontor_timeline_view_get_comment_entry (KontorTimelineView *self);

char       *kontor_timeline_dup_event_text   (const char         *event,
                                              const char         *text);

G_END_DECLS

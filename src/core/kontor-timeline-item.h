/* kontor-timeline-item.h: one event in a record's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KONTOR_TYPE_TIMELINE_ITEM (kontor_timeline_item_get_type ())

G_DECLARE_FINAL_TYPE (KontorTimelineItem, kontor_timeline_item, KONTOR, TIMELINE_ITEM, GObject)

KontorTimelineItem *kontor_timeline_item_new            (gint64              id,
                                                         const char         *event,
                                                         const char         *text,
                                                         gint64              created_at);
gint64              kontor_timeline_item_get_id         (KontorTimelineItem *self);
const char         *kontor_timeline_item_get_event      (KontorTimelineItem *self);
const char         *kontor_timeline_item_get_text       (KontorTimelineItem *self);
gint64              kontor_timeline_item_get_created_at (KontorTimelineItem *self);

G_END_DECLS

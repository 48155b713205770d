/* kontor-timeline-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-timeline-item"

#include "config.h"

#include "kontor-timeline-item.h"

struct _KontorTimelineItem
{
  GObject  parent_instance;

  gint64   id;
  char    *event;
  char    *text;
  gint64   created_at;
};

G_DEFINE_FINAL_TYPE (KontorTimelineItem, kontor_timeline_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EVENT,
  PROP_TEXT,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kontor_timeline_item_finalize (GObject *object)
{
  KontorTimelineItem *self = (KontorTimelineItem *)object;

  g_clear_pointer (&self->event, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (kontor_timeline_item_parent_class)->finalize (object);
}

static void
kontor_timeline_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KontorTimelineItem *self = KONTOR_TIMELINE_ITEM (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_string (value, self->event);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_timeline_item_class_init (KontorTimelineItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kontor_timeline_item_finalize;
  object_class->get_property = kontor_timeline_item_get_property;

  properties[PROP_EVENT] =
    g_param_spec_string ("event", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kontor_timeline_item_init (KontorTimelineItem *self)
{
}

KontorTimelineItem *
kontor_timeline_item_new (gint64      id,
                          const char *event,
                          const char *text,
                          gint64      created_at)
{
  KontorTimelineItem *self = g_object_new (KONTOR_TYPE_TIMELINE_ITEM, NULL);

  self->id = id;
  self->event = g_strdup (event);
  self->text = g_strdup (text);
  self->created_at = created_at;

  return self;
}

gint64
kontor_timeline_item_get_id (KontorTimelineItem *self)
{
  g_return_val_if_fail (KONTOR_IS_TIMELINE_ITEM (self), 0);
  return self->id;
}

const char *
kontor_timeline_item_get_event (KontorTimelineItem *self)
{
  g_return_val_if_fail (KONTOR_IS_TIMELINE_ITEM (self), NULL);
  return self->event;
}

const char *
kontor_timeline_item_get_text (KontorTimelineItem *self)
{
  g_return_val_if_fail (KONTOR_IS_TIMELINE_ITEM (self), NULL);
  return self->text;
}

gint64
kontor_timeline_item_get_created_at (KontorTimelineItem *self)
{
  g_return_val_if_fail (KONTOR_IS_TIMELINE_ITEM (self), 0);
  return self->created_at;
}

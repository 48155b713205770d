/* kontor-activity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-activity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-activity.h"

struct _KontorActivity
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorActivity, kontor_activity, KONTOR_TYPE_ENTITY)

static const char * const activity_kinds[] = { "call", "email", "meeting", "task", NULL };

static const char * const activity_priorities[] = { "low", "normal", "high", NULL };

static const char * const activity_reminders[] = { "none", "at_time", "5m", "15m", "30m", "1h", "1d", NULL };

static const KontorField fields[] = {
  { "kind", KONTOR_FIELD_ENUM, KONTOR_FIELD_REQUIRED, 0, NULL, activity_kinds, N_("Kind") },
  { "subject", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 255, NULL, NULL, N_("Subject") },
  { "description", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Description") },
  { "due_at", KONTOR_FIELD_TIMESTAMP, 0, 0, NULL, NULL, N_("Due") },
  { "duration", KONTOR_FIELD_INT, 0, 0, NULL, NULL, N_("Duration, minutes") },
  { "location", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Location") },
  { "priority", KONTOR_FIELD_ENUM, 0, 0, NULL, activity_priorities, N_("Priority") },
  { "done", KONTOR_FIELD_BOOL, 0, 0, NULL, NULL, N_("Done") },
  { "done_at", KONTOR_FIELD_TIMESTAMP, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Done at") },
  { "result", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Result") },
  { "responsible", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Responsible") },
  { "reminder", KONTOR_FIELD_ENUM, 0, 0, NULL, activity_reminders, N_("Reminder") },
  { "lead", KONTOR_FIELD_REF, 0, 0, "lead", NULL, N_("Lead") },
  { "contact", KONTOR_FIELD_REF, 0, 0, "contact", NULL, N_("Contact") },
  { "company", KONTOR_FIELD_REF, 0, 0, "company", NULL, N_("Company") },
  { "deal", KONTOR_FIELD_REF, 0, 0, "deal", NULL, N_("Deal") },
  { "time_zone", KONTOR_FIELD_TEXT, 0, 64, NULL, NULL, N_("Time zone") },
  { "remind_at", KONTOR_FIELD_TIMESTAMP, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Remind at") },
  { "reminded_at", KONTOR_FIELD_TIMESTAMP, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Reminded at") },
};

static gboolean
kontor_activity_validate (KontorEntity  *entity,
                          GError       **error)
{
  if (!KONTOR_ENTITY_CLASS (kontor_activity_parent_class)->validate (entity, error))
    return FALSE;

  {
    const char *zone = kontor_entity_get_text (entity, "time_zone");
    g_autoptr(GTimeZone) tz = NULL;

    if (zone != NULL)
      {
        tz = g_time_zone_new_identifier (zone);
        if (tz == NULL)
          {
            kontor_set_field_error (error, "time_zone",
                                    _("Time zone: “%s” is not a known time zone"), zone);
            return FALSE;
          }
      }
  }
  if (kontor_entity_get_int (entity, "duration") > 60 * 24 * 31)
    {
      kontor_set_field_error (error, "duration", _("Duration: at most 31 days"));
      return FALSE;
    }

  return TRUE;
}

static void
kontor_activity_class_init (KontorActivityClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "activity";
  entity_class->plural = "activities";
  entity_class->table = "activities";
  entity_class->search_code = 5;
  entity_class->validate = kontor_activity_validate;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_activity_init (KontorActivity *self)
{
  kontor_entity_set_text (KONTOR_ENTITY (self), "kind", "task");
  kontor_entity_set_text (KONTOR_ENTITY (self), "priority", "normal");
  kontor_entity_set_text (KONTOR_ENTITY (self), "reminder", "none");
}

KontorActivity *
kontor_activity_new (void)
{
  return g_object_new (KONTOR_TYPE_ACTIVITY, NULL);
}

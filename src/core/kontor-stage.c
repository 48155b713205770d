/* kontor-stage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-stage"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-stage.h"

struct _KontorStage
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorStage, kontor_stage, KONTOR_TYPE_ENTITY)

static const char * const stage_semantics[] = { "open", "won", "lost", NULL };

static const KontorField fields[] = {
  { "pipeline", KONTOR_FIELD_REF, KONTOR_FIELD_REQUIRED, 0, "pipeline", NULL, N_("Pipeline") },
  { "name", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 100, NULL, NULL, N_("Name") },
  { "position", KONTOR_FIELD_INT, 0, 0, NULL, NULL, N_("Position") },
  { "color", KONTOR_FIELD_TEXT, 0, 7, NULL, NULL, N_("Colour") },
  { "semantics", KONTOR_FIELD_ENUM, KONTOR_FIELD_REQUIRED, 0, NULL, stage_semantics, N_("Kind") },
};

static gboolean
kontor_stage_validate (KontorEntity  *entity,
                       GError       **error)
{
  if (!KONTOR_ENTITY_CLASS (kontor_stage_parent_class)->validate (entity, error))
    return FALSE;

  {
    const char *color = kontor_entity_get_text (entity, "color");
    gboolean ok = TRUE;

    if (color != NULL)
      {
        ok = strlen (color) == 7 && color[0] == '#';
        for (guint i = 1; ok && i < 7; i++)
          ok = g_ascii_isxdigit (color[i]);
      }
    if (!ok)
      {
        kontor_set_field_error (error, "color", _("Colour: “%s” is not a colour like #3584e4"),
                                color);
        return FALSE;
      }
  }

  return TRUE;
}

static void
kontor_stage_class_init (KontorStageClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "stage";
  entity_class->plural = "stages";
  entity_class->table = "stages";
  entity_class->search_code = 9;
  entity_class->validate = kontor_stage_validate;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_stage_init (KontorStage *self)
{
  kontor_entity_set_text (KONTOR_ENTITY (self), "semantics", "open");
}

KontorStage *
kontor_stage_new (void)
{
  return g_object_new (KONTOR_TYPE_STAGE, NULL);
}

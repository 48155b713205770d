/* kontor-pipeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-pipeline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-pipeline.h"

struct _KontorPipeline
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorPipeline, kontor_pipeline, KONTOR_TYPE_ENTITY)

static const KontorField fields[] = {
  { "name", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 100, NULL, NULL, N_("Name") },
  { "position", KONTOR_FIELD_INT, 0, 0, NULL, NULL, N_("Position") },
};

static void
kontor_pipeline_class_init (KontorPipelineClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "pipeline";
  entity_class->plural = "pipelines";
  entity_class->table = "pipelines";
  entity_class->search_code = 8;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_pipeline_init (KontorPipeline *self)
{
}

KontorPipeline *
kontor_pipeline_new (void)
{
  return g_object_new (KONTOR_TYPE_PIPELINE, NULL);
}

/* kontor-pipeline-editor.h: create, rename, reorder, recolour and delete
 * pipelines and their stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_PIPELINE_EDITOR (kontor_pipeline_editor_get_type ())

G_DECLARE_FINAL_TYPE (KontorPipelineEditor, kontor_pipeline_editor, KONTOR, PIPELINE_EDITOR,
                      AdwWindow)

GtkWidget *kontor_pipeline_editor_new (GtkWindow        *parent,
                                       KontorRepository *repository,
                                       gint64            pipeline_id);

G_END_DECLS

/* kontor-pipeline.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_PIPELINE (kontor_pipeline_get_type ())

G_DECLARE_FINAL_TYPE (KontorPipeline, kontor_pipeline, KONTOR, PIPELINE, KontorEntity)

KontorPipeline *kontor_pipeline_new (void);

G_END_DECLS

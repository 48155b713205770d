/* kontor-stage.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_STAGE (kontor_stage_get_type ())

G_DECLARE_FINAL_TYPE (KontorStage, kontor_stage, KONTOR, STAGE, KontorEntity)

KontorStage *kontor_stage_new (void);

G_END_DECLS

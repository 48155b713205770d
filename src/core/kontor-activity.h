/* kontor-activity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_ACTIVITY (kontor_activity_get_type ())

G_DECLARE_FINAL_TYPE (KontorActivity, kontor_activity, KONTOR, ACTIVITY, KontorEntity)

KontorActivity *kontor_activity_new (void);

G_END_DECLS

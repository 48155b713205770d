/* kontor-entity-private.h: what only the core may touch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

void          _kontor_entity_set_identity   (KontorEntity *self,
                                             gint64        id,
                                             const char   *uuid,
                                             gint64        created_at,
                                             gint64        updated_at,
                                             gint64        deleted_at);
void          _kontor_entity_set_deleted_at (KontorEntity *self,
                                             gint64        deleted_at);
const GValue *_kontor_entity_get_value      (KontorEntity *self,
                                             guint         field_index);
void          _kontor_entity_set_value      (KontorEntity *self,
                                             guint         field_index,
                                             const GValue *value);

G_END_DECLS

/* kontor-repository.h: one open Kontor database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-entity.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_CHANGE_CREATED,
  KONTOR_CHANGE_UPDATED,
  KONTOR_CHANGE_DELETED,
} KontorChange;

typedef gboolean (*KontorTransactionFunc) (gpointer   user_data,
                                           GError   **error);

#define KONTOR_TYPE_REPOSITORY (kontor_repository_get_type ())

G_DECLARE_FINAL_TYPE (KontorRepository, kontor_repository, KONTOR, REPOSITORY, GObject)

gint64            kontor_now                            (void);
char             *kontor_repository_dup_default_path    (void);
guint             kontor_repository_get_schema_version  (void);

KontorRepository *kontor_repository_open               (const char        *path,
                                                        GError           **error);
const char       *kontor_repository_get_path           (KontorRepository  *self);

const char       *kontor_repository_get_default_currency (KontorRepository *self);
void              kontor_repository_set_default_currency (KontorRepository *self,
                                                          const char       *currency);

GType             kontor_entity_type_from_name         (const char        *name);
const GType      *kontor_entity_list_types             (guint             *n_types);

gpointer          kontor_repository_find               (KontorRepository  *self,
                                                        GType              type,
                                                        gint64             id,
                                                        GError           **error);
gpointer          kontor_repository_find_by_name       (KontorRepository  *self,
                                                        GType              type,
                                                        const char        *name,
                                                        gint64             scope_id,
                                                        GError           **error);
gboolean          kontor_repository_reload             (KontorRepository  *self,
                                                        KontorEntity      *entity,
                                                        GError           **error);
gboolean          kontor_repository_save               (KontorRepository  *self,
                                                        KontorEntity      *entity,
                                                        GError           **error);
gboolean          kontor_repository_delete             (KontorRepository  *self,
                                                        KontorEntity      *entity,
                                                        GError           **error);
gboolean          kontor_repository_undelete           (KontorRepository  *self,
                                                        KontorEntity      *entity,
                                                        GError           **error);
gboolean          kontor_repository_move_deal          (KontorRepository  *self,
                                                        KontorEntity      *deal,
                                                        gint64             stage_id,
                                                        const char        *loss_reason,
                                                        GError           **error);
gboolean          kontor_repository_add_comment        (KontorRepository  *self,
                                                        KontorEntity      *entity,
                                                        const char        *text,
                                                        GError           **error);
GListModel       *kontor_repository_list_timeline      (KontorRepository  *self,
                                                        KontorEntity      *entity,
                                                        GError           **error);
GListModel       *kontor_repository_list_stages        (KontorRepository  *self,
                                                        gint64             pipeline_id,
                                                        GError           **error);
gint64            kontor_repository_get_default_pipeline (KontorRepository *self);
gint64            kontor_repository_count              (KontorRepository  *self,
                                                        GType              type,
                                                        GError           **error);

gboolean          kontor_repository_run_in_transaction (KontorRepository      *self,
                                                        KontorTransactionFunc  func,
                                                        gpointer               user_data,
                                                        GError               **error);

void              kontor_repository_reload_all         (KontorRepository  *self);
gboolean          kontor_repository_poll_external_changes (KontorRepository *self);

gboolean          kontor_repository_check              (KontorRepository  *self,
                                                        GPtrArray        **problems,
                                                        GError           **error);

G_END_DECLS

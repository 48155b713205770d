/* kontor-repository-private.h: SQL access for the core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

typedef sqlite3_stmt KontorStmt;

void        _kontor_stmt_done                 (KontorStmt *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorStmt, _kontor_stmt_done)

sqlite3    *_kontor_repository_get_db         (KontorRepository  *self);
KontorStmt *_kontor_repository_prepare        (KontorRepository  *self,
                                               const char        *sql,
                                               GError           **error);
gboolean    _kontor_repository_exec           (KontorRepository  *self,
                                               const char        *sql,
                                               GError           **error);
gboolean    _kontor_set_sqlite_error          (sqlite3           *db,
                                               int                rc,
                                               GError           **error);
gint64      _kontor_now                       (void);
gboolean    _kontor_repository_add_timeline   (KontorRepository  *self,
                                               const char        *kind,
                                               gint64             id,
                                               const char        *event,
                                               const char        *text,
                                               GError           **error);
void        _kontor_repository_queue_change   (KontorRepository  *self,
                                               const char        *kind,
                                               gint64             id,
                                               KontorChange       change);
char       *_kontor_phone_normalize           (const char        *phone);
gboolean    _kontor_read_user_version         (sqlite3           *db,
                                               gint64            *out_version,
                                               GError           **error);
guint       _kontor_repository_get_checkpoints (KontorRepository *self);
char       *_kontor_search_build_match        (KontorRepository  *self,
                                               const char        *text,
                                               gboolean           prefix);

/* The search index's rowid is (kind << 40) + id, the kind being the
 * entity class's search_code (0013-search-kind-ranges.sql): the entries of
 * one kind are one range of rowids, which FTS5 seeks to */
#define KONTOR_SEARCH_KIND_SHIFT 40
#define KONTOR_SEARCH_ROWID(code, id) (((gint64) (code) << KONTOR_SEARCH_KIND_SHIFT) + (id))
#define KONTOR_SEARCH_ROWID_KIND(rowid) ((guint) ((rowid) >> KONTOR_SEARCH_KIND_SHIFT))
#define KONTOR_SEARCH_ROWID_ID(rowid) \
  ((rowid) & ((G_GINT64_CONSTANT (1) << KONTOR_SEARCH_KIND_SHIFT) - 1))

G_END_DECLS

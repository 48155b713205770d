/* kontor-duplicates.h: finding and merging duplicate leads, contacts and companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-entity.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_DUPLICATE_PHONE = 1 << 0,
  KONTOR_DUPLICATE_EMAIL = 1 << 1,
  KONTOR_DUPLICATE_NAME  = 1 << 2,
} KontorDuplicateReason;

/* A record that may be the same as the one being edited */
typedef struct
{
  KontorEntity          *entity;
  KontorDuplicateReason  reasons;
  char                  *detail;   /* the value that matched, as written in @entity */
} KontorDuplicateCandidate;

/* Records of one kind that are probably the same */
typedef struct
{
  char                  *kind;
  GArray                *ids;      /* gint64, ascending */
  KontorDuplicateReason  reasons;
} KontorDuplicateGroup;

typedef struct _KontorMergeRecord KontorMergeRecord;

/* Called in the thread that started the scan */
typedef void (*KontorProgressFunc) (double   fraction,
                                    gpointer user_data);

void        kontor_duplicate_candidate_free        (KontorDuplicateCandidate *candidate);
void        kontor_duplicate_group_free            (KontorDuplicateGroup     *group);
char       *kontor_duplicate_reason_to_string      (KontorDuplicateReason     reasons);

char       *kontor_duplicates_normalize_phone      (const char               *phone);
char       *kontor_duplicates_normalize_email      (const char               *email);
char       *kontor_duplicates_normalize_company    (const char               *name);
char       *kontor_duplicates_normalize_person     (const char               *first_name,
                                                    const char               *last_name);

GPtrArray  *kontor_duplicates_find_for             (KontorRepository         *repository,
                                                    KontorEntity             *entity,
                                                    GError                  **error);

GPtrArray  *kontor_duplicates_scan                 (KontorRepository         *repository,
                                                    GType                     type,
                                                    GCancellable             *cancellable,
                                                    KontorProgressFunc        progress,
                                                    gpointer                  progress_data,
                                                    GError                  **error);
void        kontor_duplicates_scan_async           (KontorRepository         *repository,
                                                    GType                     type,
                                                    GCancellable             *cancellable,
                                                    KontorProgressFunc        progress,
                                                    gpointer                  progress_data,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
GPtrArray  *kontor_duplicates_scan_finish          (KontorRepository         *repository,
                                                    GAsyncResult             *result,
                                                    GError                  **error);

KontorMergeRecord *kontor_merge                    (KontorRepository         *repository,
                                                    KontorEntity             *survivor,
                                                    GPtrArray                *others,
                                                    GHashTable               *field_choices,
                                                    GError                  **error);
gboolean    kontor_merge_undo                      (KontorRepository         *repository,
                                                    KontorMergeRecord        *record,
                                                    GError                  **error);
guint       kontor_merge_record_get_n_moved        (KontorMergeRecord        *record);
void        kontor_merge_record_free               (KontorMergeRecord        *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorDuplicateCandidate, kontor_duplicate_candidate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorDuplicateGroup, kontor_duplicate_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorMergeRecord, kontor_merge_record_free)

G_END_DECLS

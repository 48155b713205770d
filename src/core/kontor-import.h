/* kontor-import.h: CSV import with mapping, duplicates, dry run and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_DUPLICATES_ALLOW,    /* import every row */
  KONTOR_DUPLICATES_SKIP,     /* keep the existing record, drop the row */
  KONTOR_DUPLICATES_MERGE,    /* fill the existing record's empty fields */
  KONTOR_DUPLICATES_REPLACE,  /* overwrite the existing record's fields */
} KontorDuplicates;

typedef struct
{
  gint64     import_id;  /* 0 for a dry run */
  guint64    rows;
  guint64    created;
  guint64    updated;
  guint64    skipped;
  guint64    errors;
  GPtrArray *reasons;    /* "Row N: …" for the first rows skipped or rejected */
} KontorImportResult;

void kontor_import_result_free (KontorImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorImportResult, kontor_import_result_free)

#define KONTOR_TYPE_IMPORT (kontor_import_get_type ())

G_DECLARE_FINAL_TYPE (KontorImport, kontor_import, KONTOR, IMPORT, GObject)

KontorImport        *kontor_import_new               (KontorRepository     *repository,
                                                      GType                 entity_type,
                                                      const char           *path,
                                                      const char           *encoding,
                                                      GError              **error);
GType                kontor_import_get_entity_type   (KontorImport         *self);
const char          *kontor_import_get_encoding      (KontorImport         *self);
char                 kontor_import_get_delimiter     (KontorImport         *self);
gboolean             kontor_import_get_has_header    (KontorImport         *self);
void                 kontor_import_set_has_header    (KontorImport         *self,
                                                      gboolean              has_header);
guint                kontor_import_get_n_columns     (KontorImport         *self);
const char          *kontor_import_get_column_title  (KontorImport         *self,
                                                      guint                 column);
const char          *kontor_import_get_column_field  (KontorImport         *self,
                                                      guint                 column);
gboolean             kontor_import_set_column_field  (KontorImport         *self,
                                                      guint                 column,
                                                      const char           *field);
gboolean             kontor_import_load_mapping      (KontorImport         *self,
                                                      const char           *path,
                                                      GError              **error);
GStrv                kontor_import_list_fields       (GType                 entity_type);
KontorDuplicates     kontor_import_get_duplicates    (KontorImport         *self);
void                 kontor_import_set_duplicates    (KontorImport         *self,
                                                      KontorDuplicates      duplicates);
gboolean             kontor_import_parse_duplicates  (const char           *text,
                                                      KontorDuplicates     *out_duplicates);
void                 kontor_import_set_rejects_path  (KontorImport         *self,
                                                      const char           *path);
void                 kontor_import_set_delete_file   (KontorImport         *self,
                                                      gboolean              delete_file);
GPtrArray           *kontor_import_preview           (KontorImport         *self,
                                                      guint                 n_rows,
                                                      GError              **error);
double               kontor_import_get_fraction      (KontorImport         *self);

KontorImportResult  *kontor_import_run               (KontorImport         *self,
                                                      gboolean              dry_run,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
void                 kontor_import_run_async         (KontorImport         *self,
                                                      gboolean              dry_run,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
KontorImportResult  *kontor_import_run_finish        (KontorImport         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

gboolean             kontor_import_undo              (KontorRepository     *repository,
                                                      gint64                import_id,
                                                      GError              **error);

G_END_DECLS

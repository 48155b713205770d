/* kontor-csv-reader.h: a streaming RFC 4180 CSV reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A single field may not be longer than this many bytes */
#define KONTOR_CSV_MAX_FIELD (1024 * 1024)

#define KONTOR_CSV_ERROR (kontor_csv_error_quark ())

typedef enum
{
  KONTOR_CSV_ERROR_BINARY,          /* the file is not text: refused */
  KONTOR_CSV_ERROR_ENCODING,        /* bytes that are not in the encoding */
  KONTOR_CSV_ERROR_UNTERMINATED,    /* a quoted field runs to the end of the file */
  KONTOR_CSV_ERROR_FIELD_TOO_LONG,  /* that row is skipped; reading may go on */
  KONTOR_CSV_ERROR_EMPTY,           /* nothing to read */
} KontorCsvError;

#define KONTOR_TYPE_CSV_READER (kontor_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (KontorCsvReader, kontor_csv_reader, KONTOR, CSV_READER, GObject)

GQuark               kontor_csv_error_quark           (void);

KontorCsvReader     *kontor_csv_reader_new            (GInputStream     *stream,
                                                       const char       *encoding,
                                                       char              delimiter,
                                                       GCancellable     *cancellable,
                                                       GError          **error);
KontorCsvReader     *kontor_csv_reader_new_for_path   (const char       *path,
                                                       const char       *encoding,
                                                       char              delimiter,
                                                       GError          **error);
const char          *kontor_csv_reader_get_encoding   (KontorCsvReader  *self);
char                 kontor_csv_reader_get_delimiter  (KontorCsvReader  *self);
gboolean             kontor_csv_reader_next_row       (KontorCsvReader  *self,
                                                       GCancellable     *cancellable,
                                                       GError          **error);
const char * const  *kontor_csv_reader_get_fields     (KontorCsvReader  *self);
guint                kontor_csv_reader_get_n_fields   (KontorCsvReader  *self);
guint64              kontor_csv_reader_get_row_number (KontorCsvReader  *self);
guint64              kontor_csv_reader_get_line       (KontorCsvReader  *self);
guint64              kontor_csv_reader_get_bytes_read (KontorCsvReader  *self);

gboolean             kontor_csv_row_looks_like_header (const char * const *fields,
                                                       guint               n_fields);
void                 kontor_csv_write_field           (GString           *out,
                                                       const char        *value,
                                                       char               delimiter);

G_END_DECLS

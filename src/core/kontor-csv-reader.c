/* kontor-csv-reader.c: a streaming RFC 4180 CSV reader
 *
 * The reader takes the first 64 KiB of the stream as a sample to find the
 * encoding (a BOM, UTF-16 from Excel, valid UTF-8, or Windows-1251 from
 * Russian software) and the delimiter, then decodes and parses the stream
 * chunk by chunk, so a file of any size costs a constant amount of memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-csv"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-csv-reader.h"

#define CHUNK_SIZE (64 * 1024)

struct _KontorCsvReader
{
  GObject       parent_instance;

  GInputStream *stream;
  char         *encoding;
  GIConv        conv;
  gboolean      is_utf8;
  gboolean      is_wide;      /* UTF-16 or UTF-32: NUL bytes are normal */
  char          delimiter;

  guint8       *raw;          /* bytes read but not decoded yet */
  gsize         raw_len;
  gboolean      eof;
  GError       *pending_error;

  GByteArray   *text;         /* decoded UTF-8 */
  gsize         pos;

  GString      *row;          /* the fields of the row, each ended by a NUL */
  GArray       *offsets;
  GPtrArray    *fields;

  guint64       row_number;
  guint64       line;
  guint64       bytes_read;
};

G_DEFINE_FINAL_TYPE (KontorCsvReader, kontor_csv_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (kontor-csv-error-quark, kontor_csv_error)

static gboolean
read_raw (KontorCsvReader  *self,
          gsize             wanted,
          GCancellable     *cancellable,
          GError          **error)
{
  gsize n = 0;

  if (self->eof)
    return TRUE;

  self->raw = g_realloc (self->raw, self->raw_len + wanted);
  if (!g_input_stream_read_all (self->stream, self->raw + self->raw_len, wanted, &n,
                                cancellable, error))
    return FALSE;

  self->raw_len += n;
  self->bytes_read += n;
  if (n < wanted)
    self->eof = TRUE;

  return TRUE;
}

/* The line of the end of the decoded text, ahead of the parser */
static guint64
decoded_line (KontorCsvReader *self)
{
  guint64 line = self->line;

  for (gsize i = self->pos; i < self->text->len; i++)
    line += self->text->data[i] == '\n' ? 1 : 0;

  return line;
}

static gboolean
set_binary_error (KontorCsvReader  *self,
                  GError          **error)
{
  g_set_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_BINARY,
               _("Line %" PRIu64 ": the file contains NUL bytes; it is not a CSV "
                 "text file"), decoded_line (self));
  return FALSE;
}

static gboolean
set_encoding_error (KontorCsvReader  *self,
                    GError          **error)
{
  g_set_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_ENCODING,
               _("Line %" PRIu64 ": the text is not valid %s; choose another "
                 "encoding"), decoded_line (self), self->encoding);
  return FALSE;
}

/* Decodes as much of the raw bytes as possible into self->text; an
 * incomplete character at the end waits for the next chunk. */
static gboolean
decode (KontorCsvReader  *self,
        GError          **error)
{
  gsize used = 0;

  if (self->raw_len == 0)
    return TRUE;

  if (self->is_utf8)
    {
      const char *end = NULL;
      const char *data = (const char *) self->raw;

      if (!g_utf8_validate_len (data, self->raw_len, &end))
        {
          gsize rest = self->raw_len - (end - data);

          if (*end == '\0')
            {
              g_byte_array_append (self->text, self->raw, end - data);
              return set_binary_error (self, error);
            }
          /* A character cut by the chunk boundary */
          if (self->eof || rest >= 4 ||
              g_utf8_get_char_validated (end, rest) != (gunichar) -2)
            return set_encoding_error (self, error);
        }
      used = end - data;
      g_byte_array_append (self->text, self->raw, used);
    }
  else
    {
      char *in = (char *) self->raw;
      gsize in_left = self->raw_len;
      gsize start = self->text->len;

      if (!self->is_wide && memchr (self->raw, '\0', self->raw_len) != NULL)
        return set_binary_error (self, error);

      while (in_left > 0)
        {
          char out_buf[CHUNK_SIZE];
          char *out = out_buf;
          gsize out_left = sizeof out_buf;
          gsize r = g_iconv (self->conv, &in, &in_left, &out, &out_left);

          g_byte_array_append (self->text, (guint8 *) out_buf, out - out_buf);
          if (r == (gsize) -1)
            {
              if (errno == E2BIG)
                continue;
              if (errno == EINVAL && !self->eof)
                break;
              return set_encoding_error (self, error);
            }
        }
      used = self->raw_len - in_left;
      if (memchr (self->text->data + start, '\0', self->text->len - start) != NULL)
        return set_binary_error (self, error);
    }

  memmove (self->raw, self->raw + used, self->raw_len - used);
  self->raw_len -= used;

  if (self->eof && self->raw_len > 0)
    return set_encoding_error (self, error);

  return TRUE;
}

/* Makes at least one decoded byte available; FALSE at the end or on error */
static gboolean
fill (KontorCsvReader *self,
      GCancellable    *cancellable)
{
  if (self->pos > 0)
    {
      g_byte_array_remove_range (self->text, 0, self->pos);
      self->pos = 0;
    }

  while (self->text->len == 0)
    {
      if (self->pending_error != NULL || (self->eof && self->raw_len == 0))
        return FALSE;
      if (!read_raw (self, CHUNK_SIZE, cancellable, &self->pending_error) ||
          !decode (self, &self->pending_error))
        return FALSE;
      if (self->eof && self->raw_len == 0 && self->text->len == 0)
        return FALSE;
    }

  return TRUE;
}

static inline int
next_byte (KontorCsvReader *self,
           GCancellable    *cancellable)
{
  if (G_UNLIKELY (self->pos >= self->text->len) && !fill (self, cancellable))
    return -1;

  return self->text->data[self->pos++];
}

static inline int
peek_byte (KontorCsvReader *self,
           GCancellable    *cancellable)
{
  if (G_UNLIKELY (self->pos >= self->text->len) && !fill (self, cancellable))
    return -1;

  return self->text->data[self->pos];
}

static const char *
detect_encoding (const guint8 *data,
                 gsize         len,
                 gsize        *bom_len)
{
  gsize zeros_even = 0, zeros_odd = 0;
  gsize cyrillic = 0, high = 0;
  const char *end = NULL;

  *bom_len = 0;
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      *bom_len = 3;
      return "UTF-8";
    }
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      *bom_len = 2;
      return "UTF-16LE";
    }
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      *bom_len = 2;
      return "UTF-16BE";
    }

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == 0)
        {
          if (i % 2 == 0)
            zeros_even++;
          else
            zeros_odd++;
        }
      else if (data[i] >= 0x80)
        {
          high++;
          if (data[i] >= 0xC0 || data[i] == 0xA8 || data[i] == 0xB8)
            cyrillic++;
        }
    }

  /* UTF-16 without a BOM: ASCII text has a NUL in every other byte */
  if (len >= 4 && zeros_odd > len / 4 && zeros_even == 0)
    return "UTF-16LE";
  if (len >= 4 && zeros_even > len / 4 && zeros_odd == 0)
    return "UTF-16BE";

  if (g_utf8_validate_len ((const char *) data, len, &end) ||
      (*end != '\0' && len - (end - (const char *) data) < 4 &&
       g_utf8_get_char_validated (end, len - (end - (const char *) data)) == (gunichar) -2))
    return "UTF-8";

  if (*end == '\0')
    return "UTF-8";  /* NUL bytes: refused while decoding */

  /* Russian text in Windows-1251 is mostly letters in 0xC0..0xFF */
  if (high > 0 && cyrillic * 10 >= high * 7)
    return "WINDOWS-1251";

  return "WINDOWS-1252";
}

static guint
count_delimiters (const guint8 *text,
                  gsize         len,
                  char          delimiter,
                  guint        *counts,
                  guint         max_lines)
{
  gboolean in_quotes = FALSE;
  guint line = 0;

  counts[0] = 0;
  for (gsize i = 0; i < len && line < max_lines; i++)
    {
      if (text[i] == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && text[i] == (guint8) delimiter)
        counts[line]++;
      else if (!in_quotes && text[i] == '\n')
        {
          line++;
          if (line < max_lines)
            counts[line] = 0;
        }
    }

  /* The last line may be cut by the end of the sample */
  return line;
}

static char
detect_delimiter (const guint8 *text,
                  gsize         len)
{
  static const char candidates[] = { ';', ',', '\t' };
  char best = ',';
  guint best_score = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint counts[32];
      guint n_lines = count_delimiters (text, len, candidates[c], counts, G_N_ELEMENTS (counts));
      guint score = 0;

      if (n_lines == 0)
        n_lines = 1;
      if (counts[0] == 0)
        continue;

      /* Lines that have as many delimiters as the first one */
      for (guint l = 0; l < n_lines; l++)
        if (counts[l] == counts[0])
          score += 2;
      score = score * 8 + MIN (counts[0], 7);

      if (score > best_score)
        {
          best_score = score;
          best = candidates[c];
        }
    }

  return best;
}

static void
kontor_csv_reader_finalize (GObject *object)
{
  KontorCsvReader *self = (KontorCsvReader *) object;

  g_clear_object (&self->stream);
  if (self->conv != (GIConv) -1)
    g_iconv_close (self->conv);
  g_free (self->encoding);
  g_free (self->raw);
  g_clear_error (&self->pending_error);
  g_byte_array_unref (self->text);
  g_string_free (self->row, TRUE);
  g_array_unref (self->offsets);
  g_ptr_array_unref (self->fields);

  G_OBJECT_CLASS (kontor_csv_reader_parent_class)->finalize (object);
}

static void
kontor_csv_reader_class_init (KontorCsvReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kontor_csv_reader_finalize;
}

static void
kontor_csv_reader_init (KontorCsvReader *self)
{
  self->conv = (GIConv) -1;
  self->text = g_byte_array_sized_new (CHUNK_SIZE * 2);
  self->row = g_string_sized_new (1024);
  self->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->fields = g_ptr_array_new ();
  self->line = 1;
}

/**
 * kontor_csv_reader_new:
 * @encoding: (nullable): an iconv name, or %NULL to detect it
 * @delimiter: ',' ';' or '\t', or 0 to detect it
 *
 * Reads the first chunk of @stream to detect what was not given.
 */
KontorCsvReader *
kontor_csv_reader_new (GInputStream  *stream,
                       const char    *encoding,
                       char           delimiter,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(KontorCsvReader) self = g_object_new (KONTOR_TYPE_CSV_READER, NULL);
  const char *detected;
  gsize bom_len = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self->stream = g_object_ref (stream);

  if (!read_raw (self, CHUNK_SIZE, cancellable, error))
    return NULL;

  if (self->raw_len == 0)
    {
      g_set_error_literal (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_EMPTY,
                           _("The file is empty"));
      return NULL;
    }

  detected = detect_encoding (self->raw, self->raw_len, &bom_len);
  if (encoding == NULL || *encoding == '\0' || g_ascii_strcasecmp (encoding, "auto") == 0)
    encoding = detected;
  else if (g_ascii_strncasecmp (detected, encoding, 6) != 0)
    bom_len = 0;

  self->encoding = g_ascii_strup (encoding, -1);
  self->is_utf8 = g_str_equal (self->encoding, "UTF-8") || g_str_equal (self->encoding, "UTF8");
  self->is_wide = g_str_has_prefix (self->encoding, "UTF-16") ||
                  g_str_has_prefix (self->encoding, "UTF-32") ||
                  g_str_has_prefix (self->encoding, "UCS");
  if (!self->is_utf8)
    {
      self->conv = g_iconv_open ("UTF-8", self->encoding);
      if (self->conv == (GIConv) -1)
        {
          g_set_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_ENCODING,
                       _("Unknown encoding “%s”"), encoding);
          return NULL;
        }
    }

  memmove (self->raw, self->raw + bom_len, self->raw_len - bom_len);
  self->raw_len -= bom_len;

  /* Bad bytes further on are reported when the parser reaches them */
  if (!decode (self, &self->pending_error) &&
      g_error_matches (self->pending_error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_BINARY))
    {
      g_propagate_error (error, g_steal_pointer (&self->pending_error));
      return NULL;
    }

  if (self->text->len == 0 && self->pending_error == NULL && self->eof && self->raw_len == 0)
    {
      g_set_error_literal (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_EMPTY,
                           _("The file is empty"));
      return NULL;
    }

  if (delimiter == 0)
    delimiter = detect_delimiter (self->text->data, self->text->len);
  self->delimiter = delimiter;

  return g_steal_pointer (&self);
}

KontorCsvReader *
kontor_csv_reader_new_for_path (const char  *path,
                                const char  *encoding,
                                char         delimiter,
                                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);

  if (stream == NULL)
    return NULL;

  return kontor_csv_reader_new (G_INPUT_STREAM (stream), encoding, delimiter, NULL, error);
}

const char *
kontor_csv_reader_get_encoding (KontorCsvReader *self)
{
  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), NULL);

  return self->encoding;
}

char
kontor_csv_reader_get_delimiter (KontorCsvReader *self)
{
  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), 0);

  return self->delimiter;
}

static void
end_field (KontorCsvReader *self,
           gsize            start)
{
  g_string_append_c (self->row, '\0');
  g_array_append_val (self->offsets, start);
}

/**
 * kontor_csv_reader_next_row:
 *
 * Reads the next row. Returns %FALSE at the end (no error) or on an error.
 * A %KONTOR_CSV_ERROR_FIELD_TOO_LONG error concerns that row only: the
 * reader has skipped it and the next call reads the next row. Every other
 * error is fatal for the file. Empty lines are skipped.
 */
gboolean
kontor_csv_reader_next_row (KontorCsvReader  *self,
                            GCancellable     *cancellable,
                            GError          **error)
{
  const guint8 delimiter = (guint8) self->delimiter;
  guint64 start_line;
  gboolean too_long = FALSE;
  guint too_long_column = 0;

  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), FALSE);

  for (;;)
    {
      gboolean in_quotes = FALSE, quoted = FALSE, row_done = FALSE;
      gsize field_start = 0;
      gboolean any = FALSE;

      g_string_truncate (self->row, 0);
      g_array_set_size (self->offsets, 0);
      g_ptr_array_set_size (self->fields, 0);
      start_line = self->line;

      while (!row_done)
        {
          int c = next_byte (self, cancellable);

          if (c < 0)
            {
              if (self->pending_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&self->pending_error));
                  return FALSE;
                }
              if (in_quotes)
                {
                  g_set_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_UNTERMINATED,
                               _("Row %" PRIu64 " (line %" PRIu64
                                 "), column %u: a quoted field is not closed before the end "
                                 "of the file"),
                               self->row_number + 1, start_line, self->offsets->len + 1);
                  return FALSE;
                }
              if (!any)
                return FALSE;
              end_field (self, field_start);
              break;
            }

          any = TRUE;

          if (in_quotes)
            {
              if (c == '"')
                {
                  if (peek_byte (self, cancellable) == '"')
                    {
                      self->pos++;
                      if (!too_long)
                        g_string_append_c (self->row, '"');
                    }
                  else
                    in_quotes = FALSE;
                  continue;
                }
              if (c == '\n')
                self->line++;
            }
          else if (c == delimiter)
            {
              end_field (self, field_start);
              field_start = self->row->len;
              quoted = FALSE;
              continue;
            }
          else if (c == '\n' || c == '\r')
            {
              if (c == '\r' && peek_byte (self, cancellable) == '\n')
                self->pos++;
              self->line++;
              end_field (self, field_start);
              row_done = TRUE;
              continue;
            }
          else if (c == '"' && !quoted && self->row->len == field_start)
            {
              in_quotes = quoted = TRUE;
              continue;
            }

          if (G_UNLIKELY (self->row->len - field_start >= KONTOR_CSV_MAX_FIELD))
            {
              if (!too_long)
                too_long_column = self->offsets->len + 1;
              too_long = TRUE;
              continue;
            }
          g_string_append_c (self->row, (char) c);
        }

      /* Skip empty lines */
      if (self->offsets->len == 1 && self->row->len == 1 && !quoted && !too_long)
        continue;

      self->row_number++;
      break;
    }

  if (too_long)
    {
      g_set_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_FIELD_TOO_LONG,
                   _("Row %" PRIu64 " (line %" PRIu64 "), column %u: the "
                     "field is longer than 1 MiB"),
                   self->row_number, start_line, too_long_column);
      g_string_truncate (self->row, 0);
      g_array_set_size (self->offsets, 0);
      return FALSE;
    }

  for (guint i = 0; i < self->offsets->len; i++)
    g_ptr_array_add (self->fields, self->row->str + g_array_index (self->offsets, gsize, i));
  g_ptr_array_add (self->fields, NULL);

  return TRUE;
}

const char * const *
kontor_csv_reader_get_fields (KontorCsvReader *self)
{
  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), NULL);

  return (const char * const *) self->fields->pdata;
}

guint
kontor_csv_reader_get_n_fields (KontorCsvReader *self)
{
  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), 0);

  return self->offsets->len;
}

/* The number of the row last read, counting from 1 (a header is row 1) */
guint64
kontor_csv_reader_get_row_number (KontorCsvReader *self)
{
  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), 0);

  return self->row_number;
}

guint64
kontor_csv_reader_get_line (KontorCsvReader *self)
{
  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), 0);

  return self->line;
}

guint64
kontor_csv_reader_get_bytes_read (KontorCsvReader *self)
{
  g_return_val_if_fail (KONTOR_IS_CSV_READER (self), 0);

  return self->bytes_read;
}

/* A header names its columns: no cell is empty, a number, a phone or an
 * e-mail, and no name repeats. */
gboolean
kontor_csv_row_looks_like_header (const char * const *fields,
                                  guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const char *f = fields[i];
      guint digits = 0;

      if (*f == '\0' || strchr (f, '@') != NULL)
        return FALSE;
      for (const char *p = f; *p; p++)
        digits += g_ascii_isdigit (*p) ? 1 : 0;
      if (digits * 2 > strlen (f))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (fields[j], f))
          return FALSE;
    }

  return n_fields > 0;
}

/* Appends a field, quoted when it has to be */
void
kontor_csv_write_field (GString    *out,
                        const char *value,
                        char        delimiter)
{
  if (value == NULL)
    return;

  if (strpbrk (value, "\"\r\n") == NULL && strchr (value, delimiter) == NULL &&
      value[0] != ' ' && (value[0] == '\0' || value[strlen (value) - 1] != ' '))
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

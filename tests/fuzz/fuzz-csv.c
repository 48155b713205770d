/* fuzz-csv.c: a libFuzzer target for the CSV reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-csv-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(KontorCsvReader) reader = NULL;
  char delimiter = size > 0 && data[0] == 'X' ? ';' : 0;

  reader = kontor_csv_reader_new (stream, NULL, delimiter, NULL, NULL);
  while (reader != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (kontor_csv_reader_next_row (reader, NULL, &error))
        {
          const char * const *fields = kontor_csv_reader_get_fields (reader);
          guint n = kontor_csv_reader_get_n_fields (reader);

          for (guint i = 0; i < n; i++)
            g_assert (g_utf8_validate (fields[i], -1, NULL));
          g_assert (fields[n] == NULL);
          kontor_csv_row_looks_like_header (fields, n);
        }
      else if (!g_error_matches (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_FIELD_TOO_LONG))
        break;
    }

  return 0;
}

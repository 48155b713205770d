/* test-csv.c: the streaming CSV reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kontor-core.h"
#include "kontor-csv-reader.h"

static KontorCsvReader *
reader_for_data (const char  *data,
                 gssize       len,
                 GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (len < 0)
    len = strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
  return kontor_csv_reader_new (stream, NULL, 0, NULL, error);
}

static KontorCsvReader *
reader_for_fixture (const char  *name,
                    GError     **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return kontor_csv_reader_new_for_path (path, NULL, 0, error);
}

static void
assert_row (KontorCsvReader    *reader,
            const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kontor_csv_reader_next_row (reader, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstrv (kontor_csv_reader_get_fields (reader), expected);
}

static void
assert_end (KontorCsvReader *reader)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_no_error (error);
}

static void
test_quoted_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader =
    reader_for_data ("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n1,,3", -1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kontor_csv_reader_get_delimiter (reader), ==, ',');
  g_assert_cmpstr (kontor_csv_reader_get_encoding (reader), ==, "UTF-8");
  assert_row (reader, (const char *[]) { "a", "b", "c", NULL });
  assert_row (reader, (const char *[]) { "x, y", "say \"hi\"", "two\nlines", NULL });
  g_assert_cmpuint (kontor_csv_reader_get_row_number (reader), ==, 2);
  assert_row (reader, (const char *[]) { "1", "", "3", NULL });
  g_assert_cmpuint (kontor_csv_reader_get_line (reader), ==, 5);
  assert_end (reader);
}

static void
test_delimiters (void)
{
  struct { const char *data; char delimiter; } cases[] = {
    { "a;b\n1;2,5\n", ';' },
    { "a\tb\n1\t\"x;y,z\"\n", '\t' },
    { "name,comment\nAnn,\"a; b; c; d\"\n", ',' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KontorCsvReader) reader = reader_for_data (cases[i].data, -1, &error);

      g_assert_no_error (error);
      g_assert_cmpint (kontor_csv_reader_get_delimiter (reader), ==, cases[i].delimiter);
      g_assert_true (kontor_csv_reader_next_row (reader, NULL, NULL));
      g_assert_true (kontor_csv_reader_next_row (reader, NULL, NULL));
      g_assert_cmpuint (kontor_csv_reader_get_n_fields (reader), ==, 2);
    }
}

static void
test_windows_1251 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = reader_for_fixture ("bitrix24-win1251.csv", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kontor_csv_reader_get_encoding (reader), ==, "WINDOWS-1251");
  g_assert_cmpint (kontor_csv_reader_get_delimiter (reader), ==, ';');
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_cmpuint (kontor_csv_reader_get_n_fields (reader), ==, 9);
  g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[0], ==, "Имя");
  g_assert_true (kontor_csv_row_looks_like_header (kontor_csv_reader_get_fields (reader),
                                                    9));
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[1], ==, "Петров");
  g_assert_false (kontor_csv_row_looks_like_header (kontor_csv_reader_get_fields (reader),
                                                     9));
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[5], ==, "Бухгалтер; главный");
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  assert_end (reader);
}

static void
test_encoding_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bitrix24-win1251.csv",
                                                 NULL);
  g_autoptr(KontorCsvReader) reader = kontor_csv_reader_new_for_path (path, "KOI8-R", ';',
                                                                       &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kontor_csv_reader_get_encoding (reader), ==, "KOI8-R");
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[0], !=, "Имя");

  g_clear_object (&reader);
  reader = kontor_csv_reader_new_for_path (path, "UTF-8", 0, &error);
  g_assert_nonnull (reader);
  g_assert_false (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "Line 1"));
}

static void
test_utf16_excel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = reader_for_fixture ("excel-utf16le.csv", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kontor_csv_reader_get_encoding (reader), ==, "UTF-16LE");
  g_assert_cmpint (kontor_csv_reader_get_delimiter (reader), ==, '\t');
  assert_row (reader, (const char *[]) { "First Name", "Last Name", "Company", "E-mail Address",
                                         "Business Phone", NULL });
  assert_row (reader, (const char *[]) { "John", "Smith", "Acme", "john@acme.com", "+1 555 0100",
                                         NULL });
  assert_row (reader, (const char *[]) { "Anne \"Annie\"", "O'Neil", "Acme", "anne@acme.com",
                                         "+1 555 0101", NULL });
  assert_end (reader);
}

static void
test_utf8_bom (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = reader_for_data ("\xef\xbb\xbfИмя,Фамилия\nЁж,Ли\n", -1,
                                                       &error);

  g_assert_no_error (error);
  assert_row (reader, (const char *[]) { "Имя", "Фамилия", NULL });
  assert_row (reader, (const char *[]) { "Ёж", "Ли", NULL });
  assert_end (reader);
}

static void
test_unterminated_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = reader_for_fixture ("broken-unterminated.csv", &error);

  g_assert_no_error (error);
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_false (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_UNTERMINATED);
  g_assert_nonnull (strstr (error->message, "Row 2 (line 2), column 2"));
}

static void
test_mixed_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = reader_for_fixture ("broken-mixed-columns.csv", &error);
  guint counts[5], n = 0;

  g_assert_no_error (error);
  while (kontor_csv_reader_next_row (reader, NULL, &error))
    counts[n++] = kontor_csv_reader_get_n_fields (reader);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (counts[0], ==, 3);
  g_assert_cmpuint (counts[2], ==, 1);
  g_assert_cmpuint (counts[3], ==, 4);
}

static void
test_binary_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = reader_for_fixture ("broken-binary.csv", &error);

  if (reader != NULL)
    {
      while (kontor_csv_reader_next_row (reader, NULL, &error))
        ;
    }
  g_assert_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_BINARY);
}

static void
test_empty_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = reader_for_fixture ("empty.csv", &error);

  g_assert_null (reader);
  g_assert_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_EMPTY);
}

static void
test_huge_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) data = g_string_new ("name,comment\nAnn,short\nBob,\"");
  g_autoptr(KontorCsvReader) reader = NULL;

  /* 10 MB in one field: that row is an error, the next ones are read */
  for (guint i = 0; i < 10 * 1024 * 1024 / 16; i++)
    g_string_append (data, "0123456789abcde,");
  g_string_append (data, "\"\nCarl,end\n");

  reader = reader_for_data (data->str, data->len, &error);
  g_assert_no_error (error);
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_false (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_FIELD_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "Row 3 (line 3), column 2"));
  g_clear_error (&error);
  assert_row (reader, (const char *[]) { "Carl", "end", NULL });
  assert_end (reader);
}

static void
test_chunk_boundaries (void)
{
  g_autoptr(GString) data = g_string_new ("имя;телефон\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCsvReader) reader = NULL;
  guint rows = 0;

  /* Multi-byte characters and quotes cut by the 64 KiB chunks */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (data, "\"Ёлка %u\";\"+7 \"\"9%u\"\"\"\r\n", i, i);

  reader = reader_for_data (data->str, data->len, &error);
  g_assert_no_error (error);
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  while (kontor_csv_reader_next_row (reader, NULL, &error))
    {
      g_autofree char *name = g_strdup_printf ("Ёлка %u", rows);
      g_autofree char *phone = g_strdup_printf ("+7 \"9%u\"", rows);

      g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[0], ==, name);
      g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[1], ==, phone);
      rows++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 20000);
}

static void
test_fuzz_regressions (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "fuzz", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n_files = 0;

  /* Inputs kept from fuzzing: each is read to its end without a crash, and
   * every row it gives is valid UTF-8 */
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(KontorCsvReader) reader = kontor_csv_reader_new_for_path (path, NULL, 0, NULL);
      g_autoptr(GError) error = NULL;

      n_files++;
      while (reader != NULL)
        {
          if (!kontor_csv_reader_next_row (reader, NULL, &error))
            {
              if (!g_error_matches (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_FIELD_TOO_LONG))
                break;
              g_clear_error (&error);
              continue;
            }
          for (guint i = 0; i < kontor_csv_reader_get_n_fields (reader); i++)
            g_assert_true (g_utf8_validate (kontor_csv_reader_get_fields (reader)[i], -1, NULL));
        }
    }
  g_assert_cmpuint (n_files, >, 10);
}

static void
test_write_field (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  kontor_csv_write_field (out, "plain", ',');
  g_string_append_c (out, ',');
  kontor_csv_write_field (out, "a,\"b\"\nc", ',');
  g_assert_cmpstr (out->str, ==, "plain,\"a,\"\"b\"\"\nc\"");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/reads-quoted-fields-with-delimiters-quotes-and-newlines",
                   test_quoted_fields);
  g_test_add_func ("/csv/detects-the-delimiter", test_delimiters);
  g_test_add_func ("/csv/detects-windows-1251-and-semicolons", test_windows_1251);
  g_test_add_func ("/csv/honours-an-encoding-override", test_encoding_override);
  g_test_add_func ("/csv/reads-excel-utf16-with-bom", test_utf16_excel);
  g_test_add_func ("/csv/skips-a-utf8-bom", test_utf8_bom);
  g_test_add_func ("/csv/reports-an-unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/returns-rows-of-mixed-lengths", test_mixed_columns);
  g_test_add_func ("/csv/refuses-binary-garbage", test_binary_refused);
  g_test_add_func ("/csv/refuses-an-empty-file", test_empty_file);
  g_test_add_func ("/csv/rejects-a-huge-field-and-goes-on", test_huge_field);
  g_test_add_func ("/csv/reads-across-chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/csv/survives-fuzz-regressions", test_fuzz_regressions);
  g_test_add_func ("/csv/quotes-fields-when-writing", test_write_field);

  return g_test_run ();
}

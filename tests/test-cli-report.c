/* test-cli-report.c: kontor-cli report funnel|sales, and the files it draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static gboolean
run (Fixture     *fixture,
     char       **out_stdout,
     int         *out_status,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("KONTOR_CLI");
  const char *arg;
  va_list ap;
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  g_ptr_array_add (args, (char *) "--database");
  g_ptr_array_add (args, fixture->db);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out_stdout, &err,
                &status, &error);
  g_assert_no_error (error);
  if (out_status)
    *out_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return g_spawn_check_wait_status (status, NULL);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kontor-cli-report-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "test.db", NULL);
  g_assert_true (run (fixture, NULL, NULL, "demo", "--records", "120", NULL));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static JsonObject *
parse (const char *text,
       JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_funnel_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *current = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *root;
  JsonArray *bands;
  gint64 previous = G_MAXINT64, open_total = 0;
  guint n;

  g_assert_true (run (fixture, &out, NULL, "report", "funnel", "--json", NULL));
  root = parse (out, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "history");
  bands = json_object_get_array_member (root, "bands");
  n = json_array_get_length (bands);
  g_assert_cmpuint (n, ==, 5);

  /* History funnel: every band holds at most what the one above holds, the
   * last one is won, and the top is 100 % of itself */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *band = json_array_get_object_element (bands, i);
      gint64 count = json_object_get_int_member (band, "count");

      g_assert_cmpint (count, <=, previous);
      previous = count;
      g_assert_cmpint (json_object_get_boolean_member (band, "won"), ==, i == n - 1);
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (bands, 0),
                                               "conversion_top_bp"), ==, 10000);

  /* Classic: the open bands add up to the open deals, no more than the total */
  g_assert_true (run (fixture, &current, NULL, "report", "funnel", "--mode", "current", "--json",
                      NULL));
  root = parse (current, parser2);
  bands = json_object_get_array_member (root, "bands");
  for (guint i = 0; i + 1 < json_array_get_length (bands); i++)
    open_total += json_object_get_int_member (json_array_get_object_element (bands, i), "count");
  g_assert_cmpint (open_total, <=, json_object_get_int_member (root, "deals"));
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "current");
}

static void
test_funnel_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *bad = NULL;
  int status = 0;

  g_assert_true (run (fixture, &out, NULL, "report", "funnel", "--pipeline", "Sales", "--by",
                      "amount", NULL));
  g_assert_nonnull (strstr (out, "Qualification"));
  g_assert_nonnull (strstr (out, "Lost:"));

  g_assert_false (run (fixture, &bad, &status, "report", "funnel", "--by", "weight", NULL));
  g_assert_cmpint (status, ==, 2);
  g_assert_false (run (fixture, NULL, &status, "report", "funnel", "--from", "yesterday", NULL));
  g_assert_cmpint (status, ==, 2);
  g_assert_false (run (fixture, NULL, &status, "report", "funnel", "--pipeline", "Nope", NULL));
  g_assert_cmpint (status, ==, 1);
  g_assert_false (run (fixture, NULL, &status, "report", "nothing", NULL));
  g_assert_cmpint (status, ==, 2);
}

static void
test_funnel_files (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "funnel.png", NULL);
  g_autofree char *svg = g_build_filename (fixture->dir, "funnel.svg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "funnel.pdf", NULL);
  g_autofree char *svg_text = NULL;
  g_autofree char *pdf_text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  cairo_surface_t *surface;

  g_assert_true (run (fixture, NULL, NULL, "report", "funnel", "--size", "640x480", "--png", png,
                      "--svg", svg, "--pdf", pdf, NULL));

  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 480);
  cairo_surface_destroy (surface);

  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (svg_text, "<?xml") || g_str_has_prefix (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "<svg"));

  g_assert_true (g_file_get_contents (pdf, &pdf_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF"));

  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, pdf, "-", NULL };
      g_autofree char *text = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &text, NULL, NULL, NULL));
      g_assert_nonnull (strstr (text, "Qualification"));
      g_assert_nonnull (strstr (text, "Negotiation"));
      g_assert_nonnull (strstr (text, "Lost"));
    }
}

static void
test_sales (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "sales.pdf", NULL);
  g_autofree char *pdf_text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  gint64 won, lost;

  g_assert_true (run (fixture, &out, NULL, "report", "sales", "--json", NULL));
  root = parse (out, parser);
  won = json_object_get_int_member (root, "won");
  lost = json_object_get_int_member (root, "lost");
  g_assert_cmpint (won, >, 0);
  if (won + lost > 0)
    g_assert_cmpint (json_object_get_int_member (root, "win_rate_bp"), ==,
                     (won * 10000 * 2 + (won + lost)) / (2 * (won + lost)));
  g_assert_true (json_object_has_member (root, "by_month"));
  g_assert_true (json_object_has_member (root, "lead_sources"));

  g_assert_true (run (fixture, &text, NULL, "report", "sales", "--from", "2000-01-01", "--to",
                      "2100-12-31", "--pdf", pdf, NULL));
  g_assert_nonnull (strstr (text, "Win rate"));
  g_assert_true (g_file_get_contents (pdf, &pdf_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/report/funnel-json-is-a-funnel", test_funnel_json);
  ADD ("/cli/report/funnel-text-and-usage-errors", test_funnel_text);
  ADD ("/cli/report/funnel-png-svg-pdf-are-valid", test_funnel_files);
  ADD ("/cli/report/sales-json-text-and-pdf", test_sales);

  return g_test_run ();
}

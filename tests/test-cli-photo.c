/* test-cli-photo.c: kontor-cli photo and the photo line of show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorCliFixture Fixture;

#define RUN(f, ...) kontor_cli_run ((f), __VA_ARGS__, NULL)

static void
assert_ok (Fixture *f,
           int      status)
{
  if (status != 0)
    g_error ("kontor-cli failed (%d): %s", status, f->err);
}

static void
test_set_show_get_remove (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *jpeg = g_test_build_filename (G_TEST_DIST, "data", "photo.jpg", NULL);
  g_autofree char *out = g_build_filename (f->dir, "out.jpg", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  gsize expected_length = 0;
  gsize written_length = 0;

  assert_ok (f, RUN (f, "add", "contacts", "first_name=Ivan", "last_name=Petrov"));
  assert_ok (f, RUN (f, "show", "contacts", "1"));
  g_assert_null (strstr (f->out, "photo:"));

  assert_ok (f, RUN (f, "photo", "set", "1", jpeg));
  assert_ok (f, RUN (f, "show", "contacts", "1"));
  g_assert_nonnull (strstr (f->out, "photo: JPEG, 972 bytes\n"));
  assert_ok (f, RUN (f, "show", "contacts", "1", "--json"));
  g_assert_nonnull (strstr (f->out, "\"mime\" : \"image/jpeg\""));

  assert_ok (f, RUN (f, "photo", "get", "1", out));
  g_assert_true (g_file_get_contents (jpeg, &expected, &expected_length, NULL));
  g_assert_true (g_file_get_contents (out, &written, &written_length, NULL));
  g_assert_cmpmem (expected, expected_length, written, written_length);

  assert_ok (f, RUN (f, "photo", "remove", "1"));
  assert_ok (f, RUN (f, "show", "contacts", "1"));
  g_assert_null (strstr (f->out, "photo:"));
  g_assert_cmpint (RUN (f, "photo", "get", "1", out), ==, 1);
  g_assert_nonnull (strstr (f->err, "has no photo"));
}

static void
test_refuses_other_files (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *text = g_test_build_filename (G_TEST_DIST, "data", "photo-30.vcf", NULL);
  g_autofree char *jpeg = g_test_build_filename (G_TEST_DIST, "data", "photo.jpg", NULL);

  assert_ok (f, RUN (f, "add", "contacts", "first_name=Ivan", "last_name=Petrov"));
  g_assert_cmpint (RUN (f, "photo", "set", "1", text), ==, 1);
  g_assert_nonnull (strstr (f->err, "not a JPEG, PNG or GIF"));
  g_assert_cmpint (RUN (f, "photo", "set", "7", jpeg), ==, 1);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contact_photos"), ==, 0);
  g_assert_cmpint (RUN (f, "photo", "paint", "1", jpeg), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/cli-photo/" name, Fixture, NULL, kontor_cli_fixture_setup, func, \
              kontor_cli_fixture_teardown)

  ADD ("sets-shows-gets-and-removes-a-photo", test_set_show_get_remove);
  ADD ("refuses-what-is-no-photo", test_refuses_other_files);

  return g_test_run ();
}

/* test-photos.c: photos of contacts, in the database, in vCards and backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kontor-core.h"
#include "kontor-export.h"
#include "kontor-import.h"
#include "kontor-test-util.h"
#include "kontor-vcard.h"

static GBytes *
load_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_photo (KontorRepository *repo,
              gint64            contact_id,
              GBytes           *expected,
              const char       *expected_mime)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  g_autoptr(GBytes) photo = kontor_repository_get_contact_photo (repo, contact_id, &mime,
                                                                  &error);

  g_assert_no_error (error);
  if (expected == NULL)
    {
      g_assert_null (photo);
      return;
    }
  g_assert_nonnull (photo);
  g_assert_true (g_bytes_equal (photo, expected));
  g_assert_cmpstr (mime, ==, expected_mime);
}

static KontorImportResult *
import_vcard (KontorRepository *repo,
              const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImport) import = kontor_vcard_import_new (repo, path, &error);
  KontorImportResult *result;

  g_assert_no_error (error);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static void
on_changed (KontorRepository *repo,
            const char       *kind,
            gint64            id,
            KontorChange      change,
            gpointer          user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "%s:%" G_GINT64_FORMAT ":%d ", kind, id, change);
}

static void
test_set_get_remove (KontorTestFixture *f,
                     gconstpointer      data)
{
  g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Ivan", "Petrov");
  gint64 id = kontor_entity_get_id (contact);
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");
  g_autoptr(GBytes) png = load_data ("photo.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  gulong handler = g_signal_connect (f->repo, "changed", G_CALLBACK (on_changed), log);
  g_autofree char *expected = NULL;

  assert_photo (f->repo, id, NULL, NULL);

  g_assert_true (kontor_repository_set_contact_photo (f->repo, id, jpeg, &error));
  g_assert_no_error (error);
  assert_photo (f->repo, id, jpeg, "image/jpeg");
  expected = g_strdup_printf ("contact:%" G_GINT64_FORMAT ":%d ", id, KONTOR_CHANGE_UPDATED);
  g_assert_cmpstr (log->str, ==, expected);

  /* A new one replaces the old one */
  g_assert_true (kontor_repository_set_contact_photo (f->repo, id, png, &error));
  assert_photo (f->repo, id, png, "image/png");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contact_photos"), ==, 1);

  /* A contact in the bin keeps its photo */
  g_assert_true (kontor_repository_delete (f->repo, contact, &error));
  assert_photo (f->repo, id, png, "image/png");
  g_assert_true (kontor_repository_undelete (f->repo, contact, &error));
  assert_photo (f->repo, id, png, "image/png");

  g_string_truncate (log, 0);
  g_assert_true (kontor_repository_set_contact_photo (f->repo, id, NULL, &error));
  g_assert_no_error (error);
  assert_photo (f->repo, id, NULL, NULL);
  g_assert_cmpstr (log->str, ==, expected);

  /* Removing what is not there changes nothing and says nothing */
  g_string_truncate (log, 0);
  g_assert_true (kontor_repository_set_contact_photo (f->repo, id, NULL, &error));
  g_assert_cmpstr (log->str, ==, "");

  g_assert_false (kontor_repository_set_contact_photo (f->repo, id + 100, jpeg, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contact_photos"), ==, 0);

  g_signal_handler_disconnect (f->repo, handler);
}

static void
test_refuses_bad_photos (KontorTestFixture *f,
                         gconstpointer      data)
{
  g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Ivan", "Petrov");
  gint64 id = kontor_entity_get_id (contact);
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");
  g_autoptr(GBytes) text = g_bytes_new_static ("hello, not a picture", 20);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *huge = g_malloc0 (KONTOR_PHOTO_MAX_SIZE + 1);

  g_assert_true (kontor_repository_set_contact_photo (f->repo, id, jpeg, &error));

  /* A JPEG header on something too big */
  memcpy (huge, "\xff\xd8\xff\xe0", 4);
  big = g_bytes_new_take (huge, KONTOR_PHOTO_MAX_SIZE + 1);
  g_assert_false (kontor_repository_set_contact_photo (f->repo, id, big, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too big"));
  g_clear_error (&error);

  g_assert_false (kontor_repository_set_contact_photo (f->repo, id, text, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a JPEG, PNG or GIF"));
  g_clear_error (&error);

  g_assert_false (kontor_repository_set_contact_photo (f->repo, id, empty, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_clear_error (&error);

  /* The photo it had is still there */
  assert_photo (f->repo, id, jpeg, "image/jpeg");

  g_assert_cmpstr (kontor_photo_sniff_mime ((const guint8 *) "GIF89a\x01\x00", 8), ==,
                   "image/gif");
  g_assert_cmpstr (kontor_photo_sniff_mime ((const guint8 *) "RIFF\0\0\0\0WEBPVP8 ", 16), ==,
                   NULL);
}

static void
test_vcard_21 (KontorTestFixture *f,
               gconstpointer      data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "photo-21.vcf", NULL);
  g_autoptr(KontorImportResult) result = import_vcard (f->repo, path);
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");
  g_autoptr(GBytes) png = load_data ("photo.png");
  g_autofree char *name = NULL;

  g_assert_cmpuint (result->created, ==, 2);
  name = kontor_test_query_text (f->path, "SELECT first_name FROM contacts WHERE id = 1");
  g_assert_cmpstr (name, ==, "Иван");
  assert_photo (f->repo, 1, jpeg, "image/jpeg");
  /* "PHOTO;PNG;BASE64:", as old phones write it */
  assert_photo (f->repo, 2, png, "image/png");
}

static void
test_vcard_30 (KontorTestFixture *f,
               gconstpointer      data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "photo-30.vcf", NULL);
  g_autoptr(KontorImportResult) result = import_vcard (f->repo, path);
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");

  g_assert_cmpuint (result->created, ==, 1);
  assert_photo (f->repo, 1, jpeg, "image/jpeg");
}

static void
test_vcard_40 (KontorTestFixture *f,
               gconstpointer      data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "photo-40.vcf", NULL);
  g_autoptr(KontorImportResult) result = import_vcard (f->repo, path);
  g_autoptr(GBytes) png = load_data ("photo.png");

  g_assert_cmpuint (result->created, ==, 3);
  g_assert_cmpuint (result->errors, ==, 0);
  assert_photo (f->repo, 1, png, "image/png");
  /* A link is not followed */
  assert_photo (f->repo, 2, NULL, NULL);
  /* Text is no picture: the contact comes, the photo does not, and the
   * import says why */
  assert_photo (f->repo, 3, NULL, NULL);
  g_assert_cmpuint (result->reasons->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->reasons, 0), ==,
                   "Row 4: the photo was left out: The photo is not a JPEG, PNG or GIF image");
}

static void
test_vcard_oversize (KontorTestFixture *f,
                     gconstpointer      data)
{
  g_autofree char *path = g_build_filename (f->dir, "big.vcf", NULL);
  g_autoptr(GString) card = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Big;Ben;;;\r\n"
                                          "PHOTO;ENCODING=b;TYPE=JPEG:");
  g_autofree guint8 *huge = g_malloc0 (KONTOR_PHOTO_MAX_SIZE + 10);
  g_autofree char *encoded = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (huge, "\xff\xd8\xff\xe0", 4);
  encoded = g_base64_encode (huge, KONTOR_PHOTO_MAX_SIZE + 10);
  g_string_append (card, encoded);
  g_string_append (card, "\r\nEND:VCARD\r\n");
  g_file_set_contents (path, card->str, card->len, &error);
  g_assert_no_error (error);

  result = import_vcard (f->repo, path);
  g_assert_cmpuint (result->created, ==, 1);
  assert_photo (f->repo, 1, NULL, NULL);
  g_assert_cmpuint (result->reasons->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->reasons, 0), "too big"));
}

static void
test_vcard_merge (KontorTestFixture *f,
                  gconstpointer      data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "photo-30.vcf", NULL);
  g_autoptr(KontorEntity) alice = kontor_test_add_contact (f->repo, "Alice", "Brown");
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (alice, "position", NULL);
  import = kontor_vcard_import_new (f->repo, path, &error);
  g_assert_no_error (error);
  kontor_import_set_duplicates (import, KONTOR_DUPLICATES_REPLACE);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->created, ==, 0);
  g_assert_cmpuint (result->updated, ==, 1);
  assert_photo (f->repo, kontor_entity_get_id (alice), jpeg, "image/jpeg");

  /* Undoing the import takes the photo it added away */
  g_assert_true (kontor_import_undo (f->repo, result->import_id, &error));
  g_assert_no_error (error);
  assert_photo (f->repo, kontor_entity_get_id (alice), NULL, NULL);
}

/* An import that replaced a photo gives the old one back when undone */
static void
test_vcard_replace_undo (KontorTestFixture *f,
                         gconstpointer      data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "photo-30.vcf", NULL);
  g_autoptr(KontorEntity) alice = kontor_test_add_contact (f->repo, "Alice", "Brown");
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");
  g_autoptr(GBytes) png = load_data ("photo.png");
  g_autoptr(GError) error = NULL;
  const char *sql = "SELECT mime || ':' || hex(data) || ':' || updated_at FROM contact_photos";
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (kontor_repository_set_contact_photo (f->repo, kontor_entity_get_id (alice),
                                                      png, &error));
  g_assert_no_error (error);
  before = kontor_test_query_text (f->path, sql);

  import = kontor_vcard_import_new (f->repo, path, &error);
  g_assert_no_error (error);
  kontor_import_set_duplicates (import, KONTOR_DUPLICATES_REPLACE);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->updated, ==, 1);
  assert_photo (f->repo, kontor_entity_get_id (alice), jpeg, "image/jpeg");

  g_assert_true (kontor_import_undo (f->repo, result->import_id, &error));
  g_assert_no_error (error);
  assert_photo (f->repo, kontor_entity_get_id (alice), png, "image/png");
  after = kontor_test_query_text (f->path, sql);
  g_assert_cmpstr (before, ==, after);
}

static void
test_vcard_round_trip (KontorTestFixture *f,
                       gconstpointer      data)
{
  KontorVCardVersion versions[] = { KONTOR_VCARD_21, KONTOR_VCARD_30 };
  g_autoptr(KontorEntity) ivan = kontor_test_add_contact (f->repo, "Ivan", "Petrov");
  g_autoptr(KontorEntity) anna = kontor_test_add_contact (f->repo, "Anna", "Smirnova");
  g_autoptr(KontorEntity) oleg = kontor_test_add_contact (f->repo, "Oleg", "Popov");
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");
  g_autoptr(GBytes) png = load_data ("photo.png");
  g_autoptr(GError) error = NULL;

  g_assert_true (kontor_repository_set_contact_photo (f->repo, kontor_entity_get_id (ivan),
                                                      jpeg, &error));
  g_assert_true (kontor_repository_set_contact_photo (f->repo, kontor_entity_get_id (anna),
                                                      png, &error));

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    {
      g_autofree char *vcf = g_build_filename (f->dir, "out.vcf", NULL);
      g_autofree char *path2 = g_build_filename (f->dir, v ? "b.db" : "a.db", NULL);
      g_autoptr(KontorListModel) list = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
      g_autoptr(KontorRepository) repo2 = kontor_repository_open (path2, &error);
      g_autoptr(KontorImportResult) result = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *names = NULL;
      guint count = 0;

      g_assert_no_error (error);
      kontor_list_model_set_sort (list, "first_name", FALSE, &error);
      g_assert_true (kontor_vcard_export (list, vcf, versions[v], &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count, ==, 3);
      g_assert_true (g_file_get_contents (vcf, &contents, NULL, NULL));
      g_assert_nonnull (strstr (contents, v == 0 ? "PHOTO;TYPE=JPEG;ENCODING=BASE64:/9j/"
                                                 : "PHOTO;TYPE=JPEG;ENCODING=b:/9j/"));

      result = import_vcard (repo2, vcf);
      g_assert_cmpuint (result->created, ==, 3);
      names = kontor_test_query_text (path2, "SELECT group_concat(first_name, ',') "
                                             "FROM contacts ORDER BY id");
      g_assert_cmpstr (names, ==, "Anna,Ivan,Oleg");
      assert_photo (repo2, 1, png, "image/png");
      assert_photo (repo2, 2, jpeg, "image/jpeg");
      assert_photo (repo2, 3, NULL, NULL);

      /* Undoing the import takes the photos with the contacts */
      g_assert_true (kontor_import_undo (repo2, result->import_id, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kontor_test_query_int (path2, "SELECT count(*) FROM contact_photos"), ==,
                       0);
    }
}

static void
test_backup_round_trip (KontorTestFixture *f,
                        gconstpointer      data)
{
  g_autofree char *backup = g_build_filename (f->dir, "backup.json", NULL);
  g_autofree char *path2 = g_build_filename (f->dir, "restored.db", NULL);
  g_autoptr(KontorEntity) ivan = kontor_test_add_contact (f->repo, "Ivan", "Petrov");
  g_autoptr(KontorEntity) anna = kontor_test_add_contact (f->repo, "Anna", "Smirnova");
  g_autoptr(KontorRepository) repo2 = NULL;
  g_autoptr(GBytes) jpeg = load_data ("photo.jpg");
  g_autoptr(GBytes) png = load_data ("photo.png");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *sql = "SELECT group_concat(contact_id || ':' || mime || ':' || hex(data) || ':' "
                    "|| updated_at, '|') FROM contact_photos ORDER BY contact_id";

  g_assert_true (kontor_repository_set_contact_photo (f->repo, kontor_entity_get_id (ivan),
                                                      jpeg, &error));
  g_assert_true (kontor_repository_set_contact_photo (f->repo, kontor_entity_get_id (anna),
                                                      png, &error));
  g_assert_true (kontor_repository_delete (f->repo, anna, &error));

  g_assert_true (kontor_backup (f->repo, backup, &error));
  g_assert_no_error (error);
  repo2 = kontor_repository_open (path2, &error);
  g_assert_no_error (error);
  g_assert_true (kontor_restore (repo2, backup, &error));
  g_assert_no_error (error);

  before = kontor_test_query_text (f->path, sql);
  after = kontor_test_query_text (path2, sql);
  g_assert_nonnull (before);
  g_assert_cmpstr (before, ==, after);
  assert_photo (repo2, kontor_entity_get_id (ivan), jpeg, "image/jpeg");
  assert_photo (repo2, kontor_entity_get_id (anna), png, "image/png");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/photos/" name, KontorTestFixture, NULL, kontor_test_fixture_setup, func, \
              kontor_test_fixture_teardown)

  ADD ("are-stored-replaced-kept-in-the-bin-and-removed", test_set_get_remove);
  ADD ("too-big-or-not-an-image-are-refused", test_refuses_bad_photos);
  ADD ("come-from-vcard-21-base64", test_vcard_21);
  ADD ("come-from-vcard-30", test_vcard_30);
  ADD ("come-from-vcard-40-data-uris-but-not-links", test_vcard_40);
  ADD ("too-big-in-a-vcard-are-left-out", test_vcard_oversize);
  ADD ("replace-the-photo-of-a-duplicate", test_vcard_merge);
  ADD ("come-back-when-an-import-that-replaced-them-is-undone", test_vcard_replace_undo);
  ADD ("survive-vcard-export-and-import", test_vcard_round_trip);
  ADD ("survive-backup-and-restore", test_backup_round_trip);

  return g_test_run ();
}

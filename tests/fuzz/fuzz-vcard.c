/* fuzz-vcard.c: a libFuzzer target for the vCard reader
 *
 * The input is written to a file (the reader takes a path) and imported as
 * kontor-cli import vcard does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fuzz-util.h"
#include "kontor-vcard.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  KontorRepository *repository = fuzz_get_repository ();
  g_autofree char *path = g_strconcat (fuzz_get_database_path (), ".vcf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(KontorImportResult) result = NULL;

  g_assert (g_file_set_contents (path, (const char *) data, size, NULL));
  import = kontor_vcard_import_new (repository, path, &error);
  if (import == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  g_assert_no_error (error);

  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert ((result != NULL) == (error == NULL));

  return 0;
}

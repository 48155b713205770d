/* fuzz-ical.c: a libFuzzer target for the iCalendar reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-util.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  KontorRepository *repository = fuzz_get_repository ();
  g_autoptr(GError) error = NULL;
  guint created = 0;
  guint updated = 0;

  if (kontor_ical_import_data (repository, (const char *) data, size, &created, &updated, &error))
    g_assert_no_error (error);
  else
    g_assert (error != NULL);

  return 0;
}

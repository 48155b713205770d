/* fuzz-cli.c: a libFuzzer target for the argument parsing of kontor-cli
 *
 * The input is split on NUL bytes into arguments, and kontor_cli_run () is
 * called with --database <scratch file> before them, its output going to
 * /dev/null. Run it in a scratch folder: commands may write files there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sanitizer/common_interface_defs.h>
#include <unistd.h>

#include "fuzz-util.h"
#include "kontor-cli-private.h"

#define MAX_ARGS 64

static int null_fd = -1;
static int stdout_fd = -1;
static int stderr_fd = -1;

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;
  int status;

  if (null_fd < 0)
    {
      null_fd = open ("/dev/null", O_RDWR);
      stdout_fd = dup (STDOUT_FILENO);
      stderr_fd = dup (STDERR_FILENO);
      g_assert (null_fd >= 0 && stdout_fd >= 0 && stderr_fd >= 0);
      /* A sanitizer report still reaches the real stderr */
      __sanitizer_set_report_fd ((void *) (gintptr) stderr_fd);
      /* Some commands read standard input */
      dup2 (null_fd, STDIN_FILENO);
    }

  fuzz_trim_database ();

  g_ptr_array_add (args, g_strdup ("kontor-cli"));
  g_ptr_array_add (args, g_strdup ("--database"));
  g_ptr_array_add (args, g_strdup (fuzz_get_database_path ()));
  for (gsize i = 0; i <= size && args->len < MAX_ARGS; i++)
    if (i == size || data[i] == '\0')
      {
        if (i > start || i < size)
          g_ptr_array_add (args, g_strndup ((const char *) data + start, i - start));
        start = i + 1;
      }
  g_ptr_array_add (args, NULL);

  /* Commands write and replace files: keep them to the scratch database
   * and the current folder */
  for (guint i = 3; i + 1 < args->len; i++)
    {
      const char *arg = g_ptr_array_index (args, i);

      if (arg[0] == '/' || arg[0] == '~' || strstr (arg, "..") != NULL
          || g_str_has_prefix (arg, "--database"))
        return -1;
    }

  fflush (stdout);
  fflush (stderr);
  dup2 (null_fd, STDOUT_FILENO);
  dup2 (null_fd, STDERR_FILENO);

  status = kontor_cli_run ((int) args->len - 1, (char **) args->pdata);

  fflush (stdout);
  fflush (stderr);
  dup2 (stdout_fd, STDOUT_FILENO);
  dup2 (stderr_fd, STDERR_FILENO);

  g_assert (status >= 0 && status <= 2);

  return 0;
}

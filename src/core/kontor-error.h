/* kontor-error.h: the one error domain of Kontor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KONTOR_ERROR (kontor_error_quark ())

typedef enum
{
  KONTOR_ERROR_FAILED,
  KONTOR_ERROR_INVALID,
  KONTOR_ERROR_NOT_FOUND,
  KONTOR_ERROR_CONFLICT,
  KONTOR_ERROR_CORRUPT,
  KONTOR_ERROR_TOO_NEW,
  KONTOR_ERROR_IO,
  KONTOR_ERROR_CANCELLED,
} KontorError;

GQuark      kontor_error_quark     (void);

void        kontor_set_field_error (GError     **error,
                                    const char  *field,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (3, 4);
const char *kontor_error_get_field (const GError *error);

G_END_DECLS

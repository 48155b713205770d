/* kontor-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-error"

#include "config.h"

#include "kontor-error.h"

/* An extended error carries the name of the field that failed validation,
 * so that a form can show the message next to that field. */
typedef struct
{
  char *field;
} KontorErrorPrivate;

static void
kontor_error_private_init (KontorErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
kontor_error_private_copy (const KontorErrorPrivate *src,
                           KontorErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
kontor_error_private_clear (KontorErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (KontorError, kontor_error)

void
kontor_set_field_error (GError     **error,
                        const char  *field,
                        const char  *format,
                        ...)
{
  g_autofree char *message = NULL;
  KontorErrorPrivate *priv;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (KONTOR_ERROR, KONTOR_ERROR_INVALID, message);
  priv = kontor_error_get_private (new_error);
  priv->field = g_strdup (field);
  g_propagate_error (error, new_error);
}

const char *
kontor_error_get_field (const GError *error)
{
  KontorErrorPrivate *priv;

  if (error == NULL || error->domain != KONTOR_ERROR)
    return NULL;

  priv = kontor_error_get_private (error);
  return priv ? priv->field : NULL;
}

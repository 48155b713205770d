/* kontor-ui-format.h: how values look in the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-core.h"

G_BEGIN_DECLS

char       *kontor_ui_format_date            (const char   *iso_date);
char       *kontor_ui_format_timestamp       (gint64        unix_utc);
char       *kontor_ui_format_vat_rate        (gint64        basis_points);
const char *kontor_ui_status_label           (const char   *kind,
                                              const char   *field,
                                              const char   *value);
const char *kontor_ui_status_css_class       (const char   *value);
void        kontor_ui_tag_label_set          (GtkLabel     *label,
                                              const char   *kind,
                                              const char   *field,
                                              const char   *value);
char       *kontor_ui_dup_linked_name        (KontorRepository *repository,
                                              KontorEntity     *entity,
                                              const char       *field);

G_END_DECLS

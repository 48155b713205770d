/* kontor-report-private.h: what the funnel and the sales report share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *_kontor_report_intern (GHashTable   *strings,
                                   GStringChunk *chunk,
                                   const char   *text);

G_END_DECLS

/* kontor-reports-page.h: the funnel and the sales analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_REPORTS_PAGE (kontor_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (KontorReportsPage, kontor_reports_page, KONTOR, REPORTS_PAGE, AdwBin)

GtkWidget *kontor_reports_page_new     (KontorRepository  *repository);
gboolean   kontor_reports_page_is_busy (KontorReportsPage *self);

G_END_DECLS

/* kontor-activities-page.h: the manager's agenda and week of activities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_ACTIVITIES_PAGE (kontor_activities_page_get_type ())

G_DECLARE_FINAL_TYPE (KontorActivitiesPage, kontor_activities_page, KONTOR, ACTIVITIES_PAGE, AdwBin)

GtkWidget  *kontor_activities_page_new             (KontorRepository     *repository);
GListModel *kontor_activities_page_get_group       (KontorActivitiesPage *self,
                                                    KontorDueGroup        group);
void        kontor_activities_page_set_filters     (KontorActivitiesPage *self,
                                                    const char           *kind,
                                                    const char           *responsible);
void        kontor_activities_page_refresh         (KontorActivitiesPage *self);
void        kontor_activities_page_show_week       (KontorActivitiesPage *self,
                                                    gboolean              week);
GtkWidget  *kontor_activities_page_get_week_view   (KontorActivitiesPage *self);
gboolean    kontor_activities_page_export          (KontorActivitiesPage *self,
                                                    const char           *path,
                                                    guint                *out_count,
                                                    GError              **error);
gboolean    kontor_activities_page_import          (KontorActivitiesPage *self,
                                                    const char           *path,
                                                    GError              **error);

G_END_DECLS

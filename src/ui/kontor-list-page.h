/* kontor-list-page.h: the searchable, sortable list of one kind of record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_LIST_PAGE (kontor_list_page_get_type ())

G_DECLARE_FINAL_TYPE (KontorListPage, kontor_list_page, KONTOR, LIST_PAGE, AdwBin)

GtkWidget       *kontor_list_page_new               (KontorRepository *repository,
                                                     const char       *name);
const char      *kontor_list_page_get_name          (KontorListPage   *self);
const char      *kontor_list_page_get_title         (KontorListPage   *self);
const char      *kontor_list_page_get_icon_name     (KontorListPage   *self);
KontorListModel *kontor_list_page_get_model         (KontorListPage   *self);
GtkColumnView   *kontor_list_page_get_column_view   (KontorListPage   *self);
const char      *kontor_list_page_get_count_text    (KontorListPage   *self);
const char      *kontor_list_page_get_visible_state (KontorListPage   *self);
void             kontor_list_page_set_search_text   (KontorListPage   *self,
                                                     const char       *text);
void             kontor_list_page_focus_search      (KontorListPage   *self);
void             kontor_list_page_create_record     (KontorListPage   *self);
void             kontor_list_page_set_alternate_view (KontorListPage  *self,
                                                      GtkWidget       *view,
                                                      const char      *title,
                                                      const char      *icon_name,
                                                      gboolean         shown);
gboolean         kontor_list_page_get_alternate_shown (KontorListPage *self);
void             kontor_list_page_set_alternate_shown (KontorListPage *self,
                                                       gboolean        shown);

const char * const *kontor_list_page_get_names      (void);

G_END_DECLS

/* kontor-list-model.h: a lazy GListModel over a query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_FILTER_EQ,
  KONTOR_FILTER_NE,
  KONTOR_FILTER_LT,
  KONTOR_FILTER_LE,
  KONTOR_FILTER_GT,
  KONTOR_FILTER_GE,
  KONTOR_FILTER_IS_NULL,
  KONTOR_FILTER_NOT_NULL,
} KontorFilterOp;

#define KONTOR_TYPE_LIST_MODEL (kontor_list_model_get_type ())

G_DECLARE_FINAL_TYPE (KontorListModel, kontor_list_model, KONTOR, LIST_MODEL, GObject)

KontorListModel  *kontor_list_model_new             (KontorRepository  *repository,
                                                     GType              entity_type);
KontorRepository *kontor_list_model_get_repository  (KontorListModel   *self);
GType             kontor_list_model_get_entity_type (KontorListModel   *self);

const char       *kontor_list_model_get_search      (KontorListModel   *self);
void              kontor_list_model_set_search      (KontorListModel   *self,
                                                     const char        *text);
const char       *kontor_list_model_get_sort_field  (KontorListModel   *self);
gboolean          kontor_list_model_get_sort_descending (KontorListModel *self);
gboolean          kontor_list_model_set_sort        (KontorListModel   *self,
                                                     const char        *field,
                                                     gboolean           descending,
                                                     GError           **error);
gboolean          kontor_list_model_add_filter      (KontorListModel   *self,
                                                     const char        *field,
                                                     KontorFilterOp     op,
                                                     const char        *value,
                                                     GError           **error);
void              kontor_list_model_clear_filters   (KontorListModel   *self);
gboolean          kontor_list_model_refresh         (KontorListModel   *self,
                                                     GError           **error);
gint64            kontor_list_model_get_id          (KontorListModel   *self,
                                                     guint              position);
gint              kontor_list_model_find_id         (KontorListModel   *self,
                                                     gint64             id);
void              kontor_list_model_set_background  (KontorListModel   *self,
                                                     gboolean           background);
gboolean          kontor_list_model_get_loading     (KontorListModel   *self);

G_END_DECLS

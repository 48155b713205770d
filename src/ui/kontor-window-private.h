/* kontor-window-private.h: what the parts of KontorWindow share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-lead-conversion.h"
#include "kontor-window.h"

G_BEGIN_DECLS

struct _KontorWindow
{
  AdwApplicationWindow  parent_instance;

  KontorRepository     *repository;
  GSettings            *settings;
  GtkWidget            *welcome_page;
  GCancellable         *demo_cancellable;     /* while the demo data is added */
  GPtrArray            *records;        /* the record pages, innermost last */
  KontorEntity         *last_deleted;   /* what "Undo" brings back */
  AdwToast             *deleted_toast;
  KontorLeadConversion *last_conversion;      /* what "Undo" of a conversion needs */
  KontorEntity         *last_converted_lead;
  GtkWidget            *overdue_badge;        /* on the Activities row of the sidebar */
  guint                 badge_timeout;
  guint                 external_poll;        /* looks for other programs' changes */
  GPtrArray            *drafts;               /* KontorDraft offered back, newest first */
  AdwToast             *drafts_toast;         /* offering them */
  GtkWidget            *drafts_dialog;        /* listing them */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkMenuButton        *primary_menu_button;
  GtkListBox           *sidebar_list;
  GtkStack             *content_stack;
  AdwViewStack         *view_stack;
};

void     _kontor_window_class_init_actions (GtkWidgetClass *widget_class);
void     _kontor_window_update_actions     (KontorWindow   *self);
GtkWidget *_kontor_window_get_list_page    (KontorWindow   *self);
void     _kontor_window_add_record_sections (KontorWindow *self,
                                             GtkWidget    *page,
                                             KontorEntity *entity);
void     _kontor_window_import             (KontorWindow   *self,
                                            GType           entity_type);
void     _kontor_window_class_init_drafts  (GtkWidgetClass *widget_class);
void     _kontor_window_offer_drafts       (KontorWindow   *self);
void     _kontor_window_dispose_drafts     (KontorWindow   *self);

G_END_DECLS

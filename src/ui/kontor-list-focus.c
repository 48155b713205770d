/* kontor-list-focus.c: gives the keyboard focus to the row of one record
 *
 * When a card moves to another column by keyboard, the focus must follow
 * it, or the next key press acts on whatever card took its place. The list
 * scrolls to the record and the record's row grabs the focus. A model that
 * is still reading its rows in a worker (KontorListModel:loading) or does
 * not hold the record yet is waited for; a row that GtkListView has not
 * made yet is looked for again on the next frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kontor-list-focus"

#include "config.h"

#include "kontor-list-focus.h"

/* How many frames a row may take to appear once the model holds it */
#define MAX_FRAMES 10

typedef struct
{
  KontorListModel   *model;
  gint64             id;
  KontorRowItemFunc  row_item;
  gulong             items_id;
  gulong             loading_id;
  guint              frames;
  gboolean           ticking;
} Request;

static GQuark
request_quark (void)
{
  return g_quark_from_static_string ("kontor-list-focus-request");
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_signal_handler (&request->items_id, request->model);
  g_clear_signal_handler (&request->loading_id, request->model);
  g_clear_object (&request->model);
  g_free (request);
}

static Request *
get_request (GtkWidget *list_view)
{
  return g_object_get_qdata (G_OBJECT (list_view), request_quark ());
}

static void
finish (GtkWidget *list_view)
{
  g_object_set_qdata (G_OBJECT (list_view), request_quark (), NULL);
}

/* Returns whether the row has the focus now */
static gboolean
try_focus (GtkWidget *list_view,
           Request   *request)
{
  g_autoptr(GObject) item = NULL;
  gint position;

  if (kontor_list_model_get_loading (request->model))
    return FALSE;

  position = kontor_list_model_find_id (request->model, request->id);
  if (position < 0)
    return FALSE;

  /* GTK 4.8 has no gtk_list_view_scroll_to (); the action makes the rows
   * around the position and scrolls there */
  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", (guint) position);

  item = g_list_model_get_item (G_LIST_MODEL (request->model), (guint) position);
  for (GtkWidget *row = gtk_widget_get_first_child (list_view);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (item != NULL && request->row_item (row) == (gpointer) item)
      return gtk_widget_grab_focus (row);

  return FALSE;
}

static gboolean
on_tick (GtkWidget     *list_view,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  Request *request = get_request (list_view);

  if (request == NULL)
    return G_SOURCE_REMOVE;

  if (try_focus (list_view, request) || ++request->frames >= MAX_FRAMES)
    {
      finish (list_view);
      return G_SOURCE_REMOVE;
    }

  /* notify::loading brings the attempts back */
  if (kontor_list_model_get_loading (request->model))
    {
      request->ticking = FALSE;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
attempt (GtkWidget *list_view)
{
  Request *request = get_request (list_view);

  if (request == NULL)
    return;

  if (try_focus (list_view, request))
    {
      finish (list_view);
      return;
    }

  if (!request->ticking && !kontor_list_model_get_loading (request->model))
    {
      request->ticking = TRUE;
      gtk_widget_add_tick_callback (list_view, on_tick, NULL, NULL);
    }
}

static void
on_model_changed (GtkWidget *list_view)
{
  attempt (list_view);
}

/**
 * kontor_list_view_focus_record:
 * @list_view: a list view of @model
 * @model: the model of the list
 * @id: the id of the record whose row gets the focus
 * @row_item: gives the item a row of @list_view shows
 *
 * Scrolls @list_view to the record @id and gives the keyboard focus to its
 * row, at once when it can, otherwise once @model has read its rows and
 * the row exists. A newer call for the same list replaces an older one.
 */
void
kontor_list_view_focus_record (GtkListView       *list_view,
                               KontorListModel   *model,
                               gint64             id,
                               KontorRowItemFunc  row_item)
{
  Request *request;

  g_return_if_fail (GTK_IS_LIST_VIEW (list_view));
  g_return_if_fail (KONTOR_IS_LIST_MODEL (model));
  g_return_if_fail (row_item != NULL);

  request = g_new0 (Request, 1);
  request->model = g_object_ref (model);
  request->id = id;
  request->row_item = row_item;
  request->items_id = g_signal_connect_swapped (model, "items-changed",
                                                G_CALLBACK (on_model_changed), list_view);
  request->loading_id = g_signal_connect_swapped (model, "notify::loading",
                                                  G_CALLBACK (on_model_changed), list_view);
  g_object_set_qdata_full (G_OBJECT (list_view), request_quark (), request, request_free);

  attempt (GTK_WIDGET (list_view));
}

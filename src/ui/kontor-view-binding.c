/* kontor-view-binding.c: list views that hold rows only while shown
 *
 * GTK 4.8's list views keep up to 200 rows of widgets each, whether the
 * page they are on is shown or not: seven lists and a board of four
 * columns on a big database held some 190 MB of rows nobody could see.
 * A view given its model here has it only while it is mapped; the scroll
 * position is kept across, so coming back to a page shows the same rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-view-binding"

#include "config.h"

#include "kontor-view-binding.h"

#define MODEL_KEY  "kontor-bound-model"
#define SCROLL_KEY "kontor-bound-scroll"

static void
set_view_model (GtkWidget         *view,
                GtkSelectionModel *model)
{
  if (GTK_IS_COLUMN_VIEW (view))
    gtk_column_view_set_model (GTK_COLUMN_VIEW (view), model);
  else
    gtk_list_view_set_model (GTK_LIST_VIEW (view), model);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* The idles hold the view weakly: a view going away with its window must
 * be disposed with it, not kept for an idle */
static void
idle_add_for (GtkWidget   *view,
              int          priority,
              GSourceFunc  func)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, view);
  g_idle_add_full (priority, func, ref, weak_ref_free);
}

static gboolean
restore_scroll_cb (gpointer data)
{
  g_autoptr(GtkWidget) view = g_weak_ref_get (data);
  GtkAdjustment *adjustment;
  double *value;

  if (view == NULL)
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  value = g_object_get_data (G_OBJECT (view), SCROLL_KEY);
  if (adjustment != NULL && value != NULL && gtk_widget_get_mapped (view))
    gtk_adjustment_set_value (adjustment, *value);
  return G_SOURCE_REMOVE;
}

static gboolean
bind_cb (gpointer data)
{
  g_autoptr(GtkWidget) view = g_weak_ref_get (data);
  GtkSelectionModel *model;

  if (view == NULL)
    return G_SOURCE_REMOVE;
  model = g_object_get_data (G_OBJECT (view), MODEL_KEY);
  if (!gtk_widget_get_mapped (view) || model == NULL)
    return G_SOURCE_REMOVE;

  if (GTK_IS_COLUMN_VIEW (view) ? gtk_column_view_get_model (GTK_COLUMN_VIEW (view)) != model
                                : gtk_list_view_get_model (GTK_LIST_VIEW (view)) != model)
    {
      set_view_model (view, model);
      /* Once the rows are measured, so that the adjustment is long enough */
      idle_add_for (view, G_PRIORITY_DEFAULT_IDLE, restore_scroll_cb);
    }
  return G_SOURCE_REMOVE;
}

/* Models are changed from an idle, never from the map and unmap handlers:
 * GTK 4.8's list item manager asserts when its rows come or go while the
 * view is being mapped or unmapped */
static void
on_map (GtkWidget *view)
{
  idle_add_for (view, G_PRIORITY_HIGH_IDLE, bind_cb);
}

static gboolean
release_cb (gpointer data)
{
  g_autoptr(GtkWidget) view = g_weak_ref_get (data);

  if (view != NULL && !gtk_widget_get_mapped (view) && gtk_widget_get_parent (view) != NULL)
    set_view_model (view, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_unmap (GtkWidget *view)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  double *value = g_new (double, 1);

  *value = adjustment != NULL ? gtk_adjustment_get_value (adjustment) : 0;
  g_object_set_data_full (G_OBJECT (view), SCROLL_KEY, value, g_free);
  idle_add_for (view, G_PRIORITY_DEFAULT_IDLE, release_cb);
}

/**
 * kontor_view_bind_while_mapped:
 * @view: a #GtkListView or #GtkColumnView
 * @model: (transfer none): what it shows
 *
 * Gives @view its model while it is mapped, and takes it away while it
 * is not, with its rows.
 */
void
kontor_view_bind_while_mapped (GtkWidget         *view,
                               GtkSelectionModel *model)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (view) || GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (GTK_IS_SELECTION_MODEL (model));

  g_object_set_data_full (G_OBJECT (view), MODEL_KEY, g_object_ref (model), g_object_unref);
  g_signal_connect (view, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (view, "unmap", G_CALLBACK (on_unmap), NULL);

  set_view_model (view, gtk_widget_get_mapped (view) ? model : NULL);
}

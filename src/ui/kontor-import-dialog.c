/* kontor-import-dialog.c: import a CSV or vCard file, step by step
 *
 * Choose a file, map its columns (known layouts come pre-mapped) with a
 * preview of the first rows, choose what happens to duplicates, check (a
 * dry run), import in a worker thread with a progress bar and Cancel, and
 * undo the whole import from the last page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-import-dialog"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-import-dialog.h"
#include "kontor-import.h"
#include "kontor-vcard.h"

#define PREVIEW_ROWS 5

struct _KontorImportDialog
{
  AdwWindow            parent_instance;

  KontorRepository    *repository;
  GType                entity_type;
  KontorImport        *import;
  GCancellable        *cancellable;
  GPtrArray           *column_rows;
  GStrv                fields;       /* choices of the column rows, after "Ignore" */
  gint64               import_id;
  guint                progress_id;
  gboolean             running;

  AdwToastOverlay     *toasts;
  GtkStack            *stack;
  GtkButton           *next_button;
  AdwPreferencesGroup *file_group;
  AdwPreferencesGroup *columns_group;
  AdwComboRow         *duplicates_row;
  GtkGrid             *preview_grid;
  GtkLabel            *summary_label;
  GtkLabel            *reasons_label;
  AdwStatusPage       *progress_page;
  GtkProgressBar      *progress_bar;
  AdwStatusPage       *result_page;
  GtkButton           *undo_button;
};

G_DEFINE_FINAL_TYPE (KontorImportDialog, kontor_import_dialog, ADW_TYPE_WINDOW)

static void
toast (KontorImportDialog *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
show_next (KontorImportDialog *self,
           const char         *label,
           const char         *action)
{
  gtk_button_set_label (self->next_button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), action);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), label != NULL);
}

static void
refresh_preview (KontorImportDialog *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint n_columns = kontor_import_get_n_columns (self->import);
  int x = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);

  rows = kontor_import_preview (self->import, PREVIEW_ROWS, &error);
  if (rows == NULL)
    {
      toast (self, error->message);
      return;
    }

  for (guint c = 0; c <= n_columns; c++)
    {
      const char *title;
      GtkWidget *label;

      if (c < n_columns && kontor_import_get_column_field (self->import, c) == NULL)
        continue;

      title = c < n_columns ? kontor_import_get_column_title (self->import, c) : _("Problem");
      label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->preview_grid, label, x, 0, 1, 1);

      for (guint r = 0; r < rows->len; r++)
        {
          GStrv row = g_ptr_array_index (rows, r);
          GtkWidget *cell = gtk_label_new (row[c]);

          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 30);
          if (c == n_columns)
            gtk_widget_add_css_class (cell, "error");
          gtk_grid_attach (self->preview_grid, cell, x, r + 1, 1, 1);
        }
      x++;
    }
}

static void
on_column_selected (AdwComboRow        *row,
                    GParamSpec         *pspec,
                    KontorImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint selected = adw_combo_row_get_selected (row);

  kontor_import_set_column_field (self->import, column,
                                  selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                  ? NULL : self->fields[selected - 1]);
  refresh_preview (self);
}

static void
build_mapping (KontorImportDialog *self)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (self->entity_type);
  g_autofree char *description = NULL;
  char delimiter = kontor_import_get_delimiter (self->import);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  g_clear_pointer (&self->fields, g_strfreev);
  self->fields = kontor_import_list_fields (self->entity_type);

  description = g_strdup_printf (_("Encoding %s, delimiter “%s”, %s"),
                                 kontor_import_get_encoding (self->import),
                                 delimiter == '\t' ? _("tab") : (char[]) { delimiter, '\0' },
                                 kontor_import_get_has_header (self->import)
                                 ? _("with a header row") : _("no header row"));
  adw_preferences_group_set_description (self->file_group, description);

  for (guint c = 0; c < kontor_import_get_n_columns (self->import); c++)
    {
      g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
      const char *mapped = kontor_import_get_column_field (self->import, c);
      GtkWidget *row = adw_combo_row_new ();
      guint selected = 0;

      gtk_string_list_append (choices, _("Ignore"));
      for (guint f = 0; self->fields[f] != NULL; f++)
        {
          const KontorField *field = kontor_entity_class_find_field (KONTOR_ENTITY_CLASS (klass),
                                                                     self->fields[f]);

          gtk_string_list_append (choices, kontor_field_get_label (field));
          if (g_strcmp0 (mapped, self->fields[f]) == 0)
            selected = f + 1;
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     kontor_import_get_column_title (self->import, c));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_column_selected), self);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }

  refresh_preview (self);
  gtk_stack_set_visible_child_name (self->stack, "mapping");
  show_next (self, _("_Check"), "import.check");
}

/**
 * kontor_import_dialog_open_file:
 *
 * Reads @path (CSV, or vCard for contacts) and shows its mapping.
 */
gboolean
kontor_import_dialog_open_file (KontorImportDialog *self,
                                const char         *path)
{
  g_autoptr(GError) error = NULL;
  KontorImport *import;

  g_return_val_if_fail (KONTOR_IS_IMPORT_DIALOG (self), FALSE);

  if (self->entity_type == KONTOR_TYPE_CONTACT &&
      (g_str_has_suffix (path, ".vcf") || g_str_has_suffix (path, ".vcard") ||
       g_str_has_suffix (path, ".VCF")))
    import = kontor_vcard_import_new (self->repository, path, &error);
  else
    import = kontor_import_new (self->repository, self->entity_type, path, NULL, &error);

  if (import == NULL)
    {
      toast (self, error->message);
      return FALSE;
    }

  g_clear_object (&self->import);
  self->import = import;
  build_mapping (self);
  return TRUE;
}

static gboolean
progress_cb (gpointer user_data)
{
  KontorImportDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, kontor_import_get_fraction (self->import));
  return G_SOURCE_CONTINUE;
}

static void
stop_progress (KontorImportDialog *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->cancellable);
  self->running = FALSE;
}

static char *
describe_result (KontorImportResult *result,
                 gboolean            dry_run)
{
  if (dry_run)
    /* Translators: the counts of a check before an import */
    return g_strdup_printf (_("%" PRIu64 " rows: %" PRIu64 " to create, %"
                              PRIu64 " to update, %" PRIu64 " to skip, %"
                              PRIu64 " with errors"),
                            result->rows, result->created, result->updated, result->skipped,
                            result->errors);

  return g_strdup_printf (_("%" PRIu64 " created, %" PRIu64 " updated, %"
                            PRIu64 " skipped, %" PRIu64 " with errors"),
                          result->created, result->updated, result->skipped, result->errors);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(KontorImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autofree char *text = NULL;

  result = kontor_import_run_finish (KONTOR_IMPORT (source), res, &error);
  stop_progress (self);

  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("Import cancelled; nothing was imported"));
      else
        toast (self, error->message);
      gtk_stack_set_visible_child_name (self->stack, "mapping");
      show_next (self, _("_Check"), "import.check");
      return;
    }

  text = describe_result (result, result->import_id == 0);
  if (result->import_id == 0)
    {
      g_autoptr(GString) reasons = g_string_new (NULL);

      for (guint i = 0; i < result->reasons->len && i < 50; i++)
        g_string_append_printf (reasons, "%s\n", (const char *) g_ptr_array_index (result->reasons,
                                                                                   i));
      gtk_label_set_text (self->summary_label, text);
      gtk_label_set_text (self->reasons_label, reasons->str);
      gtk_widget_set_visible (GTK_WIDGET (self->reasons_label), reasons->len > 0);
      gtk_stack_set_visible_child_name (self->stack, "summary");
      show_next (self, _("_Import"), result->created + result->updated > 0 ? "import.run" : NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                                result->created + result->updated > 0);
    }
  else
    {
      self->import_id = result->import_id;
      adw_status_page_set_description (self->result_page, text);
      gtk_widget_set_sensitive (GTK_WIDGET (self->undo_button), TRUE);
      gtk_stack_set_visible_child_name (self->stack, "result");
      show_next (self, NULL, NULL);
    }
}

static void
start_run (KontorImportDialog *self,
           gboolean            dry_run)
{
  if (self->import == NULL || self->running)
    return;

  kontor_import_set_duplicates (self->import, adw_combo_row_get_selected (self->duplicates_row));
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  adw_status_page_set_title (self->progress_page, dry_run ? _("Checking…") : _("Importing…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  show_next (self, NULL, NULL);
  self->progress_id = g_timeout_add (100, progress_cb, self);

  kontor_import_run_async (self->import, dry_run, self->cancellable, on_run_done,
                           g_object_ref (self));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_run (KONTOR_IMPORT_DIALOG (widget), TRUE);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  start_run (KONTOR_IMPORT_DIALOG (widget), FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorImportDialog *self = KONTOR_IMPORT_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KontorImportDialog *self = KONTOR_IMPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->import_id == 0)
    return;

  if (!kontor_import_undo (self->repository, self->import_id, &error))
    {
      toast (self, error->message);
      return;
    }

  self->import_id = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->undo_button), FALSE);
  adw_status_page_set_title (self->result_page, _("Import Undone"));
  adw_status_page_set_description (self->result_page,
                                   _("The records it created are gone and the ones it changed "
                                     "have their previous values back."));
}

static void
on_file_chosen (GtkNativeDialog    *chooser,
                int                 response,
                KontorImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        kontor_import_dialog_open_file (self, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorImportDialog *self = KONTOR_IMPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV and vCard files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_pattern (filter, "*.vcf");
  gtk_file_filter_add_pattern (filter, "*.VCF");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
kontor_import_dialog_close_request (GtkWindow *window)
{
  KontorImportDialog *self = KONTOR_IMPORT_DIALOG (window);

  /* A running import is cancelled: it leaves nothing behind */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (kontor_import_dialog_parent_class)->close_request (window);
}

static void
kontor_import_dialog_dispose (GObject *object)
{
  KontorImportDialog *self = KONTOR_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import);
  g_clear_object (&self->repository);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_strfreev);

  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (kontor_import_dialog_parent_class)->dispose (object);
}

static void
kontor_import_dialog_class_init (KontorImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kontor_import_dialog_dispose;
  window_class->close_request = kontor_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kontor/Kontor/ui/"
                                               "kontor-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, file_group);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, KontorImportDialog, undo_button);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kontor_import_dialog_init (KontorImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->column_rows = g_ptr_array_new ();
}

/* The step shown: "choose", "mapping", "summary", "progress" or "result" */
const char *
kontor_import_dialog_get_step (KontorImportDialog *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
kontor_import_dialog_new (GtkWindow        *parent,
                          KontorRepository *repository,
                          GType             entity_type)
{
  KontorImportDialog *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (g_type_is_a (entity_type, KONTOR_TYPE_ENTITY), NULL);

  self = g_object_new (KONTOR_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->repository = g_object_ref (repository);
  self->entity_type = entity_type;

  return GTK_WIDGET (self);
}

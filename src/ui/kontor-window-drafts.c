/* kontor-window-drafts.c: forms left unsaved in the last session
 *
 * A record page keeps what the user typed as a draft (kontor-drafts.h)
 * until it is saved or given up. When the window opens on a database with
 * drafts, a toast offers them back: one is restored at once, several are
 * listed in a dialog first. Restoring opens each record's page with the
 * typed texts filled in, not saved. A draft of a record that was deleted
 * meanwhile is dropped, and the toast says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-record-page.h"
#include "kontor-window-private.h"

static const struct
{
  const char *kind;
  const char *kind_label;
  const char *new_title;
} kinds[] = {
  { "lead", N_("Lead"), N_("New Lead") },
  { "contact", N_("Contact"), N_("New Contact") },
  { "company", N_("Company"), N_("New Company") },
  { "deal", N_("Deal"), N_("New Deal") },
  { "activity", N_("Activity"), N_("New Activity") },
  { "product", N_("Product"), N_("New Product") },
  { "invoice", N_("Invoice"), N_("New Invoice") },
};

static const char *
get_kind_label (const char *kind,
                gboolean    is_new)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return is_new ? _(kinds[i].new_title) : _(kinds[i].kind_label);

  return kind;
}

/* The record of @draft, also a deleted one; a new one for a draft of a new record */
static KontorEntity *
lookup_record (KontorWindow      *self,
               const KontorDraft *draft)
{
  GType type = kontor_entity_type_from_name (draft->kind);

  if (type == G_TYPE_INVALID)
    return NULL;

  if (draft->id == 0)
    return g_object_new (type, NULL);

  return kontor_repository_find (self->repository, type, draft->id, NULL);
}

/* The record of @draft; %NULL when the record is gone */
static KontorEntity *
find_record (KontorWindow      *self,
             const KontorDraft *draft)
{
  g_autoptr(KontorEntity) entity = lookup_record (self, draft);

  if (entity == NULL || kontor_entity_is_deleted (entity))
    return NULL;

  return g_steal_pointer (&entity);
}

/* "Anna Petrova", or "New Contact" for a new record */
static char *
dup_draft_name (KontorWindow      *self,
                const KontorDraft *draft)
{
  g_autoptr(KontorEntity) entity = lookup_record (self, draft);
  g_autofree char *name = NULL;

  if (entity == NULL)
    return g_strdup (get_kind_label (draft->kind, draft->id == 0));

  if (draft->id == 0)
    {
      GHashTableIter iter;
      gpointer field, text;

      /* What the user typed names the new record; what does not parse is left out */
      g_hash_table_iter_init (&iter, draft->fields);
      while (g_hash_table_iter_next (&iter, &field, &text))
        if (kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (entity), field) != NULL)
          kontor_entity_set_from_string (entity, field, text, NULL);
    }

  name = kontor_entity_dup_display_name (entity);
  if (name == NULL || *name == '\0')
    return g_strdup (get_kind_label (draft->kind, draft->id == 0));

  return g_steal_pointer (&name);
}

/* "Contact — Anna Petrova" */
static char *
dup_draft_description (KontorWindow      *self,
                       const KontorDraft *draft)
{
  g_autofree char *name = dup_draft_name (self, draft);

  /* Translators: a form with unsaved changes: the kind of record and its name,
   * e.g. "Contact — Anna Petrova" or "New Deal — Website redesign" */
  return g_strdup_printf (_("%s — %s"), get_kind_label (draft->kind, draft->id == 0), name);
}

static void
forget_offer (KontorWindow *self)
{
  if (self->drafts_toast != NULL)
    {
      g_autoptr(AdwToast) toast = g_steal_pointer (&self->drafts_toast);

      adw_toast_dismiss (toast);
    }

  if (self->drafts_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->drafts_dialog));

  g_ptr_array_set_size (self->drafts, 0);
}

static void
say_deleted (KontorWindow *self,
             GPtrArray    *names)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (names->len == 0)
    return;

  if (names->len == 1)
    {
      g_autofree char *markup = g_markup_escape_text (g_ptr_array_index (names, 0), -1);

      /* Translators: %s is the name of a record */
      title = g_strdup_printf (_("“%s” was deleted, so its unsaved changes were discarded"),
                               markup);
    }
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u record with unsaved changes was deleted; "
                                          "the changes were discarded",
                                          "%u records with unsaved changes were deleted; "
                                          "the changes were discarded",
                                          names->len),
                             names->len);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
discard_draft (KontorWindow      *self,
               const KontorDraft *draft)
{
  g_autoptr(GError) error = NULL;

  if (!kontor_drafts_discard (kontor_repository_get_path (self->repository),
                              draft->kind, draft->id, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
restore_drafts (KontorWindow *self)
{
  const char *path = kontor_repository_get_path (self->repository);
  g_autoptr(GPtrArray) drafts = g_steal_pointer (&self->drafts);
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);

  self->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) kontor_draft_free);
  forget_offer (self);

  if (self->welcome_page != NULL &&
      gtk_stack_get_visible_child (self->main_stack) == self->welcome_page)
    gtk_stack_set_visible_child_name (self->main_stack, "main");

  /* Oldest first: the newest ends up on top, Back leads to the others */
  for (guint i = drafts->len; i > 0; i--)
    {
      const KontorDraft *offered = g_ptr_array_index (drafts, i - 1);
      g_autoptr(KontorDraft) draft = NULL;
      g_autoptr(KontorEntity) entity = NULL;
      g_autoptr(GError) error = NULL;
      GtkWidget *page;

      /* Read again: the file is what counts */
      draft = kontor_drafts_take (path, offered->kind, offered->id, &error);
      if (draft == NULL)
        {
          if (error != NULL)
            adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
          continue;
        }

      entity = find_record (self, draft);
      if (entity == NULL)
        {
          g_ptr_array_add (deleted, dup_draft_name (self, draft));
          discard_draft (self, draft);
          continue;
        }

      kontor_window_open_record (self, entity);
      page = kontor_window_get_record_page (self);
      if (KONTOR_IS_RECORD_PAGE (page))
        kontor_record_page_restore_draft (KONTOR_RECORD_PAGE (page), draft);
    }

  say_deleted (self, deleted);
}

static void
discard_drafts (KontorWindow *self)
{
  g_autoptr(GPtrArray) drafts = g_steal_pointer (&self->drafts);

  self->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) kontor_draft_free);
  forget_offer (self);

  for (guint i = 0; i < drafts->len; i++)
    discard_draft (self, g_ptr_array_index (drafts, i));
}

/* Callbacks */

static void
on_toast_dismissed (AdwToast     *toast,
                    KontorWindow *self)
{
  /* Closed without an answer: the drafts stay for the next start */
  if (self->drafts_toast == toast)
    g_clear_object (&self->drafts_toast);
}

static void
on_dialog_response (AdwMessageDialog *dialog,
                    const char       *response,
                    KontorWindow     *self)
{
  /* The dialog closes itself */
  if (self->drafts_dialog == GTK_WIDGET (dialog))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->drafts_dialog);
      self->drafts_dialog = NULL;
    }

  if (g_str_equal (response, "restore"))
    restore_drafts (self);
  else if (g_str_equal (response, "discard"))
    discard_drafts (self);
}

/* Actions */

static void
restore_drafts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  restore_drafts (KONTOR_WINDOW (widget));
}

static void
discard_drafts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  discard_drafts (KONTOR_WINDOW (widget));
}

static void
review_drafts_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);
  g_autoptr(GString) body = g_string_new (_("These forms were not saved in the last session:"));
  GtkWidget *dialog;

  if (self->drafts->len == 0 || self->drafts_dialog != NULL)
    return;

  for (guint i = 0; i < self->drafts->len; i++)
    {
      g_autofree char *description = dup_draft_description (self,
                                                            g_ptr_array_index (self->drafts, i));

      g_string_append_printf (body, "\n%s", description);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Unsaved Changes"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "discard", _("_Discard All"),
                                    "restore", _("_Restore All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response), self, 0);

  self->drafts_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->drafts_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Private API */

void
_kontor_window_class_init_drafts (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.restore-drafts", NULL,
                                   restore_drafts_action);
  gtk_widget_class_install_action (widget_class, "win.discard-drafts", NULL,
                                   discard_drafts_action);
  gtk_widget_class_install_action (widget_class, "win.review-drafts", NULL,
                                   review_drafts_action);
}

/* Looks for drafts of the window's database and offers them back */
void
_kontor_window_offer_drafts (KontorWindow *self)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->drafts == NULL)
    self->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) kontor_draft_free);
  forget_offer (self);

  drafts = kontor_drafts_list (kontor_repository_get_path (self->repository), &error);
  if (drafts == NULL)
    {
      g_debug ("Could not look for drafts: %s", error->message);
      return;
    }

  for (guint i = 0; i < drafts->len; i++)
    {
      KontorDraft *draft = g_ptr_array_index (drafts, i);
      g_autoptr(KontorEntity) entity = NULL;

      /* Of a kind this version does not know: left alone */
      if (kontor_entity_type_from_name (draft->kind) == G_TYPE_INVALID)
        continue;

      entity = find_record (self, draft);
      if (entity == NULL)
        {
          g_ptr_array_add (deleted, dup_draft_name (self, draft));
          discard_draft (self, draft);
          continue;
        }

      g_ptr_array_add (self->drafts, kontor_draft_copy (draft));
    }

  say_deleted (self, deleted);

  if (self->drafts->len == 0)
    return;

  if (self->drafts->len == 1)
    {
      g_autofree char *name = dup_draft_name (self, g_ptr_array_index (self->drafts, 0));
      g_autofree char *markup = g_markup_escape_text (name, -1);

      /* Translators: %s is the name of a record, or "New Contact" and the like */
      title = g_strdup_printf (_("Unsaved changes to “%s” from the last session"), markup);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Restore"));
      adw_toast_set_action_name (toast, "win.restore-drafts");
    }
  else
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u form has unsaved changes from the last session",
                                            "%u forms have unsaved changes from the last session",
                                            self->drafts->len),
                               self->drafts->len);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Review…"));
      adw_toast_set_action_name (toast, "win.review-drafts");
    }

  /* Stays until answered: it is the user's work */
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, 0);
  self->drafts_toast = g_object_ref (toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_kontor_window_dispose_drafts (KontorWindow *self)
{
  if (self->drafts_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->drafts_dialog));
  g_clear_object (&self->drafts_toast);
  g_clear_pointer (&self->drafts, g_ptr_array_unref);
}

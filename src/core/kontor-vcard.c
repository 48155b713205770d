/* kontor-vcard.c: vCard import and export of contacts (EVCard)
 *
 * vCards are read and written by libebook-contacts (EContact, EVCard):
 * versions 2.1 (with quoted-printable values and charsets, as phones export
 * them), 3.0 and 4.0. An import turns the cards into a CSV file of Kontor
 * fields and runs it through KontorImport, so that it gets the same
 * duplicate handling, dry run, rejects and undo as a CSV import.
 *
 * Photos come along: inline ones (BASE64 in 2.1, b in 3.0, data: URIs in
 * 4.0) are stored with the contact made or merged from the card; links to
 * pictures elsewhere are not followed, as Kontor never goes to the network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-vcard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* The two headers needed, without the whole libedataserver (which uses
 * API deprecated in our GLib) */
#define __LIBEBOOK_CONTACTS_H_INSIDE__
#include <libebook-contacts/e-contact.h>
#include <libebook-contacts/e-vcard.h>
#undef __LIBEBOOK_CONTACTS_H_INSIDE__

#include <string.h>

#include "kontor-contact.h"
#include "kontor-csv-reader.h"
#include "kontor-error.h"
#include "kontor-import-private.h"
#include "kontor-photo.h"
#include "kontor-vcard.h"

static const char * const csv_fields[] = {
  "first_name", "middle_name", "last_name", "position", "company", "phone", "email",
  "birthday", "address", "comment", NULL
};

static void
append_cell (GString    *line,
             const char *value)
{
  g_autofree char *clean = NULL;

  if (line->len > 0 && line->str[line->len - 1] != '\n')
    g_string_append_c (line, ',');
  if (value == NULL)
    return;
  clean = g_strstrip (g_strdup (value));
  kontor_csv_write_field (line, clean, ',');
}

static char *
join_list (GList *values)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (GList *l = values; l != NULL; l = l->next)
    {
      const char *value = l->data;

      if (value == NULL || *value == '\0')
        continue;
      /* vCard 4.0 writes phones as URIs */
      if (g_ascii_strncasecmp (value, "tel:", 4) == 0)
        value += 4;
      if (joined->len > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, value);
    }

  return joined->len > 0 ? g_strdup (joined->str) : NULL;
}

static char *
dup_address (EContact *contact)
{
  static const EContactField labels[] = {
    E_CONTACT_ADDRESS_LABEL_WORK, E_CONTACT_ADDRESS_LABEL_HOME, E_CONTACT_ADDRESS_LABEL_OTHER,
  };
  static const EContactField addresses[] = {
    E_CONTACT_ADDRESS_WORK, E_CONTACT_ADDRESS_HOME, E_CONTACT_ADDRESS_OTHER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      EContactAddress *address = e_contact_get (contact, addresses[i]);

      if (address != NULL)
        {
          const char *parts[] = {
            address->street, address->ext, address->locality, address->region, address->code,
            address->country,
          };
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint j = 0; j < G_N_ELEMENTS (parts); j++)
            if (parts[j] != NULL && *parts[j] != '\0')
              g_string_append_printf (text, "%s%s", text->len ? ", " : "", parts[j]);
          e_contact_address_free (address);
          if (text->len > 0)
            return g_strdup (text->str);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      char *label = e_contact_get (contact, labels[i]);

      if (label != NULL && *label != '\0')
        return label;
      g_free (label);
    }

  return NULL;
}

static void
card_to_csv (EContact *contact,
             GString  *out)
{
  EContactName *name = e_contact_get (contact, E_CONTACT_NAME);
  EContactDate *birthday = e_contact_get (contact, E_CONTACT_BIRTH_DATE);
  GList *phones = e_contact_get (contact, E_CONTACT_TEL);
  GList *emails = e_contact_get (contact, E_CONTACT_EMAIL);
  g_autofree char *org = e_contact_get (contact, E_CONTACT_ORG);
  g_autofree char *title = e_contact_get (contact, E_CONTACT_TITLE);
  g_autofree char *note = e_contact_get (contact, E_CONTACT_NOTE);
  g_autofree char *full_name = e_contact_get (contact, E_CONTACT_FULL_NAME);
  g_autofree char *phone = join_list (phones);
  g_autofree char *email = join_list (emails);
  g_autofree char *address = dup_address (contact);
  g_autofree char *date = NULL;
  g_autofree char *given = NULL;

  if (birthday != NULL)
    date = g_strdup_printf ("%04u-%02u-%02u", birthday->year, birthday->month, birthday->day);

  /* A card with only FN: its name as the first name */
  given = g_strdup (name ? name->given : NULL);
  if ((given == NULL || *given == '\0') && (name == NULL || name->family == NULL ||
                                            *name->family == '\0'))
    {
      g_free (given);
      given = g_strdup (full_name);
    }

  g_string_append_c (out, '\n');
  append_cell (out, given);
  append_cell (out, name ? name->additional : NULL);
  append_cell (out, name ? name->family : NULL);
  append_cell (out, title);
  append_cell (out, org);
  append_cell (out, phone);
  append_cell (out, email);
  append_cell (out, date);
  append_cell (out, address);
  append_cell (out, note);

  g_list_free_full (phones, g_free);
  g_list_free_full (emails, g_free);
  if (name != NULL)
    e_contact_name_free (name);
  if (birthday != NULL)
    e_contact_date_free (birthday);
}

static void
bytes_unref_nullable (gpointer bytes)
{
  if (bytes != NULL)
    g_bytes_unref (bytes);
}

/* data:[<media type>][;base64],<data> (RFC 2397), as vCard 4.0 has it */
static GBytes *
decode_data_uri (const char *uri)
{
  const char *comma;
  gboolean base64;

  if (g_ascii_strncasecmp (uri, "data:", 5) != 0 || (comma = strchr (uri, ',')) == NULL)
    return NULL;

  base64 = comma - uri >= 12 && g_ascii_strncasecmp (comma - 7, ";base64", 7) == 0;
  if (base64)
    {
      gsize length = 0;
      g_autofree char *text = g_strdup (comma + 1);
      guchar *data = g_base64_decode_inplace (text, &length);

      return g_bytes_new (data, length);
    }

  return g_uri_unescape_bytes (comma + 1, -1, NULL, NULL);
}

/* The picture of a card, if it is in the card itself */
static GBytes *
dup_photo (EVCard *vcard)
{
  EVCardAttribute *attribute = e_vcard_get_attribute (vcard, EVC_PHOTO);
  GList *values;
  GString *value;

  if (attribute == NULL)
    return NULL;

  /* EVCard decodes BASE64 and b itself, and quoted-printable at parsing */
  values = e_vcard_attribute_get_values_decoded (attribute);
  if (values == NULL || values->data == NULL)
    return NULL;
  value = values->data;

  if (e_vcard_attribute_get_param (attribute, EVC_ENCODING) != NULL)
    return value->len > 0 ? g_bytes_new (value->str, value->len) : NULL;

  /* A URI: only a data: one holds the picture; http and file ones are left */
  return decode_data_uri (value->str);
}

/**
 * kontor_vcard_import_new:
 *
 * Reads every card of a vCard file and returns an import of contacts, ready
 * for kontor_import_run() (with its duplicate modes and dry run).
 */
KontorImport *
kontor_vcard_import_new (KontorRepository  *repository,
                         const char        *path,
                         GError           **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GString) card = NULL;
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (bytes_unref_nullable);
  g_auto(GStrv) lines = NULL;
  g_autofree char *tmp_path = NULL;
  KontorImport *import;
  gsize length = 0;
  guint n_cards = 0;
  int fd;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  /* Cards are text: UTF-8, or UTF-16 from some address books */
  if (length >= 2 && (guchar) contents[0] == 0xFF && (guchar) contents[1] == 0xFE)
    text = g_convert (contents + 2, length - 2, "UTF-8", "UTF-16LE", NULL, NULL, error);
  else if (length >= 2 && (guchar) contents[0] == 0xFE && (guchar) contents[1] == 0xFF)
    text = g_convert (contents + 2, length - 2, "UTF-8", "UTF-16BE", NULL, NULL, error);
  else if (memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID, _("%s is not a vCard file"), path);
      return NULL;
    }
  else
    text = g_strdup (g_str_has_prefix (contents, "\xef\xbb\xbf") ? contents + 3 : contents);
  if (text == NULL)
    return NULL;

  for (guint i = 0; csv_fields[i] != NULL; i++)
    g_string_append_printf (csv, "%s%s", i ? "," : "", csv_fields[i]);

  /* One EVCard per BEGIN:VCARD … END:VCARD block */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (lines[i]));

      if (g_ascii_strcasecmp (trimmed, "BEGIN:VCARD") == 0)
        card = g_string_new (NULL);
      if (card != NULL)
        {
          g_string_append (card, lines[i]);
          g_string_append_c (card, '\n');
        }
      if (card != NULL && g_ascii_strcasecmp (trimmed, "END:VCARD") == 0)
        {
          EContact *contact = e_contact_new_from_vcard (card->str);

          if (contact != NULL)
            {
              card_to_csv (contact, csv);
              g_ptr_array_add (photos, dup_photo (E_VCARD (contact)));
              n_cards++;
              g_object_unref (contact);
            }
          g_string_free (g_steal_pointer (&card), TRUE);
        }
    }

  if (n_cards == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID, _("%s has no vCard in it"), path);
      return NULL;
    }
  g_string_append_c (csv, '\n');

  fd = g_file_open_tmp ("kontor-vcard-XXXXXX.csv", &tmp_path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents (tmp_path, csv->str, csv->len, error))
    {
      g_unlink (tmp_path);
      return NULL;
    }

  import = kontor_import_new (repository, KONTOR_TYPE_CONTACT, tmp_path, "UTF-8", error);
  if (import == NULL)
    {
      g_unlink (tmp_path);
      return NULL;
    }
  kontor_import_set_has_header (import, TRUE);
  kontor_import_set_delete_file (import, TRUE);
  _kontor_import_set_photos (import, photos);

  return import;
}

static void
add_values (EVCard             *vcard,
            const char         *name,
            const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i++)
    {
      EVCardAttribute *attribute = e_vcard_attribute_new (NULL, name);

      e_vcard_append_attribute_with_value (vcard, attribute, values[i]);
    }
}

static void
add_photo (EVCard             *vcard,
           GBytes             *photo,
           const char         *mime,
           KontorVCardVersion  version)
{
  EVCardAttribute *attribute = e_vcard_attribute_new (NULL, EVC_PHOTO);
  gsize size = 0;
  const char *data = g_bytes_get_data (photo, &size);

  /* The value is encoded by EVCard, as the ENCODING parameter says */
  e_vcard_attribute_add_param_with_value (attribute, e_vcard_attribute_param_new (EVC_ENCODING),
                                          version == KONTOR_VCARD_21 ? "BASE64" : "b");
  e_vcard_attribute_add_param_with_value (attribute, e_vcard_attribute_param_new (EVC_TYPE),
                                          kontor_photo_get_format_name (mime));
  e_vcard_attribute_add_value_decoded (attribute, data, (int) size);
  e_vcard_append_attribute (vcard, attribute);
}

static char *
contact_to_vcard (KontorRepository   *repository,
                  KontorEntity       *entity,
                  KontorVCardVersion  version)
{
  g_autoptr(GObject) object = G_OBJECT (e_contact_new ());
  EContact *contact = E_CONTACT (object);
  EContactName *name = e_contact_name_new ();
  g_autofree char *full_name = kontor_entity_dup_display_name (entity);
  g_autofree char *photo_mime = NULL;
  g_autoptr(GBytes) photo = NULL;
  const char *birthday = kontor_entity_get_text (entity, "birthday");
  const char *address = kontor_entity_get_text (entity, "address");
  gint64 company_id = kontor_entity_get_int (entity, "company");

  name->given = g_strdup (kontor_entity_get_text (entity, "first_name"));
  name->additional = g_strdup (kontor_entity_get_text (entity, "middle_name"));
  name->family = g_strdup (kontor_entity_get_text (entity, "last_name"));
  e_contact_set (contact, E_CONTACT_NAME, name);
  e_contact_name_free (name);
  e_contact_set (contact, E_CONTACT_FULL_NAME, full_name);

  if (kontor_entity_get_text (entity, "position") != NULL)
    e_contact_set (contact, E_CONTACT_TITLE, kontor_entity_get_text (entity, "position"));
  if (kontor_entity_get_text (entity, "comment") != NULL)
    e_contact_set (contact, E_CONTACT_NOTE, kontor_entity_get_text (entity, "comment"));
  if (company_id != 0)
    {
      g_autoptr(KontorEntity) company = kontor_repository_find (repository,
                                                                kontor_entity_type_from_name ("company"),
                                                                company_id, NULL);
      if (company != NULL)
        e_contact_set (contact, E_CONTACT_ORG, kontor_entity_get_text (company, "name"));
    }
  if (birthday != NULL)
    {
      EContactDate *date = e_contact_date_from_string (birthday);

      if (date != NULL)
        {
          e_contact_set (contact, E_CONTACT_BIRTH_DATE, date);
          e_contact_date_free (date);
        }
    }
  if (address != NULL)
    {
      EContactAddress work = { 0, };

      work.street = (char *) address;
      e_contact_set (contact, E_CONTACT_ADDRESS_WORK, &work);
    }

  add_values (E_VCARD (contact), EVC_TEL, kontor_entity_get_list (entity, "phone"));
  add_values (E_VCARD (contact), EVC_EMAIL, kontor_entity_get_list (entity, "email"));

  photo = kontor_repository_get_contact_photo (repository, kontor_entity_get_id (entity),
                                               &photo_mime, NULL);
  if (photo != NULL)
    add_photo (E_VCARD (contact), photo, photo_mime, version);

  return e_vcard_to_string (E_VCARD (contact), version == KONTOR_VCARD_21
                                               ? EVC_FORMAT_VCARD_21 : EVC_FORMAT_VCARD_30);
}

/**
 * kontor_vcard_export:
 * @contacts: a list of contacts, as shown
 *
 * Writes one vCard per contact of the list.
 */
gboolean
kontor_vcard_export (KontorListModel     *contacts,
                     const char          *path,
                     KontorVCardVersion   version,
                     guint               *out_count,
                     GError             **error)
{
  KontorRepository *repository = kontor_list_model_get_repository (contacts);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (contacts));
  guint count = 0;

  g_return_val_if_fail (kontor_list_model_get_entity_type (contacts) == KONTOR_TYPE_CONTACT,
                        FALSE);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KontorEntity) entity = g_list_model_get_item (G_LIST_MODEL (contacts), i);
      g_autofree char *card = NULL;
      g_autofree char *line = NULL;

      if (entity == NULL)
        continue;
      card = contact_to_vcard (repository, entity, version);
      line = g_strconcat (card, "\r\n", NULL);
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), line, strlen (line), NULL, NULL,
                                      error))
        return FALSE;
      count++;
    }

  if (out_count != NULL)
    *out_count = count;

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

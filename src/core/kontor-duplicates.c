/* kontor-duplicates.c
 *
 * Duplicate control: phones are compared in E.164 form (parsed by
 * libphonenumber through libebook-contacts), e-mails in lower case, names
 * in a reduced form kept in indexed normalized_name columns. Merging moves
 * everything linked to the merged-away records onto the survivor and keeps
 * a record of each move so that the merge can be undone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-duplicates"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#define __LIBEBOOK_CONTACTS_H_INSIDE__
#include <libebook-contacts/e-phone-number.h>
#undef __LIBEBOOK_CONTACTS_H_INSIDE__

#include "kontor-company.h"
#include "kontor-contact.h"
#include "kontor-duplicates.h"
#include "kontor-entity-private.h"
#include "kontor-error.h"
#include "kontor-lead.h"
#include "kontor-leads-private.h"
#include "kontor-repository-private.h"

#define MAX_CANDIDATES 50

typedef struct
{
  guint  move;       /* index into moves[] */
  gint64 row_id;
  gint64 old_owner;
} MovedRow;

struct _KontorMergeRecord
{
  char      *kind;
  GType      type;
  gint64     survivor_id;
  GArray    *other_ids;       /* gint64 */
  GArray    *moved;           /* MovedRow */
  GPtrArray *survivor_before; /* GValue * per field, NULL for lists */
  gboolean   fields_changed;
};

/* Everything that points at a lead, contact or company and moves to the
 * survivor of a merge. kind_column names the column that must hold the kind
 * when one table holds rows of several kinds. */
static const struct
{
  const char *kind;
  const char *table;
  const char *column;
  const char *kind_column;
} moves[] = {
  { "lead", "contact_points", "owner_id", "owner_kind" },
  { "lead", "activities", "lead_id", NULL },
  { "lead", "deals", "lead_id", NULL },
  { "lead", "contacts", "lead_id", NULL },
  { "lead", "companies", "lead_id", NULL },
  { "lead", "timeline", "entity_id", "entity_kind" },
  { "contact", "contact_points", "owner_id", "owner_kind" },
  { "contact", "deals", "contact_id", NULL },
  { "contact", "activities", "contact_id", NULL },
  { "contact", "invoices", "contact_id", NULL },
  { "contact", "leads", "contact_id", NULL },
  { "contact", "timeline", "entity_id", "entity_kind" },
  { "company", "contact_points", "owner_id", "owner_kind" },
  { "company", "deals", "company_id", NULL },
  { "company", "contacts", "company_id", NULL },
  { "company", "activities", "company_id", NULL },
  { "company", "invoices", "company_id", NULL },
  { "company", "leads", "company_id", NULL },
  { "company", "timeline", "entity_id", "entity_kind" },
};

/* Legal forms, written as they are after transliteration */
static const char * const legal_forms[] = {
  "ooo", "oao", "zao", "pao", "ao", "ip", "nko", "ano", "too", "chp",
  "llc", "inc", "ltd", "gmbh", "corp", "co", "plc", "llp", "ag", "lp",
  "incorporated", "limited", "corporation", "company",
  NULL
};

/* Normalizing ------------------------------------------------------------- */

static const char *
transliterate (gunichar c)
{
  static const char * const table[] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
  };

  if (c >= 0x0430 && c <= 0x044F)
    return table[c - 0x0430];
  if (c == 0x0451)  /* ё */
    return "e";

  return NULL;
}

/* Lower-cased words in Latin letters; punctuation and quotes split words */
static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  GString *word = g_string_new (NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_string_free (word, TRUE);
      return words;
    }

  /* NFC first: "й" typed as "и" and a combining breve is one letter */
  composed = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  folded = g_utf8_casefold (composed, -1);
  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *latin;

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          latin = transliterate (c);
          if (latin != NULL)
            g_string_append (word, latin);
          else if (!g_unichar_ismark (c))
            g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  g_string_free (word, TRUE);
  return words;
}

static char *
join_words (GPtrArray *words)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, g_ptr_array_index (words, i));
    }

  if (joined->len == 0)
    {
      g_string_free (joined, TRUE);
      return NULL;
    }

  return g_string_free (joined, FALSE);
}

static int
compare_words (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The region whose national numbers are written without a country code:
 * KONTOR_PHONE_REGION, else the territory of the user's locale ("ru_RU" →
 * "RU"), else Russia (the C locale names none). */
static const char *
default_region (void)
{
  static char *region = NULL;

  if (g_once_init_enter (&region))
    {
      const char *env = g_getenv ("KONTOR_PHONE_REGION");
      const char *locale = setlocale (LC_ADDRESS, NULL);
      const char *underscore = locale ? strchr (locale, '_') : NULL;
      char *chosen = NULL;

      if (env != NULL && strlen (env) == 2)
        chosen = g_ascii_strup (env, -1);
      else if (underscore != NULL && g_ascii_isupper (underscore[1]) &&
               g_ascii_isupper (underscore[2]) && !g_ascii_isalpha (underscore[3]))
        chosen = g_strndup (underscore + 1, 2);
      else
        chosen = g_strdup ("RU");

      g_once_init_leave (&region, chosen);
    }

  return region;
}

/* The digits of a phone number in E.164 form without the "+":
 * "+7 (912) 345-67-89", "89123456789" and "8 912 345 67 89" all give
 * "79123456789". What libphonenumber cannot parse keeps its digits. */
char *
kontor_duplicates_normalize_phone (const char *phone)
{
  EPhoneNumber *number = NULL;
  GString *digits;

  if (phone == NULL || *phone == '\0')
    return NULL;

  if (e_phone_number_is_supported ())
    number = e_phone_number_from_string (phone, default_region (), NULL);

  if (number != NULL)
    {
      g_autofree char *e164 = e_phone_number_to_string (number, E_PHONE_NUMBER_FORMAT_E164);

      e_phone_number_free (number);
      if (e164 != NULL && e164[0] == '+' && e164[1] != '\0')
        return g_strdup (e164 + 1);
    }

  /* Without libphonenumber (a libebook-contacts built without it), the
   * Russian national prefix is still handled */
  digits = g_string_new (NULL);
  for (const char *p = phone; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  if (g_str_equal (default_region (), "RU"))
    {
      if (digits->len == 11 && digits->str[0] == '8')
        digits->str[0] = '7';
      else if (digits->len == 10 && digits->str[0] == '9')
        g_string_prepend_c (digits, '7');
    }

  return g_string_free (digits, FALSE);
}

char *
kontor_duplicates_normalize_email (const char *email)
{
  g_autofree char *trimmed = NULL;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return NULL;

  trimmed = g_strstrip (g_utf8_normalize (email, -1, G_NORMALIZE_NFC));
  if (*trimmed == '\0')
    return NULL;

  return g_utf8_strdown (trimmed, -1);
}

char *
kontor_duplicates_normalize_company (const char *name)
{
  g_autoptr(GPtrArray) words = split_words (name);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; i < words->len; i++)
    if (!g_strv_contains (legal_forms, g_ptr_array_index (words, i)))
      g_ptr_array_add (kept, g_ptr_array_index (words, i));

  /* "ООО" alone is a name too */
  if (kept->len == 0)
    return join_words (words);

  return join_words (kept);
}

char *
kontor_duplicates_normalize_person (const char *first_name,
                                    const char *last_name)
{
  g_autoptr(GPtrArray) words = split_words (first_name);
  g_autoptr(GPtrArray) last = split_words (last_name);

  for (guint i = 0; i < last->len; i++)
    g_ptr_array_add (words, g_strdup (g_ptr_array_index (last, i)));

  g_ptr_array_sort (words, compare_words);
  return join_words (words);
}

void
kontor_duplicate_candidate_free (KontorDuplicateCandidate *candidate)
{
  if (candidate == NULL)
    return;

  g_clear_object (&candidate->entity);
  g_free (candidate->detail);
  g_free (candidate);
}

void
kontor_duplicate_group_free (KontorDuplicateGroup *group)
{
  if (group == NULL)
    return;

  g_free (group->kind);
  g_array_unref (group->ids);
  g_free (group);
}

char *
kontor_duplicate_reason_to_string (KontorDuplicateReason reasons)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (reasons & KONTOR_DUPLICATE_PHONE)
    g_ptr_array_add (parts, (gpointer) _("same phone"));
  if (reasons & KONTOR_DUPLICATE_EMAIL)
    g_ptr_array_add (parts, (gpointer) _("same e-mail"));
  if (reasons & KONTOR_DUPLICATE_NAME)
    g_ptr_array_add (parts, (gpointer) _("similar name"));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (", ", (char **) parts->pdata);
}

/* Keeping normalized names --------------------------------------------------- */

static gboolean
update_column (KontorRepository  *self,
               const char        *sql,
               const char        *value,
               gint64             id,
               GError           **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  if (value != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);

  return TRUE;
}

gboolean
_kontor_duplicates_update_normalized (KontorRepository  *self,
                                      KontorEntity      *entity,
                                      GError           **error)
{
  gint64 id = kontor_entity_get_id (entity);

  if (KONTOR_IS_CONTACT (entity) || KONTOR_IS_LEAD (entity))
    {
      g_autofree char *person =
        kontor_duplicates_normalize_person (kontor_entity_get_text (entity, "first_name"),
                                            kontor_entity_get_text (entity, "last_name"));

      if (!update_column (self, KONTOR_IS_LEAD (entity)
                          ? "UPDATE leads SET normalized_name = ?1 "
                            "WHERE id = ?2 AND normalized_name IS NOT ?1"
                          : "UPDATE contacts SET normalized_name = ?1 "
                            "WHERE id = ?2 AND normalized_name IS NOT ?1",
                          person, id, error))
        return FALSE;
    }

  if (KONTOR_IS_LEAD (entity))
    {
      g_autofree char *company =
        kontor_duplicates_normalize_company (kontor_entity_get_text (entity, "company_name"));

      return update_column (self, "UPDATE leads SET normalized_company = ?1 "
                                  "WHERE id = ?2 AND normalized_company IS NOT ?1",
                            company, id, error);
    }

  if (KONTOR_IS_COMPANY (entity))
    {
      g_autofree char *company =
        kontor_duplicates_normalize_company (kontor_entity_get_text (entity, "name"));

      return update_column (self, "UPDATE companies SET normalized_name = ?1 "
                                  "WHERE id = ?2 AND normalized_name IS NOT ?1",
                            company, id, error);
    }

  return TRUE;
}

static gboolean
backfill (KontorRepository  *self,
          const char        *select_sql,
          const char        *update_sql,
          gboolean           person,
          GError           **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = _kontor_repository_get_db (self);
  int rc;

  {
    g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, select_sql, error);

    if (stmt == NULL)
      return FALSE;

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        const char *a = (const char *) sqlite3_column_text (stmt, 1);
        char *value;

        if (person)
          value = kontor_duplicates_normalize_person (a, (const char *)
                                                      sqlite3_column_text (stmt, 2));
        else
          value = kontor_duplicates_normalize_company (a);

        g_array_append_val (ids, id);
        g_ptr_array_add (values, value);
      }
    if (rc != SQLITE_DONE)
      return _kontor_set_sqlite_error (db, rc, error);
  }

  for (guint i = 0; i < ids->len; i++)
    if (!update_column (self, update_sql, g_ptr_array_index (values, i),
                        g_array_index (ids, gint64, i), error))
      return FALSE;

  return TRUE;
}

static gboolean
seed_lead_sources (KontorRepository  *self,
                   GError           **error)
{
  static const struct {
    const char *code;
    const char *name;
  } sources[] = {
    { "call", N_("Call") },
    { "email", N_("E-mail") },
    { "web_form", N_("Web form") },
    { "social", N_("Social network or messenger") },
    { "visit", N_("Visit") },
    { "partner", N_("Partner") },
    { "other", N_("Other") },
  };
  gint64 now = _kontor_now ();

  {
    g_autoptr(KontorStmt) count = _kontor_repository_prepare (self,
                                                              "SELECT count(*) FROM lead_sources",
                                                              error);
    if (count == NULL)
      return FALSE;
    if (sqlite3_step (count) == SQLITE_ROW && sqlite3_column_int64 (count, 0) > 0)
      return TRUE;
  }

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(KontorStmt) stmt = NULL;
      g_autofree char *uuid = g_uuid_string_random ();
      int rc;

      stmt = _kontor_repository_prepare (self,
                                         "INSERT INTO lead_sources (uuid, created_at, updated_at, "
                                         "code, name, position) VALUES (?, ?, ?, ?, ?, ?)",
                                         error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, now);
      sqlite3_bind_text (stmt, 4, sources[i].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, _(sources[i].name), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 6, (int) i);

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);
    }

  return TRUE;
}

gboolean
_kontor_leads_after_migration (KontorRepository  *self,
                               GError           **error)
{
  return seed_lead_sources (self, error) &&
         backfill (self, "SELECT id, first_name, last_name FROM contacts",
                   "UPDATE contacts SET normalized_name = ?1 "
                   "WHERE id = ?2 AND normalized_name IS NOT ?1", TRUE, error) &&
         backfill (self, "SELECT id, first_name, last_name FROM leads",
                   "UPDATE leads SET normalized_name = ?1 "
                   "WHERE id = ?2 AND normalized_name IS NOT ?1", TRUE, error) &&
         backfill (self, "SELECT id, company_name FROM leads",
                   "UPDATE leads SET normalized_company = ?1 "
                   "WHERE id = ?2 AND normalized_company IS NOT ?1", FALSE, error) &&
         backfill (self, "SELECT id, name FROM companies",
                   "UPDATE companies SET normalized_name = ?1 "
                   "WHERE id = ?2 AND normalized_name IS NOT ?1", FALSE, error);
}

/* Looking for duplicates of one record ------------------------------------ */

static GType
type_for_kind (const char *kind)
{
  if (g_strcmp0 (kind, "lead") == 0)
    return KONTOR_TYPE_LEAD;
  if (g_strcmp0 (kind, "contact") == 0)
    return KONTOR_TYPE_CONTACT;
  if (g_strcmp0 (kind, "company") == 0)
    return KONTOR_TYPE_COMPANY;
  return G_TYPE_INVALID;
}

/* Lead ↔ lead, contact and company; contact ↔ contact and lead;
 * company ↔ company and lead */
static gboolean
kind_matters (KontorEntity *entity,
              const char   *kind)
{
  if (KONTOR_IS_LEAD (entity))
    return TRUE;
  if (KONTOR_IS_CONTACT (entity))
    return g_str_equal (kind, "contact") || g_str_equal (kind, "lead");
  return g_str_equal (kind, "company") || g_str_equal (kind, "lead");
}

static void
add_candidate (KontorRepository *self,
               KontorEntity     *entity,
               GPtrArray        *found,
               GHashTable       *seen,
               GType             type,
               gint64            id,
               KontorDuplicateReason reason,
               const char       *detail)
{
  KontorDuplicateCandidate *candidate;
  g_autoptr(KontorEntity) other = NULL;
  g_autofree char *key = NULL;

  if (type == G_TYPE_INVALID)
    return;
  if (type == G_OBJECT_TYPE (entity) && id == kontor_entity_get_id (entity))
    return;

  key = g_strdup_printf ("%s:%" PRId64, g_type_name (type), id);
  candidate = g_hash_table_lookup (seen, key);
  if (candidate != NULL)
    {
      candidate->reasons |= reason;
      return;
    }

  if (found->len >= MAX_CANDIDATES)
    return;

  other = kontor_repository_find (self, type, id, NULL);
  if (other == NULL || kontor_entity_is_deleted (other))
    return;

  candidate = g_new0 (KontorDuplicateCandidate, 1);
  candidate->entity = g_steal_pointer (&other);
  candidate->reasons = reason;
  candidate->detail = g_strdup (detail);
  g_ptr_array_add (found, candidate);
  g_hash_table_insert (seen, g_steal_pointer (&key), candidate);
}

static gboolean
find_by_points (KontorRepository  *self,
                KontorEntity      *entity,
                const char        *list,
                GPtrArray         *found,
                GHashTable        *seen,
                GError           **error)
{
  const char * const *values;
  gboolean phone = g_str_equal (list, "phone");

  if (kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (entity), list) == NULL)
    return TRUE;

  values = kontor_entity_get_list (entity, list);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *normalized = NULL;
      g_autoptr(KontorStmt) stmt = NULL;
      int rc;

      normalized = phone ? kontor_duplicates_normalize_phone (values[i])
                         : kontor_duplicates_normalize_email (values[i]);
      if (normalized == NULL || *normalized == '\0')
        continue;

      stmt = _kontor_repository_prepare (self,
                                         "SELECT owner_kind, owner_id FROM contact_points "
                                         "WHERE kind = ? AND normalized = ? LIMIT 100", error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, list, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, normalized, -1, SQLITE_TRANSIENT);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *kind = (const char *) sqlite3_column_text (stmt, 0);

          if (!kind_matters (entity, kind))
            continue;
          add_candidate (self, entity, found, seen, type_for_kind (kind),
                         sqlite3_column_int64 (stmt, 1),
                         phone ? KONTOR_DUPLICATE_PHONE : KONTOR_DUPLICATE_EMAIL, values[i]);
        }
      if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);
    }

  return TRUE;
}

static gboolean
find_by_column (KontorRepository  *self,
                KontorEntity      *entity,
                const char        *sql,
                GType              type,
                const char        *normalized,
                const char        *detail,
                GPtrArray         *found,
                GHashTable        *seen,
                GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  if (normalized == NULL)
    return TRUE;

  stmt = _kontor_repository_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, normalized, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_candidate (self, entity, found, seen, type, sqlite3_column_int64 (stmt, 0),
                   KONTOR_DUPLICATE_NAME, detail);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);

  return TRUE;
}

/* Every word of one name is a word of the other: "Иван Петров" and
 * "Петров Иван Сергеевич" */
static gboolean
names_overlap (const char *a,
               const char *b)
{
  g_auto(GStrv) wa = NULL;
  g_auto(GStrv) wb = NULL;
  gboolean a_in_b = TRUE, b_in_a = TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  wa = g_strsplit (a, " ", -1);
  wb = g_strsplit (b, " ", -1);
  for (guint i = 0; wa[i]; i++)
    a_in_b &= g_strv_contains ((const char * const *) wb, wa[i]);
  for (guint i = 0; wb[i]; i++)
    b_in_a &= g_strv_contains ((const char * const *) wa, wb[i]);

  return a_in_b || b_in_a;
}

/* Names written with more words (a middle name in the name field) are
 * found through the full-text index, never by reading the table. */
static gboolean
find_by_search (KontorRepository  *self,
                KontorEntity      *entity,
                const char        *first,
                const char        *last,
                const char        *normalized,
                const char        *detail,
                GPtrArray         *found,
                GHashTable        *seen,
                GError           **error)
{
  g_autofree char *text = g_strjoin (" ", first ? first : "", last ? last : "", NULL);
  g_autofree char *match = NULL;
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  if (normalized == NULL || strchr (normalized, ' ') == NULL)
    return TRUE;  /* one word is not a name to match on */

  /* Whole words, not prefixes */
  match = _kontor_search_build_match (self, text, FALSE);
  if (match == NULL)
    return TRUE;

  stmt = _kontor_repository_prepare (self,
                                     "SELECT rowid FROM search_index WHERE search_index MATCH ? "
                                     "AND rowid >= ? AND rowid < ? LIMIT 200", error);
  if (stmt == NULL)
    return FALSE;

  /* Leads (1) and contacts (2) are the rowids of two kinds in a row */
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, KONTOR_SEARCH_ROWID (1, 0));
  sqlite3_bind_int64 (stmt, 3, KONTOR_SEARCH_ROWID (3, 0));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      guint code = KONTOR_SEARCH_ROWID_KIND (rowid);
      gint64 id = KONTOR_SEARCH_ROWID_ID (rowid);
      const char *kind = code == 1 ? "lead" : code == 2 ? "contact" : NULL;
      g_autoptr(KontorStmt) name_stmt = NULL;

      if (kind == NULL || !kind_matters (entity, kind))
        continue;

      /* The stored reduced name decides; no record is loaded for a miss */
      name_stmt = _kontor_repository_prepare (self, code == 1
                                               ? "SELECT normalized_name FROM leads "
                                                 "WHERE id = ? AND deleted_at IS NULL"
                                               : "SELECT normalized_name FROM contacts "
                                                 "WHERE id = ? AND deleted_at IS NULL", error);
      if (name_stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (name_stmt, 1, id);
      if (sqlite3_step (name_stmt) == SQLITE_ROW &&
          names_overlap (normalized, (const char *) sqlite3_column_text (name_stmt, 0)))
        add_candidate (self, entity, found, seen, type_for_kind (kind), id,
                       KONTOR_DUPLICATE_NAME, detail);
    }
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);

  return TRUE;
}

/**
 * kontor_duplicates_find_for:
 * @entity: a lead, contact or company, saved or not, as the user typed it
 *
 * Returns: (transfer container): #KontorDuplicateCandidate of other records
 *   with the same phone, e-mail or name, at most 50
 */
GPtrArray *
kontor_duplicates_find_for (KontorRepository  *self,
                            KontorEntity      *entity,
                            GError           **error)
{
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kontor_duplicate_candidate_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), NULL);

  if (!KONTOR_IS_LEAD (entity) && !KONTOR_IS_CONTACT (entity) && !KONTOR_IS_COMPANY (entity))
    return g_steal_pointer (&found);

  if (!find_by_points (self, entity, "phone", found, seen, error) ||
      !find_by_points (self, entity, "email", found, seen, error))
    return NULL;

  if (KONTOR_IS_LEAD (entity) || KONTOR_IS_CONTACT (entity))
    {
      const char *first = kontor_entity_get_text (entity, "first_name");
      const char *last = kontor_entity_get_text (entity, "last_name");
      g_autofree char *person = kontor_duplicates_normalize_person (first, last);
      g_autofree char *shown = g_strjoin (" ", first ? first : "", last ? last : "", NULL);

      g_strstrip (shown);
      if (!find_by_column (self, entity, "SELECT id FROM contacts WHERE normalized_name = ? "
                           "AND deleted_at IS NULL LIMIT 50", KONTOR_TYPE_CONTACT, person,
                           shown, found, seen, error) ||
          !find_by_column (self, entity, "SELECT id FROM leads WHERE normalized_name = ? "
                           "AND deleted_at IS NULL LIMIT 50", KONTOR_TYPE_LEAD, person,
                           shown, found, seen, error) ||
          !find_by_search (self, entity, first, last, person, shown, found, seen, error))
        return NULL;
    }

  if (KONTOR_IS_LEAD (entity) || KONTOR_IS_COMPANY (entity))
    {
      const char *name = kontor_entity_get_text (entity, KONTOR_IS_LEAD (entity) ? "company_name"
                                                                                  : "name");
      g_autofree char *company = kontor_duplicates_normalize_company (name);

      if (!find_by_column (self, entity, "SELECT id FROM companies WHERE normalized_name = ? "
                           "AND deleted_at IS NULL LIMIT 50", KONTOR_TYPE_COMPANY, company,
                           name, found, seen, error) ||
          !find_by_column (self, entity, "SELECT id FROM leads WHERE normalized_company = ? "
                           "AND deleted_at IS NULL LIMIT 50", KONTOR_TYPE_LEAD, company,
                           name, found, seen, error))
        return NULL;
    }

  return g_steal_pointer (&found);
}

/* Whole-database scan --------------------------------------------------------- */

typedef struct
{
  GHashTable *parent;       /* gint64 id → gint64 parent id (both owned) */
  GHashTable *edge_reasons; /* id → reasons of the pairs it is in */
} UnionFind;

static gint64 *
int64_dup (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

static gint64
uf_find (UnionFind *uf,
         gint64     id)
{
  gint64 *parent = g_hash_table_lookup (uf->parent, &id);

  if (parent == NULL)
    {
      g_hash_table_insert (uf->parent, int64_dup (id), int64_dup (id));
      return id;
    }
  if (*parent == id)
    return id;

  *parent = uf_find (uf, *parent);
  return *parent;
}

static void
uf_union (UnionFind             *uf,
          gint64                 a,
          gint64                 b,
          KontorDuplicateReason  reason)
{
  gint64 ra = uf_find (uf, a);
  gint64 rb = uf_find (uf, b);
  gpointer old;

  if (ra != rb)
    {
      gint64 higher = MAX (ra, rb);
      gint64 *parent = g_hash_table_lookup (uf->parent, &higher);

      *parent = MIN (ra, rb);
    }

  old = g_hash_table_lookup (uf->edge_reasons, &a);
  g_hash_table_insert (uf->edge_reasons, int64_dup (a),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (old) | reason));
}

static gint64
count_rows (KontorRepository *self,
            const char       *sql,
            const char       *param)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, sql, NULL);

  if (stmt == NULL)
    return 0;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

typedef struct
{
  KontorProgressFunc  func;
  gpointer            data;
  GMainContext       *context;
  gint64              done;
  gint64              total;
  double              reported;
} Progress;

typedef struct
{
  KontorProgressFunc func;
  gpointer           data;
  double             fraction;
} ProgressReport;

static gboolean
report_progress_cb (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->func (report->fraction, report->data);
  return G_SOURCE_REMOVE;
}

static void
progress_step (Progress *progress)
{
  double fraction;

  progress->done++;
  if (progress->func == NULL || progress->total == 0)
    return;

  fraction = MIN (1.0, (double) progress->done / (double) progress->total);
  if (fraction - progress->reported < 0.01 && fraction < 1.0)
    return;
  progress->reported = fraction;

  if (progress->context == NULL)
    progress->func (fraction, progress->data);
  else
    {
      ProgressReport *report = g_new (ProgressReport, 1);

      report->func = progress->func;
      report->data = progress->data;
      report->fraction = fraction;
      g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT, report_progress_cb,
                                  report, g_free);
    }
}

/* Rows come ordered by key; neighbours with the same key are duplicates */
static gboolean
scan_query (KontorRepository       *self,
            const char             *sql,
            const char             *param,
            KontorDuplicateReason   reason,
            UnionFind              *uf,
            Progress               *progress,
            GCancellable           *cancellable,
            GError                **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, sql, error);
  g_autofree char *previous_key = NULL;
  gint64 previous_id = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      gint64 id = sqlite3_column_int64 (stmt, 1);

      if ((progress->done & 0xfff) == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      progress_step (progress);

      if (key == NULL || *key == '\0')
        continue;

      if (previous_key != NULL && strcmp (previous_key, key) == 0)
        {
          if (previous_id != id)
            {
              uf_union (uf, previous_id, id, reason);
              uf_union (uf, id, previous_id, reason);
            }
        }
      else
        {
          g_free (previous_key);
          previous_key = g_strdup (key);
        }
      previous_id = id;
    }
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);

  return TRUE;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const KontorDuplicateGroup *ga = *(KontorDuplicateGroup **) a;
  const KontorDuplicateGroup *gb = *(KontorDuplicateGroup **) b;
  gint64 ia = g_array_index (ga->ids, gint64, 0);
  gint64 ib = g_array_index (gb->ids, gint64, 0);

  return ia < ib ? -1 : ia > ib;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 ia = *(const gint64 *) a;
  gint64 ib = *(const gint64 *) b;

  return ia < ib ? -1 : ia > ib;
}

/* @context: where to call @progress_func, NULL for right here */
static GPtrArray *
scan_internal (KontorRepository    *self,
               GType                type,
               GCancellable        *cancellable,
               KontorProgressFunc   progress_func,
               gpointer             progress_data,
               GMainContext        *context,
               GError             **error)
{
  g_autoptr(GTypeClass) klass = NULL;
  const char *kind, *table;
  g_autofree char *points_sql = NULL;
  g_autofree char *names_sql = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GHashTable) by_root = NULL;
  UnionFind uf;
  Progress progress = { progress_func, progress_data, NULL, 0, 0, 0.0 };
  gboolean ok;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);

  if (type != KONTOR_TYPE_LEAD && type != KONTOR_TYPE_CONTACT && type != KONTOR_TYPE_COMPANY)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("Duplicates are looked for among leads, contacts and companies only"));
      return NULL;
    }

  klass = g_type_class_ref (type);
  kind = KONTOR_ENTITY_CLASS (klass)->kind;
  table = KONTOR_ENTITY_CLASS (klass)->table;
  progress.context = context;

  points_sql = g_strdup_printf ("SELECT cp.normalized, cp.owner_id FROM contact_points cp "
                                "JOIN %s t ON t.id = cp.owner_id AND t.deleted_at IS NULL "
                                "WHERE cp.kind = ?1 AND cp.owner_kind = '%s' "
                                "AND cp.normalized IS NOT NULL ORDER BY cp.normalized",
                                table, kind);
  names_sql = g_strdup_printf ("SELECT normalized_name, id FROM %s WHERE deleted_at IS NULL "
                               "AND normalized_name IS NOT NULL ORDER BY normalized_name", table);

  progress.total = count_rows (self, "SELECT count(*) FROM contact_points WHERE owner_kind = ?",
                               kind);
  progress.total += count_rows (self, "SELECT count(*) FROM contact_points WHERE owner_kind = ?",
                                kind) / 2;
  progress.total += (type == KONTOR_TYPE_LEAD ? 2 : 1) *
                    kontor_repository_count (self, type, NULL);

  uf.parent = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  uf.edge_reasons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  ok = scan_query (self, points_sql, "phone", KONTOR_DUPLICATE_PHONE, &uf, &progress,
                   cancellable, error) &&
       scan_query (self, points_sql, "email", KONTOR_DUPLICATE_EMAIL, &uf, &progress,
                   cancellable, error) &&
       scan_query (self, names_sql, NULL, KONTOR_DUPLICATE_NAME, &uf, &progress,
                   cancellable, error);
  if (ok && type == KONTOR_TYPE_LEAD)
    ok = scan_query (self, "SELECT normalized_company, id FROM leads WHERE deleted_at IS NULL "
                     "AND normalized_company IS NOT NULL ORDER BY normalized_company", NULL,
                     KONTOR_DUPLICATE_NAME, &uf, &progress, cancellable, error);

  if (!ok)
    {
      g_hash_table_unref (uf.parent);
      g_hash_table_unref (uf.edge_reasons);
      return NULL;
    }

  by_root = g_hash_table_new (g_int64_hash, g_int64_equal);
  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kontor_duplicate_group_free);

  g_hash_table_iter_init (&iter, uf.parent);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *) key;
      gint64 root = uf_find (&uf, id);
      KontorDuplicateGroup *group = g_hash_table_lookup (by_root, &root);

      if (group == NULL)
        {
          group = g_new0 (KontorDuplicateGroup, 1);
          group->kind = g_strdup (kind);
          group->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_root, g_memdup2 (&root, sizeof root), group);
        }
      g_array_append_val (group->ids, id);
      group->reasons |= GPOINTER_TO_UINT (g_hash_table_lookup (uf.edge_reasons, &id));
    }

  /* The keys of by_root were copied; free them before the table */
  g_hash_table_iter_init (&iter, by_root);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }

  for (guint i = 0; i < groups->len; i++)
    g_array_sort (((KontorDuplicateGroup *) g_ptr_array_index (groups, i))->ids, compare_int64);
  g_ptr_array_sort (groups, compare_groups);

  g_hash_table_unref (uf.parent);
  g_hash_table_unref (uf.edge_reasons);
  return g_steal_pointer (&groups);
}

/**
 * kontor_duplicates_scan:
 *
 * Groups of probable duplicates among all records of @type (a lead,
 * contact or company type), in this thread; see
 * kontor_duplicates_scan_async() for the window.
 *
 * Returns: (transfer container): #KontorDuplicateGroup, by smallest id
 */
GPtrArray *
kontor_duplicates_scan (KontorRepository    *self,
                        GType                type,
                        GCancellable        *cancellable,
                        KontorProgressFunc   progress_func,
                        gpointer             progress_data,
                        GError             **error)
{
  return scan_internal (self, type, cancellable, progress_func, progress_data, NULL, error);
}

typedef struct
{
  char               *path;
  GType               type;
  KontorProgressFunc  progress;
  gpointer            progress_data;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *data = task_data;
  g_autoptr(KontorRepository) own = NULL;
  GPtrArray *groups;
  GError *error = NULL;

  /* Its own connection: the window's keeps working meanwhile (WAL) */
  own = kontor_repository_open (data->path, &error);
  if (own == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Progress goes to the context of the thread that started the scan */
  groups = scan_internal (own, data->type, cancellable, data->progress, data->progress_data,
                          g_task_get_context (task), &error);

  if (groups == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, groups, (GDestroyNotify) g_ptr_array_unref);
}

void
kontor_duplicates_scan_async (KontorRepository    *self,
                              GType                type,
                              GCancellable        *cancellable,
                              KontorProgressFunc   progress,
                              gpointer             progress_data,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanData *data;

  g_return_if_fail (KONTOR_IS_REPOSITORY (self));

  /* The worker needs the file's path only: the task does not keep the
   * repository alive, so its source object is NULL */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kontor_duplicates_scan_async);

  data = g_new0 (ScanData, 1);
  data->path = g_strdup (kontor_repository_get_path (self));
  data->type = type;
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);

  g_task_run_in_thread (task, scan_thread);
}

GPtrArray *
kontor_duplicates_scan_finish (KontorRepository  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Merging ------------------------------------------------------------------------ */

static void
merge_record_free_values (GPtrArray *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      GValue *value = g_ptr_array_index (values, i);

      if (value != NULL)
        {
          g_value_unset (value);
          g_free (value);
        }
    }
  g_ptr_array_unref (values);
}

void
kontor_merge_record_free (KontorMergeRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->kind);
  g_array_unref (record->other_ids);
  g_array_unref (record->moved);
  g_clear_pointer (&record->survivor_before, merge_record_free_values);
  g_free (record);
}

guint
kontor_merge_record_get_n_moved (KontorMergeRecord *record)
{
  g_return_val_if_fail (record != NULL, 0);

  return record->moved->len;
}

static const char *
table_for_kind (const char *kind)
{
  if (g_str_equal (kind, "lead"))
    return "leads";
  if (g_str_equal (kind, "contact"))
    return "contacts";
  return "companies";
}

static GType
type_for_table (const char *table)
{
  if (g_str_equal (table, "leads"))
    return KONTOR_TYPE_LEAD;
  if (g_str_equal (table, "contacts"))
    return KONTOR_TYPE_CONTACT;
  if (g_str_equal (table, "companies"))
    return KONTOR_TYPE_COMPANY;
  if (g_str_equal (table, "deals"))
    return kontor_entity_type_from_name ("deals");
  if (g_str_equal (table, "activities"))
    return kontor_entity_type_from_name ("activities");
  if (g_str_equal (table, "invoices"))
    return kontor_entity_type_from_name ("invoices");
  return G_TYPE_INVALID;
}

static const char *
kind_for_table (const char *table)
{
  if (g_str_equal (table, "leads"))
    return "lead";
  if (g_str_equal (table, "contacts"))
    return "contact";
  if (g_str_equal (table, "companies"))
    return "company";
  if (g_str_equal (table, "deals"))
    return "deal";
  if (g_str_equal (table, "activities"))
    return "activity";
  if (g_str_equal (table, "invoices"))
    return "invoice";
  return NULL;
}

static gboolean
exec_id (KontorRepository  *self,
         const char        *sql,
         gint64             a,
         gint64             b,
         gint64             c,
         GError           **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, c);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);

  return TRUE;
}

/* Re-index the record in the search index and tell the lists */
static gboolean
touch (KontorRepository  *self,
       const char        *kind,
       gint64             id,
       GError           **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET id = id WHERE id = ?",
                                          table_for_kind (kind));

  if (!exec_id (self, sql, id, 0, 0, error))
    return FALSE;

  _kontor_repository_queue_change (self, kind, id, KONTOR_CHANGE_UPDATED);
  return TRUE;
}

static gboolean
move_rows (KontorRepository   *self,
           KontorMergeRecord  *record,
           gint64              other_id,
           GError            **error)
{
  for (guint m = 0; m < G_N_ELEMENTS (moves); m++)
    {
      g_autofree char *select = NULL;
      g_autofree char *update = NULL;
      g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
      const char *kind_table;
      int rc;

      if (!g_str_equal (moves[m].kind, record->kind))
        continue;

      if (g_str_equal (moves[m].table, "contact_points"))
        /* A phone or e-mail the survivor has already stays where it was */
        select = g_strdup ("SELECT id FROM contact_points p WHERE owner_kind = ?1 "
                           "AND owner_id = ?2 AND NOT (normalized IS NOT NULL AND EXISTS "
                           "(SELECT 1 FROM contact_points s WHERE s.owner_kind = ?1 "
                           "AND s.owner_id = ?3 AND s.kind = p.kind "
                           "AND s.normalized = p.normalized))");
      else if (moves[m].kind_column != NULL)
        select = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1 AND %s = ?2",
                                  moves[m].table, moves[m].kind_column, moves[m].column);
      else
        select = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?2 AND ?1 IS NOT NULL",
                                  moves[m].table, moves[m].column);

      {
        g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, select, error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, record->kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 2, other_id);
        if (sqlite3_bind_parameter_count (stmt) >= 3)
          sqlite3_bind_int64 (stmt, 3, record->survivor_id);

        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
          {
            gint64 row = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (rows, row);
          }
        if (rc != SQLITE_DONE)
          return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);
      }

      update = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?",
                                moves[m].table, moves[m].column);
      kind_table = kind_for_table (moves[m].table);

      for (guint i = 0; i < rows->len; i++)
        {
          MovedRow moved = { m, g_array_index (rows, gint64, i), other_id };

          if (!exec_id (self, update, record->survivor_id, moved.row_id, 0, error))
            return FALSE;
          g_array_append_val (record->moved, moved);
          if (kind_table != NULL)
            _kontor_repository_queue_change (self, kind_table, moved.row_id,
                                             KONTOR_CHANGE_UPDATED);
        }
    }

  return TRUE;
}

/* Objects of moved rows in memory learn their new links */
static void
reload_moved (KontorRepository  *self,
              KontorMergeRecord *record)
{
  for (guint i = 0; i < record->moved->len; i++)
    {
      MovedRow *moved = &g_array_index (record->moved, MovedRow, i);
      GType type = type_for_table (moves[moved->move].table);
      g_autoptr(KontorEntity) entity = NULL;

      if (type == G_TYPE_INVALID)
        continue;

      entity = kontor_repository_find (self, type, moved->row_id, NULL);
      if (entity != NULL)
        kontor_repository_reload (self, entity, NULL);
    }
}

typedef struct
{
  KontorRepository  *self;
  KontorEntity      *survivor;
  GPtrArray         *others;
  GHashTable        *field_choices;
  KontorMergeRecord *record;
} MergeData;

static gboolean
merge_cb (gpointer   user_data,
          GError   **error)
{
  MergeData *data = user_data;
  KontorMergeRecord *record = data->record;
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (data->survivor);
  g_autofree char *delete_sql = NULL;
  g_autofree char *survivor_name = kontor_entity_dup_display_name (data->survivor);
  gint64 now = _kontor_now ();

  if (data->field_choices != NULL && g_hash_table_size (data->field_choices) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, data->field_choices);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const KontorField *field = kontor_entity_class_find_field (klass, key);
          KontorEntity *source = value;

          if (field == NULL || field->type == KONTOR_FIELD_LIST ||
              (field->flags & KONTOR_FIELD_COMPUTED))
            {
              g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                           _("“%s” is not a field that can be chosen in a merge"),
                           (const char *) key);
              return FALSE;
            }
          if (source == NULL || G_OBJECT_TYPE (source) != G_OBJECT_TYPE (data->survivor))
            {
              g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                           _("The value of “%s” must come from a record being merged"),
                           kontor_field_get_label (field));
              return FALSE;
            }

          _kontor_entity_set_value (data->survivor, (guint) (field - klass->fields),
                                    _kontor_entity_get_value (source,
                                                              (guint) (field - klass->fields)));
        }

      record->fields_changed = TRUE;
      if (!kontor_repository_save (data->self, data->survivor, error))
        return FALSE;
    }

  delete_sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?, updated_at = ?, "
                                "merged_into_id = ? WHERE id = ?", klass->table);

  for (guint i = 0; i < data->others->len; i++)
    {
      KontorEntity *other = g_ptr_array_index (data->others, i);
      gint64 other_id = kontor_entity_get_id (other);
      g_autofree char *other_name = kontor_entity_dup_display_name (other);
      g_autofree char *into = NULL;
      g_autofree char *from = NULL;
      g_autoptr(KontorStmt) stmt = NULL;
      int rc;

      if (!move_rows (data->self, record, other_id, error))
        return FALSE;

      stmt = _kontor_repository_prepare (data->self, delete_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, record->survivor_id);
      sqlite3_bind_int64 (stmt, 4, other_id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (_kontor_repository_get_db (data->self), rc, error);
      g_clear_pointer (&stmt, _kontor_stmt_done);

      /* Translators: timeline of a record merged into another one */
      into = g_strdup_printf (_("Merged into “%s”"), survivor_name);
      /* Translators: timeline of the record that another one was merged into */
      from = g_strdup_printf (_("“%s” merged into this record"), other_name);
      if (!_kontor_repository_add_timeline (data->self, record->kind, other_id, "merged", into,
                                            error) ||
          !_kontor_repository_add_timeline (data->self, record->kind, record->survivor_id,
                                            "merged", from, error) ||
          !touch (data->self, record->kind, other_id, error))
        return FALSE;

      _kontor_repository_queue_change (data->self, record->kind, other_id, KONTOR_CHANGE_DELETED);
      g_array_append_val (record->other_ids, other_id);
    }

  return touch (data->self, record->kind, record->survivor_id, error);
}

/**
 * kontor_merge:
 * @survivor: the record that stays
 * @others: (element-type KontorEntity): records of the same kind merged into it
 * @field_choices: (nullable) (element-type utf8 KontorEntity): field name → the
 *   record (survivor or one of @others) whose value the survivor takes
 *
 * Moves phones, e-mails, deals, activities, invoices, leads and timeline
 * entries of @others to @survivor and soft-deletes @others (merged_into
 * set), all in one transaction.
 *
 * Returns: (transfer full): what the merge did, for kontor_merge_undo()
 */
KontorMergeRecord *
kontor_merge (KontorRepository  *self,
              KontorEntity      *survivor,
              GPtrArray         *others,
              GHashTable        *field_choices,
              GError           **error)
{
  g_autoptr(KontorMergeRecord) record = NULL;
  KontorEntityClass *klass;
  MergeData data;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (KONTOR_IS_ENTITY (survivor), NULL);
  g_return_val_if_fail (others != NULL, NULL);

  if (!KONTOR_IS_LEAD (survivor) && !KONTOR_IS_CONTACT (survivor) &&
      !KONTOR_IS_COMPANY (survivor))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("Only leads, contacts and companies can be merged"));
      return NULL;
    }
  if (kontor_entity_get_id (survivor) == 0 || kontor_entity_is_deleted (survivor))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The record to keep must be saved and not deleted"));
      return NULL;
    }
  if (others->len == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("Choose at least one record to merge into the one to keep"));
      return NULL;
    }
  for (guint i = 0; i < others->len; i++)
    {
      KontorEntity *other = g_ptr_array_index (others, i);

      if (G_OBJECT_TYPE (other) != G_OBJECT_TYPE (survivor) ||
          kontor_entity_get_id (other) == 0 || kontor_entity_is_deleted (other) ||
          kontor_entity_get_id (other) == kontor_entity_get_id (survivor))
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                       _("Records to merge must be other saved records of the same kind"));
          return NULL;
        }
      for (guint j = 0; j < i; j++)
        if (g_ptr_array_index (others, j) == other)
          {
            g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                         _("A record is listed twice"));
            return NULL;
          }
    }

  klass = KONTOR_ENTITY_GET_CLASS (survivor);
  record = g_new0 (KontorMergeRecord, 1);
  record->kind = g_strdup (klass->kind);
  record->type = G_OBJECT_TYPE (survivor);
  record->survivor_id = kontor_entity_get_id (survivor);
  record->other_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  record->moved = g_array_new (FALSE, FALSE, sizeof (MovedRow));
  record->survivor_before = g_ptr_array_new ();

  for (guint i = 0; i < klass->n_fields; i++)
    {
      GValue *copy = NULL;

      if (klass->fields[i].type != KONTOR_FIELD_LIST)
        {
          const GValue *value = _kontor_entity_get_value (survivor, i);

          copy = g_new0 (GValue, 1);
          g_value_init (copy, G_VALUE_TYPE (value));
          g_value_copy (value, copy);
        }
      g_ptr_array_add (record->survivor_before, copy);
    }

  data.self = self;
  data.survivor = survivor;
  data.others = others;
  data.field_choices = field_choices;
  data.record = record;

  if (!kontor_repository_run_in_transaction (self, merge_cb, &data, error))
    {
      kontor_repository_reload (self, survivor, NULL);
      return NULL;
    }

  kontor_repository_reload (self, survivor, NULL);
  for (guint i = 0; i < others->len; i++)
    kontor_repository_reload (self, g_ptr_array_index (others, i), NULL);
  reload_moved (self, record);

  return g_steal_pointer (&record);
}

typedef struct
{
  KontorRepository  *self;
  KontorMergeRecord *record;
  KontorEntity      *survivor;
} UndoData;

static gboolean
merge_undo_cb (gpointer   user_data,
               GError   **error)
{
  UndoData *data = user_data;
  KontorMergeRecord *record = data->record;
  g_autofree char *restore_sql = g_strdup_printf ("UPDATE %s SET deleted_at = NULL, "
                                                  "updated_at = ?, merged_into_id = NULL "
                                                  "WHERE id = ? AND merged_into_id = ?",
                                                  table_for_kind (record->kind));
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (data->survivor);

  for (guint i = record->moved->len; i > 0; i--)
    {
      MovedRow *moved = &g_array_index (record->moved, MovedRow, i - 1);
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?",
                                              moves[moved->move].table,
                                              moves[moved->move].column);
      const char *kind_table = kind_for_table (moves[moved->move].table);

      if (!exec_id (data->self, sql, moved->old_owner, moved->row_id, 0, error))
        return FALSE;
      if (kind_table != NULL)
        _kontor_repository_queue_change (data->self, kind_table, moved->row_id,
                                         KONTOR_CHANGE_UPDATED);
    }

  for (guint i = 0; i < record->other_ids->len; i++)
    {
      gint64 other_id = g_array_index (record->other_ids, gint64, i);

      if (!exec_id (data->self, restore_sql, _kontor_now (), other_id, record->survivor_id,
                    error))
        return FALSE;
      if (sqlite3_changes (_kontor_repository_get_db (data->self)) == 0)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                       _("The merge cannot be undone: a merged record has changed since"));
          return FALSE;
        }
      if (!_kontor_repository_add_timeline (data->self, record->kind, other_id, "unmerged",
                                            NULL, error) ||
          !touch (data->self, record->kind, other_id, error))
        return FALSE;
      _kontor_repository_queue_change (data->self, record->kind, other_id,
                                       KONTOR_CHANGE_CREATED);
    }

  /* The survivor's phones and e-mails are the moved-back ones now */
  if (!kontor_repository_reload (data->self, data->survivor, error))
    return FALSE;

  if (record->fields_changed)
    {
      for (guint i = 0; i < klass->n_fields; i++)
        {
          GValue *value = g_ptr_array_index (record->survivor_before, i);

          if (value != NULL && !(klass->fields[i].flags & KONTOR_FIELD_COMPUTED))
            _kontor_entity_set_value (data->survivor, i, value);
        }
      if (!kontor_repository_save (data->self, data->survivor, error))
        return FALSE;
    }

  if (!_kontor_repository_add_timeline (data->self, record->kind, record->survivor_id,
                                        "unmerged", NULL, error))
    return FALSE;

  return touch (data->self, record->kind, record->survivor_id, error);
}

/**
 * kontor_merge_undo:
 * @record: what kontor_merge() returned
 *
 * Moves everything back and restores the merged-away records and the
 * survivor's fields, in one transaction.
 */
gboolean
kontor_merge_undo (KontorRepository   *self,
                   KontorMergeRecord  *record,
                   GError            **error)
{
  g_autoptr(KontorEntity) survivor = NULL;
  UndoData data;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  survivor = kontor_repository_find (self, record->type, record->survivor_id, error);
  if (survivor == NULL)
    return FALSE;

  data.self = self;
  data.record = record;
  data.survivor = survivor;

  if (!kontor_repository_run_in_transaction (self, merge_undo_cb, &data, error))
    {
      kontor_repository_reload (self, survivor, NULL);
      return FALSE;
    }

  for (guint i = 0; i < record->other_ids->len; i++)
    {
      g_autoptr(KontorEntity) other =
        kontor_repository_find (self, record->type, g_array_index (record->other_ids, gint64, i),
                                NULL);

      if (other != NULL)
        kontor_repository_reload (self, other, NULL);
    }
  reload_moved (self, record);

  return TRUE;
}

/* kontor-drafts.h: what was typed into a form and not saved yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char       *kind;      /* "contact", "deal", … */
  gint64      id;        /* 0 for a record not saved yet */
  gint64      saved_at;  /* unix seconds */
  GHashTable *fields;    /* field name → text as typed */
} KontorDraft;

#define KONTOR_TYPE_DRAFT (kontor_draft_get_type ())

GType        kontor_draft_get_type  (void) G_GNUC_CONST;
KontorDraft *kontor_draft_copy      (const KontorDraft  *draft);
void         kontor_draft_free      (KontorDraft        *draft);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorDraft, kontor_draft_free)

gboolean     kontor_drafts_save     (const char         *repo_path,
                                     const char         *kind,
                                     gint64              id,
                                     GHashTable         *fields,
                                     GError            **error);
GPtrArray   *kontor_drafts_list     (const char         *repo_path,
                                     GError            **error);
KontorDraft *kontor_drafts_take     (const char         *repo_path,
                                     const char         *kind,
                                     gint64              id,
                                     GError            **error);
gboolean     kontor_drafts_discard  (const char         *repo_path,
                                     const char         *kind,
                                     gint64              id,
                                     GError            **error);

G_END_DECLS

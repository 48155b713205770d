/* kontor-test-util.h: a fresh temporary database for each test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-core.h"

G_BEGIN_DECLS

typedef struct
{
  char             *dir;
  char             *path;
  KontorRepository *repo;
} KontorTestFixture;

void          kontor_test_fixture_setup    (KontorTestFixture *fixture,
                                            gconstpointer      data);
void          kontor_test_fixture_teardown (KontorTestFixture *fixture,
                                            gconstpointer      data);

char         *kontor_test_make_dir         (void);
void          kontor_test_remove_dir       (const char        *dir);

gint64        kontor_test_query_int        (const char        *path,
                                            const char        *sql);
char         *kontor_test_query_text       (const char        *path,
                                            const char        *sql);
void          kontor_test_create_old_schema (const char       *path,
                                            guint             last);
void          kontor_test_exec             (const char        *path,
                                            const char        *sql);
char         *kontor_test_file_checksum    (const char        *path);

KontorEntity *kontor_test_add_contact      (KontorRepository  *repo,
                                            const char        *first_name,
                                            const char        *last_name);
KontorEntity *kontor_test_add_deal         (KontorRepository  *repo,
                                            const char        *title,
                                            gint64             stage_id);
gint64        kontor_test_stage_id         (KontorRepository  *repo,
                                            guint              position);

/* A temporary database for tests that run the built kontor-cli */
typedef struct
{
  char *dir;
  char *path;
  char *out;   /* what the last run printed */
  char *err;
} KontorCliFixture;

void          kontor_cli_fixture_setup     (KontorCliFixture  *f,
                                            gconstpointer      data);
void          kontor_cli_fixture_teardown  (KontorCliFixture  *f,
                                            gconstpointer      data);
int           kontor_cli_run               (KontorCliFixture  *f,
                                            const char        *first_arg,
                                            ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS

/* kontor-search-provider.h: the GNOME Shell search provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_SEARCH_PROVIDER_PATH "/io/github/kontor/Kontor/SearchProvider"

#define KONTOR_TYPE_SEARCH_PROVIDER (kontor_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (KontorSearchProvider, kontor_search_provider, KONTOR, SEARCH_PROVIDER, GObject)

KontorSearchProvider *kontor_search_provider_new               (GApplication          *application);
KontorRepository     *kontor_search_provider_get_repository    (KontorSearchProvider  *self);
void                  kontor_search_provider_set_repository    (KontorSearchProvider  *self,
                                                                KontorRepository      *repository);
const char           *kontor_search_provider_get_database_path (KontorSearchProvider  *self);
void                  kontor_search_provider_set_database_path (KontorSearchProvider  *self,
                                                                const char            *path);
GStrv                 kontor_search_provider_search            (KontorSearchProvider  *self,
                                                                const char * const    *terms);
gboolean              kontor_search_provider_register          (KontorSearchProvider  *self,
                                                                GDBusConnection       *connection,
                                                                const char            *object_path,
                                                                GError               **error);
void                  kontor_search_provider_unregister        (KontorSearchProvider  *self);

G_END_DECLS

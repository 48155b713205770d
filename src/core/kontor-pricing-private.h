/* kontor-pricing-private.h: what the repository calls when it saves lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-pricing.h"

G_BEGIN_DECLS

gboolean  _kontor_pricing_prepare_line (KontorRepository  *repository,
                                        KontorEntity      *line,
                                        GError           **error);
gboolean  _kontor_pricing_prepare_deal (KontorRepository  *repository,
                                        KontorEntity      *deal,
                                        GError           **error);
gboolean  _kontor_pricing_prepare_invoice (KontorRepository  *repository,
                                          KontorEntity      *invoice,
                                          GError           **error);
gboolean  _kontor_pricing_line_changed (KontorRepository  *repository,
                                        KontorEntity      *line,
                                        GError           **error);
gboolean  _kontor_pricing_number_invoice (KontorRepository  *repository,
                                         KontorEntity      *invoice,
                                         GError           **error);

G_END_DECLS

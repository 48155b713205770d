/* kontor-company.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_COMPANY (kontor_company_get_type ())

G_DECLARE_FINAL_TYPE (KontorCompany, kontor_company, KONTOR, COMPANY, KontorEntity)

KontorCompany *kontor_company_new (void);

G_END_DECLS

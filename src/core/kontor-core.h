/* kontor-core.h: everything the app, the CLI and the tests use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-activities.h"
#include "kontor-activity.h"
#include "kontor-amount-words.h"
#include "kontor-backup.h"
#include "kontor-board.h"
#include "kontor-company.h"
#include "kontor-contact.h"
#include "kontor-deal.h"
#include "kontor-deal-product.h"
#include "kontor-demo.h"
#include "kontor-drafts.h"
#include "kontor-duplicates.h"
#include "kontor-entity.h"
#include "kontor-error.h"
#include "kontor-ical.h"
#include "kontor-invoice.h"
#include "kontor-invoice-line.h"
#include "kontor-invoice-pdf.h"
#include "kontor-lead.h"
#include "kontor-lead-conversion.h"
#include "kontor-list-model.h"
#include "kontor-money.h"
#include "kontor-pipeline.h"
#include "kontor-pricing.h"
#include "kontor-product.h"
#include "kontor-repository.h"
#include "kontor-stage.h"
#include "kontor-timeline-item.h"

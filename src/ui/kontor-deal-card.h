/* kontor-deal-card.h: one deal on the board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kontor-core.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_DEAL_CARD (kontor_deal_card_get_type ())

G_DECLARE_FINAL_TYPE (KontorDealCard, kontor_deal_card, KONTOR, DEAL_CARD, GtkWidget)

GtkWidget    *kontor_deal_card_new        (KontorRepository *repository);
KontorEntity *kontor_deal_card_get_deal   (KontorDealCard   *self);
void          kontor_deal_card_set_deal   (KontorDealCard   *self,
                                           KontorEntity     *deal);
void          kontor_deal_card_refresh    (KontorDealCard   *self);
void          kontor_deal_card_popup_menu (KontorDealCard   *self);

G_END_DECLS

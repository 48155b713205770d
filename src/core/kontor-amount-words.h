/* kontor-amount-words.h: an amount of money written out in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KONTOR_GENDER_MASCULINE,
  KONTOR_GENDER_FEMININE,
  KONTOR_GENDER_NEUTER,
} KontorGender;

typedef enum
{
  KONTOR_AMOUNT_WORDS_DEFAULT        = 0,
  KONTOR_AMOUNT_WORDS_MINOR_IN_WORDS = 1 << 0,  /* "сорок пять копеек", not "45 копеек" */
} KontorAmountWordsFlags;

const char *kontor_plural_ru          (guint64                 n,
                                       const char             *one,
                                       const char             *few,
                                       const char             *many);
char       *kontor_number_to_words    (guint64                 n,
                                       KontorGender            gender,
                                       const char             *language);
char       *kontor_amount_to_words    (gint64                  minor,
                                       const char             *currency,
                                       const char             *language,
                                       KontorAmountWordsFlags  flags);

G_END_DECLS

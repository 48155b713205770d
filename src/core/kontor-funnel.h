/* kontor-funnel.h: the sales funnel of a pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_FUNNEL_MODE_HISTORY,  /* furthest open stage ever entered */
  KONTOR_FUNNEL_MODE_CURRENT,  /* classic: current stage only */
} KontorFunnelMode;

typedef enum
{
  KONTOR_REPORT_PERIOD_NONE,
  KONTOR_REPORT_PERIOD_CREATED,  /* deals created in [from, to) */
  KONTOR_REPORT_PERIOD_CLOSED,   /* deals closed (won or lost) in [from, to) */
} KontorReportPeriod;

/* Filters shared by the funnel and the sales report. from/to are unix
 * seconds, from inclusive, to exclusive, 0 = unbounded. */
typedef struct
{
  gint64              pipeline_id;  /* 0: the default pipeline (funnel), all (sales) */
  KontorFunnelMode    mode;
  KontorReportPeriod  period;
  gint64              from;
  gint64              to;
  char               *responsible;  /* NULL or "": every manager */
} KontorReportFilter;

typedef struct
{
  char   currency[4];
  gint64 amount;      /* minor units */
} KontorAmount;

/* A value for "no conversion" (division by zero) */
#define KONTOR_CONVERSION_NONE (-1)

typedef struct
{
  gint64  stage_id;          /* 0 for the won band and for "lost before any open stage" */
  char   *name;
  char   *color;             /* "#rrggbb" or NULL */
  char   *reason;            /* lost-by-reason rows: the reason, NULL for none given */
  gboolean won;              /* the won band */
  gint64  count;
  GArray *amounts;           /* of KontorAmount, sorted by currency */
  /* Conversion in basis points (10000 = 100 %), or KONTOR_CONVERSION_NONE */
  int     conversion_prev;   /* this band / previous band */
  int     conversion_top;    /* this band / first band */
} KontorFunnelBand;

typedef struct
{
  gint64            pipeline_id;
  char             *pipeline_name;
  KontorFunnelMode  mode;
  char             *main_currency;   /* currency of the widths by amount */
  GPtrArray        *bands;           /* of KontorFunnelBand: open stages, then won */
  GPtrArray        *lost_by_stage;   /* of KontorFunnelBand, in stage order */
  GPtrArray        *lost_by_reason;  /* of KontorFunnelBand, by count descending */
  gint64            total_deals;
  gint64            lost_count;
  GArray           *lost_amounts;
} KontorFunnel;

void              kontor_report_filter_clear      (KontorReportFilter  *filter);

gboolean          kontor_report_parse_date        (const char          *text,
                                                   gboolean             end_of_day,
                                                   gint64              *out_time);

int               kontor_conversion               (gint64               numerator,
                                                   gint64               denominator);
char             *kontor_conversion_format        (int                  conversion);

GArray           *kontor_amounts_new              (void);
void              kontor_amounts_add              (GArray              *amounts,
                                                   const char          *currency,
                                                   gint64               amount);
gint64            kontor_amounts_get              (GArray              *amounts,
                                                   const char          *currency);
char             *kontor_amounts_format           (GArray              *amounts);
char             *kontor_amounts_format_in        (GArray              *amounts,
                                                   const char          *currency);
char             *kontor_funnel_format_sum        (KontorFunnel        *funnel,
                                                   GArray              *amounts);

KontorFunnel     *kontor_funnel_compute           (KontorRepository    *repository,
                                                   const KontorReportFilter *filter,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
void              kontor_funnel_free              (KontorFunnel        *funnel);

KontorFunnelBand *kontor_funnel_get_band          (KontorFunnel        *funnel,
                                                   guint                index);
gint64            kontor_funnel_band_get_value    (KontorFunnel        *funnel,
                                                   KontorFunnelBand    *band,
                                                   gboolean             by_amount);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KontorFunnel, kontor_funnel_free)

G_END_DECLS

/* kontor-ticker.h: how long the main loop went without a turn
 *
 * A 1 ms timeout stands for the frame clock: while work runs in the
 * background, the longest gap between two of its ticks is the longest the
 * UI would have stood still. Used by test-responsive and kontor-bench.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct
{
  gint64 last;     /* µs, monotonic */
  gint64 longest;  /* µs */
  guint  ticks;
} KontorTicker;

static inline gboolean
kontor_ticker_tick (gpointer data)
{
  KontorTicker *ticker = data;
  gint64 now = g_get_monotonic_time ();

  ticker->longest = MAX (ticker->longest, now - ticker->last);
  ticker->last = now;
  ticker->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Returns the source to remove when done */
static inline guint
kontor_ticker_start (KontorTicker *ticker)
{
  *ticker = (KontorTicker) { g_get_monotonic_time (), 0, 0 };
  return g_timeout_add (1, kontor_ticker_tick, ticker);
}

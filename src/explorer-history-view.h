/* explorer-history-view.h: the history pane: every call made, newest first, with a filter,
 * the timing statistics of the selected call's method, and re-open, copy as a varlinkctl
 * command line and clear. */
#pragma once

#include <adwaita.h>

#include "explorer-history.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_HISTORY_VIEW (explorer_history_view_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerHistoryView, explorer_history_view, EXPLORER, HISTORY_VIEW, AdwBin)

ExplorerHistoryView  *explorer_history_view_new             (void);
/* The "history" property; NULL shows nothing. */
ExplorerHistory      *explorer_history_view_get_history     (ExplorerHistoryView *self);
void                  explorer_history_view_set_history     (ExplorerHistoryView *self,
                                                             ExplorerHistory     *history);
/* The entries as shown (filtered), newest first. */
GListModel           *explorer_history_view_get_shown       (ExplorerHistoryView *self);
void                  explorer_history_view_set_filter_text (ExplorerHistoryView *self,
                                                             const char          *text);
/* Position in the shown entries. */
void                  explorer_history_view_select          (ExplorerHistoryView *self,
                                                             guint                position);
ExplorerHistoryEntry *explorer_history_view_get_selected    (ExplorerHistoryView *self);
/* The statistics line as shown, for the selected entry's method. */
const char           *explorer_history_view_get_stats_text  (ExplorerHistoryView *self);

/* A duration for people: "850 µs", "12.3 ms", "2.05 s". */
char                 *explorer_format_duration              (gint64               duration_us);

/* Signals: "reopen" (ExplorerHistoryEntry *entry): the user asked to re-open the call into
 * its form. */

G_END_DECLS

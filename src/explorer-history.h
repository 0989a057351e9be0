/* explorer-history.h: every call made, with time, duration, method, flags and outcome,
 * persisted in the user data directory (bounded), with per-method timing statistics and the
 * call as a varlinkctl command line. */
#pragma once

#include <gio/gio.h>

#include "varlink.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_HISTORY_ENTRY (explorer_history_entry_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerHistoryEntry, explorer_history_entry, EXPLORER, HISTORY_ENTRY, GObject)

/* outcome: NULL for success, the error name for an error reply, or a sentence for a local
 * failure (closed, timed out, cancelled). */
ExplorerHistoryEntry *explorer_history_entry_new             (const char       *address,
                                                              const char       *method,
                                                              JsonObject       *parameters,
                                                              VarlinkCallFlags  flags,
                                                              GDateTime        *started,
                                                              gint64            duration_us,
                                                              guint             n_replies,
                                                              const char       *outcome);
const char           *explorer_history_entry_get_address     (ExplorerHistoryEntry *self);
const char           *explorer_history_entry_get_method      (ExplorerHistoryEntry *self);
JsonObject           *explorer_history_entry_get_parameters  (ExplorerHistoryEntry *self);
VarlinkCallFlags      explorer_history_entry_get_flags       (ExplorerHistoryEntry *self);
GDateTime            *explorer_history_entry_get_started     (ExplorerHistoryEntry *self);
gint64                explorer_history_entry_get_duration    (ExplorerHistoryEntry *self);
guint                 explorer_history_entry_get_n_replies   (ExplorerHistoryEntry *self);
const char           *explorer_history_entry_get_outcome     (ExplorerHistoryEntry *self);
gboolean              explorer_history_entry_get_succeeded   (ExplorerHistoryEntry *self);
/* "varlinkctl call [--more|--oneway] ADDRESS METHOD 'JSON'", shell-quoted. */
char                 *explorer_history_entry_dup_command_line (ExplorerHistoryEntry *self);

#define EXPLORER_DEFAULT_MAX_HISTORY 1000

#define EXPLORER_TYPE_HISTORY (explorer_history_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerHistory, explorer_history, EXPLORER, HISTORY, GObject)

/* The application's history, stored in $XDG_DATA_HOME/varlink-explorer/history.jsonl. */
ExplorerHistory *explorer_history_get_default (void);
/* file NULL: in memory only (tests). Loading is asynchronous; "loaded" notifies. */
ExplorerHistory *explorer_history_new         (GFile           *file,
                                               guint            max_entries);
/* Newest first: ExplorerHistoryEntry items. */
GListModel      *explorer_history_get_entries (ExplorerHistory *self);
/* Appends and saves (asynchronously, never blocking the window). */
void            explorer_history_add          (ExplorerHistory      *self,
                                               ExplorerHistoryEntry *entry);
void            explorer_history_clear        (ExplorerHistory      *self);
gboolean        explorer_history_get_loaded   (ExplorerHistory      *self);
/* Count, minimum, median and maximum duration (µs) of the successful calls of a method
 * (full name) on any address; FALSE when there are none. */
gboolean        explorer_history_get_stats    (ExplorerHistory      *self,
                                               const char           *method,
                                               guint                *count,
                                               gint64               *min_us,
                                               gint64               *median_us,
                                               gint64               *max_us);

G_END_DECLS

/* explorer-reply-log.h: the live log of a `more` stream: a virtualized list fed in batches,
 * with number, time, delta and a one-line summary per reply, the selected reply in full, a
 * running count and rate, pause of auto-scroll, a filter, export as JSON lines, and a bound
 * on how many replies are kept. */
#pragma once

#include <adwaita.h>

#include "varlink.h"

G_BEGIN_DECLS

#define EXPLORER_DEFAULT_MAX_REPLIES 100000

#define EXPLORER_TYPE_REPLY_LOG (explorer_reply_log_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerReplyLog, explorer_reply_log, EXPLORER, REPLY_LOG, AdwBin)

ExplorerReplyLog *explorer_reply_log_new             (void);
/* Starts a new stream: clears the log, resets count, rate and the dropped counter. */
void              explorer_reply_log_start           (ExplorerReplyLog *self);
/* Cheap: the reply is queued and reaches the list with others in the next frame. */
void              explorer_reply_log_append          (ExplorerReplyLog *self,
                                                      VarlinkReply     *reply);
/* The stream ended (the last reply, an error, or a failure): stops the rate. */
void              explorer_reply_log_finish          (ExplorerReplyLog *self);
void              explorer_reply_log_set_max_replies (ExplorerReplyLog *self,
                                                      guint             max_replies);
/* Replies received in all, replies kept (received less dropped), and dropped. */
guint64           explorer_reply_log_get_n_received  (ExplorerReplyLog *self);
guint             explorer_reply_log_get_n_kept      (ExplorerReplyLog *self);
guint64           explorer_reply_log_get_n_dropped   (ExplorerReplyLog *self);
/* The kept replies as a model (for tests and export): ExplorerLoggedReply items? — the
 * implementation documents its item type. */
GListModel       *explorer_reply_log_get_model       (ExplorerReplyLog *self);
/* Writes the kept replies, one JSON object a line. */
gboolean          explorer_reply_log_export          (ExplorerReplyLog *self,
                                                      GFile            *file,
                                                      GError          **error);

G_END_DECLS

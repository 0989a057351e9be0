/* explorer-reply-ring.h: the replies a reply log keeps, as a GListModel over a ring buffer:
 * appending a batch and dropping the oldest are O(1) per reply and tell the views with at
 * most two items-changed per batch. Items are ExplorerLoggedReply, made on demand. */
#pragma once

#include <gio/gio.h>

#include "explorer-logged-reply.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_REPLY_RING (explorer_reply_ring_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerReplyRing, explorer_reply_ring, EXPLORER, REPLY_RING, GObject)

ExplorerReplyRing *explorer_reply_ring_new            (guint               max_replies);
/* Forgets every reply; start_time (g_get_real_time ()) is what the first delta counts from. */
void               explorer_reply_ring_clear          (ExplorerReplyRing  *self,
                                                       gint64              start_time);
/* Appends n replies (taking a reference to each), dropping the oldest beyond the bound. */
void               explorer_reply_ring_append         (ExplorerReplyRing  *self,
                                                       VarlinkReply      **replies,
                                                       guint               n);
/* Counts replies that were dropped before they reached the ring (numbers still move on). */
void               explorer_reply_ring_skip           (ExplorerReplyRing  *self,
                                                       guint64             n,
                                                       gint64              last_time);
void               explorer_reply_ring_set_max_replies (ExplorerReplyRing *self,
                                                        guint              max_replies);
guint              explorer_reply_ring_get_max_replies (ExplorerReplyRing *self);
guint64            explorer_reply_ring_get_n_dropped  (ExplorerReplyRing  *self);
/* The reply at position (no item made), or NULL past the end. */
VarlinkReply      *explorer_reply_ring_peek           (ExplorerReplyRing  *self,
                                                       guint               position);

G_END_DECLS

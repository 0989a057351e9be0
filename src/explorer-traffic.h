/* explorer-traffic.h: every message sent and received on a service's connections, raw,
 * with direction, time and size, as a bounded model for the traffic view. */
#pragma once

#include <gio/gio.h>

#include "varlink.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_TRAFFIC_MESSAGE (explorer_traffic_message_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerTrafficMessage, explorer_traffic_message, EXPLORER, TRAFFIC_MESSAGE, GObject)

VarlinkDirection  explorer_traffic_message_get_direction  (ExplorerTrafficMessage *self);
/* Wall-clock time in microseconds. */
gint64            explorer_traffic_message_get_time       (ExplorerTrafficMessage *self);
/* The bytes as they were on the wire, without the terminating NUL. */
GBytes           *explorer_traffic_message_get_bytes      (ExplorerTrafficMessage *self);
/* Which connection: "1", "2", ... in the order they were attached, with a label. */
const char       *explorer_traffic_message_get_connection (ExplorerTrafficMessage *self);
/* Raw bytes after an upgrade are messages of their own, marked so. */
gboolean          explorer_traffic_message_get_raw        (ExplorerTrafficMessage *self);

#define EXPLORER_DEFAULT_MAX_TRAFFIC 10000

#define EXPLORER_TYPE_TRAFFIC (explorer_traffic_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerTraffic, explorer_traffic, EXPLORER, TRAFFIC, GObject)

ExplorerTraffic *explorer_traffic_new          (guint              max_messages);
/* Sets connection's observer (replacing any) so that what it sends and receives lands here;
 * label says what the connection is for ("introspection", "call Count"). Messages arrive in
 * batches on the main loop, so a fast stream does not flood the view. */
void             explorer_traffic_attach       (ExplorerTraffic   *self,
                                                VarlinkConnection *connection,
                                                const char        *label);
/* ExplorerTrafficMessage items, oldest first, bounded (the oldest dropped first). */
GListModel      *explorer_traffic_get_messages (ExplorerTraffic   *self);
void             explorer_traffic_clear        (ExplorerTraffic   *self);
/* Messages dropped to keep the bound since the last clear. */
guint64          explorer_traffic_get_n_dropped (ExplorerTraffic  *self);
guint            explorer_traffic_get_max_messages (ExplorerTraffic *self);

G_END_DECLS

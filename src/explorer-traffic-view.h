/* explorer-traffic-view.h: the traffic pane: every message on a service's connections in a
 * virtualized list (direction, time, connection, size, the raw text on one line with its NUL
 * terminator shown), and the selected message formatted, raw, or as hex for raw bytes. */
#pragma once

#include <adwaita.h>

#include "explorer-traffic.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_TRAFFIC_VIEW (explorer_traffic_view_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerTrafficView, explorer_traffic_view, EXPLORER, TRAFFIC_VIEW, AdwBin)

ExplorerTrafficView *explorer_traffic_view_new          (void);
/* The "traffic" property; NULL shows nothing. */
ExplorerTraffic     *explorer_traffic_view_get_traffic  (ExplorerTrafficView *self);
void                 explorer_traffic_view_set_traffic  (ExplorerTrafficView *self,
                                                         ExplorerTraffic     *traffic);
/* Selects the message at position (G_MAXUINT: none). */
void                 explorer_traffic_view_select       (ExplorerTrafficView *self,
                                                         guint                position);
/* The text of the details pane: "formatted" or "raw". NULL when nothing is selected. */
char                *explorer_traffic_view_dup_details  (ExplorerTrafficView *self,
                                                         const char          *mode);
void                 explorer_traffic_view_set_mode     (ExplorerTrafficView *self,
                                                         const char          *mode);

/* One line for the list: control characters and invalid UTF-8 escaped, long messages cut,
 * and, for a varlink message (not raw), the terminating NUL shown as \0 at the end. */
char                *explorer_traffic_view_format_line  (GBytes              *bytes,
                                                         gboolean             raw);
/* A classic hex dump: offset, 16 bytes in hex, the printable ASCII. */
char                *explorer_traffic_view_format_hex   (GBytes              *bytes);

G_END_DECLS

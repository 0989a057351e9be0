/* explorer-upgrade-view.h: a connection after an upgrade: the raw bytes both ways, as text
 * or hex, and an entry to send bytes. */
#pragma once

#include <adwaita.h>

#include "varlink.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_UPGRADE_VIEW (explorer_upgrade_view_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerUpgradeView, explorer_upgrade_view, EXPLORER, UPGRADE_VIEW, AdwBin)

ExplorerUpgradeView *explorer_upgrade_view_new            (void);
/* Shows what arrives on connection from now on (its "raw-data"), and sends on it once it is
 * upgraded; NULL forgets the connection and clears the view. */
void                 explorer_upgrade_view_set_connection (ExplorerUpgradeView *self,
                                                           VarlinkConnection   *connection);
/* Sends as the entry does: text with a newline added, or, in hex mode, the bytes written as
 * hex digits ("68 69 0a"). FALSE with an error when the hex does not parse or the connection
 * cannot carry raw bytes. */
gboolean             explorer_upgrade_view_send           (ExplorerUpgradeView *self,
                                                           const char          *input,
                                                           GError             **error);
void                 explorer_upgrade_view_set_hex        (ExplorerUpgradeView *self,
                                                           gboolean             hex);
guint64              explorer_upgrade_view_get_n_sent     (ExplorerUpgradeView *self);
guint64              explorer_upgrade_view_get_n_received (ExplorerUpgradeView *self);
/* Every byte received that is still kept, as one buffer. */
GBytes              *explorer_upgrade_view_dup_received   (ExplorerUpgradeView *self);
/* What the view shows, as plain text. */
char                *explorer_upgrade_view_dup_text       (ExplorerUpgradeView *self);

G_END_DECLS

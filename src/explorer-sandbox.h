/* explorer-sandbox.h: reaching the host's services from inside a Flatpak sandbox, where the
 * host's /run is not visible: host sockets are listed and connected through
 * `flatpak-spawn --host` (a bridge: address running socat on the host).
 *
 * The sandbox is recognised by /.flatpak-info, or by the file named by the environment
 * variable EXPLORER_FLATPAK_INFO when it is set (tests fake a sandbox with it). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether the app runs inside a Flatpak sandbox. */
gboolean    explorer_sandbox_is_flatpak               (void);

/* The address to connect to for an address of the host: in the sandbox, a unix socket path
 * becomes bridge:flatpak-spawn --host socat STDIO UNIX-CONNECT:PATH; everything else, and
 * every address outside the sandbox, is returned as it is. Abstract sockets are reachable
 * as they are (the sandbox shares the host's network namespace); exec: runs in the sandbox. */
char       *explorer_sandbox_host_address             (const char          *address);

/* Lists the sockets (or symbolic links to sockets) under a directory of the host, with
 * `depth` levels of subdirectories, whose names start with prefix (when not NULL), through
 * flatpak-spawn --host find. The result maps each one's unix: address (on the host: connect
 * to it through explorer_sandbox_host_address()) to its file name. A directory missing on the
 * host gives an empty table; failing to run flatpak-spawn is an error. */
void        explorer_sandbox_find_host_sockets_async  (const char          *directory,
                                                       guint                depth,
                                                       const char          *prefix,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GHashTable *explorer_sandbox_find_host_sockets_finish (GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS

/* varlink-bridge.h: carries a Varlink connection between standard input/output and a
 * service's address, for `bridge:` addresses (e.g. `bridge:pkexec varlink-explorer --bridge ADDRESS`). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Connects to address, then copies bytes from in_fd to the service and from the service to
 * out_fd until the service closes its end (after in_fd ended, the service sees end of
 * input). Blocks the calling thread: it is meant for a process of its own. */
gboolean varlink_bridge_run (const char  *address,
                             int          in_fd,
                             int          out_fd,
                             GError     **error);

G_END_DECLS

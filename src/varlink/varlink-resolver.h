/* varlink-resolver.h: the org.varlink.resolver client: which interfaces a resolver knows,
 * and the address of the service that implements one. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VARLINK_RESOLVER_ADDRESS "unix:/run/org.varlink.resolver"

/* address NULL: VARLINK_RESOLVER_ADDRESS. The result is the resolver's GetInfo interfaces. */
void     varlink_resolver_list_async      (const char          *address,
                                           guint                timeout_ms,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char   **varlink_resolver_list_finish     (GAsyncResult        *result,
                                           GError             **error);
void     varlink_resolver_resolve_async   (const char          *address,
                                           const char          *interface,
                                           guint                timeout_ms,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char    *varlink_resolver_resolve_finish  (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS

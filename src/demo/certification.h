/* certification.h: org.varlink.certification, the conformance test every Varlink binding
 * runs against the others: the service side (added to a VarlinkService) and the client
 * side (Start, Test01 ... Test11, End on one connection). */
#pragma once

#include "varlink.h"

G_BEGIN_DECLS

#define DEMO_CERTIFICATION_INTERFACE "org.varlink.certification"

/* Adds the interface to service and binds its methods. */
gboolean demo_certification_add_to_service (VarlinkService       *service,
                                            GError              **error);

/* Runs the whole test against the service at address. Fails with a message that says which
 * step went wrong and how, unless End answered all_ok: true. log (may be NULL) is called
 * with one line per step. */
typedef void (*DemoCertificationLogFunc) (const char *line,
                                          gpointer    user_data);

void     demo_certification_run_async  (const char               *address,
                                        DemoCertificationLogFunc  log,
                                        gpointer                  log_data,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data);
gboolean demo_certification_run_finish (GAsyncResult             *result,
                                        GError                  **error);

G_END_DECLS

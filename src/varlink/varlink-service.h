/* varlink-service.h: the serving side: interfaces registered from their IDL text, method
 * handlers, dispatch one call at a time per connection in order, org.varlink.service, the
 * standard errors, parameter checks against the IDL, listening and socket activation. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "varlink-connection.h"
#include "varlink-interface.h"

G_BEGIN_DECLS

/* One incoming call: reference counted, so a handler may answer later. */
typedef struct _VarlinkServiceCall VarlinkServiceCall;

#define VARLINK_TYPE_SERVICE_CALL (varlink_service_call_get_type ())
GType               varlink_service_call_get_type        (void) G_GNUC_CONST;
VarlinkServiceCall *varlink_service_call_ref             (VarlinkServiceCall *self);
void                varlink_service_call_unref           (VarlinkServiceCall *self);
/* "interface.Method" */
const char         *varlink_service_call_get_method      (VarlinkServiceCall *self);
VarlinkCallFlags    varlink_service_call_get_flags       (VarlinkServiceCall *self);
/* Cancelled when the client goes away; a slow handler can stop early. */
GCancellable       *varlink_service_call_get_cancellable (VarlinkServiceCall *self);
/* The output of pending replies not yet written; producers of long streams wait while it is
 * large (see the "drained" signal of the service). */
gsize               varlink_service_call_get_pending_output (VarlinkServiceCall *self);

/* continues is only honoured for a call with VARLINK_CALL_MORE; the call ends with a reply
 * without it. For a oneway call the reply is dropped and only ends the call. parameters
 * may be NULL; they are not checked against the IDL. */
void                varlink_service_call_reply           (VarlinkServiceCall *self,
                                                          JsonObject         *parameters,
                                                          gboolean            continues);
/* error is fully qualified; parameters may be NULL. Ends the call. */
void                varlink_service_call_reply_error     (VarlinkServiceCall *self,
                                                          const char         *error,
                                                          JsonObject         *parameters);
void                varlink_service_call_reply_invalid_parameter (VarlinkServiceCall *self,
                                                                  const char         *parameter);
/* For an upgrade call: confirms, then the connection carries raw bytes; the handler gets
 * them through raw_func and writes with varlink_service_call_send_raw(). */
typedef void (*VarlinkRawFunc) (VarlinkServiceCall *call,
                                const guint8       *data,
                                gsize               length,
                                gpointer            user_data);
void                varlink_service_call_reply_upgrade   (VarlinkServiceCall *self,
                                                          JsonObject         *parameters,
                                                          VarlinkRawFunc      raw_func,
                                                          gpointer            user_data,
                                                          GDestroyNotify      destroy);
void                varlink_service_call_send_raw        (VarlinkServiceCall *self,
                                                          const guint8       *data,
                                                          gsize               length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VarlinkServiceCall, varlink_service_call_unref)

/* Handlers run on the main context the service was created on. parameters is never NULL
 * and has been checked against the method's input type already. */
typedef void (*VarlinkMethodFunc) (VarlinkServiceCall *call,
                                   JsonObject         *parameters,
                                   gpointer            user_data);

#define VARLINK_TYPE_SERVICE (varlink_service_get_type ())
G_DECLARE_FINAL_TYPE (VarlinkService, varlink_service, VARLINK, SERVICE, GObject)

VarlinkService *varlink_service_new                 (const char         *vendor,
                                                     const char         *product,
                                                     const char         *version,
                                                     const char         *url);
/* Parses description strictly; GetInterfaceDescription returns it verbatim. */
gboolean        varlink_service_add_interface       (VarlinkService     *self,
                                                     const char         *description,
                                                     GError            **error);
/* method is "interface.Method" of an added interface. Methods without a handler answer
 * org.varlink.service.MethodNotImplemented. */
void            varlink_service_bind                (VarlinkService     *self,
                                                     const char         *method,
                                                     VarlinkMethodFunc   func,
                                                     gpointer            user_data,
                                                     GDestroyNotify      destroy);

gboolean        varlink_service_listen              (VarlinkService     *self,
                                                     const char         *address,
                                                     GError            **error);
gboolean        varlink_service_listen_socket       (VarlinkService     *self,
                                                     GSocket            *socket,
                                                     GError            **error);
/* Takes the descriptors of socket activation (LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES;
 * the one named "varlink" when names are given), listening or already connected.
 * Returns FALSE without error when the process was not activated. */
gboolean        varlink_service_listen_activation   (VarlinkService     *self,
                                                     GError            **error);
/* Serves one already-connected stream (a socketpair end, stdio of a bridge). */
gboolean        varlink_service_add_stream          (VarlinkService     *self,
                                                     GIOStream          *stream,
                                                     GError            **error);
guint           varlink_service_get_n_connections   (VarlinkService     *self);

G_END_DECLS

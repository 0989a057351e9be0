/* varlink-connection.h: the client side of one connection: asynchronous, cancellable calls
 * with more/oneway/upgrade, pipelined and matched in order, replies streamed as they come,
 * introspection, and a wire observer for traffic views. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "varlink-wire.h"

G_BEGIN_DECLS

typedef enum {
  VARLINK_CALL_NONE    = 0,
  VARLINK_CALL_MORE    = 1 << 0,
  VARLINK_CALL_ONEWAY  = 1 << 1,
  VARLINK_CALL_UPGRADE = 1 << 2,
} VarlinkCallFlags;

#define VARLINK_DEFAULT_MAX_MESSAGE_SIZE (16 * 1024 * 1024)

/* One reply: immutable, reference counted. */
typedef struct _VarlinkReply VarlinkReply;

#define VARLINK_TYPE_REPLY (varlink_reply_get_type ())
GType         varlink_reply_get_type       (void) G_GNUC_CONST;
VarlinkReply *varlink_reply_ref            (VarlinkReply *self);
void          varlink_reply_unref          (VarlinkReply *self);
/* Never NULL: an absent or null "parameters" member is an empty object. */
JsonObject   *varlink_reply_get_parameters (VarlinkReply *self);
/* The fully qualified error name, or NULL for a successful reply. */
const char   *varlink_reply_get_error      (VarlinkReply *self);
gboolean      varlink_reply_get_continues  (VarlinkReply *self);
/* g_get_real_time() when the reply was read. */
gint64        varlink_reply_get_time       (VarlinkReply *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VarlinkReply, varlink_reply_unref)

/* The service's GetInfo facts. */
typedef struct {
  char  *vendor;
  char  *product;
  char  *version;
  char  *url;
  char **interfaces;
} VarlinkInfo;

#define VARLINK_TYPE_INFO (varlink_info_get_type ())
GType        varlink_info_get_type (void) G_GNUC_CONST;
VarlinkInfo *varlink_info_copy     (const VarlinkInfo *self);
void         varlink_info_free     (VarlinkInfo       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VarlinkInfo, varlink_info_free)

#define VARLINK_TYPE_CONNECTION (varlink_connection_get_type ())
G_DECLARE_FINAL_TYPE (VarlinkConnection, varlink_connection, VARLINK, CONNECTION, GObject)

/* Called for each reply of a call, in order. The call has ended when reply is the last one
 * (no continues, or an error reply) or when reply is NULL and error is set (the connection
 * closed or failed, the call timed out, was cancelled, or a reply was malformed). For a
 * oneway call, it is called once with both NULL when the call was handed to the kernel. */
typedef void (*VarlinkReplyFunc) (VarlinkConnection *connection,
                                  VarlinkReply      *reply,
                                  const GError      *error,
                                  gpointer           user_data);

void               varlink_connection_new_async       (const char          *address,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
VarlinkConnection *varlink_connection_new_finish      (GAsyncResult        *result,
                                                       GError             **error);
VarlinkConnection *varlink_connection_new_for_stream  (GIOStream           *stream,
                                                       GError             **error);

/* The address it was opened with, or NULL for one made from a stream. */
const char        *varlink_connection_get_address     (VarlinkConnection   *self);
gboolean           varlink_connection_is_closed       (VarlinkConnection   *self);
/* Ends every pending call with VARLINK_ERROR_CLOSED ("closed by the client"). */
void               varlink_connection_close           (VarlinkConnection   *self);
void               varlink_connection_set_max_message_size (VarlinkConnection *self,
                                                            gsize              max_size);

/* Queues a call; returns at once. parameters may be NULL (sent as absent). timeout_ms is
 * the longest wait for the next reply (0: wait for ever). Cancelling ends the call with
 * G_IO_ERROR_CANCELLED at once; a late reply is discarded, and cancelling a call that is
 * streaming replies closes the connection, which is the protocol's only way to stop one. */
void               varlink_connection_call            (VarlinkConnection   *self,
                                                       const char          *method,
                                                       JsonObject          *parameters,
                                                       VarlinkCallFlags     flags,
                                                       guint                timeout_ms,
                                                       GCancellable        *cancellable,
                                                       VarlinkReplyFunc     func,
                                                       gpointer             user_data,
                                                       GDestroyNotify       destroy);

/* One reply, GIO style. An error reply becomes a VARLINK_ERROR_REMOTE GError. */
void               varlink_connection_call_async      (VarlinkConnection   *self,
                                                       const char          *method,
                                                       JsonObject          *parameters,
                                                       guint                timeout_ms,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
JsonObject        *varlink_connection_call_finish     (VarlinkConnection   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* org.varlink.service.GetInfo. A service without introspection (systemd before 255)
 * fails with VARLINK_ERROR_REMOTE naming MethodNotImplemented or MethodNotFound. */
void               varlink_connection_get_info_async  (VarlinkConnection   *self,
                                                       guint                timeout_ms,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
VarlinkInfo       *varlink_connection_get_info_finish (VarlinkConnection   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* org.varlink.service.GetInterfaceDescription: the description text as sent. */
void               varlink_connection_get_description_async  (VarlinkConnection   *self,
                                                              const char          *interface,
                                                              guint                timeout_ms,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
char              *varlink_connection_get_description_finish (VarlinkConnection   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* The "busy-poll" property: after sending a call when no other is waiting, ask the socket
 * for the reply for a few microseconds before returning to the main loop (see
 * varlink_wire_busy_poll()). On by default; VARLINK_BUSY_POLL=0 in the environment turns
 * the default off (a number sets the microseconds). */
void               varlink_connection_set_busy_poll   (VarlinkConnection   *self,
                                                       gboolean             busy_poll);
gboolean           varlink_connection_get_busy_poll   (VarlinkConnection   *self);

/* After the confirming reply of an upgrade call, the connection carries raw bytes:
 * they arrive through the "raw-data" signal and are sent with send_raw(). */
gboolean           varlink_connection_is_upgraded     (VarlinkConnection   *self);
void               varlink_connection_send_raw        (VarlinkConnection   *self,
                                                       GBytes              *bytes);

/* Every whole message sent and received, raw, for traffic views. One observer at a time;
 * it also sees raw bytes after an upgrade. */
void               varlink_connection_set_observer    (VarlinkConnection   *self,
                                                       VarlinkWireObserver  observer,
                                                       gpointer             user_data,
                                                       GDestroyNotify       destroy);

G_END_DECLS

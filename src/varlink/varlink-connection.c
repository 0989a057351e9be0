/* varlink-connection.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "varlink-address.h"
#include "varlink-connection.h"
#include "varlink-error.h"
#include "varlink-json.h"

/* Replies */

struct _VarlinkReply
{
  gatomicrefcount  ref_count;
  JsonNode        *root;        /* the "parameters" node, or NULL */
  JsonObject      *parameters;
  char            *error;
  gboolean         continues;
  gint64           time;
};

G_DEFINE_BOXED_TYPE (VarlinkReply, varlink_reply, varlink_reply_ref, varlink_reply_unref)

VarlinkReply *
varlink_reply_ref (VarlinkReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
varlink_reply_unref (VarlinkReply *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->parameters);
      g_clear_pointer (&self->root, json_node_unref);
      g_free (self->error);
      g_free (self);
    }
}

JsonObject *
varlink_reply_get_parameters (VarlinkReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->parameters;
}

const char *
varlink_reply_get_error (VarlinkReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

gboolean
varlink_reply_get_continues (VarlinkReply *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->continues;
}

gint64
varlink_reply_get_time (VarlinkReply *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->time;
}

/* GetInfo */

G_DEFINE_BOXED_TYPE (VarlinkInfo, varlink_info, varlink_info_copy, varlink_info_free)

VarlinkInfo *
varlink_info_copy (const VarlinkInfo *self)
{
  VarlinkInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VarlinkInfo, 1);
  copy->vendor = g_strdup (self->vendor);
  copy->product = g_strdup (self->product);
  copy->version = g_strdup (self->version);
  copy->url = g_strdup (self->url);
  copy->interfaces = g_strdupv (self->interfaces);
  return copy;
}

void
varlink_info_free (VarlinkInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->vendor);
  g_free (self->product);
  g_free (self->version);
  g_free (self->url);
  g_strfreev (self->interfaces);
  g_free (self);
}

/* Calls */

typedef struct {
  VarlinkConnection *connection;
  VarlinkCallFlags   flags;
  guint              timeout_ms;
  GSource           *timeout_source;
  GSource           *cancel_source;
  GCancellable      *cancellable;
  VarlinkReplyFunc   func;
  gpointer           user_data;
  GDestroyNotify     destroy;
  /* Ended early (cancelled, timed out): the slot stays in the queue so that the replies
   * still owed to it are matched and dropped. */
  gboolean           ended;
  gboolean           got_reply;
} PendingCall;

struct _VarlinkConnection
{
  GObject parent_instance;

  char        *address;
  VarlinkWire *wire;
  GQueue       pending;   /* PendingCall, in the order the calls were sent */
  GMainContext *context;
  guint        busy_poll_us;  /* 0: off */

  guint closed : 1;
  guint upgraded : 1;
  guint upgrading : 1;    /* an upgrade call was sent: nothing may follow it */
};

G_DEFINE_FINAL_TYPE (VarlinkConnection, varlink_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_CLOSED,
  PROP_UPGRADED,
  PROP_BUSY_POLL,
  N_PROPS
};

enum {
  SIGNAL_CLOSED,
  SIGNAL_RAW_DATA,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connection_close_internal (VarlinkConnection *self,
                                       const GError      *error,
                                       const GError      *call_error);

static void
pending_call_stop_sources (PendingCall *call)
{
  if (call->timeout_source != NULL)
    {
      g_source_destroy (call->timeout_source);
      g_clear_pointer (&call->timeout_source, g_source_unref);
    }
  if (call->cancel_source != NULL)
    {
      g_source_destroy (call->cancel_source);
      g_clear_pointer (&call->cancel_source, g_source_unref);
    }
}

static void
pending_call_free (PendingCall *call)
{
  pending_call_stop_sources (call);
  g_clear_object (&call->cancellable);
  if (call->destroy != NULL)
    call->destroy (call->user_data);
  g_free (call);
}

/* Gives the call its last word; the slot, if any, is dealt with by the caller. */
static void
pending_call_end (PendingCall  *call,
                  VarlinkReply *reply,
                  const GError *error)
{
  VarlinkReplyFunc func = call->func;
  GDestroyNotify destroy = call->destroy;
  gpointer user_data = call->user_data;

  g_assert (!call->ended);
  call->ended = TRUE;
  call->func = NULL;
  call->destroy = NULL;
  pending_call_stop_sources (call);

  if (func != NULL)
    func (call->connection, reply, error, user_data);
  if (destroy != NULL)
    destroy (user_data);
}

/* Ends a call that never got a slot (or lost it) from the main loop, so that a caller of
 * varlink_connection_call() is never called back from inside it. */
typedef struct {
  PendingCall *call;
  GError      *error;
} DeferredEnd;

static gboolean
deferred_end_cb (gpointer user_data)
{
  DeferredEnd *deferred = user_data;

  pending_call_end (deferred->call, NULL, deferred->error);
  return G_SOURCE_REMOVE;
}

static void
deferred_end_free (gpointer user_data)
{
  DeferredEnd *deferred = user_data;
  VarlinkConnection *connection = deferred->call->connection;

  pending_call_free (deferred->call);
  g_clear_error (&deferred->error);
  g_free (deferred);
  g_object_unref (connection);
}

static void
pending_call_end_later (PendingCall *call,
                        GError      *error)
{
  DeferredEnd *deferred = g_new0 (DeferredEnd, 1);
  GSource *source = g_idle_source_new ();

  pending_call_stop_sources (call);
  g_object_ref (call->connection);
  deferred->call = call;
  deferred->error = error;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[varlink] end call");
  g_source_set_callback (source, deferred_end_cb, deferred, deferred_end_free);
  g_source_attach (source, call->connection->context);
  g_source_unref (source);
}

static gboolean
pending_call_is_streaming (PendingCall *call)
{
  return (call->flags & VARLINK_CALL_MORE) != 0 && call->got_reply;
}

static gboolean
call_timed_out_cb (gpointer user_data)
{
  PendingCall *call = user_data;
  VarlinkConnection *self = call->connection;
  g_autoptr(GError) error = NULL;
  gboolean streaming = pending_call_is_streaming (call);

  g_clear_pointer (&call->timeout_source, g_source_unref);

  error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_TIMED_OUT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The service did not answer within %u millisecond",
                                    "The service did not answer within %u milliseconds",
                                    call->timeout_ms),
                       call->timeout_ms);

  g_object_ref (self);
  pending_call_end (call, NULL, error);
  /* A stream cannot be stopped but by hanging up; what it would still send would hold
   * up every later call. */
  if (streaming)
    connection_close_internal (self, NULL, NULL);
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static gboolean
call_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  PendingCall *call = user_data;
  VarlinkConnection *self = call->connection;
  g_autoptr(GError) error = NULL;
  gboolean streaming = pending_call_is_streaming (call);

  g_clear_pointer (&call->cancel_source, g_source_unref);

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The call was cancelled"));

  g_object_ref (self);
  pending_call_end (call, NULL, error);
  if (streaming)
    connection_close_internal (self, NULL, NULL);
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static void
pending_call_start_sources (PendingCall *call)
{
  if (call->timeout_ms > 0)
    {
      call->timeout_source = g_timeout_source_new (call->timeout_ms);
      g_source_set_static_name (call->timeout_source, "[varlink] call timeout");
      g_source_set_callback (call->timeout_source, call_timed_out_cb, call, NULL);
      g_source_attach (call->timeout_source, call->connection->context);
    }

  if (call->cancellable != NULL)
    {
      /* A cancellable source runs on our context, whichever thread cancels. */
      call->cancel_source = g_cancellable_source_new (call->cancellable);
      g_source_set_static_name (call->cancel_source, "[varlink] call cancelled");
      g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (call_cancelled_cb), call, NULL);
      g_source_attach (call->cancel_source, call->connection->context);
    }
}

/* Closing */

static GError *
new_closed_error (void)
{
  return g_error_new_literal (VARLINK_ERROR, VARLINK_ERROR_CLOSED,
                              _("The service closed the connection before it answered. "
                                "It may have rejected the call as malformed or not allowed, "
                                "or it may have crashed."));
}

/* error: what the "closed" signal reports (NULL: a clean close);
 * call_error: what pending calls end with. */
static void
connection_close_internal (VarlinkConnection *self,
                           const GError      *error,
                           const GError      *call_error)
{
  GQueue pending = G_QUEUE_INIT;
  g_autoptr(GError) default_error = NULL;
  PendingCall *call;

  if (self->closed)
    return;

  g_object_ref (self);
  self->closed = TRUE;

  if (self->wire != NULL)
    varlink_wire_close (self->wire);

  if (call_error == NULL)
    call_error = default_error = new_closed_error ();

  /* The queue is taken first: callbacks may make new calls, which fail on their own. */
  pending = self->pending;
  g_queue_init (&self->pending);

  while ((call = g_queue_pop_head (&pending)) != NULL)
    {
      if (!call->ended)
        pending_call_end (call, NULL, call_error);
      pending_call_free (call);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED]);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
  g_object_unref (self);
}

static void
connection_fail (VarlinkConnection *self,
                 GError            *error)
{
  connection_close_internal (self, error, error);
  g_error_free (error);
}

/* Reading replies */

typedef struct {
  JsonNode   *parameters;
  char       *error;
  gboolean    continues;
} ReplyFields;

static gboolean
reply_member_cb (const char  *name,
                 JsonNode    *value,
                 gpointer     user_data,
                 GError     **error)
{
  ReplyFields *fields = user_data;
  g_autoptr(JsonNode) owned = value;

  /* The first letters tell the known members apart before any comparison. */
  switch (name[0])
    {
    case 'p':
      if (strcmp (name, "parameters") != 0)
        break;
      if (JSON_NODE_HOLDS_OBJECT (value))
        {
          g_clear_pointer (&fields->parameters, json_node_unref);
          fields->parameters = g_steal_pointer (&owned);
          return TRUE;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        return TRUE;
      goto bad_type;

    case 'c':
      if (strcmp (name, "continues") != 0)
        break;
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        {
          fields->continues = json_node_get_boolean (value);
          return TRUE;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        return TRUE;
      goto bad_type;

    case 'e':
      if (strcmp (name, "error") != 0)
        break;
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          g_free (fields->error);
          fields->error = g_strdup (json_node_get_string (value));
          return TRUE;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        return TRUE;
      goto bad_type;

    default:
      break;
    }

  /* Vendor keys are dotted names; anything else is not varlink. */
  if (strchr (name, '.') != NULL)
    return TRUE;

  g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
               _("The service sent a reply with the unknown member \"%s\""), name);
  return FALSE;

bad_type:
  g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
               _("The service sent a reply whose member \"%s\" has the wrong type"), name);
  return FALSE;
}

static gboolean
parse_reply (VarlinkConnection *self,
             char              *data,
             gsize              length,
             VarlinkReply     **out,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  ReplyFields fields = { NULL, };
  VarlinkReply *reply;

  /* Only the envelope's members are looked at: no object is built for it. */
  if (!varlink_json_parse_members (data, length, reply_member_cb, &fields, &local_error))
    {
      g_clear_pointer (&fields.parameters, json_node_unref);
      g_free (fields.error);

      if (local_error->domain == VARLINK_ERROR && g_str_has_prefix (local_error->message, "Invalid JSON"))
        {
          const char *p = data;

          while (p < data + length && g_ascii_isspace (*p))
            p++;
          if (p < data + length && *p != '{')
            g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                         _("The service sent a message that is not a JSON object"));
          else
            /* Translators: %s says what is wrong with the JSON text */
            g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                         _("The service sent a message that is not valid JSON (%s)"), local_error->message);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      return FALSE;
    }

  reply = g_new (VarlinkReply, 1);
  g_atomic_ref_count_init (&reply->ref_count);
  reply->root = fields.parameters;
  reply->parameters = fields.parameters ? json_object_ref (json_node_get_object (fields.parameters))
                                        : json_object_new ();
  reply->error = fields.error;
  reply->continues = fields.continues;
  reply->time = g_get_real_time ();
  *out = reply;
  return TRUE;
}

static void
wire_message_cb (gpointer  user_data,
                 char     *data,
                 gsize     length)
{
  VarlinkConnection *self = user_data;
  g_autoptr(VarlinkReply) reply = NULL;
  GError *error = NULL;
  PendingCall *call;
  gboolean last;

  if (!parse_reply (self, data, length, &reply, &error))
    {
      connection_fail (self, error);
      return;
    }

  call = g_queue_peek_head (&self->pending);
  if (call == NULL)
    {
      connection_fail (self, g_error_new (VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                                          _("The service sent a reply when no call was waiting for one")));
      return;
    }

  if (reply->continues && reply->error == NULL && (call->flags & VARLINK_CALL_MORE) == 0)
    {
      connection_fail (self, g_error_new (VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                                          _("The service sent several replies to a call made without “more”")));
      return;
    }

  /* An error reply ends a call whatever it says about continuing. */
  if (reply->error != NULL)
    reply->continues = FALSE;
  last = !reply->continues;
  call->got_reply = TRUE;

  g_object_ref (self);

  if (last)
    g_queue_pop_head (&self->pending);
  else if (call->timeout_source != NULL)
    g_source_set_ready_time (call->timeout_source,
                             g_get_monotonic_time () + (gint64) call->timeout_ms * 1000);

  /* Even for a call ended early: the service has switched, whoever still listens. */
  if ((call->flags & VARLINK_CALL_UPGRADE) != 0 && last && reply->error == NULL)
    {
      /* Whatever follows this reply's NUL is no longer varlink. */
      varlink_wire_set_raw (self->wire);
      self->upgraded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPGRADED]);
    }
  else if ((call->flags & VARLINK_CALL_UPGRADE) != 0 && last)
    {
      self->upgrading = FALSE;
    }

  if (!call->ended)
    {
      if (last)
        pending_call_end (call, reply, NULL);
      else if (call->func != NULL)
        call->func (self, reply, NULL, call->user_data);
    }

  if (last)
    pending_call_free (call);

  g_object_unref (self);
}

static void
wire_raw_cb (gpointer      user_data,
             const guint8 *data,
             gsize         length)
{
  VarlinkConnection *self = user_data;
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);

  g_signal_emit (self, signals[SIGNAL_RAW_DATA], 0, bytes);
}

static void
wire_closed_cb (gpointer      user_data,
                const GError *error)
{
  VarlinkConnection *self = user_data;

  if (error == NULL)
    {
      connection_close_internal (self, NULL, NULL);
    }
  else if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE))
    {
      g_autoptr(GError) call_error = NULL;
      g_autofree char *limit = g_format_size (varlink_wire_get_max_message_size (self->wire));

      call_error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE,
                                _("The service sent a reply larger than the limit of %s; the connection was closed"),
                                limit);
      connection_close_internal (self, error, call_error);
    }
  else
    {
      connection_close_internal (self, error, error);
    }
}

static const VarlinkWireFuncs wire_funcs = {
  .message = wire_message_cb,
  .raw = wire_raw_cb,
  .closed = wire_closed_cb,
};

/* GObject */

static void
varlink_connection_dispose (GObject *object)
{
  VarlinkConnection *self = VARLINK_CONNECTION (object);

  if (!self->closed)
    varlink_connection_close (self);

  g_clear_object (&self->wire);

  G_OBJECT_CLASS (varlink_connection_parent_class)->dispose (object);
}

static void
varlink_connection_finalize (GObject *object)
{
  VarlinkConnection *self = VARLINK_CONNECTION (object);

  g_free (self->address);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (varlink_connection_parent_class)->finalize (object);
}

static void
varlink_connection_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VarlinkConnection *self = VARLINK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_CLOSED:
      g_value_set_boolean (value, self->closed);
      break;
    case PROP_UPGRADED:
      g_value_set_boolean (value, self->upgraded);
      break;
    case PROP_BUSY_POLL:
      g_value_set_boolean (value, self->busy_poll_us > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
varlink_connection_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VarlinkConnection *self = VARLINK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;
    case PROP_BUSY_POLL:
      varlink_connection_set_busy_poll (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
varlink_connection_class_init (VarlinkConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = varlink_connection_dispose;
  object_class->finalize = varlink_connection_finalize;
  object_class->get_property = varlink_connection_get_property;
  object_class->set_property = varlink_connection_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPGRADED] =
    g_param_spec_boolean ("upgraded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Default from $VARLINK_BUSY_POLL, so that it can be compared with and without. */
  properties[PROP_BUSY_POLL] =
    g_param_spec_boolean ("busy-poll", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The GError is NULL when the peer closed cleanly or we closed. */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_RAW_DATA] =
    g_signal_new ("raw-data", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
varlink_connection_init (VarlinkConnection *self)
{
  g_queue_init (&self->pending);
  self->context = g_main_context_ref_thread_default ();
  self->busy_poll_us = varlink_wire_get_default_busy_poll ();
}

/* Opening */

static VarlinkConnection *
connection_new_for_stream (GIOStream   *stream,
                           const char  *address,
                           GError     **error)
{
  VarlinkConnection *self;
  int in_fd, out_fd;

  if (!varlink_stream_get_fds (stream, &in_fd, &out_fd))
    {
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_UNSUPPORTED,
                   _("This kind of stream cannot carry a varlink connection: it has no file descriptors"));
      return NULL;
    }

  self = g_object_new (VARLINK_TYPE_CONNECTION, "address", address, NULL);
  self->wire = varlink_wire_new (in_fd, out_fd, G_OBJECT (stream), &wire_funcs, self);
  varlink_wire_set_max_message_size (self->wire, VARLINK_DEFAULT_MAX_MESSAGE_SIZE);
  return self;
}

VarlinkConnection *
varlink_connection_new_for_stream (GIOStream  *stream,
                                   GError    **error)
{
  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return connection_new_for_stream (stream, NULL, error);
}

static void
address_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GIOStream) stream = NULL;
  GError *error = NULL;
  VarlinkConnection *connection;

  stream = varlink_address_connect_finish (result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  connection = connection_new_for_stream (stream, g_task_get_task_data (task), &error);
  if (connection == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, connection, g_object_unref);
}

void
varlink_connection_new_async (const char          *address,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(VarlinkAddress) parsed = NULL;
  GError *error = NULL;

  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, varlink_connection_new_async);

  parsed = varlink_address_parse (address, &error);
  if (parsed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, g_strdup (varlink_address_to_string (parsed)), g_free);
  varlink_address_connect_async (parsed, cancellable, address_connected_cb, g_steal_pointer (&task));
}

VarlinkConnection *
varlink_connection_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
varlink_connection_get_address (VarlinkConnection *self)
{
  g_return_val_if_fail (VARLINK_IS_CONNECTION (self), NULL);

  return self->address;
}

gboolean
varlink_connection_is_closed (VarlinkConnection *self)
{
  g_return_val_if_fail (VARLINK_IS_CONNECTION (self), TRUE);

  return self->closed;
}

void
varlink_connection_close (VarlinkConnection *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VARLINK_IS_CONNECTION (self));

  if (self->closed)
    return;

  error = g_error_new_literal (VARLINK_ERROR, VARLINK_ERROR_CLOSED,
                               _("The connection was closed by the client"));
  connection_close_internal (self, NULL, error);
}

void
varlink_connection_set_max_message_size (VarlinkConnection *self,
                                         gsize              max_size)
{
  g_return_if_fail (VARLINK_IS_CONNECTION (self));
  g_return_if_fail (max_size > 0);

  varlink_wire_set_max_message_size (self->wire, max_size);
}

gboolean
varlink_connection_is_upgraded (VarlinkConnection *self)
{
  g_return_val_if_fail (VARLINK_IS_CONNECTION (self), FALSE);

  return self->upgraded;
}

void
varlink_connection_send_raw (VarlinkConnection *self,
                             GBytes            *bytes)
{
  gsize length;
  const guint8 *data;

  g_return_if_fail (VARLINK_IS_CONNECTION (self));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (self->upgraded);

  data = g_bytes_get_data (bytes, &length);
  varlink_wire_send_raw (self->wire, data, length);
}

void
varlink_connection_set_busy_poll (VarlinkConnection *self,
                                  gboolean           busy_poll)
{
  guint us;

  g_return_if_fail (VARLINK_IS_CONNECTION (self));

  /* Turned on explicitly, it spins even when the environment made the default off. */
  us = varlink_wire_get_default_busy_poll ();
  if (busy_poll && us == 0)
    us = 50;
  if (!busy_poll)
    us = 0;

  if (self->busy_poll_us == us)
    return;

  self->busy_poll_us = us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY_POLL]);
}

gboolean
varlink_connection_get_busy_poll (VarlinkConnection *self)
{
  g_return_val_if_fail (VARLINK_IS_CONNECTION (self), FALSE);

  return self->busy_poll_us > 0;
}

void
varlink_connection_set_observer (VarlinkConnection   *self,
                                 VarlinkWireObserver  observer,
                                 gpointer             user_data,
                                 GDestroyNotify       destroy)
{
  g_return_if_fail (VARLINK_IS_CONNECTION (self));

  varlink_wire_set_observer (self->wire, observer, user_data, destroy);
}

/* Calling */

/* Method names go on the wire unescaped: "interface.Method", in the characters the IDL
 * allows. */
static gboolean
is_method_name (const char *method)
{
  const char *dot = strrchr (method, '.');

  if (dot == NULL || dot == method || dot[1] == '\0')
    return FALSE;

  for (const char *p = method; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

static gboolean
oneway_sent_cb (gpointer user_data)
{
  PendingCall *call = user_data;

  pending_call_end (call, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
oneway_sent_free (gpointer user_data)
{
  PendingCall *call = user_data;
  VarlinkConnection *connection = call->connection;

  pending_call_free (call);
  g_object_unref (connection);
}

void
varlink_connection_call (VarlinkConnection *self,
                         const char        *method,
                         JsonObject        *parameters,
                         VarlinkCallFlags   flags,
                         guint              timeout_ms,
                         GCancellable      *cancellable,
                         VarlinkReplyFunc   func,
                         gpointer           user_data,
                         GDestroyNotify     destroy)
{
  PendingCall *call;
  GString *out;

  g_return_if_fail (VARLINK_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = g_new0 (PendingCall, 1);
  call->connection = self;
  call->flags = flags;
  call->timeout_ms = timeout_ms;
  call->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  call->func = func;
  call->user_data = user_data;
  call->destroy = destroy;

  if (self->closed)
    {
      pending_call_end_later (call, g_error_new_literal (VARLINK_ERROR, VARLINK_ERROR_CLOSED,
                                                         _("The connection is closed")));
      return;
    }
  if (self->upgraded || self->upgrading)
    {
      pending_call_end_later (call, g_error_new_literal (VARLINK_ERROR, VARLINK_ERROR_UPGRADED,
                                                         _("The connection was upgraded and no longer carries varlink calls")));
      return;
    }
  if (!is_method_name (method))
    {
      pending_call_end_later (call, g_error_new (VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                                 _("“%s” is not a method name; expected interface.Method"),
                                                 method));
      return;
    }
  if ((flags & VARLINK_CALL_ONEWAY) != 0 && (flags & (VARLINK_CALL_MORE | VARLINK_CALL_UPGRADE)) != 0)
    {
      pending_call_end_later (call, g_error_new_literal (VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                                         _("A call cannot be oneway and also ask for more replies or an upgrade")));
      return;
    }
  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      pending_call_end_later (call, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("The call was cancelled")));
      return;
    }

  out = varlink_wire_begin_message (self->wire);
  g_string_append_len (out, "{\"method\":\"", 11);
  g_string_append (out, method);
  g_string_append_c (out, '"');
  if (parameters != NULL)
    {
      g_string_append_len (out, ",\"parameters\":", 14);
      varlink_json_append_object (out, parameters);
    }
  if (flags & VARLINK_CALL_ONEWAY)
    g_string_append_len (out, ",\"oneway\":true", 14);
  if (flags & VARLINK_CALL_MORE)
    g_string_append_len (out, ",\"more\":true", 12);
  if (flags & VARLINK_CALL_UPGRADE)
    g_string_append_len (out, ",\"upgrade\":true", 15);
  g_string_append_c (out, '}');

  /* The slot is taken before the message leaves: the reply may be read at any time. */
  if ((flags & VARLINK_CALL_ONEWAY) == 0)
    {
      g_queue_push_tail (&self->pending, call);
      if (flags & VARLINK_CALL_UPGRADE)
        self->upgrading = TRUE;
      pending_call_start_sources (call);
    }

  varlink_wire_end_message (self->wire);

  /* A sequential caller: its answer usually comes back sooner than a sleep in poll() and
   * a wakeup would take. Whatever is read is delivered from the main loop, never from
   * here. */
  if ((flags & VARLINK_CALL_ONEWAY) == 0 && self->busy_poll_us > 0 && !self->closed &&
      self->pending.length == 1 && varlink_wire_get_pending_output (self->wire) == 0)
    varlink_wire_busy_poll (self->wire, self->busy_poll_us);

  if (flags & VARLINK_CALL_ONEWAY)
    {
      GSource *source = g_idle_source_new ();

      g_object_ref (self);
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[varlink] oneway sent");
      g_source_set_callback (source, oneway_sent_cb, call, oneway_sent_free);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

/* One reply, GIO style */

static void
call_async_reply_cb (VarlinkConnection *connection,
                     VarlinkReply      *reply,
                     const GError      *error,
                     gpointer           user_data)
{
  GTask *task = user_data;

  /* Only the last reply matters; a well-behaved service sends just one. */
  if (reply != NULL && varlink_reply_get_continues (reply))
    return;

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else if (varlink_reply_get_error (reply) != NULL)
    g_task_return_error (task, varlink_error_new_remote (varlink_reply_get_error (reply),
                                                         varlink_reply_get_parameters (reply)));
  else
    g_task_return_pointer (task, json_object_ref (varlink_reply_get_parameters (reply)),
                           (GDestroyNotify) json_object_unref);
}

void
varlink_connection_call_async (VarlinkConnection   *self,
                               const char          *method,
                               JsonObject          *parameters,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VARLINK_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, varlink_connection_call_async);
  /* Cancellation is reported by the call itself, at once. */
  g_task_set_check_cancellable (task, FALSE);

  varlink_connection_call (self, method, parameters, VARLINK_CALL_NONE, timeout_ms, cancellable,
                           call_async_reply_cb, task, g_object_unref);
}

JsonObject *
varlink_connection_call_finish (VarlinkConnection  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (VARLINK_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_info_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) parameters = NULL;
  g_autoptr(VarlinkInfo) info = NULL;
  GError *error = NULL;
  JsonNode *interfaces;
  static const char * const fields[] = { "vendor", "product", "version", "url" };
  char **slots[4];

  parameters = varlink_connection_call_finish (VARLINK_CONNECTION (source), result, &error);
  if (parameters == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  info = g_new0 (VarlinkInfo, 1);
  slots[0] = &info->vendor;
  slots[1] = &info->product;
  slots[2] = &info->version;
  slots[3] = &info->url;

  /* Missing facts are empty rather than an error: some services leave them out. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *node = json_object_get_member (parameters, fields[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        *slots[i] = g_strdup (json_node_get_string (node));
      else
        *slots[i] = g_strdup ("");
    }

  interfaces = json_object_get_member (parameters, "interfaces");
  if (interfaces != NULL && JSON_NODE_HOLDS_ARRAY (interfaces))
    {
      JsonArray *array = json_node_get_array (interfaces);
      GPtrArray *names = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (names, g_strdup (json_node_get_string (element)));
        }
      g_ptr_array_add (names, NULL);
      info->interfaces = (char **) g_ptr_array_free (names, FALSE);
    }
  else
    {
      g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                               _("The service's answer to GetInfo has no list of interfaces"));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) varlink_info_free);
}

void
varlink_connection_get_info_async (VarlinkConnection   *self,
                                   guint                timeout_ms,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VARLINK_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, varlink_connection_get_info_async);
  g_task_set_check_cancellable (task, FALSE);

  varlink_connection_call_async (self, "org.varlink.service.GetInfo", NULL, timeout_ms,
                                 cancellable, get_info_cb, task);
}

VarlinkInfo *
varlink_connection_get_info_finish (VarlinkConnection  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (VARLINK_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_description_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) parameters = NULL;
  GError *error = NULL;
  JsonNode *node;

  parameters = varlink_connection_call_finish (VARLINK_CONNECTION (source), result, &error);
  if (parameters == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  node = json_object_get_member (parameters, "description");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                               _("The service's answer to GetInterfaceDescription has no description"));
      return;
    }

  g_task_return_pointer (task, g_strdup (json_node_get_string (node)), g_free);
}

void
varlink_connection_get_description_async (VarlinkConnection   *self,
                                          const char          *interface,
                                          guint                timeout_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonObject) parameters = NULL;
  GTask *task;

  g_return_if_fail (VARLINK_IS_CONNECTION (self));
  g_return_if_fail (interface != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, varlink_connection_get_description_async);
  g_task_set_check_cancellable (task, FALSE);

  parameters = json_object_new ();
  json_object_set_string_member (parameters, "interface", interface);
  varlink_connection_call_async (self, "org.varlink.service.GetInterfaceDescription", parameters,
                                 timeout_ms, cancellable, get_description_cb, task);
}

char *
varlink_connection_get_description_finish (VarlinkConnection  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (VARLINK_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

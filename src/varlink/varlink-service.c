/* varlink-service.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "varlink-address.h"
#include "varlink-error.h"
#include "varlink-json.h"
#include "varlink-service.h"
#include "varlink-wire.h"

#define SERVICE_INTERFACE "org.varlink.service"

/* The interface every service implements, as UAPI.20 publishes it. */
static const char service_description[] =
  "# The Varlink Service Interface should be provided by every varlink service.\n"
  "# It describes the service and the interfaces it implements.\n"
  "interface org.varlink.service\n"
  "\n"
  "# Get a list of all the interfaces a service provides and information\n"
  "# about the implementation.\n"
  "method GetInfo() -> (\n"
  "  vendor: string,\n"
  "  product: string,\n"
  "  version: string,\n"
  "  url: string,\n"
  "  interfaces: []string\n"
  ")\n"
  "\n"
  "# Get the description of an interface that is implemented by this service.\n"
  "method GetInterfaceDescription(interface: string) -> (description: string)\n"
  "\n"
  "# The requested interface was not found.\n"
  "error InterfaceNotFound (interface: string)\n"
  "\n"
  "# The requested method was not found\n"
  "error MethodNotFound (method: string)\n"
  "\n"
  "# The interface defines the requested method, but the service does not\n"
  "# implement it.\n"
  "error MethodNotImplemented (method: string)\n"
  "\n"
  "# One of the passed parameters is invalid.\n"
  "error InvalidParameter (parameter: string)\n"
  "\n"
  "# Client is denied access\n"
  "error PermissionDenied ()\n"
  "\n"
  "# Method is expected to be called with 'more' set to true, but wasn't\n"
  "error ExpectedMore ()\n"
  "\n"
  "# Method is expected to be called with 'upgrade' set to true, but wasn't\n"
  "error ExpectedUpgrade ()\n";

typedef struct _ServiceConnection ServiceConnection;

struct _VarlinkServiceCall
{
  gatomicrefcount    ref_count;
  char              *method;
  VarlinkCallFlags   flags;
  GCancellable      *cancellable;
  /* Not owned; NULL once the call has ended or its connection has gone. */
  ServiceConnection *connection;
  gboolean           ended;
  gboolean           upgraded;
  VarlinkRawFunc     raw_func;
  gpointer           raw_data;
  GDestroyNotify     raw_destroy;
};

struct _ServiceConnection
{
  VarlinkService     *service;  /* not owned: the service owns its connections */
  GMainContext       *context;
  VarlinkWire        *wire;
  /* The call being dispatched (owned), or the upgraded call that owns the raw stream. */
  VarlinkServiceCall *current;
  guint               in_message : 1;
  guint               paused : 1;
  guint               corked : 1;
  guint               closed : 1;
  /* Set while a reply is written: a failure found then closes the connection from an idle,
   * so that no handler sees its call cancelled in the middle of replying. */
  guint               writing : 1;
  guint               close_pending : 1;
  GSource            *uncork_source;
  GSource            *close_source;
  /* While a call is in progress the wire reads nothing; this notices a client that hangs
   * up meanwhile, so that its call is cancelled at once. */
  int                 in_fd;
  GSource            *hangup_source;
};

typedef struct
{
  VarlinkMethodFunc func;
  gpointer          user_data;
  GDestroyNotify    destroy;
} Handler;

typedef struct
{
  GSocket *socket;
  GSource *source;
  char    *unlink_path;
} Listener;

struct _VarlinkService
{
  GObject       parent_instance;

  char         *vendor;
  char         *product;
  char         *version;
  char         *url;

  GMainContext *context;
  /* VarlinkInterface, in the order they were added; org.varlink.service first. */
  GPtrArray    *interfaces;
  GHashTable   *interfaces_by_name;
  /* "interface.Method" -> Handler */
  GHashTable   *handlers;
  GPtrArray    *listeners;
  GPtrArray    *connections;
};

enum {
  PROP_0,
  PROP_VENDOR,
  PROP_PRODUCT,
  PROP_VERSION,
  PROP_URL,
  PROP_N_CONNECTIONS,
  N_PROPS
};

enum {
  SIGNAL_DRAINED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VarlinkService, varlink_service, G_TYPE_OBJECT)

static void connection_close       (ServiceConnection  *connection);
static void connection_end_message (ServiceConnection  *connection);
static void connection_set_paused  (ServiceConnection  *connection,
                                    gboolean            paused);
static void connection_end_call    (ServiceConnection  *connection,
                                    VarlinkServiceCall *call);

/* ------------------------------------------------------------------------------------------ */
/* Calls */

static VarlinkServiceCall *
service_call_new (ServiceConnection *connection,
                  const char        *method,
                  VarlinkCallFlags   flags)
{
  VarlinkServiceCall *self = g_new0 (VarlinkServiceCall, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->method = g_strdup (method);
  self->flags = flags;
  self->cancellable = g_cancellable_new ();
  self->connection = connection;

  return self;
}

VarlinkServiceCall *
varlink_service_call_ref (VarlinkServiceCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
varlink_service_call_unref (VarlinkServiceCall *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->raw_destroy != NULL)
    self->raw_destroy (self->raw_data);
  g_clear_object (&self->cancellable);
  g_free (self->method);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (VarlinkServiceCall, varlink_service_call,
                     varlink_service_call_ref, varlink_service_call_unref)

const char *
varlink_service_call_get_method (VarlinkServiceCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->method;
}

VarlinkCallFlags
varlink_service_call_get_flags (VarlinkServiceCall *self)
{
  g_return_val_if_fail (self != NULL, VARLINK_CALL_NONE);

  return self->flags;
}

GCancellable *
varlink_service_call_get_cancellable (VarlinkServiceCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cancellable;
}

gsize
varlink_service_call_get_pending_output (VarlinkServiceCall *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->connection == NULL || self->connection->closed)
    return 0;

  return varlink_wire_get_pending_output (self->connection->wire);
}

static gboolean
uncork_cb (gpointer user_data)
{
  ServiceConnection *connection = user_data;

  g_clear_pointer (&connection->uncork_source, g_source_unref);
  if (connection->corked)
    {
      connection->corked = FALSE;
      if (!connection->closed)
        varlink_wire_uncork (connection->wire);
    }

  /* A client that makes its calls one after the other sends the next one as soon as it
   * has read this reply: waiting for it a few microseconds spares both sides a sleep and
   * a wakeup (bounded and backing off, see varlink_wire_busy_poll()). Only right after a
   * call has ended, and only with all output gone. */
  if (!connection->closed && connection->current == NULL && !connection->paused &&
      varlink_wire_get_pending_output (connection->wire) == 0)
    varlink_wire_busy_poll (connection->wire, varlink_wire_get_default_busy_poll ());

  return G_SOURCE_REMOVE;
}

/* Replies produced in one main loop iteration (a batch of pipelined calls, a burst of a
 * stream) go out together: the wire is corked at the first one and uncorked from a
 * high-priority idle, which runs before anything else once the current dispatch returns. */
static GString *
connection_begin_reply (ServiceConnection *connection)
{
  if (!connection->corked)
    {
      connection->corked = TRUE;
      varlink_wire_cork (connection->wire);
      if (connection->uncork_source == NULL)
        {
          connection->uncork_source = g_idle_source_new ();
          g_source_set_priority (connection->uncork_source, G_PRIORITY_HIGH);
          g_source_set_callback (connection->uncork_source, uncork_cb, connection, NULL);
          g_source_set_static_name (connection->uncork_source, "[varlink] uncork service connection");
          g_source_attach (connection->uncork_source, connection->context);
        }
    }

  return varlink_wire_begin_message (connection->wire);
}

static void
append_json_string (GString    *out,
                    const char *string)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), string);

  varlink_json_append (out, node);
}

static gboolean
service_call_can_send (VarlinkServiceCall *self)
{
  return self->connection != NULL &&
         !self->connection->closed &&
         !(self->flags & VARLINK_CALL_ONEWAY);
}

void
varlink_service_call_reply (VarlinkServiceCall *self,
                            JsonObject         *parameters,
                            gboolean            continues)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->ended);

  /* A reply with continues to a call without more would break the client's matching of
   * replies to calls: it becomes the final reply instead. */
  if (!(self->flags & VARLINK_CALL_MORE))
    continues = FALSE;

  if (service_call_can_send (self))
    {
      GString *out = connection_begin_reply (self->connection);

      if (parameters != NULL)
        {
          g_string_append (out, "{\"parameters\":");
          varlink_json_append_object (out, parameters);
          g_string_append (out, continues ? ",\"continues\":true}" : "}");
        }
      else
        {
          g_string_append (out, continues ? "{\"continues\":true}" : "{}");
        }
      connection_end_message (self->connection);
    }

  if (!continues && self->connection != NULL)
    connection_end_call (self->connection, self);
  else if (!continues)
    self->ended = TRUE;
}

void
varlink_service_call_reply_error (VarlinkServiceCall *self,
                                  const char         *error,
                                  JsonObject         *parameters)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (error != NULL);
  g_return_if_fail (!self->ended);

  if (service_call_can_send (self))
    {
      GString *out = connection_begin_reply (self->connection);

      g_string_append (out, "{\"error\":");
      append_json_string (out, error);
      g_string_append (out, ",\"parameters\":");
      if (parameters != NULL)
        varlink_json_append_object (out, parameters);
      else
        g_string_append (out, "{}");
      g_string_append_c (out, '}');
      connection_end_message (self->connection);
    }

  if (self->connection != NULL)
    connection_end_call (self->connection, self);
  else
    self->ended = TRUE;
}

static void
service_call_reply_standard_error (VarlinkServiceCall *self,
                                   const char         *name,
                                   const char         *member,
                                   const char         *value)
{
  g_autofree char *error = g_strconcat (SERVICE_INTERFACE ".", name, NULL);
  g_autoptr(JsonObject) parameters = json_object_new ();

  if (member != NULL)
    json_object_set_string_member (parameters, member, value);
  varlink_service_call_reply_error (self, error, parameters);
}

void
varlink_service_call_reply_invalid_parameter (VarlinkServiceCall *self,
                                              const char         *parameter)
{
  g_return_if_fail (parameter != NULL);

  service_call_reply_standard_error (self, "InvalidParameter", "parameter", parameter);
}

void
varlink_service_call_reply_upgrade (VarlinkServiceCall *self,
                                    JsonObject         *parameters,
                                    VarlinkRawFunc      raw_func,
                                    gpointer            user_data,
                                    GDestroyNotify      destroy)
{
  ServiceConnection *connection;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->ended);
  g_return_if_fail (self->flags & VARLINK_CALL_UPGRADE);

  connection = self->connection;
  if (connection == NULL || connection->closed)
    {
      self->ended = TRUE;
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  self->raw_func = raw_func;
  self->raw_data = user_data;
  self->raw_destroy = destroy;
  self->upgraded = TRUE;

  {
    GString *out = varlink_wire_begin_message (connection->wire);

    if (parameters != NULL)
      {
        g_string_append (out, "{\"parameters\":");
        varlink_json_append_object (out, parameters);
        g_string_append_c (out, '}');
      }
    else
      {
        g_string_append (out, "{}");
      }
    connection_end_message (connection);
  }

  /* The confirmation must leave before any raw byte; bytes the client sent after the
   * call's NUL are still in the wire's buffer and now go to raw_func. */
  if (connection->corked && !connection->close_pending)
    {
      connection->corked = FALSE;
      connection->writing = TRUE;
      varlink_wire_uncork (connection->wire);
      connection->writing = FALSE;
      if (connection->close_pending)
        connection_end_message (connection);
    }
  if (connection->close_pending)
    return;
  varlink_wire_set_raw (connection->wire);

  /* The call stays current for ever: it owns the raw stream. */
  if (connection->paused)
    connection_set_paused (connection, FALSE);
}

void
varlink_service_call_send_raw (VarlinkServiceCall *self,
                               const guint8       *data,
                               gsize               length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->upgraded);

  if (self->connection == NULL || self->connection->closed)
    return;

  self->connection->writing = TRUE;
  varlink_wire_send_raw (self->connection->wire, data, length);
  self->connection->writing = FALSE;
  if (self->connection->close_pending)
    connection_end_message (self->connection);
}

/* ------------------------------------------------------------------------------------------ */
/* Connections */

static void
connection_clear_uncork (ServiceConnection *connection)
{
  if (connection->uncork_source != NULL)
    {
      g_source_destroy (connection->uncork_source);
      g_clear_pointer (&connection->uncork_source, g_source_unref);
    }
}

static gboolean
connection_close_cb (gpointer user_data)
{
  ServiceConnection *connection = user_data;

  g_clear_pointer (&connection->close_source, g_source_unref);
  connection_close (connection);

  return G_SOURCE_REMOVE;
}

static void
connection_end_message (ServiceConnection *connection)
{
  if (!connection->close_pending)
    {
      connection->writing = TRUE;
      varlink_wire_end_message (connection->wire);
      connection->writing = FALSE;
    }

  if (connection->close_pending && connection->close_source == NULL && !connection->closed)
    {
      connection->close_source = g_idle_source_new ();
      g_source_set_priority (connection->close_source, G_PRIORITY_HIGH);
      g_source_set_callback (connection->close_source, connection_close_cb, connection, NULL);
      g_source_set_static_name (connection->close_source, "[varlink] close service connection");
      g_source_attach (connection->close_source, connection->context);
    }
}

static void
connection_clear_hangup (ServiceConnection *connection)
{
  if (connection->hangup_source != NULL)
    {
      g_source_destroy (connection->hangup_source);
      g_clear_pointer (&connection->hangup_source, g_source_unref);
    }
}

static gboolean
connection_hangup_cb (int          fd,
                      GIOCondition condition,
                      gpointer     user_data)
{
  ServiceConnection *connection = user_data;

  g_clear_pointer (&connection->hangup_source, g_source_unref);
  g_debug ("A client hung up while its call was in progress");
  connection_close (connection);

  return G_SOURCE_REMOVE;
}

static void
connection_set_paused (ServiceConnection *connection,
                       gboolean           paused)
{
  connection->paused = paused;
  varlink_wire_set_paused (connection->wire, paused);

  connection_clear_hangup (connection);
  if (paused && connection->in_fd >= 0)
    {
      /* poll() reports a hang-up whatever events are asked for. */
      connection->hangup_source = g_unix_fd_source_new (connection->in_fd, 0);
      g_source_set_callback (connection->hangup_source,
                             (GSourceFunc) (GCallback) connection_hangup_cb, connection, NULL);
      g_source_set_static_name (connection->hangup_source, "[varlink] service hang-up watch");
      g_source_attach (connection->hangup_source, connection->context);
    }
}

static void
connection_free (ServiceConnection *connection)
{
  connection_clear_uncork (connection);
  g_clear_object (&connection->wire);
  g_main_context_unref (connection->context);
  g_free (connection);
}

static gboolean
connection_free_idle (gpointer user_data)
{
  connection_free (user_data);
  return G_SOURCE_REMOVE;
}

/* Ends the current call: the next pipelined call may be read. */
static void
connection_end_call (ServiceConnection  *connection,
                     VarlinkServiceCall *call)
{
  call->ended = TRUE;
  call->connection = NULL;

  if (connection->current != call)
    return;

  connection->current = NULL;
  varlink_service_call_unref (call);

  /* Within the message callback the wire goes on delivering by itself; resuming from
   * there would nest one dispatch in another for every pipelined call. */
  if (!connection->closed && !connection->in_message && connection->paused)
    connection_set_paused (connection, FALSE);
}

static void
connection_close (ServiceConnection *connection)
{
  VarlinkService *service = connection->service;
  VarlinkServiceCall *call;

  if (connection->closed)
    return;

  connection->closed = TRUE;
  if (!varlink_wire_is_closed (connection->wire))
    varlink_wire_close (connection->wire);

  call = g_steal_pointer (&connection->current);
  if (call != NULL)
    {
      call->connection = NULL;
      g_cancellable_cancel (call->cancellable);
      varlink_service_call_unref (call);
    }

  connection_clear_uncork (connection);
  connection_clear_hangup (connection);
  connection->corked = FALSE;
  if (connection->close_source != NULL)
    {
      g_source_destroy (connection->close_source);
      g_clear_pointer (&connection->close_source, g_source_unref);
    }

  if (service != NULL)
    {
      g_ptr_array_remove_fast (service->connections, connection);
      connection->service = NULL;
      g_object_notify_by_pspec (G_OBJECT (service), properties[PROP_N_CONNECTIONS]);
    }

  /* This may run inside one of the wire's callbacks: release the wire later. */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_callback (source, connection_free_idle, connection, NULL);
    g_source_set_static_name (source, "[varlink] free service connection");
    g_source_attach (source, connection->context);
    g_source_unref (source);
  }
}

static gboolean
parse_flag (JsonNode *node,
            gboolean *value)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Checks each parameter against its field of the method's input, so that InvalidParameter
 * names the top-level parameter; fields the input does not declare are invalid too. */
static gboolean
check_parameters (VarlinkInterface  *interface,
                  VarlinkMember     *method,
                  JsonObject        *parameters,
                  const char       **invalid)
{
  const VarlinkType *input = varlink_member_get_input (method);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint n_fields;

  json_object_iter_init (&iter, parameters);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const VarlinkField *field = varlink_type_lookup_field (input, name);

      if (field == NULL ||
          !varlink_type_check (varlink_field_get_type (field), interface, value,
                               VARLINK_CHECK_NONE, NULL, NULL))
        {
          *invalid = name;
          return FALSE;
        }
    }

  n_fields = varlink_type_get_n_fields (input);
  for (guint i = 0; i < n_fields; i++)
    {
      const VarlinkField *field = varlink_type_get_field (input, i);

      name = varlink_field_get_name (field);
      if (!json_object_has_member (parameters, name) &&
          !varlink_type_check (varlink_field_get_type (field), interface, NULL,
                               VARLINK_CHECK_NONE, NULL, NULL))
        {
          *invalid = name;
          return FALSE;
        }
    }

  return TRUE;
}

static void
service_get_info (VarlinkServiceCall *call,
                  JsonObject         *parameters,
                  gpointer            user_data)
{
  VarlinkService *self = user_data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *interfaces = json_array_sized_new (self->interfaces->len);

  json_object_set_string_member (reply, "vendor", self->vendor);
  json_object_set_string_member (reply, "product", self->product);
  json_object_set_string_member (reply, "version", self->version);
  json_object_set_string_member (reply, "url", self->url);
  for (guint i = 0; i < self->interfaces->len; i++)
    json_array_add_string_element (interfaces,
                                   varlink_interface_get_name (g_ptr_array_index (self->interfaces, i)));
  json_object_set_array_member (reply, "interfaces", interfaces);

  varlink_service_call_reply (call, reply, FALSE);
}

static void
service_get_interface_description (VarlinkServiceCall *call,
                                   JsonObject         *parameters,
                                   gpointer            user_data)
{
  VarlinkService *self = user_data;
  const char *name = json_object_get_string_member (parameters, "interface");
  VarlinkInterface *interface = g_hash_table_lookup (self->interfaces_by_name, name);
  g_autoptr(JsonObject) reply = NULL;

  if (interface == NULL)
    {
      service_call_reply_standard_error (call, "InterfaceNotFound", "interface", name);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "description", varlink_interface_get_text (interface));
  varlink_service_call_reply (call, reply, FALSE);
}

static void
connection_dispatch (ServiceConnection  *connection,
                     VarlinkServiceCall *call,
                     JsonObject         *parameters)
{
  VarlinkService *self = connection->service;
  const char *method = call->method;
  const char *dot = strrchr (method, '.');
  g_autofree char *interface_name = g_strndup (method, dot - method);
  const char *member_name = dot + 1;
  VarlinkInterface *interface;
  VarlinkMember *member;
  VarlinkMethodHints hints;
  const char *invalid = NULL;
  Handler *handler;

  interface = g_hash_table_lookup (self->interfaces_by_name, interface_name);
  if (interface == NULL)
    {
      service_call_reply_standard_error (call, "InterfaceNotFound", "interface", interface_name);
      return;
    }

  member = varlink_interface_lookup (interface, member_name);
  if (member == NULL || varlink_member_get_kind (member) != VARLINK_MEMBER_KIND_METHOD)
    {
      service_call_reply_standard_error (call, "MethodNotFound", "method", member_name);
      return;
    }

  hints = varlink_member_get_hints (member);
  if ((hints & VARLINK_METHOD_HINT_REQUIRES_MORE) && !(call->flags & VARLINK_CALL_MORE))
    {
      service_call_reply_standard_error (call, "ExpectedMore", NULL, NULL);
      return;
    }
  if ((hints & VARLINK_METHOD_HINT_REQUIRES_UPGRADE) && !(call->flags & VARLINK_CALL_UPGRADE))
    {
      service_call_reply_standard_error (call, "ExpectedUpgrade", NULL, NULL);
      return;
    }

  if (!check_parameters (interface, member, parameters, &invalid))
    {
      varlink_service_call_reply_invalid_parameter (call, invalid);
      return;
    }

  handler = g_hash_table_lookup (self->handlers, method);
  if (handler == NULL)
    {
      service_call_reply_standard_error (call, "MethodNotImplemented", "method", member_name);
      return;
    }

  handler->func (call, parameters, handler->user_data);
}

/* Reads one call; FALSE when it is malformed, which closes the connection: there is no
 * well-formed way to answer it. */
static gboolean
connection_handle_message (ServiceConnection *connection,
                           const char        *data,
                           gsize              length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  g_autoptr(VarlinkServiceCall) call = NULL;
  const char *method = NULL;
  const char *dot;
  VarlinkCallFlags flags = VARLINK_CALL_NONE;
  guint n_flags = 0;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  root = varlink_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &value))
    {
      gboolean flag = FALSE;

      if (strcmp (name, "method") == 0)
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            return FALSE;
          method = json_node_get_string (value);
        }
      else if (strcmp (name, "parameters") == 0)
        {
          if (JSON_NODE_HOLDS_OBJECT (value))
            parameters = json_object_ref (json_node_get_object (value));
          else if (!JSON_NODE_HOLDS_NULL (value))
            return FALSE;
        }
      else if (strcmp (name, "more") == 0 ||
               strcmp (name, "oneway") == 0 ||
               strcmp (name, "upgrade") == 0)
        {
          if (!parse_flag (value, &flag))
            return FALSE;
          if (flag)
            {
              n_flags++;
              flags |= name[0] == 'm' ? VARLINK_CALL_MORE :
                       name[0] == 'o' ? VARLINK_CALL_ONEWAY : VARLINK_CALL_UPGRADE;
            }
        }
      else if (strchr (name, '.') == NULL)
        {
          /* Unknown unprefixed members are reserved for the protocol; vendor members carry
           * a dotted name and are ignored. */
          return FALSE;
        }
    }

  if (method == NULL || n_flags > 1)
    return FALSE;

  /* A method name is always qualified by its interface. */
  dot = strrchr (method, '.');
  if (dot == NULL || dot == method || dot[1] == '\0')
    return FALSE;

  if (parameters == NULL)
    parameters = json_object_new ();

  call = service_call_new (connection, method, flags);
  connection->current = varlink_service_call_ref (call);
  connection_dispatch (connection, call, parameters);

  return TRUE;
}

static void
wire_message_cb (gpointer  user_data,
                 char     *data,
                 gsize     length)
{
  ServiceConnection *connection = user_data;
  gboolean ok;

  if (connection->closed)
    return;

  if (connection->current != NULL)
    {
      /* The wire promised not to deliver while paused. */
      g_critical ("A call arrived while the previous one on its connection is in progress");
      return;
    }

  connection->in_message = TRUE;
  ok = connection_handle_message (connection, data, length);
  connection->in_message = FALSE;

  if (!ok)
    {
      g_debug ("Closing a connection that sent a malformed message");
      connection_close (connection);
      return;
    }

  /* One call at a time: the next pipelined call waits in the wire until this one ends. */
  if (!connection->closed && connection->current != NULL && !connection->paused &&
      !connection->current->upgraded)
    connection_set_paused (connection, TRUE);
}

static void
wire_raw_cb (gpointer      user_data,
             const guint8 *data,
             gsize         length)
{
  ServiceConnection *connection = user_data;
  VarlinkServiceCall *call = connection->current;

  if (call != NULL && call->upgraded && call->raw_func != NULL)
    {
      g_autoptr(VarlinkServiceCall) keep = varlink_service_call_ref (call);

      call->raw_func (call, data, length, call->raw_data);
    }
}

static void
wire_drained_cb (gpointer user_data)
{
  ServiceConnection *connection = user_data;

  if (connection->current != NULL && connection->service != NULL)
    {
      g_autoptr(VarlinkServiceCall) call = varlink_service_call_ref (connection->current);

      g_signal_emit (connection->service, signals[SIGNAL_DRAINED], 0, call);
    }
}

static void
wire_closed_cb (gpointer      user_data,
                const GError *error)
{
  ServiceConnection *connection = user_data;

  if (error != NULL)
    g_debug ("A client connection failed: %s", error->message);

  if (connection->writing)
    {
      connection->close_pending = TRUE;
      return;
    }

  connection_close (connection);
}

static const VarlinkWireFuncs wire_funcs = {
  .message = wire_message_cb,
  .raw = wire_raw_cb,
  .drained = wire_drained_cb,
  .closed = wire_closed_cb,
};

static void
service_add_connection (VarlinkService *self,
                        int             in_fd,
                        int             out_fd,
                        GObject        *owner)
{
  ServiceConnection *connection = g_new0 (ServiceConnection, 1);

  connection->service = self;
  connection->context = g_main_context_ref (self->context);
  connection->in_fd = in_fd;
  connection->wire = varlink_wire_new (in_fd, out_fd, owner, &wire_funcs, connection);
  varlink_wire_set_max_message_size (connection->wire, VARLINK_DEFAULT_MAX_MESSAGE_SIZE);
  g_ptr_array_add (self->connections, connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTIONS]);
}

/* ------------------------------------------------------------------------------------------ */
/* Listening */

static void
listener_free (Listener *listener)
{
  if (listener->source != NULL)
    {
      g_source_destroy (listener->source);
      g_source_unref (listener->source);
    }
  g_socket_close (listener->socket, NULL);
  g_object_unref (listener->socket);
  if (listener->unlink_path != NULL)
    g_unlink (listener->unlink_path);
  g_free (listener->unlink_path);
  g_free (listener);
}

static gboolean
listener_accept_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  VarlinkService *self = user_data;

  /* Take every waiting client, but a bounded number per round so that a flood of
   * connections cannot starve the clients already connected. */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (socket, NULL, &error);
      int fd;

      if (client == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_debug ("Could not accept a connection: %s", error->message);
          break;
        }

      g_socket_set_blocking (client, FALSE);
      fd = g_socket_get_fd (client);
      service_add_connection (self, fd, fd, G_OBJECT (client));
    }

  return G_SOURCE_CONTINUE;
}

gboolean
varlink_service_listen_socket (VarlinkService  *self,
                               GSocket         *socket,
                               GError         **error)
{
  Listener *listener;

  g_return_val_if_fail (VARLINK_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_socket_set_blocking (socket, FALSE);

  listener = g_new0 (Listener, 1);
  listener->socket = g_object_ref (socket);
  listener->source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (listener->source, (GSourceFunc) (GCallback) listener_accept_cb,
                         self, NULL);
  g_source_set_static_name (listener->source, "[varlink] service listener");
  g_source_attach (listener->source, self->context);
  g_ptr_array_add (self->listeners, listener);

  return TRUE;
}

gboolean
varlink_service_listen (VarlinkService  *self,
                        const char      *address,
                        GError         **error)
{
  g_autoptr(VarlinkAddress) parsed = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (VARLINK_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = varlink_address_parse (address, error);
  if (parsed == NULL)
    return FALSE;

  socket = varlink_address_listen (parsed, error);
  if (socket == NULL)
    return FALSE;

  if (!varlink_service_listen_socket (self, socket, error))
    return FALSE;

  /* The socket file is ours: leave no stale one behind. */
  if (varlink_address_get_kind (parsed) == VARLINK_ADDRESS_UNIX)
    {
      Listener *listener = g_ptr_array_index (self->listeners, self->listeners->len - 1);

      listener->unlink_path = g_strdup (varlink_address_get_path (parsed));
    }

  return TRUE;
}

static gboolean
fd_is_listening (int fd)
{
  int value = 0;
  socklen_t length = sizeof value;

  if (getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &length) < 0)
    return FALSE;

  return value != 0;
}

static gboolean
service_take_activation_fd (VarlinkService  *self,
                            int              fd,
                            GError         **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  int flags;

  flags = fcntl (fd, F_GETFD);
  if (flags >= 0)
    fcntl (fd, F_SETFD, flags | FD_CLOEXEC);

  socket = g_socket_new_from_fd (fd, &local_error);
  if (socket == NULL)
    {
      /* Translators: %d is a file descriptor number, the %s the system's reason */
      g_set_error (error, local_error->domain, local_error->code,
                   _("The socket passed by activation (descriptor %d) is not usable: %s"),
                   fd, local_error->message);
      return FALSE;
    }

  if (fd_is_listening (fd))
    return varlink_service_listen_socket (self, socket, error);

  g_socket_set_blocking (socket, FALSE);
  service_add_connection (self, fd, fd, G_OBJECT (socket));
  return TRUE;
}

gboolean
varlink_service_listen_activation (VarlinkService  *self,
                                   GError         **error)
{
  const char *listen_pid = g_getenv ("LISTEN_PID");
  const char *listen_fds = g_getenv ("LISTEN_FDS");
  const char *listen_fdnames = g_getenv ("LISTEN_FDNAMES");
  g_auto(GStrv) names = NULL;
  guint64 pid = 0;
  guint64 n_fds = 0;
  guint n_taken = 0;

  g_return_val_if_fail (VARLINK_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (listen_pid == NULL || listen_fds == NULL)
    return FALSE;

  if (!g_ascii_string_to_unsigned (listen_pid, 10, 1, G_MAXINT, &pid, NULL) ||
      (pid_t) pid != getpid ())
    return FALSE;

  if (!g_ascii_string_to_unsigned (listen_fds, 10, 0, 1024, &n_fds, NULL))
    {
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_UNSUPPORTED,
                   _("The activation variable LISTEN_FDS has an invalid value “%s”."), listen_fds);
      return FALSE;
    }

  if (listen_fdnames != NULL)
    names = g_strsplit (listen_fdnames, ":", -1);

  /* The descriptors are ours now; children we start must not see them. */
  g_unsetenv ("LISTEN_PID");
  g_unsetenv ("LISTEN_FDS");
  g_unsetenv ("LISTEN_FDNAMES");

  for (guint i = 0; i < n_fds; i++)
    {
      int fd = 3 + (int) i;

      if (names != NULL && (i >= g_strv_length (names) || strcmp (names[i], "varlink") != 0))
        continue;

      if (!service_take_activation_fd (self, fd, error))
        return FALSE;
      n_taken++;
    }

  if (n_taken == 0)
    {
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_UNSUPPORTED,
                   _("The service was started by socket activation, but none of the passed "
                     "sockets is named “varlink”."));
      return FALSE;
    }

  return TRUE;
}

gboolean
varlink_service_add_stream (VarlinkService  *self,
                            GIOStream       *stream,
                            GError         **error)
{
  int in_fd = -1;
  int out_fd = -1;

  g_return_val_if_fail (VARLINK_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_IO_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!varlink_stream_get_fds (stream, &in_fd, &out_fd))
    {
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_UNSUPPORTED,
                   _("This kind of stream cannot be served: it has no file descriptors."));
      return FALSE;
    }

  service_add_connection (self, in_fd, out_fd, G_OBJECT (stream));
  return TRUE;
}

guint
varlink_service_get_n_connections (VarlinkService *self)
{
  g_return_val_if_fail (VARLINK_IS_SERVICE (self), 0);

  return self->connections->len;
}

/* ------------------------------------------------------------------------------------------ */
/* Interfaces and handlers */

static void
handler_free (Handler *handler)
{
  if (handler->destroy != NULL)
    handler->destroy (handler->user_data);
  g_free (handler);
}

static gboolean
service_add_interface (VarlinkService   *self,
                       const char       *description,
                       VarlinkParseMode  mode,
                       GError          **error)
{
  g_autoptr(VarlinkInterface) interface = NULL;
  const char *name;

  interface = varlink_interface_new_from_string (description, -1, mode, error);
  if (interface == NULL)
    return FALSE;

  name = varlink_interface_get_name (interface);
  if (g_hash_table_contains (self->interfaces_by_name, name))
    {
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_PARSE,
                   _("The interface %s is already part of this service."), name);
      return FALSE;
    }

  g_hash_table_insert (self->interfaces_by_name, (char *) name, interface);
  g_ptr_array_add (self->interfaces, g_steal_pointer (&interface));
  return TRUE;
}

gboolean
varlink_service_add_interface (VarlinkService  *self,
                               const char      *description,
                               GError         **error)
{
  g_return_val_if_fail (VARLINK_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (description != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return service_add_interface (self, description, VARLINK_PARSE_STRICT, error);
}

void
varlink_service_bind (VarlinkService    *self,
                      const char        *method,
                      VarlinkMethodFunc  func,
                      gpointer           user_data,
                      GDestroyNotify     destroy)
{
  const char *dot;
  g_autofree char *interface_name = NULL;
  VarlinkInterface *interface;
  VarlinkMember *member;
  Handler *handler;

  g_return_if_fail (VARLINK_IS_SERVICE (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (func != NULL);

  dot = strrchr (method, '.');
  g_return_if_fail (dot != NULL);
  interface_name = g_strndup (method, dot - method);
  interface = g_hash_table_lookup (self->interfaces_by_name, interface_name);
  g_return_if_fail (interface != NULL);
  member = varlink_interface_lookup (interface, dot + 1);
  g_return_if_fail (member != NULL && varlink_member_get_kind (member) == VARLINK_MEMBER_KIND_METHOD);

  handler = g_new0 (Handler, 1);
  handler->func = func;
  handler->user_data = user_data;
  handler->destroy = destroy;
  g_hash_table_replace (self->handlers, g_strdup (method), handler);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

VarlinkService *
varlink_service_new (const char *vendor,
                     const char *product,
                     const char *version,
                     const char *url)
{
  return g_object_new (VARLINK_TYPE_SERVICE,
                       "vendor", vendor,
                       "product", product,
                       "version", version,
                       "url", url,
                       NULL);
}

static void
varlink_service_dispose (GObject *object)
{
  VarlinkService *self = VARLINK_SERVICE (object);

  while (self->connections->len > 0)
    {
      ServiceConnection *connection = g_ptr_array_index (self->connections, 0);

      /* No notification from a disposing object. */
      g_ptr_array_remove_index_fast (self->connections, 0);
      connection->service = NULL;
      connection_close (connection);
    }

  g_ptr_array_set_size (self->listeners, 0);
  g_hash_table_remove_all (self->handlers);

  G_OBJECT_CLASS (varlink_service_parent_class)->dispose (object);
}

static void
varlink_service_finalize (GObject *object)
{
  VarlinkService *self = VARLINK_SERVICE (object);

  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_clear_pointer (&self->listeners, g_ptr_array_unref);
  g_clear_pointer (&self->handlers, g_hash_table_unref);
  g_clear_pointer (&self->interfaces_by_name, g_hash_table_unref);
  g_clear_pointer (&self->interfaces, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->vendor);
  g_free (self->product);
  g_free (self->version);
  g_free (self->url);

  G_OBJECT_CLASS (varlink_service_parent_class)->finalize (object);
}

static void
varlink_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VarlinkService *self = VARLINK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_VENDOR:
      g_value_set_string (value, self->vendor);
      break;
    case PROP_PRODUCT:
      g_value_set_string (value, self->product);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_N_CONNECTIONS:
      g_value_set_uint (value, self->connections->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
varlink_service_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VarlinkService *self = VARLINK_SERVICE (object);

  /* Construct-only: set once, before anyone can watch. */
  switch (prop_id)
    {
    case PROP_VENDOR:
      self->vendor = g_value_dup_string (value);
      break;
    case PROP_PRODUCT:
      self->product = g_value_dup_string (value);
      break;
    case PROP_VERSION:
      self->version = g_value_dup_string (value);
      break;
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
varlink_service_constructed (GObject *object)
{
  VarlinkService *self = VARLINK_SERVICE (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (varlink_service_parent_class)->constructed (object);

  if (self->vendor == NULL)
    self->vendor = g_strdup ("");
  if (self->product == NULL)
    self->product = g_strdup ("");
  if (self->version == NULL)
    self->version = g_strdup ("");
  if (self->url == NULL)
    self->url = g_strdup ("");

  /* Lenient: the text is ours and fixed; what matters is that it is served verbatim. */
  if (!service_add_interface (self, service_description, VARLINK_PARSE_LENIENT, &error))
    g_critical ("The built-in org.varlink.service interface does not parse: %s", error->message);
  else
    {
      varlink_service_bind (self, SERVICE_INTERFACE ".GetInfo", service_get_info, self, NULL);
      varlink_service_bind (self, SERVICE_INTERFACE ".GetInterfaceDescription",
                            service_get_interface_description, self, NULL);
    }
}

static void
varlink_service_class_init (VarlinkServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = varlink_service_constructed;
  object_class->dispose = varlink_service_dispose;
  object_class->finalize = varlink_service_finalize;
  object_class->get_property = varlink_service_get_property;
  object_class->set_property = varlink_service_set_property;

  properties[PROP_VENDOR] =
    g_param_spec_string ("vendor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRODUCT] =
    g_param_spec_string ("product", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CONNECTIONS] =
    g_param_spec_uint ("n-connections", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VarlinkService::drained:
   * @call: the call in progress on the connection whose output was written out
   *
   * Stream producers that stopped because varlink_service_call_get_pending_output()
   * was large continue from here.
   */
  signals[SIGNAL_DRAINED] =
    g_signal_new ("drained",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VARLINK_TYPE_SERVICE_CALL | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
varlink_service_init (VarlinkService *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->interfaces = g_ptr_array_new_with_free_func (g_object_unref);
  self->interfaces_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) handler_free);
  self->listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) listener_free);
  self->connections = g_ptr_array_new ();
}

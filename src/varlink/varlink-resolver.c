/* varlink-resolver.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "varlink-connection.h"
#include "varlink-error.h"
#include "varlink-resolver.h"

/* Each request opens its own connection to the resolver and closes it with the answer:
 * lookups are rare, and a resolver that goes away must not leave a dead connection. */

typedef struct {
  char  *method;
  char  *interface;   /* Resolve only */
  guint  timeout_ms;
} Request;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->interface);
  g_free (request);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VarlinkConnection *connection = VARLINK_CONNECTION (source);
  Request *request = g_task_get_task_data (task);
  g_autoptr(JsonObject) parameters = NULL;
  GError *error = NULL;

  parameters = varlink_connection_call_finish (connection, result, &error);
  varlink_connection_close (connection);

  if (parameters == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (request->interface != NULL)
    {
      JsonNode *node = json_object_get_member (parameters, "address");

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                                 _("The resolver's answer has no address"));
      else
        g_task_return_pointer (task, g_strdup (json_node_get_string (node)), g_free);
    }
  else
    {
      JsonNode *node = json_object_get_member (parameters, "interfaces");
      GPtrArray *names;
      JsonArray *array;

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        {
          g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                                   _("The resolver's answer has no list of interfaces"));
          return;
        }

      array = json_node_get_array (node);
      names = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (names, g_strdup (json_node_get_string (element)));
        }
      g_ptr_array_add (names, NULL);
      g_task_return_pointer (task, g_ptr_array_free (names, FALSE), (GDestroyNotify) g_strfreev);
    }
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  connection = varlink_connection_new_finish (result, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (request->interface != NULL)
    {
      parameters = json_object_new ();
      json_object_set_string_member (parameters, "interface", request->interface);
    }

  cancellable = g_task_get_cancellable (task);
  varlink_connection_call_async (connection, request->method, parameters, request->timeout_ms,
                                 cancellable, call_done_cb, g_steal_pointer (&task));
}

static void
resolver_request (const char          *address,
                  const char          *method,
                  const char          *interface,
                  guint                timeout_ms,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task;
  Request *request;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->interface = g_strdup (interface);
  request->timeout_ms = timeout_ms;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  varlink_connection_new_async (address ? address : VARLINK_RESOLVER_ADDRESS, cancellable,
                                connected_cb, task);
}

void
varlink_resolver_list_async (const char          *address,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  resolver_request (address, "org.varlink.resolver.GetInfo", NULL, timeout_ms, cancellable,
                    callback, user_data, varlink_resolver_list_async);
}

char **
varlink_resolver_list_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
varlink_resolver_resolve_async (const char          *address,
                                const char          *interface,
                                guint                timeout_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (interface != NULL);

  resolver_request (address, "org.varlink.resolver.Resolve", interface, timeout_ms, cancellable,
                    callback, user_data, varlink_resolver_resolve_async);
}

char *
varlink_resolver_resolve_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

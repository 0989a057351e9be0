/* certification.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "certification.h"

#define CERTIFICATION_RESOURCE "/io/github/varlinkexplorer/Demo/org.varlink.certification.varlink"
#define N_MORE_REPLIES 10
#define CLIENT_LIFETIME_US (10 * G_TIME_SPAN_MINUTE)
#define MAX_CLIENTS 1000
#define CALL_TIMEOUT_MS 10000

/* The calls in order. reply is what the service answers (Test10 answers "Reply number N"
 * ten times instead); the parameters of the next call are that reply plus client_id, except
 * after Test10, whose replies are collected into last_more_replies. The values are those
 * of the reference implementations (varlink/go, varlink/python). */
typedef struct
{
  const char       *method;
  VarlinkCallFlags  flags;
  const char       *reply;
} Step;

static const Step steps[] = {
  { "Start", VARLINK_CALL_NONE, NULL },
  { "Test01", VARLINK_CALL_NONE, "{\"bool\":true}" },
  { "Test02", VARLINK_CALL_NONE, "{\"int\":1}" },
  { "Test03", VARLINK_CALL_NONE, "{\"float\":1.0}" },
  { "Test04", VARLINK_CALL_NONE, "{\"string\":\"ping\"}" },
  { "Test05", VARLINK_CALL_NONE,
    "{\"bool\":false,\"int\":2,\"float\":3.141592653589793,\"string\":\"a lot of string\"}" },
  { "Test06", VARLINK_CALL_NONE,
    "{\"struct\":{\"bool\":false,\"int\":2,\"float\":3.141592653589793,"
    "\"string\":\"a lot of string\"}}" },
  { "Test07", VARLINK_CALL_NONE, "{\"map\":{\"bar\":\"Bar\",\"foo\":\"Foo\"}}" },
  { "Test08", VARLINK_CALL_NONE, "{\"set\":{\"one\":{},\"two\":{},\"three\":{}}}" },
  { "Test09", VARLINK_CALL_NONE,
    "{\"mytype\":{"
      "\"object\":{\"method\":\"org.varlink.certification.Test09\","
                  "\"parameters\":{\"map\":{\"foo\":\"Foo\",\"bar\":\"Bar\"}}},"
      "\"enum\":\"two\","
      "\"struct\":{\"first\":1,\"second\":\"2\"},"
      "\"array\":[\"one\",\"two\",\"three\"],"
      "\"dictionary\":{\"foo\":\"Foo\",\"bar\":\"Bar\"},"
      "\"stringset\":{\"one\":{},\"two\":{},\"three\":{}},"
      "\"nullable\":null,"
      "\"nullable_array_struct\":null,"
      "\"interface\":{"
        "\"foo\":[null,{\"Foo\":\"foo\",\"Bar\":\"bar\"},null,{\"one\":\"foo\",\"two\":\"bar\"}],"
        "\"anon\":{\"foo\":true,\"bar\":false}}}}" },
  { "Test10", VARLINK_CALL_MORE, NULL },
  { "Test11", VARLINK_CALL_ONEWAY, "{}" },
  { "End", VARLINK_CALL_NONE, "{\"all_ok\":true}" },
};

enum {
  STEP_START = 0,
  STEP_TEST01 = 1,
  STEP_TEST10 = 10,
  STEP_TEST11 = 11,
  STEP_END = 12,
  N_STEPS = G_N_ELEMENTS (steps)
};

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = varlink_json_parse (text, strlen (text), NULL);

  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
more_reply (guint number)
{
  JsonObject *object = json_object_new ();
  g_autofree char *text = g_strdup_printf ("Reply number %u", number);

  json_object_set_string_member (object, "string", text);
  return object;
}

/* The parameters a step's call must carry, client_id left out. */
static JsonObject *
step_parameters (guint step)
{
  if (step == STEP_START || step == STEP_TEST01)
    return json_object_new ();

  if (step == STEP_TEST11)
    {
      JsonObject *object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 1; i <= N_MORE_REPLIES; i++)
        {
          g_autofree char *text = g_strdup_printf ("Reply number %u", i);

          json_array_add_string_element (array, text);
        }
      json_object_set_array_member (object, "last_more_replies", array);
      return object;
    }

  return parse_object (steps[step - 1].reply);
}

static int
step_lookup (const char *method)
{
  const char *dot = strrchr (method, '.');
  const char *name = dot != NULL ? dot + 1 : method;

  for (guint i = 0; i < N_STEPS; i++)
    if (strcmp (steps[i].method, name) == 0)
      return (int) i;

  return -1;
}

/* Peers differ in whether they send null members or leave them out (libvarlink and the Go
 * binding drop them); both mean the same, so compare without them. */
static JsonNode *
normalize (JsonNode *node)
{
  if (node == NULL)
    return json_node_new (JSON_NODE_NULL);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *copy = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        if (!JSON_NODE_HOLDS_NULL (member))
          json_object_set_member (copy, name, normalize (member));

      return json_node_init_object (json_node_alloc (), copy);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_sized_new (json_array_get_length (array));
      JsonNode *result;

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, normalize (json_array_get_element (array, i)));

      result = json_node_init_array (json_node_alloc (), copy);
      json_array_unref (copy);
      return result;
    }

  return json_node_copy (node);
}

static gboolean
objects_equal (JsonObject *a,
               JsonObject *b)
{
  g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), b);
  g_autoptr(JsonNode) normal_a = normalize (node_a);
  g_autoptr(JsonNode) normal_b = normalize (node_b);

  return varlink_json_equal (normal_a, normal_b);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return varlink_json_to_string (node, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* The service */

typedef struct
{
  guint    next;
  gboolean ok;
  gint64   started;
} Client;

typedef struct
{
  GHashTable *clients;
} Certification;

static void
certification_free (Certification *self)
{
  g_hash_table_unref (self->clients);
  g_free (self);
}

static void
reply_certification_error (VarlinkServiceCall *call,
                           JsonObject         *wants,
                           JsonObject         *got)
{
  g_autoptr(JsonObject) parameters = json_object_new ();

  json_object_set_object_member (parameters, "wants", json_object_ref (wants));
  json_object_set_object_member (parameters, "got", json_object_ref (got));
  varlink_service_call_reply_error (call, DEMO_CERTIFICATION_INTERFACE ".CertificationError",
                                    parameters);
}

static void
reply_flag_error (VarlinkServiceCall *call,
                  const char         *flag)
{
  g_autoptr(JsonObject) wants = json_object_new ();
  g_autoptr(JsonObject) got = json_object_new ();

  json_object_set_boolean_member (wants, flag, TRUE);
  json_object_set_boolean_member (got, flag, FALSE);
  reply_certification_error (call, wants, got);
}

static void
certification_start (Certification      *self,
                     VarlinkServiceCall *call)
{
  gint64 now = g_get_monotonic_time ();
  g_autoptr(JsonObject) reply = json_object_new ();
  GHashTableIter iter;
  Client *client;
  char *id;

  /* Clients that never said End are forgotten after a while. */
  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &client))
    if (now - client->started > CLIENT_LIFETIME_US)
      g_hash_table_iter_remove (&iter);

  if (g_hash_table_size (self->clients) >= MAX_CLIENTS)
    {
      varlink_service_call_reply_error (call, DEMO_CERTIFICATION_INTERFACE ".ClientIdError", NULL);
      return;
    }

  client = g_new0 (Client, 1);
  client->next = STEP_START + 1;
  client->ok = TRUE;
  client->started = now;
  id = g_uuid_string_random ();
  g_hash_table_insert (self->clients, id, client);

  json_object_set_string_member (reply, "client_id", id);
  varlink_service_call_reply (call, reply, FALSE);
}

static void
certification_method (VarlinkServiceCall *call,
                      JsonObject         *parameters,
                      gpointer            user_data)
{
  Certification *self = user_data;
  int step = step_lookup (varlink_service_call_get_method (call));
  VarlinkCallFlags flags = varlink_service_call_get_flags (call);
  g_autoptr(JsonObject) expected = NULL;
  const char *client_id;
  Client *client;

  g_return_if_fail (step >= 0);

  if (step == STEP_START)
    {
      certification_start (self, call);
      return;
    }

  client_id = json_object_get_string_member (parameters, "client_id");
  client = g_hash_table_lookup (self->clients, client_id);
  if (client == NULL)
    {
      varlink_service_call_reply_error (call, DEMO_CERTIFICATION_INTERFACE ".ClientIdError", NULL);
      return;
    }

  if (step == STEP_END)
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_boolean_member (reply, "all_ok", client->ok && client->next == STEP_END);
      g_hash_table_remove (self->clients, client_id);
      varlink_service_call_reply (call, reply, FALSE);
      return;
    }

  if ((guint) step != client->next)
    {
      g_autoptr(JsonObject) wants = json_object_new ();
      g_autoptr(JsonObject) got = json_object_new ();
      g_autofree char *wanted = g_strconcat (DEMO_CERTIFICATION_INTERFACE ".",
                                             steps[client->next].method, NULL);

      json_object_set_string_member (wants, "method", wanted);
      json_object_set_string_member (got, "method", varlink_service_call_get_method (call));
      client->ok = FALSE;
      reply_certification_error (call, wants, got);
      return;
    }

  expected = step_parameters (step);
  json_object_set_string_member (expected, "client_id", client_id);
  if (!objects_equal (expected, parameters))
    {
      client->ok = FALSE;
      reply_certification_error (call, expected, parameters);
      return;
    }

  if (step == STEP_TEST10 && !(flags & VARLINK_CALL_MORE))
    {
      client->ok = FALSE;
      reply_flag_error (call, "more");
      return;
    }
  if (step == STEP_TEST11 && !(flags & VARLINK_CALL_ONEWAY))
    {
      client->ok = FALSE;
      reply_flag_error (call, "oneway");
      return;
    }

  client->next++;

  if (step == STEP_TEST10)
    {
      for (guint i = 1; i <= N_MORE_REPLIES; i++)
        {
          g_autoptr(JsonObject) reply = more_reply (i);

          varlink_service_call_reply (call, reply, i < N_MORE_REPLIES);
        }
    }
  else
    {
      g_autoptr(JsonObject) reply = parse_object (steps[step].reply);

      varlink_service_call_reply (call, reply, FALSE);
    }
}

gboolean
demo_certification_add_to_service (VarlinkService  *service,
                                   GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  Certification *self;

  g_return_val_if_fail (VARLINK_IS_SERVICE (service), FALSE);

  bytes = g_resources_lookup_data (CERTIFICATION_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  if (!varlink_service_add_interface (service, g_bytes_get_data (bytes, NULL), error))
    return FALSE;

  self = g_new0 (Certification, 1);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The state lives as long as the service, which outlives every handler call. */
  g_object_set_data_full (G_OBJECT (service), "demo-certification", self,
                          (GDestroyNotify) certification_free);

  for (guint i = 0; i < N_STEPS; i++)
    {
      g_autofree char *method = g_strconcat (DEMO_CERTIFICATION_INTERFACE ".", steps[i].method,
                                             NULL);

      varlink_service_bind (service, method, certification_method, self, NULL);
    }

  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* The client */

typedef struct
{
  VarlinkConnection        *connection;
  DemoCertificationLogFunc  log;
  gpointer                  log_data;
  guint                     step;
  char                     *client_id;
  /* The parameters of the next call, without client_id. */
  JsonObject               *next;
  JsonArray                *more_replies;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->connection);
  g_clear_pointer (&run->client_id, g_free);
  g_clear_pointer (&run->next, json_object_unref);
  g_clear_pointer (&run->more_replies, json_array_unref);
  g_free (run);
}

static void
run_log (Run        *run,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
run_log (Run        *run,
         const char *format,
         ...)
{
  g_autofree char *line = NULL;
  va_list args;

  if (run->log == NULL)
    return;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  run->log (line, run->log_data);
}

static void run_next_call (GTask *task);

static gboolean
run_check_reply (Run         *run,
                 JsonObject  *parameters,
                 JsonObject  *wants,
                 GError     **error)
{
  g_autofree char *got_text = NULL;
  g_autofree char *wants_text = NULL;

  if (objects_equal (wants, parameters))
    return TRUE;

  got_text = object_to_string (parameters);
  wants_text = object_to_string (wants);
  g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
               _("%s answered %s, but the certification expects %s."),
               steps[run->step].method, got_text, wants_text);
  return FALSE;
}

static void
run_reply_cb (VarlinkConnection *connection,
              VarlinkReply      *reply,
              const GError      *error,
              gpointer           user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  const Step *step = &steps[run->step];
  g_autoptr(GError) local_error = NULL;
  JsonObject *parameters;
  g_autofree char *text = NULL;

  if (g_task_get_completed (task) || g_task_had_error (task))
    return;

  if (step->flags & VARLINK_CALL_ONEWAY)
    {
      if (error != NULL)
        {
          g_task_return_new_error (task, error->domain, error->code,
                                   _("%s could not be sent: %s"), step->method, error->message);
          return;
        }
      run_log (run, "%s: sent as oneway", step->method);
      g_clear_pointer (&run->next, json_object_unref);
      run->next = json_object_new ();
      run->step++;
      run_next_call (task);
      return;
    }

  if (reply == NULL)
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("%s failed: %s"), step->method, error->message);
      return;
    }

  parameters = varlink_reply_get_parameters (reply);
  text = object_to_string (parameters);

  if (varlink_reply_get_error (reply) != NULL)
    {
      g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_REMOTE,
                               _("%s failed with the error %s %s."),
                               step->method, varlink_reply_get_error (reply), text);
      return;
    }

  run_log (run, "%s: %s%s", step->method, text,
           varlink_reply_get_continues (reply) ? " (continues)" : "");

  if (run->step == STEP_START)
    {
      const char *client_id = NULL;

      if (json_object_has_member (parameters, "client_id"))
        client_id = json_object_get_string_member_with_default (parameters, "client_id", NULL);
      if (client_id == NULL)
        {
          g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                   _("Start answered %s, without a client_id string."), text);
          return;
        }
      run->client_id = g_strdup (client_id);
      g_clear_pointer (&run->next, json_object_unref);
      run->next = json_object_new ();
    }
  else if (run->step == STEP_TEST10)
    {
      guint number = json_array_get_length (run->more_replies) + 1;
      g_autoptr(JsonObject) wants = more_reply (number);

      if (number > N_MORE_REPLIES || !run_check_reply (run, parameters, wants, &local_error))
        {
          if (local_error == NULL)
            local_error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                       _("Test10 sent more than %u replies."), N_MORE_REPLIES);
          g_task_return_error (task, g_steal_pointer (&local_error));
          return;
        }
      json_array_add_string_element (run->more_replies,
                                     json_object_get_string_member (parameters, "string"));

      if (varlink_reply_get_continues (reply))
        return;

      if (number != N_MORE_REPLIES)
        {
          g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                   _("Test10 ended after %u replies instead of %u."),
                                   number, N_MORE_REPLIES);
          return;
        }
      g_clear_pointer (&run->next, json_object_unref);
      run->next = json_object_new ();
      json_object_set_array_member (run->next, "last_more_replies",
                                    json_array_ref (run->more_replies));
    }
  else if (run->step == STEP_END)
    {
      JsonNode *all_ok = json_object_get_member (parameters, "all_ok");

      if (all_ok == NULL || !JSON_NODE_HOLDS_VALUE (all_ok) ||
          json_node_get_value_type (all_ok) != G_TYPE_BOOLEAN || !json_node_get_boolean (all_ok))
        {
          g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                   _("End answered %s: the service found a mistake in the calls."),
                                   text);
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }
  else
    {
      g_autoptr(JsonObject) wants = parse_object (step->reply);

      if (!run_check_reply (run, parameters, wants, &local_error))
        {
          g_task_return_error (task, g_steal_pointer (&local_error));
          return;
        }
      g_clear_pointer (&run->next, json_object_unref);
      run->next = json_object_ref (parameters);
    }

  if (varlink_reply_get_continues (reply))
    {
      g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                               _("%s answered with continues, but it was not called with more."),
                               step->method);
      return;
    }

  run->step++;
  run_next_call (task);
}

static void
run_next_call (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  const Step *step = &steps[run->step];
  g_autofree char *method = g_strconcat (DEMO_CERTIFICATION_INTERFACE ".", step->method, NULL);
  g_autoptr(JsonObject) parameters = NULL;

  if (run->step != STEP_START)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      /* The previous reply, as it came, is this call's argument. */
      parameters = json_object_new ();
      json_object_set_string_member (parameters, "client_id", run->client_id);
      json_object_iter_init (&iter, run->next);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (parameters, name, json_node_copy (value));
    }

  varlink_connection_call (run->connection, method, parameters, step->flags, CALL_TIMEOUT_MS,
                           g_task_get_cancellable (task), run_reply_cb,
                           g_object_ref (task), g_object_unref);
}

static void
run_connected_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->connection = varlink_connection_new_finish (result, &error);
  if (run->connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  run_next_call (task);
}

void
demo_certification_run_async (const char               *address,
                              DemoCertificationLogFunc  log,
                              gpointer                  log_data,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (address != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, demo_certification_run_async);
  run = g_new0 (Run, 1);
  run->log = log;
  run->log_data = log_data;
  run->more_replies = json_array_new ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  varlink_connection_new_async (address, cancellable, run_connected_cb, g_steal_pointer (&task));
}

gboolean
demo_certification_run_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

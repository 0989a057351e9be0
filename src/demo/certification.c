/* certification.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "certification-private.h"

#define CERTIFICATION_RESOURCE "/io/github/varlinkexplorer/Demo/org.varlink.certification.varlink"
#define CLIENT_LIFETIME_US (10 * G_TIME_SPAN_MINUTE)
#define MAX_CLIENTS 1000

/* The calls in order. reply is what the service answers (Test10 answers "Reply number N"
 * ten times instead); the parameters of the next call are that reply plus client_id, except
 * after Test10, whose replies are collected into last_more_replies. The values are those
 * of the reference implementations (varlink/go, varlink/python). */
const CertificationStep certification_steps[] = {
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

const guint certification_n_steps = G_N_ELEMENTS (certification_steps);

JsonObject *
certification_parse_object (const char *text)
{
  g_autoptr(JsonNode) node = varlink_json_parse (text, strlen (text), NULL);

  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
certification_more_reply (guint number)
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
  if (step == CERTIFICATION_STEP_START || step == CERTIFICATION_STEP_TEST01)
    return json_object_new ();

  if (step == CERTIFICATION_STEP_TEST11)
    {
      JsonObject *object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 1; i <= CERTIFICATION_N_MORE_REPLIES; i++)
        {
          g_autofree char *text = g_strdup_printf ("Reply number %u", i);

          json_array_add_string_element (array, text);
        }
      json_object_set_array_member (object, "last_more_replies", array);
      return object;
    }

  return certification_parse_object (certification_steps[step - 1].reply);
}

static int
step_lookup (const char *method)
{
  const char *dot = strrchr (method, '.');
  const char *name = dot != NULL ? dot + 1 : method;

  for (guint i = 0; i < certification_n_steps; i++)
    if (strcmp (certification_steps[i].method, name) == 0)
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

gboolean
certification_objects_equal (JsonObject *a,
               JsonObject *b)
{
  g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), b);
  g_autoptr(JsonNode) normal_a = normalize (node_a);
  g_autoptr(JsonNode) normal_b = normalize (node_b);

  return varlink_json_equal (normal_a, normal_b);
}

char *
certification_object_to_string (JsonObject *object)
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
  client->next = CERTIFICATION_STEP_START + 1;
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

  if (step == CERTIFICATION_STEP_START)
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

  if (step == CERTIFICATION_STEP_END)
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_boolean_member (reply, "all_ok", client->ok && client->next == CERTIFICATION_STEP_END);
      g_hash_table_remove (self->clients, client_id);
      varlink_service_call_reply (call, reply, FALSE);
      return;
    }

  if ((guint) step != client->next)
    {
      g_autoptr(JsonObject) wants = json_object_new ();
      g_autoptr(JsonObject) got = json_object_new ();
      g_autofree char *wanted = g_strconcat (DEMO_CERTIFICATION_INTERFACE ".",
                                             certification_steps[client->next].method, NULL);

      json_object_set_string_member (wants, "method", wanted);
      json_object_set_string_member (got, "method", varlink_service_call_get_method (call));
      client->ok = FALSE;
      reply_certification_error (call, wants, got);
      return;
    }

  expected = step_parameters (step);
  json_object_set_string_member (expected, "client_id", client_id);
  if (!certification_objects_equal (expected, parameters))
    {
      client->ok = FALSE;
      reply_certification_error (call, expected, parameters);
      return;
    }

  if (step == CERTIFICATION_STEP_TEST10 && !(flags & VARLINK_CALL_MORE))
    {
      client->ok = FALSE;
      reply_flag_error (call, "more");
      return;
    }
  if (step == CERTIFICATION_STEP_TEST11 && !(flags & VARLINK_CALL_ONEWAY))
    {
      client->ok = FALSE;
      reply_flag_error (call, "oneway");
      return;
    }

  client->next++;

  if (step == CERTIFICATION_STEP_TEST10)
    {
      for (guint i = 1; i <= CERTIFICATION_N_MORE_REPLIES; i++)
        {
          g_autoptr(JsonObject) reply = certification_more_reply (i);

          varlink_service_call_reply (call, reply, i < CERTIFICATION_N_MORE_REPLIES);
        }
    }
  else
    {
      g_autoptr(JsonObject) reply = certification_parse_object (certification_steps[step].reply);

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

  for (guint i = 0; i < certification_n_steps; i++)
    {
      g_autofree char *method = g_strconcat (DEMO_CERTIFICATION_INTERFACE ".", certification_steps[i].method,
                                             NULL);

      varlink_service_bind (service, method, certification_method, self, NULL);
    }

  return TRUE;
}


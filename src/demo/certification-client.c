/* certification-client.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "certification-private.h"

#define CALL_TIMEOUT_MS 10000

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

  if (certification_objects_equal (wants, parameters))
    return TRUE;

  got_text = certification_object_to_string (parameters);
  wants_text = certification_object_to_string (wants);
  g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
               _("%s answered %s, but the certification expects %s."),
               certification_steps[run->step].method, got_text, wants_text);
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
  const CertificationStep *step = &certification_steps[run->step];
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
  text = certification_object_to_string (parameters);

  if (varlink_reply_get_error (reply) != NULL)
    {
      g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_REMOTE,
                               _("%s failed with the error %s %s."),
                               step->method, varlink_reply_get_error (reply), text);
      return;
    }

  run_log (run, "%s: %s%s", step->method, text,
           varlink_reply_get_continues (reply) ? " (continues)" : "");

  if (run->step == CERTIFICATION_STEP_START)
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
  else if (run->step == CERTIFICATION_STEP_TEST10)
    {
      guint number = json_array_get_length (run->more_replies) + 1;
      g_autoptr(JsonObject) wants = certification_more_reply (number);

      if (number > CERTIFICATION_N_MORE_REPLIES || !run_check_reply (run, parameters, wants, &local_error))
        {
          if (local_error == NULL)
            local_error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                       _("Test10 sent more than %u replies."), CERTIFICATION_N_MORE_REPLIES);
          g_task_return_error (task, g_steal_pointer (&local_error));
          return;
        }
      json_array_add_string_element (run->more_replies,
                                     json_object_get_string_member (parameters, "string"));

      if (varlink_reply_get_continues (reply))
        return;

      if (number != CERTIFICATION_N_MORE_REPLIES)
        {
          g_task_return_new_error (task, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                                   _("Test10 ended after %u replies instead of %u."),
                                   number, CERTIFICATION_N_MORE_REPLIES);
          return;
        }
      g_clear_pointer (&run->next, json_object_unref);
      run->next = json_object_new ();
      json_object_set_array_member (run->next, "last_more_replies",
                                    json_array_ref (run->more_replies));
    }
  else if (run->step == CERTIFICATION_STEP_END)
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
      g_autoptr(JsonObject) wants = certification_parse_object (step->reply);

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
  const CertificationStep *step = &certification_steps[run->step];
  g_autofree char *method = g_strconcat (DEMO_CERTIFICATION_INTERFACE ".", step->method, NULL);
  g_autoptr(JsonObject) parameters = NULL;

  if (run->step != CERTIFICATION_STEP_START)
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

/* demo-service.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "certification.h"
#include "demo-service.h"

#define DEMO_RESOURCE "/io/github/varlinkexplorer/Demo/org.example.demo.varlink"

#define MAX_DELAY_MS 60000
/* A fast stream produces this many replies per main loop iteration, and stops while more
 * than HIGH_WATER bytes wait to be written to a slow client. */
#define COUNT_BATCH 2048
#define HIGH_WATER (256 * 1024)
/* In case a drained notification is missed, a waiting stream looks again this often. */
#define DRAIN_RECHECK_MS 100

static void
reply_int (VarlinkServiceCall *call,
           const char         *name,
           gint64              value)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_int_member (reply, name, value);
  varlink_service_call_reply (call, reply, FALSE);
}

static gboolean
get_optional_int (JsonObject *parameters,
                  const char *name,
                  gint64      fallback,
                  gint64     *value)
{
  JsonNode *node = json_object_get_member (parameters, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    *value = fallback;
  else
    *value = json_node_get_int (node);

  return TRUE;
}

/* Ping ------------------------------------------------------------------------------------- */

static void
demo_ping (VarlinkServiceCall *call,
           JsonObject         *parameters,
           gpointer            user_data)
{
  varlink_service_call_reply (call, parameters, FALSE);
}

/* Count ------------------------------------------------------------------------------------ */

typedef struct
{
  VarlinkService     *service;
  VarlinkServiceCall *call;
  GCancellable       *cancellable;
  JsonObject         *reply;
  /* The reply's value member, updated in place: no allocation per reply. */
  JsonNode           *value;
  gint64              next;
  gint64              to;
  guint               delay_ms;
  GSource            *source;
  gulong              drained_id;
  gulong              cancelled_id;
} CountJob;

static void
count_job_free (CountJob *job)
{
  if (job->source != NULL)
    {
      g_source_destroy (job->source);
      g_source_unref (job->source);
    }
  g_clear_signal_handler (&job->drained_id, job->service);
  g_clear_signal_handler (&job->cancelled_id, job->cancellable);
  g_clear_object (&job->cancellable);
  json_object_unref (job->reply);
  varlink_service_call_unref (job->call);
  g_free (job);
}

static void count_job_schedule (CountJob *job,
                                guint     interval_ms);

/* Sends the next value; TRUE when it was the last. */
static gboolean
count_job_emit (CountJob *job)
{
  gboolean last = job->next == job->to;

  json_node_set_int (job->value, job->next);
  varlink_service_call_reply (job->call, job->reply, !last);
  if (!last)
    job->next++;

  return last;
}

static gboolean
count_job_step_cb (gpointer user_data)
{
  CountJob *job = user_data;

  g_clear_pointer (&job->source, g_source_unref);

  if (job->delay_ms > 0)
    {
      if (count_job_emit (job))
        {
          count_job_free (job);
          return G_SOURCE_REMOVE;
        }
      count_job_schedule (job, job->delay_ms);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < COUNT_BATCH; i++)
    {
      if (varlink_service_call_get_pending_output (job->call) > HIGH_WATER)
        {
          /* Wait for the "drained" signal; the slow timer is only a safety net. */
          count_job_schedule (job, DRAIN_RECHECK_MS);
          return G_SOURCE_REMOVE;
        }

      if (count_job_emit (job))
        {
          count_job_free (job);
          return G_SOURCE_REMOVE;
        }
    }

  count_job_schedule (job, 0);
  return G_SOURCE_REMOVE;
}

static void
count_job_schedule (CountJob *job,
                    guint     interval_ms)
{
  if (job->source != NULL)
    {
      g_source_destroy (job->source);
      g_clear_pointer (&job->source, g_source_unref);
    }

  job->source = interval_ms > 0 ? g_timeout_source_new (interval_ms) : g_idle_source_new ();
  g_source_set_callback (job->source, count_job_step_cb, job, NULL);
  g_source_set_static_name (job->source, "[demo] Count");
  g_source_attach (job->source, NULL);
}

static void
count_job_drained_cb (VarlinkService     *service,
                      VarlinkServiceCall *call,
                      gpointer            user_data)
{
  CountJob *job = user_data;

  if (call == job->call)
    count_job_schedule (job, 0);
}

static void
count_job_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  /* The client went away: drop the rest of the stream. */
  count_job_free (user_data);
}

static void
demo_count (VarlinkServiceCall *call,
            JsonObject         *parameters,
            gpointer            user_data)
{
  VarlinkService *service = user_data;
  gint64 from = json_object_get_int_member (parameters, "from");
  gint64 to = json_object_get_int_member (parameters, "to");
  gint64 delay_ms;
  CountJob *job;

  get_optional_int (parameters, "delay_ms", 0, &delay_ms);
  if (to < from)
    {
      varlink_service_call_reply_invalid_parameter (call, "to");
      return;
    }
  if (delay_ms < 0 || delay_ms > MAX_DELAY_MS)
    {
      varlink_service_call_reply_invalid_parameter (call, "delay_ms");
      return;
    }

  /* Without more a service must not stream: the first value is the whole answer. */
  if (!(varlink_service_call_get_flags (call) & VARLINK_CALL_MORE) || from == to)
    {
      reply_int (call, "value", from);
      return;
    }

  job = g_new0 (CountJob, 1);
  job->service = service;
  job->call = varlink_service_call_ref (call);
  job->cancellable = g_object_ref (varlink_service_call_get_cancellable (call));
  job->reply = json_object_new ();
  json_object_set_int_member (job->reply, "value", from);
  job->value = json_object_get_member (job->reply, "value");
  job->next = from;
  job->to = to;
  job->delay_ms = (guint) delay_ms;
  job->drained_id = g_signal_connect (service, "drained", G_CALLBACK (count_job_drained_cb), job);
  job->cancelled_id = g_signal_connect (job->cancellable, "cancelled",
                                        G_CALLBACK (count_job_cancelled_cb), job);

  /* The first value goes out at once; the rest come from the main loop, so the service
   * keeps serving its other clients while a long stream runs. */
  count_job_emit (job);
  count_job_schedule (job, job->delay_ms);
}

/* Echo, Divide, Lookup --------------------------------------------------------------------- */

static void
demo_echo (VarlinkServiceCall *call,
           JsonObject         *parameters,
           gpointer            user_data)
{
  varlink_service_call_reply (call, parameters, FALSE);
}

static void
demo_divide (VarlinkServiceCall *call,
             JsonObject         *parameters,
             gpointer            user_data)
{
  gint64 dividend = json_object_get_int_member (parameters, "dividend");
  gint64 divisor = json_object_get_int_member (parameters, "divisor");
  g_autoptr(JsonObject) reply = NULL;

  if (divisor == 0)
    {
      g_autoptr(JsonObject) error = json_object_new ();

      json_object_set_int_member (error, "dividend", dividend);
      varlink_service_call_reply_error (call, DEMO_INTERFACE ".DivisionByZero", error);
      return;
    }

  /* The one quotient that does not fit in 64 bits. */
  if (dividend == G_MININT64 && divisor == -1)
    {
      varlink_service_call_reply_invalid_parameter (call, "divisor");
      return;
    }

  reply = json_object_new ();
  json_object_set_int_member (reply, "quotient", dividend / divisor);
  json_object_set_int_member (reply, "remainder", dividend % divisor);
  varlink_service_call_reply (call, reply, FALSE);
}

static const struct {
  const char *name;
  double      x;
  double      y;
  const char *color;
} points[] = {
  { "origin", 0.0, 0.0, "red" },
  { "north", 0.0, 1.0, "green" },
  { "east", 1.0, 0.0, "blue" },
  { "south", 0.0, -1.0, "green" },
  { "west", -1.0, 0.0, "blue" },
};

static void
demo_lookup (VarlinkServiceCall *call,
             JsonObject         *parameters,
             gpointer            user_data)
{
  const char *name = json_object_get_string_member (parameters, "name");
  g_autoptr(JsonObject) error = NULL;
  JsonArray *known;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      if (g_str_equal (points[i].name, name))
        {
          g_autoptr(JsonObject) reply = json_object_new ();
          JsonObject *point = json_object_new ();

          json_object_set_double_member (point, "x", points[i].x);
          json_object_set_double_member (point, "y", points[i].y);
          json_object_set_object_member (reply, "point", point);
          json_object_set_string_member (reply, "color", points[i].color);
          varlink_service_call_reply (call, reply, FALSE);
          return;
        }
    }

  error = json_object_new ();
  known = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    json_array_add_string_element (known, points[i].name);
  json_object_set_string_member (error, "name", name);
  json_object_set_array_member (error, "known", known);
  varlink_service_call_reply_error (call, DEMO_INTERFACE ".PointNotFound", error);
}

/* Sleep and Ticks: replies from timers, stopped when the client goes away ------------------ */

typedef struct
{
  VarlinkServiceCall *call;
  GCancellable       *cancellable;
  GSource            *source;
  gulong              cancelled_id;
  gint64              milliseconds;
  gint64              tick;
} TimerJob;

static void
timer_job_free (TimerJob *job)
{
  if (job->source != NULL)
    {
      g_source_destroy (job->source);
      g_source_unref (job->source);
    }
  g_clear_signal_handler (&job->cancelled_id, job->cancellable);
  g_clear_object (&job->cancellable);
  varlink_service_call_unref (job->call);
  g_free (job);
}

static void
timer_job_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  timer_job_free (user_data);
}

static TimerJob *
timer_job_new (VarlinkServiceCall *call,
               gint64              milliseconds,
               GSourceFunc         func)
{
  TimerJob *job = g_new0 (TimerJob, 1);

  job->call = varlink_service_call_ref (call);
  job->cancellable = g_object_ref (varlink_service_call_get_cancellable (call));
  job->milliseconds = milliseconds;
  job->source = g_timeout_source_new ((guint) milliseconds);
  g_source_set_callback (job->source, func, job, NULL);
  g_source_set_static_name (job->source, "[demo] timer");
  g_source_attach (job->source, NULL);
  job->cancelled_id = g_signal_connect (job->cancellable, "cancelled",
                                        G_CALLBACK (timer_job_cancelled_cb), job);
  return job;
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  TimerJob *job = user_data;

  g_clear_pointer (&job->source, g_source_unref);
  reply_int (job->call, "slept_ms", job->milliseconds);
  timer_job_free (job);

  return G_SOURCE_REMOVE;
}

static void
demo_sleep (VarlinkServiceCall *call,
            JsonObject         *parameters,
            gpointer            user_data)
{
  gint64 milliseconds = json_object_get_int_member (parameters, "milliseconds");

  if (milliseconds < 0 || milliseconds > MAX_DELAY_MS)
    {
      varlink_service_call_reply_invalid_parameter (call, "milliseconds");
      return;
    }

  timer_job_new (call, milliseconds, sleep_done_cb);
}

static void
ticks_emit (TimerJob *job)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);

  json_object_set_int_member (reply, "tick", ++job->tick);
  json_object_set_string_member (reply, "time", time);
  varlink_service_call_reply (job->call, reply, TRUE);
}

static gboolean
ticks_cb (gpointer user_data)
{
  ticks_emit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
demo_ticks (VarlinkServiceCall *call,
            JsonObject         *parameters,
            gpointer            user_data)
{
  gint64 interval_ms;
  TimerJob *job;

  get_optional_int (parameters, "interval_ms", 1000, &interval_ms);
  if (interval_ms < 10 || interval_ms > 3600 * 1000)
    {
      varlink_service_call_reply_invalid_parameter (call, "interval_ms");
      return;
    }

  /* Like a monitor: the current state first, then every change. */
  job = timer_job_new (call, interval_ms, ticks_cb);
  ticks_emit (job);
}

/* Log -------------------------------------------------------------------------------------- */

static void
demo_log (VarlinkServiceCall *call,
          JsonObject         *parameters,
          gpointer            user_data)
{
  const char *message = json_object_get_string_member (parameters, "message");
  const char *level = json_object_get_string_member_with_default (parameters, "level", NULL);

  /* Never g_warning(): a client must not be able to abort a service run with
   * G_DEBUG=fatal-warnings. */
  if (g_strcmp0 (level, "debug") == 0)
    g_debug ("Log: %s", message);
  else if (g_strcmp0 (level, "warning") == 0)
    g_message ("Log (warning): %s", message);
  else
    g_message ("Log: %s", message);

  varlink_service_call_reply (call, NULL, FALSE);
}

/* Shout ------------------------------------------------------------------------------------ */

static void
shout_raw_cb (VarlinkServiceCall *call,
              const guint8       *data,
              gsize               length,
              gpointer            user_data)
{
  g_autofree guint8 *upper = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    upper[i] = (guint8) g_ascii_toupper ((char) data[i]);
  varlink_service_call_send_raw (call, upper, length);
}

static void
demo_shout (VarlinkServiceCall *call,
            JsonObject         *parameters,
            gpointer            user_data)
{
  const char *greeting = json_object_get_string_member_with_default (parameters, "greeting", NULL);
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_string_member (reply, "protocol", "uppercase-echo");
  varlink_service_call_reply_upgrade (call, reply, shout_raw_cb, NULL, NULL);

  if (greeting != NULL)
    shout_raw_cb (call, (const guint8 *) greeting, strlen (greeting), NULL);
}

/* ------------------------------------------------------------------------------------------ */

VarlinkService *
demo_service_new (GError **error)
{
  g_autoptr(VarlinkService) service = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resources_lookup_data (DEMO_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  service = varlink_service_new ("Varlink Explorer", "Varlink Explorer demo service",
                                 PACKAGE_VERSION, DEMO_URL);
  if (!varlink_service_add_interface (service, g_bytes_get_data (bytes, NULL), error))
    return NULL;

  varlink_service_bind (service, DEMO_INTERFACE ".Ping", demo_ping, NULL, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Count", demo_count, service, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Echo", demo_echo, NULL, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Divide", demo_divide, NULL, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Lookup", demo_lookup, NULL, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Sleep", demo_sleep, NULL, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Log", demo_log, NULL, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Ticks", demo_ticks, NULL, NULL);
  varlink_service_bind (service, DEMO_INTERFACE ".Shout", demo_shout, NULL, NULL);
  /* Unimplemented stays unbound on purpose: it shows MethodNotImplemented. */

  if (!demo_certification_add_to_service (service, error))
    return NULL;

  return g_steal_pointer (&service);
}

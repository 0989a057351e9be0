/* explorer-logged-reply.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "explorer-logged-reply.h"

struct _ExplorerLoggedReply
{
  GObject       parent_instance;

  VarlinkReply *reply;
  guint64       number;
  gint64        delta;
};

G_DEFINE_FINAL_TYPE (ExplorerLoggedReply, explorer_logged_reply, G_TYPE_OBJECT)

static void
explorer_logged_reply_finalize (GObject *object)
{
  ExplorerLoggedReply *self = EXPLORER_LOGGED_REPLY (object);

  g_clear_pointer (&self->reply, varlink_reply_unref);

  G_OBJECT_CLASS (explorer_logged_reply_parent_class)->finalize (object);
}

static void
explorer_logged_reply_class_init (ExplorerLoggedReplyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = explorer_logged_reply_finalize;
}

static void
explorer_logged_reply_init (ExplorerLoggedReply *self)
{
}

ExplorerLoggedReply *
explorer_logged_reply_new (VarlinkReply *reply,
                           guint64       number,
                           gint64        delta)
{
  ExplorerLoggedReply *self;

  g_return_val_if_fail (reply != NULL, NULL);

  self = g_object_new (EXPLORER_TYPE_LOGGED_REPLY, NULL);
  self->reply = varlink_reply_ref (reply);
  self->number = number;
  self->delta = delta;
  return self;
}

VarlinkReply *
explorer_logged_reply_get_reply (ExplorerLoggedReply *self)
{
  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), NULL);

  return self->reply;
}

guint64
explorer_logged_reply_get_number (ExplorerLoggedReply *self)
{
  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), 0);

  return self->number;
}

gint64
explorer_logged_reply_get_time (ExplorerLoggedReply *self)
{
  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), 0);

  return varlink_reply_get_time (self->reply);
}

gint64
explorer_logged_reply_get_delta (ExplorerLoggedReply *self)
{
  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), 0);

  return self->delta;
}

char *
explorer_logged_reply_format_json (VarlinkReply *reply,
                                   gboolean      pretty)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) envelope = json_object_new ();
  const char *error;

  g_return_val_if_fail (reply != NULL, NULL);

  error = varlink_reply_get_error (reply);
  if (error != NULL)
    json_object_set_string_member (envelope, "error", error);
  json_object_set_object_member (envelope, "parameters",
                                 json_object_ref (varlink_reply_get_parameters (reply)));
  if (varlink_reply_get_continues (reply))
    json_object_set_boolean_member (envelope, "continues", TRUE);
  json_node_set_object (node, envelope);

  return varlink_json_to_string (node, pretty);
}

void
explorer_logged_reply_append_json_line (GString      *out,
                                        VarlinkReply *reply)
{
  const char *error;

  g_return_if_fail (out != NULL);
  g_return_if_fail (reply != NULL);

  /* Written by hand rather than through an envelope object, whose building would take
   * references on the reply's parameters from whatever thread runs this. */
  g_string_append_c (out, '{');
  error = varlink_reply_get_error (reply);
  if (error != NULL)
    {
      g_autoptr(JsonNode) name = json_node_new (JSON_NODE_VALUE);

      json_node_set_string (name, error);
      g_string_append (out, "\"error\":");
      varlink_json_append (out, name);
      g_string_append_c (out, ',');
    }
  g_string_append (out, "\"parameters\":");
  varlink_json_append_object (out, varlink_reply_get_parameters (reply));
  if (varlink_reply_get_continues (reply))
    g_string_append (out, ",\"continues\":true");
  g_string_append (out, "}\n");
}

char *
explorer_logged_reply_dup_json (ExplorerLoggedReply *self,
                                gboolean             pretty)
{
  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), NULL);

  return explorer_logged_reply_format_json (self->reply, pretty);
}

char *
explorer_logged_reply_dup_summary (ExplorerLoggedReply *self)
{
  GString *text;
  const char *error;

  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), NULL);

  text = g_string_new (NULL);
  error = varlink_reply_get_error (self->reply);
  if (error != NULL)
    {
      g_string_append (text, error);
      g_string_append_c (text, ' ');
    }
  varlink_json_append_object (text, varlink_reply_get_parameters (self->reply));

  /* Cut on a character, never inside one; the text is valid UTF-8 from the module. */
  if (g_utf8_strlen (text->str, -1) > EXPLORER_LOGGED_REPLY_SUMMARY_LENGTH)
    {
      const char *end = g_utf8_offset_to_pointer (text->str, EXPLORER_LOGGED_REPLY_SUMMARY_LENGTH);

      g_string_truncate (text, end - text->str);
      g_string_append (text, "…");
    }

  return g_string_free (text, FALSE);
}

/* GLib 2.74 reads /etc/localtime again (a stat and a readlink) for every
 * g_time_zone_new_local (), which was half the cost of binding a row: the zone is kept
 * for a few seconds instead, so a change of time zone still shows soon. */
#define TIME_ZONE_LIFETIME (5 * G_USEC_PER_SEC)

G_LOCK_DEFINE_STATIC (local_zone);

static GTimeZone *
dup_local_zone (void)
{
  static GTimeZone *zone;
  static gint64 made;
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  G_LOCK (local_zone);
  if (zone == NULL || now - made > TIME_ZONE_LIFETIME)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      made = now;
    }
  result = g_time_zone_ref (zone);
  G_UNLOCK (local_zone);

  return result;
}

char *
explorer_logged_reply_format_time (gint64 time_us)
{
  g_autoptr(GTimeZone) zone = dup_local_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) time = utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;

  if (time == NULL)
    return g_strdup ("");

  /* No format string to parse. */
  return g_strdup_printf ("%02d:%02d:%02d.%03d",
                          g_date_time_get_hour (time), g_date_time_get_minute (time),
                          g_date_time_get_second (time), (int) ((time_us % G_USEC_PER_SEC) / 1000));
}

char *
explorer_logged_reply_dup_time_text (ExplorerLoggedReply *self)
{
  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), NULL);

  return explorer_logged_reply_format_time (varlink_reply_get_time (self->reply));
}

char *
explorer_logged_reply_dup_delta_text (ExplorerLoggedReply *self)
{
  gint64 delta;

  g_return_val_if_fail (EXPLORER_IS_LOGGED_REPLY (self), NULL);

  /* The clock is the wall clock: a step back shows as +0 rather than a negative time. */
  delta = MAX (self->delta, 0);
  if (delta < 1000)
    /* Translators: the time since the previous reply, in microseconds */
    return g_strdup_printf (_("+%d µs"), (int) delta);
  if (delta < G_USEC_PER_SEC)
    /* Translators: the time since the previous reply, in milliseconds */
    return g_strdup_printf (_("+%.1f ms"), delta / 1000.0);

  /* Translators: the time since the previous reply, in seconds */
  return g_strdup_printf (_("+%.2f s"), delta / (double) G_USEC_PER_SEC);
}

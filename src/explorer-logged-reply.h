/* explorer-logged-reply.h: one reply of a `more` stream as the reply log shows it: the reply,
 * its number in the stream and the time since the reply before it. Made on demand by the
 * log's model, so that a kept reply costs no object until it is looked at. */
#pragma once

#include <glib-object.h>

#include "varlink.h"

G_BEGIN_DECLS

#define EXPLORER_LOGGED_REPLY_SUMMARY_LENGTH 120

#define EXPLORER_TYPE_LOGGED_REPLY (explorer_logged_reply_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerLoggedReply, explorer_logged_reply, EXPLORER, LOGGED_REPLY, GObject)

ExplorerLoggedReply *explorer_logged_reply_new         (VarlinkReply        *reply,
                                                        guint64              number,
                                                        gint64               delta);
VarlinkReply        *explorer_logged_reply_get_reply   (ExplorerLoggedReply *self);
/* 1 for the first reply of the stream; dropped replies keep their numbers. */
guint64              explorer_logged_reply_get_number  (ExplorerLoggedReply *self);
/* g_get_real_time() when the reply was read. */
gint64               explorer_logged_reply_get_time    (ExplorerLoggedReply *self);
/* Microseconds since the reply before it (the first: since the call was started). */
gint64               explorer_logged_reply_get_delta   (ExplorerLoggedReply *self);
/* The reply as the service sent it, one JSON object: "error" when it failed, "parameters",
 * and "continues" when more follow. Compact or indented. */
char                *explorer_logged_reply_dup_json    (ExplorerLoggedReply *self,
                                                        gboolean             pretty);
/* One line: the compact parameters (after the error name for an error reply), cut to
 * about EXPLORER_LOGGED_REPLY_SUMMARY_LENGTH characters. */
char                *explorer_logged_reply_dup_summary (ExplorerLoggedReply *self);
/* "12:04:56.120", local time. */
char                *explorer_logged_reply_dup_time_text  (ExplorerLoggedReply *self);
/* time_us (g_get_real_time ()) as "12:04:56.120", local time; cheap enough for every row a
 * list binds (the traffic view's too). */
char                *explorer_logged_reply_format_time    (gint64               time_us);
/* "+850 µs", "+1.2 ms", "+2.35 s". */
char                *explorer_logged_reply_dup_delta_text (ExplorerLoggedReply *self);

/* The same JSON straight from a reply, without an item. */
char                *explorer_logged_reply_format_json (VarlinkReply        *reply,
                                                        gboolean             pretty);
/* Appends the compact JSON of reply and a newline (a line of a JSON lines export). Changes
 * no reference count of what the reply holds, so a worker thread may write replies that the
 * main thread still shows. */
void                 explorer_logged_reply_append_json_line (GString        *out,
                                                             VarlinkReply   *reply);

G_END_DECLS

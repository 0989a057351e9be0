/* test-wire.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "varlink.h"

typedef struct {
  VarlinkWire *wire;
  int          peer;          /* the other end, blocking */
  GPtrArray   *messages;      /* char * */
  GString     *raw;
  gboolean     closed;
  GError      *error;
  guint        drained;
  gboolean     raw_after_first;
  gboolean     pause_after_first;
  gboolean     nest_in_first;
  gboolean     spin_in_first;
  gboolean     spin_result;
  guint        spin_seen;
  guint        nested_seen;
  GPtrArray   *observed;      /* "S:..." / "R:..." */
} Fixture;

static void peer_write (Fixture    *f,
                        const char *data,
                        gsize       length);

static void
on_message (gpointer  user_data,
            char     *data,
            gsize     length)
{
  Fixture *f = user_data;

  g_assert_cmpint (data[length], ==, '\0');
  g_assert_cmpuint (strlen (data), ==, length);
  g_ptr_array_add (f->messages, g_strndup (data, length));

  if (f->raw_after_first && f->messages->len == 1)
    varlink_wire_set_raw (f->wire);
  if (f->pause_after_first && f->messages->len == 1)
    varlink_wire_set_paused (f->wire, TRUE);

  if (f->spin_in_first && f->messages->len == 1)
    {
      /* The peer answers while we busy-poll: the answer is read, but its delivery waits
       * until this callback has returned. */
      peer_write (f, "{\"b\":2}", 7);
      f->spin_result = varlink_wire_busy_poll (f->wire, G_USEC_PER_SEC);
      f->spin_seen = f->messages->len;
    }

  if (f->nest_in_first && f->messages->len == 1)
    {
      /* A callback that runs a nested main loop (a modal dialog, a sync helper) must not
       * get the next message from inside this one, nor spin on the readable socket. */
      for (guint i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
      f->nested_seen = f->messages->len;
    }
}

static void
on_raw (gpointer      user_data,
        const guint8 *data,
        gsize         length)
{
  Fixture *f = user_data;

  g_string_append_len (f->raw, (const char *) data, length);
}

static void
on_drained (gpointer user_data)
{
  Fixture *f = user_data;

  f->drained++;
}

static void
on_closed (gpointer      user_data,
           const GError *error)
{
  Fixture *f = user_data;

  g_assert_false (f->closed);
  f->closed = TRUE;
  f->error = error ? g_error_copy (error) : NULL;
}

static void
on_observe (gpointer          user_data,
            VarlinkDirection  direction,
            gint64            time_us,
            const char       *data,
            gsize             length)
{
  Fixture *f = user_data;

  g_assert_cmpint (time_us, >, 0);
  g_ptr_array_add (f->observed, g_strdup_printf ("%c:%.*s", direction == VARLINK_DIRECTION_SENT ? 'S' : 'R',
                                                 (int) length, data));
}

static const VarlinkWireFuncs funcs = {
  .message = on_message,
  .raw = on_raw,
  .drained = on_drained,
  .closed = on_closed,
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  int fds[2];

  g_assert_no_errno (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds));
  f->peer = fds[1];
  f->messages = g_ptr_array_new_with_free_func (g_free);
  f->observed = g_ptr_array_new_with_free_func (g_free);
  f->raw = g_string_new (NULL);
  f->wire = varlink_wire_new (fds[0], fds[0], NULL, &funcs, f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->wire);
  if (f->peer >= 0)
    close (f->peer);
  g_ptr_array_unref (f->messages);
  g_ptr_array_unref (f->observed);
  g_string_free (f->raw, TRUE);
  g_clear_error (&f->error);
}

static void
peer_write (Fixture    *f,
            const char *data,
            gsize       length)
{
  while (length > 0)
    {
      gssize n = write (f->peer, data, length);

      g_assert_cmpint (n, >, 0);
      data += n;
      length -= n;
    }
}

static void
iterate_until (gboolean (*done) (Fixture *f),
               Fixture  *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
iterate_briefly (void)
{
  /* Lets every ready source run, without waiting. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static guint expected_count;

static gboolean
have_expected (Fixture *f)
{
  return f->messages->len >= expected_count;
}

static gboolean
is_closed (Fixture *f)
{
  return f->closed;
}

static void
test_split_reads (Fixture       *f,
                  gconstpointer  data)
{
  GString *stream = g_string_new (NULL);
  static const gsize pieces[] = { 1, 2, 3, 5, 7, 11, 13, 64, 1000, 4099 };
  gsize offset = 0;
  guint i = 0;

  for (guint m = 0; m < 200; m++)
    {
      g_string_append_printf (stream, "{\"n\":%u,\"pad\":\"", m);
      for (guint k = 0; k < m * 7; k++)
        g_string_append_c (stream, 'a' + k % 26);
      g_string_append (stream, "\"}");
      g_string_append_c (stream, '\0');
    }

  while (offset < stream->len)
    {
      gsize n = MIN (pieces[i++ % G_N_ELEMENTS (pieces)], stream->len - offset);

      peer_write (f, stream->str + offset, n);
      offset += n;
      iterate_briefly ();
    }

  expected_count = 200;
  iterate_until (have_expected, f);
  g_assert_cmpuint (f->messages->len, ==, 200);

  for (guint m = 0; m < 200; m++)
    {
      g_autofree char *prefix = g_strdup_printf ("{\"n\":%u,\"pad\":\"", m);
      const char *message = g_ptr_array_index (f->messages, m);

      g_assert_true (g_str_has_prefix (message, prefix));
      g_assert_cmpuint (strlen (message), ==, strlen (prefix) + m * 7 + 2);
    }

  g_assert_false (f->closed);
  g_string_free (stream, TRUE);
}

typedef struct {
  int      fd;
  GString *data;
} WriterArgs;

static gpointer
writer_thread (gpointer user_data)
{
  WriterArgs *args = user_data;
  gsize offset = 0;

  while (offset < args->data->len)
    {
      gssize n = write (args->fd, args->data->str + offset, args->data->len - offset);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      offset += n;
    }

  return NULL;
}

static void
test_many_messages (Fixture       *f,
                    gconstpointer  data)
{
  GString *stream = g_string_new (NULL);
  WriterArgs args = { f->peer, stream };
  GThread *thread;

  for (guint m = 0; m < 50000; m++)
    {
      g_string_append_printf (stream, "{\"value\":%u}", m);
      g_string_append_c (stream, '\0');
    }

  thread = g_thread_new ("writer", writer_thread, &args);
  expected_count = 50000;
  iterate_until (have_expected, f);
  g_thread_join (thread);

  for (guint m = 0; m < 50000; m += 997)
    {
      g_autofree char *expected = g_strdup_printf ("{\"value\":%u}", m);

      g_assert_cmpstr (g_ptr_array_index (f->messages, m), ==, expected);
    }
  g_string_free (stream, TRUE);
}

static void
test_large_message (Fixture       *f,
                    gconstpointer  data)
{
  GString *stream = g_string_new ("\"");
  WriterArgs args = { f->peer, stream };
  GThread *thread;
  gsize big = 3 * 1024 * 1024;

  for (gsize k = 0; k < big; k++)
    g_string_append_c (stream, 'x');
  g_string_append (stream, "\"");
  g_string_append_len (stream, "", 1);
  g_string_append (stream, "{}");
  g_string_append_len (stream, "", 1);

  thread = g_thread_new ("writer", writer_thread, &args);
  expected_count = 2;
  iterate_until (have_expected, f);
  g_thread_join (thread);

  g_assert_cmpuint (strlen (g_ptr_array_index (f->messages, 0)), ==, big + 2);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "{}");
  g_string_free (stream, TRUE);
}

static void
test_size_limit (Fixture       *f,
                 gconstpointer  data)
{
  char payload[300];

  varlink_wire_set_max_message_size (f->wire, 100);
  g_assert_cmpuint (varlink_wire_get_max_message_size (f->wire), ==, 100);

  /* Exactly at the limit passes. */
  memset (payload, 'a', 100);
  payload[100] = '\0';
  peer_write (f, payload, 101);
  expected_count = 1;
  iterate_until (have_expected, f);
  g_assert_cmpuint (strlen (g_ptr_array_index (f->messages, 0)), ==, 100);

  /* One byte more fails, even though the terminator has not come yet. */
  memset (payload, 'b', sizeof payload);
  peer_write (f, payload, 101);
  iterate_until (is_closed, f);
  g_assert_error (f->error, VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (f->error->message, "100 bytes"));
  g_assert_true (varlink_wire_is_closed (f->wire));
  g_assert_cmpuint (f->messages->len, ==, 1);
}

static void
test_size_limit_whole (Fixture       *f,
                       gconstpointer  data)
{
  char payload[300];

  /* A too large message that arrives whole, followed by a fine one: neither is delivered. */
  varlink_wire_set_max_message_size (f->wire, 100);
  memset (payload, 'a', sizeof payload);
  payload[200] = '\0';
  payload[203] = '\0';
  peer_write (f, payload, 204);
  iterate_until (is_closed, f);
  g_assert_error (f->error, VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE);
  g_assert_cmpuint (f->messages->len, ==, 0);
}

static void
test_eof (Fixture       *f,
          gconstpointer  data)
{
  peer_write (f, "{}\0{\"a\":1}", 11);
  close (f->peer);
  f->peer = -1;

  iterate_until (is_closed, f);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->messages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "{\"a\":1}");
}

static void
test_eof_mid_message (Fixture       *f,
                      gconstpointer  data)
{
  peer_write (f, "{}\0{\"a\":", 8);
  close (f->peer);
  f->peer = -1;

  iterate_until (is_closed, f);
  g_assert_error (f->error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL);
  g_assert_cmpuint (f->messages->len, ==, 1);
}

static gboolean
have_raw_10 (Fixture *f)
{
  return f->raw->len >= 10;
}

static void
test_raw (Fixture       *f,
          gconstpointer  data)
{
  char buffer[64];
  gssize n;

  varlink_wire_set_observer (f->wire, on_observe, f, NULL);
  f->raw_after_first = TRUE;

  /* The confirming reply and the first raw bytes (with a NUL among them) in one read. */
  peer_write (f, "{\"parameters\":{}}\0raw\0by", 24);
  expected_count = 1;
  iterate_until (have_expected, f);
  iterate_briefly ();
  g_assert_true (varlink_wire_is_raw (f->wire));
  g_assert_cmpuint (f->messages->len, ==, 1);
  g_assert_cmpuint (f->raw->len, ==, 6);
  g_assert_cmpint (memcmp (f->raw->str, "raw\0by", 6), ==, 0);

  peer_write (f, "tes\0", 4);
  iterate_until (have_raw_10, f);
  g_assert_cmpint (memcmp (f->raw->str, "raw\0bytes\0", 10), ==, 0);
  g_assert_cmpuint (f->messages->len, ==, 1);

  varlink_wire_send_raw (f->wire, (const guint8 *) "out\0put", 7);
  n = read (f->peer, buffer, sizeof buffer);
  g_assert_cmpint (n, ==, 7);
  g_assert_cmpint (memcmp (buffer, "out\0put", 7), ==, 0);

  g_assert_cmpuint (f->observed->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (f->observed, 0), ==, "R:{\"parameters\":{}}");
  g_assert_cmpstr (g_ptr_array_index (f->observed, f->observed->len - 1), ==, "S:out");
}

static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  GString *out;
  char buffer[256];
  gssize n;

  varlink_wire_set_observer (f->wire, on_observe, f, NULL);

  out = varlink_wire_begin_message (f->wire);
  g_string_append (out, "{\"method\":\"a.b.C\"}");
  varlink_wire_end_message (f->wire);

  /* Written at once, without a main loop iteration. */
  g_assert_cmpuint (varlink_wire_get_pending_output (f->wire), ==, 0);
  n = read (f->peer, buffer, sizeof buffer);
  g_assert_cmpint (n, ==, 19);
  g_assert_cmpint (memcmp (buffer, "{\"method\":\"a.b.C\"}\0", 19), ==, 0);

  /* Corked messages go out together. */
  varlink_wire_cork (f->wire);
  for (guint i = 0; i < 3; i++)
    {
      out = varlink_wire_begin_message (f->wire);
      g_string_append_printf (out, "{\"i\":%u}", i);
      varlink_wire_end_message (f->wire);
    }
  g_assert_cmpuint (varlink_wire_get_pending_output (f->wire), ==, 24);
  varlink_wire_uncork (f->wire);
  g_assert_cmpuint (varlink_wire_get_pending_output (f->wire), ==, 0);
  n = read (f->peer, buffer, sizeof buffer);
  g_assert_cmpint (n, ==, 24);
  g_assert_cmpint (memcmp (buffer, "{\"i\":0}\0{\"i\":1}\0{\"i\":2}\0", 24), ==, 0);

  g_assert_cmpuint (f->observed->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (f->observed, 0), ==, "S:{\"method\":\"a.b.C\"}");
  g_assert_cmpstr (g_ptr_array_index (f->observed, 3), ==, "S:{\"i\":2}");
}

static gpointer
reader_thread (gpointer user_data)
{
  WriterArgs *args = user_data;
  char buffer[65536];

  for (;;)
    {
      gssize n = read (args->fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (args->data, buffer, n);
    }

  return NULL;
}

static gboolean
is_drained (Fixture *f)
{
  return f->drained > 0;
}

static void
test_write_queued (Fixture       *f,
                   gconstpointer  data)
{
  GString *received = g_string_new (NULL);
  WriterArgs args = { f->peer, received };
  GThread *thread;
  gsize total = 0;

  /* More than any socket buffer holds: the rest waits for POLLOUT. */
  for (guint i = 0; i < 64; i++)
    {
      GString *out = varlink_wire_begin_message (f->wire);
      gsize before = out->len;

      g_string_append_printf (out, "{\"i\":%u,\"pad\":\"", i);
      for (guint k = 0; k < 64 * 1024; k++)
        g_string_append_c (out, 'p');
      g_string_append (out, "\"}");
      total += out->len - before + 1;
      varlink_wire_end_message (f->wire);
    }
  g_assert_cmpuint (varlink_wire_get_pending_output (f->wire), >, 0);

  thread = g_thread_new ("reader", reader_thread, &args);
  iterate_until (is_drained, f);
  g_assert_cmpuint (varlink_wire_get_pending_output (f->wire), ==, 0);

  g_clear_object (&f->wire);  /* closes: the reader sees EOF */
  g_thread_join (thread);

  g_assert_cmpuint (received->len, ==, total);
  g_assert_true (g_str_has_prefix (received->str, "{\"i\":0,\"pad\":\"ppp"));
  g_string_free (received, TRUE);
}

static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  f->pause_after_first = TRUE;
  peer_write (f, "{\"a\":1}\0{\"a\":2}\0{\"a\":3}\0", 24);

  expected_count = 1;
  iterate_until (have_expected, f);
  iterate_briefly ();
  g_assert_cmpuint (f->messages->len, ==, 1);

  /* Even a hang-up is not seen while paused. */
  close (f->peer);
  f->peer = -1;
  iterate_briefly ();
  g_assert_cmpuint (f->messages->len, ==, 1);
  g_assert_false (f->closed);

  varlink_wire_set_paused (f->wire, FALSE);
  /* Not from inside the call. */
  g_assert_cmpuint (f->messages->len, ==, 1);
  iterate_until (is_closed, f);
  g_assert_cmpuint (f->messages->len, ==, 3);
  g_assert_no_error (f->error);
}

static gboolean
busy_poll_possible (void)
{
  if (varlink_wire_get_usable_cpus () > 1)
    return TRUE;
  g_test_skip ("Busy-poll is off on a single CPU");
  return FALSE;
}

static void
test_busy_poll (Fixture       *f,
                gconstpointer  data)
{
  gint64 start;
  gint64 spent;
  gboolean got = FALSE;

  if (!busy_poll_possible ())
    return;

  /* Nothing comes: it gives up after the time allowed... */
  start = g_get_monotonic_time ();
  g_assert_false (varlink_wire_busy_poll (f->wire, 2000));
  spent = g_get_monotonic_time () - start;
  g_assert_cmpint (spent, >=, 2000);

  /* ...and then backs off: the next chance is skipped without waiting at all. */
  start = g_get_monotonic_time ();
  g_assert_false (varlink_wire_busy_poll (f->wire, 10 * G_USEC_PER_SEC));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* A message that is there is read, but never delivered from inside the call. */
  peer_write (f, "{\"a\":1}\0", 8);
  for (guint i = 0; i < 4 && !got; i++)
    got = varlink_wire_busy_poll (f->wire, G_USEC_PER_SEC);
  g_assert_true (got);
  g_assert_cmpuint (f->messages->len, ==, 0);

  /* The socket is empty now: only the source's readiness can deliver it, without any
   * iteration that may block. */
  for (guint i = 0; i < 5 && f->messages->len == 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 0), ==, "{\"a\":1}");

  /* While paused nothing is read. */
  varlink_wire_set_paused (f->wire, TRUE);
  peer_write (f, "{\"a\":2}\0", 8);
  g_assert_false (varlink_wire_busy_poll (f->wire, 1000));
  iterate_briefly ();
  g_assert_cmpuint (f->messages->len, ==, 1);
  varlink_wire_set_paused (f->wire, FALSE);
  expected_count = 2;
  iterate_until (have_expected, f);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "{\"a\":2}");
  g_assert_false (f->closed);
}

static void
test_busy_poll_in_callback (Fixture       *f,
                            gconstpointer  data)
{
  if (!busy_poll_possible ())
    return;

  f->spin_in_first = TRUE;
  peer_write (f, "{\"a\":1}\0", 8);
  expected_count = 1;
  iterate_until (have_expected, f);
  g_assert_true (f->spin_result);
  g_assert_cmpuint (f->spin_seen, ==, 1);
  /* The terminator of the second message has not come yet: only the first was delivered. */
  iterate_briefly ();
  g_assert_cmpuint (f->messages->len, ==, 1);

  /* What the spin read is kept and completed by the next read. */
  peer_write (f, "\0", 1);
  expected_count = 2;
  iterate_until (have_expected, f);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "{\"b\":2}");
}

static void
test_nested_loop (Fixture       *f,
                  gconstpointer  data)
{
  f->nest_in_first = TRUE;
  peer_write (f, "{\"a\":1}\0{\"a\":2}\0", 16);
  expected_count = 1;
  iterate_until (have_expected, f);

  /* More arrives while the nested loop runs. */
  g_assert_cmpuint (f->nested_seen, ==, 1);
  peer_write (f, "{\"a\":3}\0", 8);
  expected_count = 3;
  iterate_until (have_expected, f);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 2), ==, "{\"a\":3}");
}

static void
test_nested_loop_more (Fixture       *f,
                       gconstpointer  data)
{
  /* Input arriving during the nested loop is picked up once it returns. */
  f->nest_in_first = TRUE;
  peer_write (f, "{\"a\":1}\0", 8);
  expected_count = 1;
  iterate_until (have_expected, f);
  peer_write (f, "{\"a\":2}\0", 8);
  expected_count = 2;
  iterate_until (have_expected, f);
  g_assert_cmpuint (f->nested_seen, ==, 1);
}

static void
test_close (Fixture       *f,
            gconstpointer  data)
{
  char buffer[16];
  gssize n;

  peer_write (f, "{}", 3);
  varlink_wire_close (f->wire);
  g_assert_true (varlink_wire_is_closed (f->wire));
  iterate_briefly ();
  g_assert_cmpuint (f->messages->len, ==, 0);
  g_assert_false (f->closed);  /* no callback for our own close */

  /* The descriptor was released: the peer reads EOF, or a reset since "{}" was unread. */
  n = read (f->peer, buffer, sizeof buffer);
  g_assert_true (n == 0 || (n < 0 && errno == ECONNRESET));
}

static void
test_pipes (void)
{
  Fixture f = { 0, };
  int to_wire[2];
  int from_wire[2];
  char buffer[64];
  GString *out;

  g_assert_true (g_unix_open_pipe (to_wire, FD_CLOEXEC, NULL));
  g_assert_true (g_unix_open_pipe (from_wire, FD_CLOEXEC, NULL));

  f.messages = g_ptr_array_new_with_free_func (g_free);
  f.observed = g_ptr_array_new_with_free_func (g_free);
  f.raw = g_string_new (NULL);
  f.peer = -1;
  f.wire = varlink_wire_new (to_wire[0], from_wire[1], NULL, &funcs, &f);

  g_assert_cmpint (write (to_wire[1], "{\"x\":1}\0", 8), ==, 8);
  expected_count = 1;
  iterate_until (have_expected, &f);
  g_assert_cmpstr (g_ptr_array_index (f.messages, 0), ==, "{\"x\":1}");

  out = varlink_wire_begin_message (f.wire);
  g_string_append (out, "{}");
  varlink_wire_end_message (f.wire);
  g_assert_cmpint (read (from_wire[0], buffer, sizeof buffer), ==, 3);

  /* The reading side of our output goes away: the next write fails, reported later. */
  close (from_wire[0]);
  out = varlink_wire_begin_message (f.wire);
  g_string_append (out, "{}");
  varlink_wire_end_message (f.wire);
  g_assert_false (f.closed);
  iterate_until (is_closed, &f);
  g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);

  close (to_wire[1]);
  fixture_teardown (&f, NULL);
}

/* A peer that writes faster than we deliver: a lower-priority source (at GTK's redraw
 * priority) must still run regularly, and every message must arrive, in order. */

#define FLOOD_USEC      (1 * G_USEC_PER_SEC)
#define REDRAW_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)

typedef struct {
  VarlinkWire *wire;
  int          fd;
  guint64      next;          /* the sequence number expected next */
  gboolean     out_of_order;
  gboolean     closed;
  guint64      written;       /* set by the writer when it stops, before done */
  gint64       flood_end;     /* monotonic, set by the writer before done */
  gint         done;          /* atomic */
  guint        ticks;         /* firings of the low-priority timeout during the flood */
  gint64       last_tick;
  gint64       longest_gap;
  guint        ticks_yielding;
} Flood;

static void
flood_on_message (gpointer  user_data,
                  char     *data,
                  gsize     length)
{
  Flood *flood = user_data;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  /* As much work per message as a connection does (parsing), so the reader is the slow
   * side of the socket. */
  node = json_from_string (data, NULL);
  g_assert_nonnull (node);
  object = json_node_get_object (node);
  if ((guint64) json_object_get_int_member (object, "seq") != flood->next)
    flood->out_of_order = TRUE;
  flood->next++;
}

static void
flood_on_closed (gpointer      user_data,
                 const GError *error)
{
  Flood *flood = user_data;

  g_assert_no_error (error);
  flood->closed = TRUE;
}

static const VarlinkWireFuncs flood_funcs = {
  .message = flood_on_message,
  .closed = flood_on_closed,
};

static gpointer
flood_writer (gpointer user_data)
{
  Flood *flood = user_data;
  gint64 deadline = g_get_monotonic_time () + FLOOD_USEC;
  GString *batch = g_string_new (NULL);
  guint64 seq = 0;

  while (g_get_monotonic_time () < deadline)
    {
      gsize offset = 0;

      g_string_truncate (batch, 0);
      for (guint i = 0; i < 2000; i++)
        {
          g_string_append_printf (batch, "{\"seq\":%" G_GUINT64_FORMAT ",\"data\":\"flood\"}", seq++);
          g_string_append_c (batch, '\0');
        }

      while (offset < batch->len)
        {
          gssize n = write (flood->fd, batch->str + offset, batch->len - offset);

          if (n < 0 && errno == EINTR)
            continue;
          g_assert_cmpint (n, >, 0);
          offset += n;
        }
    }

  g_string_free (batch, TRUE);
  flood->written = seq;
  flood->flood_end = g_get_monotonic_time ();
  g_atomic_int_set (&flood->done, TRUE);
  shutdown (flood->fd, SHUT_WR);
  return NULL;
}

static gboolean
flood_tick (gpointer user_data)
{
  Flood *flood = user_data;
  gint64 now = g_get_monotonic_time ();

  if (g_atomic_int_get (&flood->done))
    return G_SOURCE_CONTINUE;

  flood->ticks++;
  if (varlink_wire_is_yielding (flood->wire))
    flood->ticks_yielding++;
  flood->longest_gap = MAX (flood->longest_gap, now - flood->last_tick);
  flood->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
test_yield_flood (void)
{
  Flood flood = { 0, };
  int fds[2];
  GThread *thread;
  GSource *tick;
  gint64 start;
  gint64 deadline;
  double flood_ms;
  double average_ms;

  g_assert_no_errno (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds));
  flood.fd = fds[1];
  flood.wire = varlink_wire_new (fds[0], fds[0], NULL, &flood_funcs, &flood);

  tick = g_timeout_source_new (10);
  g_source_set_priority (tick, REDRAW_PRIORITY);
  g_source_set_callback (tick, flood_tick, &flood, NULL);
  g_source_attach (tick, NULL);

  start = flood.last_tick = g_get_monotonic_time ();
  thread = g_thread_new ("flood", flood_writer, &flood);

  deadline = start + 30 * G_USEC_PER_SEC;
  while (!flood.closed)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_thread_join (thread);

  g_assert_false (flood.out_of_order);
  g_assert_cmpuint (flood.next, ==, flood.written);

  flood_ms = (flood.flood_end - start) / 1000.0;
  average_ms = flood_ms / MAX (flood.ticks, 1);
  g_test_message ("%" G_GUINT64_FORMAT " messages in %.0f ms; the redraw-priority timeout "
                  "fired %u times (%u while the wire yielded), every %.1f ms on average, "
                  "longest gap %.1f ms",
                  flood.next, flood_ms, flood.ticks, flood.ticks_yielding, average_ms,
                  flood.longest_gap / 1000.0);

  /* Enough of a flood to starve the timeout without time slicing. */
  g_assert_cmpuint (flood.next, >, 10000);
  g_assert_cmpfloat (average_ms, <=, 100.0);

  g_source_destroy (tick);
  g_source_unref (tick);
  g_object_unref (flood.wire);
  close (fds[1]);
}

/* With a budget of 0 the wire steps aside after every delivering dispatch, which makes
 * the states around a yield reachable on purpose. */
static void
test_yield_pause (Fixture       *f,
                  gconstpointer  data)
{
  varlink_wire_set_delivery_budget (f->wire, 0);
  peer_write (f, "{\"a\":1}", 8);
  expected_count = 1;
  iterate_until (have_expected, f);
  g_assert_true (varlink_wire_is_yielding (f->wire));

  /* Paused by the user while yielding: the resume must not undo it. */
  peer_write (f, "{\"a\":2}", 8);
  varlink_wire_set_paused (f->wire, TRUE);
  iterate_briefly ();
  g_assert_false (varlink_wire_is_yielding (f->wire));
  g_assert_cmpuint (f->messages->len, ==, 1);

  varlink_wire_set_paused (f->wire, FALSE);
  g_assert_cmpuint (f->messages->len, ==, 1);
  expected_count = 2;
  iterate_until (have_expected, f);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "{\"a\":2}");
  g_assert_true (varlink_wire_is_yielding (f->wire));

  /* Paused and resumed again within one yield: nothing from inside the call, and the
   * message arrives once the yield is over. */
  peer_write (f, "{\"a\":3}", 8);
  varlink_wire_set_paused (f->wire, TRUE);
  varlink_wire_set_paused (f->wire, FALSE);
  g_assert_cmpuint (f->messages->len, ==, 2);
  expected_count = 3;
  iterate_until (have_expected, f);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 2), ==, "{\"a\":3}");
  g_assert_false (f->closed);
}

static void
test_yield_close (Fixture       *f,
                  gconstpointer  data)
{
  varlink_wire_set_delivery_budget (f->wire, 0);
  peer_write (f, "{\"a\":1}", 8);
  expected_count = 1;
  iterate_until (have_expected, f);
  g_assert_true (varlink_wire_is_yielding (f->wire));

  peer_write (f, "{\"a\":2}", 8);
  varlink_wire_close (f->wire);
  g_assert_false (varlink_wire_is_yielding (f->wire));
  /* The resume went with the wire: nothing is left to run, even once it is freed. */
  g_clear_object (&f->wire);
  g_assert_false (g_main_context_pending (NULL));
  iterate_briefly ();
  g_assert_cmpuint (f->messages->len, ==, 1);
  g_assert_false (f->closed);
}

/* Messages already read when the wire steps aside, and the peer's hang-up, all come after
 * the resume, in order, the hang-up last. */
static void
test_yield_order (Fixture       *f,
                  gconstpointer  data)
{
  GString *stream = g_string_new (NULL);

  varlink_wire_set_delivery_budget (f->wire, 0);
  for (guint m = 0; m < 3; m++)
    {
      /* Split in the middle of a message, so a partial one waits across a yield. */
      g_string_append_printf (stream, "{\"value\":%u}", m);
      g_string_append_c (stream, '\0');
    }
  peer_write (f, stream->str, stream->len - 5);
  expected_count = 2;
  iterate_until (have_expected, f);
  g_assert_true (varlink_wire_is_yielding (f->wire));

  peer_write (f, stream->str + stream->len - 5, 5);
  close (f->peer);
  f->peer = -1;
  iterate_until (is_closed, f);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->messages->len, ==, 3);
  for (guint m = 0; m < 3; m++)
    {
      g_autofree char *expected = g_strdup_printf ("{\"value\":%u}", m);

      g_assert_cmpstr (g_ptr_array_index (f->messages, m), ==, expected);
    }
  g_string_free (stream, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/wire/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("split-reads", test_split_reads);
  ADD ("many-messages", test_many_messages);
  ADD ("large-message", test_large_message);
  ADD ("size-limit", test_size_limit);
  ADD ("size-limit-whole", test_size_limit_whole);
  ADD ("eof", test_eof);
  ADD ("eof-mid-message", test_eof_mid_message);
  ADD ("raw", test_raw);
  ADD ("write", test_write);
  ADD ("write-queued", test_write_queued);
  ADD ("pause", test_pause);
  ADD ("close", test_close);
  ADD ("nested-loop", test_nested_loop);
  ADD ("nested-loop-more", test_nested_loop_more);
  ADD ("busy-poll", test_busy_poll);
  ADD ("busy-poll-in-callback", test_busy_poll_in_callback);
  ADD ("yield-pause", test_yield_pause);
  ADD ("yield-close", test_yield_close);
  ADD ("yield-order", test_yield_order);
#undef ADD
  g_test_add_func ("/wire/pipes", test_pipes);
  g_test_add_func ("/wire/yield-flood", test_yield_flood);

  return g_test_run ();
}

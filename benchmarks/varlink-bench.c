/* varlink-bench.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures for the protocol module, each next to its target:
 *   1. sequential round trips of a small call against the demo service, next to a raw
 *      blocking ping-pong of the same bytes between two processes (the physical limit);
 *   2. replies per second of one "more" call of 100,000 replies;
 *   3. time to parse io.podman.varlink and a generated interface of over 1 MB.
 *
 * Usage: varlink-bench [DEMO-BINARY]  (default: $VARLINK_EXPLORER_DEMO, then the build tree)
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "varlink.h"

#define ROUND_TRIP_SECONDS 4.0
#define ROUND_TRIP_WINDOWS 40
#define COUNT_REPLIES      100000

static const char ping_call[] = "{\"method\":\"org.example.demo.Ping\",\"parameters\":{\"data\":\"ping\"}}";
static const char ping_reply[] = "{\"parameters\":{\"data\":\"ping\"}}";

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* The physical limit: two processes, one socket pair, blocking read and write of the
 * same bytes the module sends and receives. */

/* with_poll: wait in poll() and read without blocking, as any event loop must. */
static gboolean
read_message (int      fd,
              char    *buffer,
              gsize    size,
              gboolean with_poll)
{
  gsize done = 0;

  for (;;)
    {
      gssize n;

      if (with_poll)
        {
          struct pollfd pfd = { .fd = fd, .events = POLLIN };

          if (poll (&pfd, 1, -1) < 0 && errno != EINTR)
            return FALSE;
        }

      n = read (fd, buffer + done, size - done);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
      if (buffer[done - 1] == '\0')
        return TRUE;
    }
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* The raw peer runs for the whole measurement; the parent's side is driven in windows. */
typedef struct {
  int      fd;
  pid_t    pid;
  gboolean with_poll;
} RawPeer;

static void
raw_peer_start (RawPeer  *peer,
                gboolean  with_poll)
{
  int fds[2];
  char buffer[256];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
    g_error ("socketpair: %s", g_strerror (errno));

  peer->pid = fork ();
  if (peer->pid == 0)
    {
      close (fds[0]);
      if (with_poll)
        fcntl (fds[1], F_SETFL, O_NONBLOCK);
      while (read_message (fds[1], buffer, sizeof buffer, with_poll))
        if (!write_all (fds[1], ping_reply, sizeof ping_reply))
          break;
      _exit (0);
    }
  close (fds[1]);
  peer->fd = fds[0];
  peer->with_poll = with_poll;
  if (with_poll)
    fcntl (peer->fd, F_SETFL, O_NONBLOCK);
}

static void
raw_peer_stop (RawPeer *peer)
{
  close (peer->fd);
  waitpid (peer->pid, NULL, 0);
}

/* Round trips for about `seconds`; returns the count and adds the time to *elapsed. */
static guint64
raw_round_trips (RawPeer *peer,
                 double   seconds,
                 double  *elapsed)
{
  char buffer[256];
  guint64 count = 0;
  double start = now ();
  double spent;

  do
    {
      for (guint i = 0; i < 256; i++)
        {
          if (!write_all (peer->fd, ping_call, sizeof ping_call) ||
              !read_message (peer->fd, buffer, sizeof buffer, peer->with_poll))
            g_error ("the raw ping-pong peer went away");
        }
      count += 256;
      spent = now () - start;
    }
  while (spent < seconds);

  *elapsed += spent;
  return count;
}

/* Through the module */

typedef struct {
  VarlinkConnection *connection;
  JsonObject        *parameters;
  guint64            count;
  double             start;
  double             seconds;
  double             elapsed;
  gboolean           done;
  GError            *error;
} RoundTrips;

static void send_ping (RoundTrips *state);

static void
ping_reply_cb (VarlinkConnection *connection,
               VarlinkReply      *reply,
               const GError      *error,
               gpointer           user_data)
{
  RoundTrips *state = user_data;

  if (error != NULL || varlink_reply_get_error (reply) != NULL)
    {
      state->error = error ? g_error_copy (error)
                           : g_error_new (VARLINK_ERROR, VARLINK_ERROR_REMOTE, "%s", varlink_reply_get_error (reply));
      state->done = TRUE;
      return;
    }

  state->count++;
  if ((state->count & 255) == 0)
    {
      state->elapsed = now () - state->start;
      if (state->elapsed >= state->seconds)
        {
          state->done = TRUE;
          return;
        }
    }

  send_ping (state);
}

static void
send_ping (RoundTrips *state)
{
  varlink_connection_call (state->connection, "org.example.demo.Ping", state->parameters,
                           VARLINK_CALL_NONE, 0, NULL, ping_reply_cb, state, NULL);
}

static guint64
module_round_trips (VarlinkConnection  *connection,
                    double              seconds,
                    double             *elapsed,
                    GError            **error)
{
  RoundTrips state = { connection, json_object_new (), };

  json_object_set_string_member (state.parameters, "data", "ping");

  state.start = now ();
  state.seconds = seconds;
  send_ping (&state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  json_object_unref (state.parameters);
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return 0;
    }
  *elapsed += state.elapsed;
  return state.count;
}

typedef struct {
  gint64    next;
  gboolean  done;
  GError   *error;
} CountState;

static void
count_reply_cb (VarlinkConnection *connection,
                VarlinkReply      *reply,
                const GError      *error,
                gpointer           user_data)
{
  CountState *state = user_data;
  JsonNode *value;

  if (error != NULL || varlink_reply_get_error (reply) != NULL)
    {
      state->error = error ? g_error_copy (error)
                           : g_error_new (VARLINK_ERROR, VARLINK_ERROR_REMOTE, "%s", varlink_reply_get_error (reply));
      state->done = TRUE;
      return;
    }

  /* Read the value, as a real consumer would, and check the order. */
  value = json_object_get_member (varlink_reply_get_parameters (reply), "value");
  if (value == NULL || json_node_get_int (value) != state->next)
    g_error ("Count replied out of order at %" G_GINT64_FORMAT, state->next);
  state->next++;

  if (!varlink_reply_get_continues (reply))
    state->done = TRUE;
}

static double
module_count (VarlinkConnection  *connection,
              GError            **error)
{
  g_autoptr(JsonObject) parameters = json_object_new ();
  CountState state = { 1, };
  double start;
  double elapsed;

  json_object_set_int_member (parameters, "from", 1);
  json_object_set_int_member (parameters, "to", COUNT_REPLIES);

  start = now ();
  varlink_connection_call (connection, "org.example.demo.Count", parameters, VARLINK_CALL_MORE,
                           0, NULL, count_reply_cb, &state, NULL);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  elapsed = now () - start;

  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return 0;
    }
  if (state.next != COUNT_REPLIES + 1)
    {
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL, "Count ended after %" G_GINT64_FORMAT " replies",
                   state.next - 1);
      return 0;
    }

  return COUNT_REPLIES / elapsed;
}

/* The demo service */

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static VarlinkConnection *
connect_to (const char  *address,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  varlink_connection_new_async (address, NULL, on_connected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return varlink_connection_new_finish (result, error);
}

/* busy_poll FALSE: the service does not busy-poll either (VARLINK_BUSY_POLL=0). */
static GSubprocess *
start_demo (const char  *demo,
            const char  *address,
            gboolean     busy_poll,
            GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!busy_poll)
    g_subprocess_launcher_setenv (launcher, "VARLINK_BUSY_POLL", "0", TRUE);
  child = g_subprocess_launcher_spawn (launcher, error, demo, "--address", address, NULL);
  if (child == NULL)
    return NULL;

  /* Ready when it accepts a connection. */
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(VarlinkConnection) probe = NULL;

      g_clear_error (&local_error);
      probe = connect_to (address, &local_error);
      if (probe != NULL)
        return g_steal_pointer (&child);
      g_usleep (10000);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  g_subprocess_force_exit (child);
  return NULL;
}

/* IDL parsing */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_parse_ms (const char *text,
                 gsize       length,
                 guint       runs,
                 GError    **error)
{
  g_autofree double *times = g_new (double, runs);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(VarlinkInterface) interface = NULL;
      double start = now ();

      interface = varlink_interface_new_from_string (text, length, VARLINK_PARSE_LENIENT, error);
      times[i] = (now () - start) * 1000.0;
      if (interface == NULL)
        return -1;
    }

  qsort (times, runs, sizeof (double), compare_doubles);
  return times[runs / 2];
}

static GString *
generate_interface (gsize min_size)
{
  GString *text = g_string_new ("# A generated interface for the parser benchmark.\n"
                                "interface org.example.generated\n\n");
  guint n = 0;

  while (text->len < min_size)
    {
      g_string_append_printf (text,
                              "# The record number %u, with a documented field of every kind.\n"
                              "type Record%u (\n"
                              "  # The name.\n"
                              "  name: string,\n"
                              "  count: int,\n"
                              "  ratio: ?float,\n"
                              "  flags: []bool,\n"
                              "  labels: [string]string,\n"
                              "  tags: [string](),\n"
                              "  state: (idle, running, stopped),\n"
                              "  nested: ?(x: int, y: int, more: []?[string]object),\n"
                              "  extra: ?any\n"
                              ")\n\n"
                              "# Gets record %u.\n"
                              "# [Supports 'more' flag]\n"
                              "method Get%u(id: int, filter: ?[]string) -> (record: Record%u, next: ?int)\n\n"
                              "error NotFound%u (id: int, reason: string)\n\n",
                              n, n, n, n, n, n);
      n++;
    }

  return text;
}

static void
print_figure (const char *what,
              const char *figure,
              double      ratio_to_target,
              const char *target)
{
  printf ("%-14s %s = %.0f%% of target [target %s] %s\n", what, figure, ratio_to_target * 100.0, target,
          ratio_to_target >= 1.0 ? "OK" : "BELOW TARGET");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) demo_process = NULL;
  g_autoptr(GSubprocess) plain_demo_process = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(VarlinkConnection) plain_connection = NULL;
  g_autofree char *address = NULL;
  g_autofree char *plain_address = NULL;
  g_autofree char *podman = NULL;
  g_autofree char *podman_path = NULL;
  const char *demo;
  const char *interfaces;
  gsize podman_length;
  double raw, polled_raw, module, plain_module, count, ms;
  char line[256];

  /* Figures appear as they are measured, even through a pipe. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (argc > 1 && (g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "--help")))
    {
      printf ("Usage: %s [DEMO-BINARY]\n", argv[0]);
      return 0;
    }

  demo = argc > 1 ? argv[1] : g_getenv ("VARLINK_EXPLORER_DEMO");
  if (demo == NULL)
    demo = DEMO_PATH;
  interfaces = g_getenv ("VARLINK_TEST_INTERFACES");
  if (interfaces == NULL)
    interfaces = INTERFACES_DIR;

  printf ("varlink-bench: demo service %s\n", demo);

  /* 1. Round trips */
  address = g_strdup_printf ("unix:@varlink-bench-%d", (int) getpid ());
  demo_process = start_demo (demo, address, TRUE, &error);
  if (demo_process == NULL)
    g_error ("Could not start the demo service: %s", error->message);

  connection = connect_to (address, &error);
  if (connection == NULL)
    g_error ("Could not connect to the demo service: %s", error->message);

  /* The same without busy-poll on either side, to show what it brings. */
  plain_address = g_strdup_printf ("unix:@varlink-bench-plain-%d", (int) getpid ());
  plain_demo_process = start_demo (demo, plain_address, FALSE, &error);
  if (plain_demo_process == NULL)
    g_error ("Could not start the demo service: %s", error->message);

  plain_connection = connect_to (plain_address, &error);
  if (plain_connection == NULL)
    g_error ("Could not connect to the demo service: %s", error->message);
  varlink_connection_set_busy_poll (plain_connection, FALSE);

  /* The machine's load changes from second to second: short windows of each kind,
   * interleaved, see the same conditions. */
  {
    RawPeer peer, polled;
    double raw_time = 0, polled_time = 0, module_time = 0, plain_time = 0, ignored = 0;
    guint64 raw_count = 0, polled_count = 0, module_count_ = 0, plain_count = 0;

    raw_peer_start (&peer, FALSE);
    raw_peer_start (&polled, TRUE);

    /* Warm-up: first calls take slow paths once, on both sides. */
    raw_round_trips (&peer, 0.1, &ignored);
    raw_round_trips (&polled, 0.1, &ignored);
    module_round_trips (connection, 0.1, &ignored, &error);
    if (error == NULL)
      module_round_trips (plain_connection, 0.1, &ignored, &error);
    if (error != NULL)
      g_error ("Ping failed: %s", error->message);

    for (guint i = 0; i < ROUND_TRIP_WINDOWS; i++)
      {
        raw_count += raw_round_trips (&peer, ROUND_TRIP_SECONDS / ROUND_TRIP_WINDOWS, &raw_time);
        polled_count += raw_round_trips (&polled, ROUND_TRIP_SECONDS / ROUND_TRIP_WINDOWS, &polled_time);
        module_count_ += module_round_trips (connection, ROUND_TRIP_SECONDS / ROUND_TRIP_WINDOWS,
                                             &module_time, &error);
        if (error == NULL)
          plain_count += module_round_trips (plain_connection, ROUND_TRIP_SECONDS / ROUND_TRIP_WINDOWS,
                                             &plain_time, &error);
        if (error != NULL)
          g_error ("Ping failed: %s", error->message);
      }
    /* The second child inherited the first one's socket: it goes first. */
    raw_peer_stop (&polled);
    raw_peer_stop (&peer);

    raw = raw_count / raw_time;
    polled_raw = polled_count / polled_time;
    module = module_count_ / module_time;
    plain_module = plain_count / plain_time;
  }

  printf ("round trips:   %.0f/s (raw socket %.0f/s) = %.0f%% of raw [target >= 90%%] %s\n",
          module, raw, 100.0 * module / raw, module / raw >= 0.9 ? "OK" : "BELOW TARGET");
  /* Not a target: what the same raw ping-pong does when both ends wait in poll(), as an
   * event loop must, to tell the module's overhead from the cost of waiting that way. */
  printf ("               (raw socket with poll() on both ends: %.0f/s; the module does %.0f%% of that)\n",
          polled_raw, 100.0 * module / polled_raw);
  /* Busy-poll is on by default (off with VARLINK_BUSY_POLL=0, or on a single CPU). */
  printf ("               (busy-poll %s, usable CPUs: %u; without busy-poll on either side: %.0f/s = %.0f%% of raw)\n",
          varlink_connection_get_busy_poll (connection) && varlink_wire_get_usable_cpus () > 1 ? "on" : "off",
          varlink_wire_get_usable_cpus (),
          plain_module, 100.0 * plain_module / raw);

  /* 2. One stream of replies */
  count = module_count (connection, &error);
  if (error != NULL)
    g_error ("Count failed: %s", error->message);
  g_snprintf (line, sizeof line, "%.0f/s (%u replies of one more call)", count, COUNT_REPLIES);
  print_figure ("more replies:", line, count / 500000.0, ">= 500000/s");

  g_clear_object (&connection);
  g_clear_object (&plain_connection);
  g_subprocess_send_signal (demo_process, SIGTERM);
  g_subprocess_send_signal (plain_demo_process, SIGTERM);
  g_subprocess_wait (demo_process, NULL, NULL);
  g_subprocess_wait (plain_demo_process, NULL, NULL);

  /* 3. Parsing */
  podman_path = g_build_filename (interfaces, "io.podman.varlink", NULL);
  if (!g_file_get_contents (podman_path, &podman, &podman_length, &error))
    g_error ("%s", error->message);

  ms = median_parse_ms (podman, podman_length, 501, &error);
  if (ms < 0)
    g_error ("io.podman.varlink does not parse: %s", error->message);
  g_snprintf (line, sizeof line, "%.3f ms (io.podman.varlink, %lu bytes, median of 501)", ms,
              (unsigned long) podman_length);
  print_figure ("parse podman:", line, 0.3 / ms, "< 0.3 ms");

  {
    GString *generated = generate_interface (1024 * 1024 + 1);

    ms = median_parse_ms (generated->str, generated->len, 15, &error);
    if (ms < 0)
      g_error ("The generated interface does not parse: %s", error->message);
    printf ("%-14s %.2f ms (generated, %lu bytes, median of 15) = %.0f MB/s\n",
            "parse 1 MB:", ms, (unsigned long) generated->len, generated->len / (ms * 1000.0));
    g_string_free (generated, TRUE);
  }

  return 0;
}

/* varlink-wire.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

/* sched_getaffinity() and CPU_COUNT() */
#define _GNU_SOURCE

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "varlink-error.h"
#include "varlink-wire.h"

/* Reads go into one buffer that starts at 64 KiB and grows only for a message that does
 * not fit; a read always has at least MIN_READ bytes of room. The search for the NUL
 * resumes where the last one stopped, so a large message arriving in many pieces is
 * scanned once. */
#define INITIAL_BUFFER_SIZE (64 * 1024)
#define MIN_READ            (16 * 1024)
#define DEFAULT_MAX_MESSAGE_SIZE (16 * 1024 * 1024)

/* Busy-poll bounds (see varlink_wire_busy_poll()): at most this many successful spins are
 * chained inside one dispatch before the main loop gets its turn, and after a miss the
 * next 2, 4, ... up to MAX_SPIN_SKIP chances are skipped, so that a peer that is slow to
 * answer costs nearly nothing. */
#define MAX_SPINS_PER_DISPATCH 32
#define MAX_SPIN_SKIP          64
#define DEFAULT_BUSY_POLL_US   50

/* Time slicing (see wire_maybe_yield()): after this much wall time of delivery without the
 * input ever running dry, the wire steps aside for one turn of the main loop. Half a
 * frame at 60 Hz, so that a window repaints while a peer floods it. A poll() that had to
 * wait longer than STREAK_WAIT_US for the input counts as having run dry. */
#define DEFAULT_DELIVERY_BUDGET_US 8000
#define STREAK_WAIT_US             1000
/* The slice after a yield is as long as the others took during it (fair shares: frames
 * that cost 30 ms must not leave delivery a fifth of the time), within this bound. */
#define MAX_DELIVERY_SLICE_US      50000
/* The idle that ends a yield waits until nothing else is ready. A window whose frames cost
 * more than its refresh interval is never idle, so a yield lasts at most this long. */
#define MAX_YIELD_US               250000

typedef struct {
  GSource      source;
  VarlinkWire *wire;
} WireSource;

struct _VarlinkWire
{
  GObject parent_instance;

  int in_fd;
  int out_fd;
  gboolean out_is_socket;
  GObject *owner;

  VarlinkWireFuncs funcs;
  gpointer user_data;

  VarlinkWireObserver observer;
  gpointer observer_data;
  GDestroyNotify observer_destroy;

  GSource *source;
  gpointer in_tag;
  gpointer out_tag;   /* NULL when in_fd == out_fd: in_tag then carries both */
  GIOCondition in_events;
  GIOCondition out_events;

  char *buffer;
  gsize buffer_size;
  gsize start;        /* first byte not yet delivered */
  gsize end;          /* end of the bytes read */
  gsize scan;         /* the NUL search resumes here */
  gsize max_message_size;

  GString *out;
  gsize out_pos;      /* bytes of out already written */
  gsize message_start;
  guint corked;

  GError *pending_error;  /* a write failure, reported from the source */

  guint spin_misses;
  guint spin_skip;
  guint dispatch_spins;

  gint64 budget_us;       /* -1: never yield */
  gint64 streak_start;    /* monotonic time continuous delivery began, 0: none */
  gint64 prepared_at;     /* when prepare() last ran, only kept during a streak */
  gint64 yielded_at;      /* when the current or last yield began */
  gint64 others_us;       /* what the others took during the last yield, 0 after running dry */
  GSource *resume_source; /* while yielding: the idle that gives the input back */
  GSource *resume_timeout; /* ... or this, if the others keep the loop busy */

  guint paused : 1;
  guint in_blocked : 1;   /* input arrived while paused: stop polling it until resumed */
  guint ready_set : 1;    /* a dispatch was requested with g_source_set_ready_time() */
  guint in_dispatch : 1;
  guint nested_blocked : 1;  /* a nested main loop ran during dispatch: fds left the poll set */
  guint raw : 1;
  guint closed : 1;
  guint waiting_out : 1;  /* output queued behind EAGAIN: wait for POLLOUT */
  guint input_pending : 1;  /* busy-poll read bytes that no delivery has looked at yet */
  guint yielding : 1;     /* stepped aside for lower priorities: no reading, no delivery */
};

/* Busy-polling only pays when the peer runs on another CPU at the same time. */
static gboolean several_cpus;

G_DEFINE_FINAL_TYPE (VarlinkWire, varlink_wire, G_TYPE_OBJECT)

static void wire_update_fds (VarlinkWire *self);

/* Every change to a source's ready time or poll set wakes the context up with a write to
 * its eventfd, so both are touched only when something really changes. */
static void
wire_schedule_dispatch (VarlinkWire *self)
{
  if (self->source != NULL && !self->ready_set)
    {
      self->ready_set = TRUE;
      g_source_set_ready_time (self->source, 0);
    }
}

static void
wire_clear_resume (VarlinkWire *self)
{
  if (self->resume_source != NULL)
    {
      g_source_destroy (self->resume_source);
      g_clear_pointer (&self->resume_source, g_source_unref);
    }
  if (self->resume_timeout != NULL)
    {
      g_source_destroy (self->resume_timeout);
      g_clear_pointer (&self->resume_timeout, g_source_unref);
    }
}

static void
wire_release (VarlinkWire *self)
{
  /* A wire closed while it yields stays closed. */
  wire_clear_resume (self);
  self->yielding = FALSE;
  self->streak_start = 0;
  self->others_us = 0;

  if (self->source != NULL)
    {
      ((WireSource *) self->source)->wire = NULL;
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
      self->in_tag = NULL;
      self->out_tag = NULL;
    }

  if (self->owner != NULL)
    {
      /* The owner holds the descriptors: closing it is what releases them (and, for a
       * spawned child, terminates it). */
      if (G_IS_IO_STREAM (self->owner))
        g_io_stream_close (G_IO_STREAM (self->owner), NULL, NULL);
      g_clear_object (&self->owner);
    }
  else
    {
      if (self->in_fd >= 0)
        close (self->in_fd);
      if (self->out_fd >= 0 && self->out_fd != self->in_fd)
        close (self->out_fd);
    }

  self->in_fd = -1;
  self->out_fd = -1;
}

/* Ends the wire and tells the user; nothing is called back afterwards. */
static void
wire_fail (VarlinkWire  *self,
           const GError *error)
{
  if (self->closed)
    return;

  self->closed = TRUE;
  wire_release (self);

  if (self->funcs.closed != NULL)
    self->funcs.closed (self->user_data, error);
}

static void
wire_observe (VarlinkWire      *self,
              VarlinkDirection  direction,
              const char       *data,
              gsize             length)
{
  if (self->observer != NULL)
    self->observer (self->observer_data, direction, g_get_real_time (), data, length);
}

/* Writes as much of the pending output as the kernel takes now. */
static void
wire_flush (VarlinkWire *self)
{
  gboolean was_waiting = self->waiting_out;

  while (self->out_pos < self->out->len)
    {
      const char *data = self->out->str + self->out_pos;
      gsize length = self->out->len - self->out_pos;
      gssize n;

      if (self->out_is_socket)
        n = send (self->out_fd, data, length, MSG_NOSIGNAL);
      else
        n = write (self->out_fd, data, length);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          if (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)
            {
              if (!self->waiting_out)
                {
                  self->waiting_out = TRUE;
                  wire_update_fds (self);
                }
              return;
            }

          if (self->pending_error == NULL)
            {
              self->pending_error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                                 _("Writing to the connection failed: %s"),
                                                 g_strerror (saved_errno));
              /* Reported from the main loop, never from inside the caller's send. */
              wire_schedule_dispatch (self);
            }
          self->out_pos = self->out->len;
          break;
        }

      self->out_pos += n;
    }

  g_string_truncate (self->out, 0);
  self->out_pos = 0;

  if (self->waiting_out)
    {
      self->waiting_out = FALSE;
      wire_update_fds (self);
    }

  if (was_waiting && self->pending_error == NULL && self->funcs.drained != NULL)
    self->funcs.drained (self->user_data);
}

/* Delivers every whole message already buffered, or the raw bytes after an upgrade. */
static void
wire_deliver (VarlinkWire *self)
{
  while (!self->closed && !self->paused)
    {
      char *message;
      char *nul;
      gsize length;

      /* Everything up to end is looked at now, including what a busy-poll just added. */
      self->input_pending = FALSE;

      if (self->raw)
        {
          if (self->end > self->start)
            {
              const char *data = self->buffer + self->start;
              gsize raw_length = self->end - self->start;

              self->start = self->end = self->scan = 0;
              wire_observe (self, VARLINK_DIRECTION_RECEIVED, data, raw_length);
              if (self->funcs.raw != NULL)
                self->funcs.raw (self->user_data, (const guint8 *) data, raw_length);
            }
          break;
        }

      nul = memchr (self->buffer + self->scan, '\0', self->end - self->scan);
      if (nul == NULL)
        {
          self->scan = self->end;
          if (self->end - self->start > self->max_message_size)
            {
              g_autofree char *limit = g_format_size (self->max_message_size);
              g_autoptr(GError) error = NULL;

              error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE,
                                   _("A message is larger than the limit of %s"), limit);
              wire_fail (self, error);
            }
          break;
        }

      message = self->buffer + self->start;
      length = nul - message;
      if (length > self->max_message_size)
        {
          g_autofree char *limit = g_format_size (self->max_message_size);
          g_autoptr(GError) error = NULL;

          error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE,
                               _("A message is larger than the limit of %s"), limit);
          wire_fail (self, error);
          break;
        }

      self->start = self->scan = (nul - self->buffer) + 1;

      wire_observe (self, VARLINK_DIRECTION_RECEIVED, message, length);
      if (self->funcs.message != NULL)
        self->funcs.message (self->user_data, message, length);
    }

  /* Whatever busy-poll read has now been looked at; the rest waits for more bytes or for
   * a resume, which schedules its own dispatch. */
  self->input_pending = FALSE;

  if (self->start == self->end)
    self->start = self->end = self->scan = 0;
}

static void
wire_read (VarlinkWire *self)
{
  gssize n;

  if (self->buffer_size - self->end < MIN_READ)
    {
      if (self->start > 0)
        {
          memmove (self->buffer, self->buffer + self->start, self->end - self->start);
          self->end -= self->start;
          self->scan -= self->start;
          self->start = 0;
        }
      if (self->buffer_size - self->end < MIN_READ)
        {
          self->buffer_size *= 2;
          self->buffer = g_realloc (self->buffer, self->buffer_size);
        }
    }

  do
    n = read (self->in_fd, self->buffer + self->end, self->buffer_size - self->end);
  while (n < 0 && errno == EINTR);

  if (n > 0)
    {
      self->end += n;
      wire_deliver (self);
    }
  else if (n == 0)
    {
      if (self->end > self->start && !self->raw)
        {
          g_autoptr(GError) error = NULL;

          error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
                               _("The connection was closed in the middle of a message"));
          wire_fail (self, error);
        }
      else
        {
          wire_fail (self, NULL);
        }
    }
  else if (errno == EAGAIN || errno == EWOULDBLOCK)
    {
      /* Ran dry: whatever else waits has had its chance. */
      self->streak_start = 0;
      self->others_us = 0;
    }
  else
    {
      int saved_errno = errno;
      g_autoptr(GError) error = NULL;

      error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           _("Reading from the connection failed: %s"), g_strerror (saved_errno));
      wire_fail (self, error);
    }
}

/* Bytes read by a busy-poll outside any delivery make the source ready without a write
 * to the context's eventfd: the main loop then polls with a zero timeout, never sleeps. */
static gboolean
wire_source_prepare (GSource *source,
                     int     *timeout)
{
  VarlinkWire *self = ((WireSource *) source)->wire;

  *timeout = -1;
  if (self == NULL)
    return FALSE;

  if (self->streak_start != 0)
    self->prepared_at = g_get_monotonic_time ();

  return self->input_pending && !self->paused && !self->closed && !self->yielding;
}

/* A streak of delivery ends when the input runs dry: either poll() found nothing to read
 * (so every source ready at that time got its turn), or the loop had to wait for the bytes
 * (so nothing was waiting behind us). Only looked at during a streak. */
static gboolean
wire_source_check (GSource *source)
{
  VarlinkWire *self = ((WireSource *) source)->wire;

  if (self == NULL || self->streak_start == 0)
    return FALSE;

  if (self->in_tag == NULL ||
      (g_source_query_unix_fd (source, self->in_tag) & G_IO_IN) == 0 ||
      g_get_monotonic_time () - self->prepared_at > STREAK_WAIT_US)
    {
      self->streak_start = 0;
      self->others_us = 0;
    }

  return FALSE;
}

static gboolean
wire_resume_cb (gpointer user_data)
{
  VarlinkWire *self = user_data;

  wire_clear_resume (self);
  self->yielding = FALSE;
  self->others_us = g_get_monotonic_time () - self->yielded_at;
  wire_update_fds (self);

  /* Bytes already read go on from the main loop; new ones come through poll(). */
  if (!self->paused && (self->end > self->start || self->input_pending))
    wire_schedule_dispatch (self);

  return G_SOURCE_REMOVE;
}

/* Why: while the peer writes faster than we deliver, the descriptor is readable at every
 * iteration and GLib dispatches only the highest ready priority, so anything below
 * G_PRIORITY_DEFAULT (a toolkit's layout and redraw, idles) would wait until the stream
 * ends. After budget_us of such continuous delivery (or as long as the others took during
 * the last yield, when that is more, up to MAX_DELIVERY_SLICE_US) the wire leaves the poll
 * set and comes back from an idle at G_PRIORITY_DEFAULT_IDLE: every source of a higher
 * priority that is ready runs first, and with none the resume costs one iteration. A
 * timeout at our own priority ends the yield after MAX_YIELD_US, should the others
 * never let the idle run. Slices grow with the others' share, so that costly frames do
 * not leave delivery only a sliver of the loop. Pause and close win over a resume: the
 * idle only gives the input back, it delivers nothing itself. */
static void
wire_maybe_yield (VarlinkWire *self)
{
  GMainContext *context;
  gint64 slice;
  gint64 now;
  guint wait_ms;

  if (self->streak_start == 0 || self->budget_us < 0 || self->closed || self->yielding ||
      self->source == NULL)
    return;

  slice = self->budget_us;
  if (slice > 0)
    slice = CLAMP (self->others_us, slice, MAX (slice, MAX_DELIVERY_SLICE_US));

  now = g_get_monotonic_time ();
  if (now - self->streak_start < slice)
    return;

  /* Generous, not a share: the deadline is at our own priority, so a short one would win
   * over the very redraw the yield is for whenever work at our priority (a view's batch
   * flush) took the start of the yield. */
  wait_ms = MAX_YIELD_US / 1000;
  self->streak_start = 0;
  self->yielded_at = now;
  self->yielding = TRUE;
  wire_update_fds (self);

  context = g_source_get_context (self->source);
  self->resume_source = g_idle_source_new ();
  g_source_set_priority (self->resume_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (self->resume_source, "[varlink] wire resume");
  g_source_set_callback (self->resume_source, wire_resume_cb, self, NULL);
  g_source_attach (self->resume_source, context);

  self->resume_timeout = g_timeout_source_new (wait_ms);
  g_source_set_priority (self->resume_timeout, G_PRIORITY_DEFAULT);
  g_source_set_static_name (self->resume_timeout, "[varlink] wire resume deadline");
  g_source_set_callback (self->resume_timeout, wire_resume_cb, self, NULL);
  g_source_attach (self->resume_timeout, context);
}

static gboolean
wire_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  VarlinkWire *self = ((WireSource *) source)->wire;
  GIOCondition in_revents = 0;
  GIOCondition out_revents = 0;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  /* The source may recurse (see varlink_wire_new()), but the wire may not: a callback that
   * runs a nested main loop gets the descriptors out of its way until we are done, as
   * GLib would have done for every dispatch. */
  if (self->in_dispatch)
    {
      if (!self->nested_blocked)
        {
          self->nested_blocked = TRUE;
          wire_update_fds (self);
          if (self->ready_set)
            g_source_set_ready_time (source, -1);
        }
      return G_SOURCE_CONTINUE;
    }

  if (self->ready_set)
    {
      self->ready_set = FALSE;
      g_source_set_ready_time (source, -1);
    }
  g_object_ref (self);
  self->in_dispatch = TRUE;
  self->dispatch_spins = 0;

  if (self->in_tag != NULL)
    in_revents = g_source_query_unix_fd (source, self->in_tag);
  if (self->out_tag != NULL)
    out_revents = g_source_query_unix_fd (source, self->out_tag);
  else
    out_revents = in_revents;

  if (self->pending_error != NULL)
    {
      g_autoptr(GError) error = g_steal_pointer (&self->pending_error);

      wire_fail (self, error);
      goto out;
    }

  if (self->waiting_out && (out_revents & (G_IO_OUT | G_IO_ERR | G_IO_HUP)) != 0)
    {
      wire_flush (self);
      if (self->pending_error != NULL)
        {
          g_autoptr(GError) error = g_steal_pointer (&self->pending_error);

          wire_fail (self, error);
          goto out;
        }
    }

  /* Pausing only stops delivery; the descriptor leaves the poll set only once input
   * actually waits, so that a service pausing around every call does not pay for it. */
  if (self->paused && !self->in_blocked && (in_revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0)
    {
      self->in_blocked = TRUE;
      wire_update_fds (self);
      goto out;
    }

  /* While yielding only errors and output are handled here; the resume brings the rest. */
  if (self->yielding || self->paused)
    goto out;

  /* The clock is read once per delivering dispatch to start a streak, and once to see
   * whether its budget is spent. */
  if (self->streak_start == 0 &&
      ((in_revents & G_IO_IN) != 0 || self->input_pending || self->end > self->start))
    self->streak_start = g_get_monotonic_time ();

  /* What was buffered while paused, or before an upgrade, comes first. */
  if (!self->closed && self->end > self->start)
    wire_deliver (self);

  if (!self->closed && !self->paused &&
      (in_revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0)
    wire_read (self);

  if (self->paused)
    self->streak_start = 0;
  else
    wire_maybe_yield (self);

out:
  self->in_dispatch = FALSE;
  if (self->nested_blocked)
    {
      self->nested_blocked = FALSE;
      wire_update_fds (self);
      if (self->ready_set && self->source != NULL)
        g_source_set_ready_time (self->source, 0);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs wire_source_funcs = {
  .prepare = wire_source_prepare,
  .check = wire_source_check,
  .dispatch = wire_source_dispatch,
};

/* Polls exactly what is wanted: no POLLIN while paused (a hung-up peer would otherwise
 * wake the loop for ever), POLLOUT only while output waits. */
static void
wire_update_fds (VarlinkWire *self)
{
  GIOCondition in_events;
  GIOCondition out_events;

  if (self->source == NULL)
    return;

  in_events = self->in_blocked || self->nested_blocked || self->yielding ? 0 : G_IO_IN;
  out_events = self->waiting_out && !self->nested_blocked ? G_IO_OUT : 0;

  if (self->in_fd == self->out_fd)
    {
      in_events |= out_events;
      out_events = 0;
    }

  if (in_events != self->in_events)
    {
      if (self->in_tag == NULL)
        self->in_tag = g_source_add_unix_fd (self->source, self->in_fd, in_events);
      else if (in_events == 0)
        {
          g_source_remove_unix_fd (self->source, self->in_tag);
          self->in_tag = NULL;
        }
      else
        g_source_modify_unix_fd (self->source, self->in_tag, in_events);
      self->in_events = in_events;
    }

  if (out_events != self->out_events)
    {
      if (self->out_tag == NULL)
        self->out_tag = g_source_add_unix_fd (self->source, self->out_fd, out_events);
      else if (out_events == 0)
        {
          g_source_remove_unix_fd (self->source, self->out_tag);
          self->out_tag = NULL;
        }
      else
        g_source_modify_unix_fd (self->source, self->out_tag, out_events);
      self->out_events = out_events;
    }
}

static void
varlink_wire_dispose (GObject *object)
{
  VarlinkWire *self = VARLINK_WIRE (object);

  varlink_wire_close (self);

  if (self->observer_destroy != NULL)
    self->observer_destroy (self->observer_data);
  self->observer = NULL;
  self->observer_destroy = NULL;
  self->observer_data = NULL;

  G_OBJECT_CLASS (varlink_wire_parent_class)->dispose (object);
}

static void
varlink_wire_finalize (GObject *object)
{
  VarlinkWire *self = VARLINK_WIRE (object);

  g_free (self->buffer);
  g_string_free (self->out, TRUE);
  g_clear_error (&self->pending_error);

  G_OBJECT_CLASS (varlink_wire_parent_class)->finalize (object);
}

static void
varlink_wire_class_init (VarlinkWireClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  struct sigaction action;

  object_class->dispose = varlink_wire_dispose;
  object_class->finalize = varlink_wire_finalize;

  /* Writing to a pipe whose reader died raises SIGPIPE, which would kill the program;
   * sockets use MSG_NOSIGNAL, pipes (bridges) need this. A handler someone installed is
   * left alone. */
  if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
    signal (SIGPIPE, SIG_IGN);

  several_cpus = varlink_wire_get_usable_cpus () > 1;
}

static void
varlink_wire_init (VarlinkWire *self)
{
  self->in_fd = -1;
  self->out_fd = -1;
  self->buffer_size = INITIAL_BUFFER_SIZE;
  self->buffer = g_malloc (self->buffer_size);
  self->out = g_string_sized_new (4096);
  self->max_message_size = DEFAULT_MAX_MESSAGE_SIZE;
  self->budget_us = DEFAULT_DELIVERY_BUDGET_US;
}

VarlinkWire *
varlink_wire_new (int                     in_fd,
                  int                     out_fd,
                  GObject                *owner,
                  const VarlinkWireFuncs *funcs,
                  gpointer                user_data)
{
  VarlinkWire *self;
  struct stat st;

  g_return_val_if_fail (in_fd >= 0, NULL);
  g_return_val_if_fail (out_fd >= 0, NULL);
  g_return_val_if_fail (owner == NULL || G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (funcs != NULL, NULL);

  self = g_object_new (VARLINK_TYPE_WIRE, NULL);
  self->in_fd = in_fd;
  self->out_fd = out_fd;
  self->owner = owner ? g_object_ref (owner) : NULL;
  self->funcs = *funcs;
  self->user_data = user_data;
  self->out_is_socket = fstat (out_fd, &st) == 0 && S_ISSOCK (st.st_mode);

  g_unix_set_fd_nonblocking (in_fd, TRUE, NULL);
  if (out_fd != in_fd)
    g_unix_set_fd_nonblocking (out_fd, TRUE, NULL);

  self->source = g_source_new (&wire_source_funcs, sizeof (WireSource));
  ((WireSource *) self->source)->wire = self;
  g_source_set_static_name (self->source, "[varlink] wire");
  g_source_set_priority (self->source, G_PRIORITY_DEFAULT);
  /* Otherwise GLib takes the descriptors out of the poll set around every dispatch and
   * puts them back, two eventfd wakeups per message; nesting is handled in dispatch. */
  g_source_set_can_recurse (self->source, TRUE);
  wire_update_fds (self);
  g_source_attach (self->source, g_main_context_get_thread_default ());

  return self;
}

void
varlink_wire_set_observer (VarlinkWire         *self,
                           VarlinkWireObserver  observer,
                           gpointer             user_data,
                           GDestroyNotify       destroy)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));

  if (self->observer_destroy != NULL)
    self->observer_destroy (self->observer_data);

  self->observer = observer;
  self->observer_data = user_data;
  self->observer_destroy = destroy;
}

void
varlink_wire_set_max_message_size (VarlinkWire *self,
                                   gsize        max_size)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));
  g_return_if_fail (max_size > 0);

  self->max_message_size = max_size;
}

gsize
varlink_wire_get_max_message_size (VarlinkWire *self)
{
  g_return_val_if_fail (VARLINK_IS_WIRE (self), 0);

  return self->max_message_size;
}

void
varlink_wire_set_delivery_budget (VarlinkWire *self,
                                  gint64       budget_us)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));
  g_return_if_fail (budget_us >= -1);

  self->budget_us = budget_us;
}

gboolean
varlink_wire_is_yielding (VarlinkWire *self)
{
  g_return_val_if_fail (VARLINK_IS_WIRE (self), FALSE);

  return self->yielding;
}

GString *
varlink_wire_begin_message (VarlinkWire *self)
{
  g_return_val_if_fail (VARLINK_IS_WIRE (self), NULL);

  /* Written bytes at the front are dropped before they pile up. */
  if (self->out_pos > 0 && self->out_pos >= self->out->len / 2)
    {
      g_string_erase (self->out, 0, self->out_pos);
      self->out_pos = 0;
    }

  self->message_start = self->out->len;
  return self->out;
}

void
varlink_wire_end_message (VarlinkWire *self)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));

  wire_observe (self, VARLINK_DIRECTION_SENT,
                self->out->str + self->message_start,
                self->out->len - self->message_start);
  g_string_append_c (self->out, '\0');

  if (self->closed)
    {
      g_string_truncate (self->out, 0);
      self->out_pos = 0;
      return;
    }

  if (self->corked == 0 && !self->waiting_out)
    wire_flush (self);
}

void
varlink_wire_cork (VarlinkWire *self)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));

  self->corked++;
}

void
varlink_wire_uncork (VarlinkWire *self)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));
  g_return_if_fail (self->corked > 0);

  self->corked--;
  if (self->corked == 0 && !self->closed && !self->waiting_out)
    wire_flush (self);
}

gsize
varlink_wire_get_pending_output (VarlinkWire *self)
{
  g_return_val_if_fail (VARLINK_IS_WIRE (self), 0);

  return self->out->len - self->out_pos;
}

void
varlink_wire_set_paused (VarlinkWire *self,
                         gboolean     paused)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));

  paused = !!paused;
  if (self->paused == (guint) paused)
    return;

  self->paused = paused;
  if (self->closed || paused)
    return;

  if (self->in_blocked)
    {
      self->in_blocked = FALSE;
      wire_update_fds (self);
    }

  /* Buffered messages go out from the main loop, never from inside the caller. */
  if (self->end > self->start)
    wire_schedule_dispatch (self);
}

void
varlink_wire_set_raw (VarlinkWire *self)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));

  if (self->raw)
    return;

  self->raw = TRUE;
  if (!self->closed && self->end > self->start)
    wire_schedule_dispatch (self);
}

gboolean
varlink_wire_is_raw (VarlinkWire *self)
{
  g_return_val_if_fail (VARLINK_IS_WIRE (self), FALSE);

  return self->raw;
}

void
varlink_wire_send_raw (VarlinkWire  *self,
                       const guint8 *data,
                       gsize         length)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));
  g_return_if_fail (data != NULL || length == 0);

  if (self->closed || length == 0)
    return;

  wire_observe (self, VARLINK_DIRECTION_SENT, (const char *) data, length);
  g_string_append_len (self->out, (const char *) data, length);
  if (self->corked == 0 && !self->waiting_out)
    wire_flush (self);
}

guint
varlink_wire_get_usable_cpus (void)
{
  cpu_set_t set;

  /* The CPUs this process may run on (taskset, cgroup cpusets), not those the machine has:
   * two processes pinned to one CPU cannot answer each other while one spins. */
  if (sched_getaffinity (0, sizeof set, &set) == 0 && CPU_COUNT (&set) > 0)
    return CPU_COUNT (&set);

  return g_get_num_processors ();
}

guint
varlink_wire_get_default_busy_poll (void)
{
  static gsize value = 0;

  if (g_once_init_enter (&value))
    {
      const char *env = g_getenv ("VARLINK_BUSY_POLL");
      guint64 us = DEFAULT_BUSY_POLL_US;

      if (env != NULL && *env != '\0' && !g_ascii_string_to_unsigned (env, 10, 0, 10000, &us, NULL))
        us = DEFAULT_BUSY_POLL_US;
      /* Stored plus one: zero means not yet initialised. */
      g_once_init_leave (&value, (gsize) us + 1);
    }

  return (guint) (value - 1);
}

/* Why: a round trip through two event loops costs each side a sleep in poll() and a
 * wakeup, which on many machines (virtual ones above all) is most of the time the peer
 * takes to answer a small call. A process that has just sent a call and expects its
 * answer within microseconds is better off asking the socket again for a short while
 * than going to sleep: the answer is then picked up without any wakeup on either side.
 * Bounds: max_us per attempt (measured with the monotonic clock), only with more than one
 * CPU (on one CPU spinning only delays the peer), only into the free room of the buffer
 * (a message being delivered may point into it, so nothing moves), never more than
 * MAX_SPINS_PER_DISPATCH successful attempts chained within one dispatch, and an
 * exponential back-off after a miss. End of file and errors are left to the main loop,
 * which sees them again in its next poll(). */
gboolean
varlink_wire_busy_poll (VarlinkWire *self,
                        guint        max_us)
{
  gint64 deadline;

  g_return_val_if_fail (VARLINK_IS_WIRE (self), FALSE);

  /* While yielding the loop belongs to others; spinning would only delay them. */
  if (max_us == 0 || !several_cpus || self->closed || self->paused || self->input_pending ||
      self->yielding)
    return FALSE;

  if (self->spin_skip > 0)
    {
      self->spin_skip--;
      return FALSE;
    }

  if (self->in_dispatch && self->dispatch_spins >= MAX_SPINS_PER_DISPATCH)
    return FALSE;

  if (!self->in_dispatch && self->start == self->end)
    self->start = self->end = self->scan = 0;
  if (self->buffer_size - self->end < MIN_READ)
    return FALSE;

  deadline = g_get_monotonic_time () + max_us;
  do
    {
      gssize n = read (self->in_fd, self->buffer + self->end, self->buffer_size - self->end);

      if (n > 0)
        {
          self->end += n;
          self->input_pending = TRUE;
          self->spin_misses = 0;
          if (self->in_dispatch)
            self->dispatch_spins++;
          return TRUE;
        }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
        return FALSE;
    }
  while (g_get_monotonic_time () < deadline);

  self->spin_misses = MIN (self->spin_misses + 1, 6);
  self->spin_skip = MIN (1u << self->spin_misses, MAX_SPIN_SKIP);
  return FALSE;
}

void
varlink_wire_close (VarlinkWire *self)
{
  g_return_if_fail (VARLINK_IS_WIRE (self));

  if (self->closed)
    return;

  /* One last non-blocking attempt, so that a final message (a oneway call, an error
   * reply) still reaches a peer that is reading. */
  if (self->out_pos < self->out->len && self->pending_error == NULL)
    {
      self->waiting_out = FALSE;
      wire_flush (self);
    }

  self->closed = TRUE;
  wire_release (self);
}

gboolean
varlink_wire_is_closed (VarlinkWire *self)
{
  g_return_val_if_fail (VARLINK_IS_WIRE (self), TRUE);

  return self->closed;
}

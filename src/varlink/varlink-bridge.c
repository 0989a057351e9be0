/* varlink-bridge.c: standard input/output carried to a service's address.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "varlink-address.h"
#include "varlink-bridge.h"
#include "varlink-error.h"

#define BUFFER_SIZE 65536

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* The bridge is a process of its own with nothing else to do, so it may wait here. */
static GIOStream *
connect_sync (VarlinkAddress  *address,
              GError         **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GIOStream *stream;

  g_main_context_push_thread_default (context);
  varlink_address_connect_async (address, NULL, on_connected, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  stream = varlink_address_connect_finish (result, error);
  g_main_context_pop_thread_default (context);
  return stream;
}

/* Error messages are whole sentences per direction, for translators. */
static void
set_io_error (GError   **error,
              gboolean   to_service,
              gboolean   reading,
              int        saved_errno)
{
  const char *reason = g_strerror (saved_errno);

  if (reading && to_service)
    g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_CLOSED,
                 _("Could not read standard input: %s"), reason);
  else if (reading)
    g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_CLOSED,
                 _("Could not read from the service: %s"), reason);
  else if (to_service)
    g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_CLOSED,
                 _("Could not write to the service: %s"), reason);
  else
    g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_CLOSED,
                 _("Could not write to standard output: %s"), reason);
}

/* Reads what there is on from and writes all of it to to; FALSE at end of input, or on an
 * error, which is then set. */
static gboolean
pass_on (int          from,
         int          to,
         char        *buffer,
         gboolean     to_service,
         GError     **error)
{
  const char *data = buffer;
  ssize_t n;

  do
    n = read (from, buffer, BUFFER_SIZE);
  while (n < 0 && errno == EINTR);

  if (n < 0 && errno == EAGAIN)
    return TRUE;
  if (n < 0)
    {
      set_io_error (error, to_service, TRUE, errno);
      return FALSE;
    }
  if (n == 0)
    return FALSE;

  while (n > 0)
    {
      ssize_t written = write (to, data, (size_t) n);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          set_io_error (error, to_service, FALSE, errno);
          return FALSE;
        }
      data += written;
      n -= written;
    }
  return TRUE;
}

static void
end_output (int service_in,
            int service_out)
{
  /* A socket carries both directions: only our sending half ends, so replies still come. */
  if (service_in == service_out)
    shutdown (service_out, SHUT_WR);
  else
    close (service_out);
}

gboolean
varlink_bridge_run (const char  *address_string,
                    int          in_fd,
                    int          out_fd,
                    GError     **error)
{
  g_autoptr(VarlinkAddress) address = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *buffer = NULL;
  int service_in, service_out;
  gboolean input_open = TRUE;

  g_return_val_if_fail (address_string != NULL, FALSE);

  address = varlink_address_parse (address_string, error);
  if (address == NULL)
    return FALSE;
  stream = connect_sync (address, error);
  if (stream == NULL)
    return FALSE;
  if (!varlink_stream_get_fds (stream, &service_in, &service_out))
    {
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_ADDRESS,
                   _("The address “%s” cannot be bridged"), address_string);
      return FALSE;
    }

  /* Plain blocking copies: poll() says which side has data, and a slow reader on one side
   * may hold up the other, as any pipe would. */
  if (!g_unix_set_fd_nonblocking (service_in, FALSE, error) ||
      !g_unix_set_fd_nonblocking (service_out, FALSE, error))
    return FALSE;

  buffer = g_malloc (BUFFER_SIZE);
  for (;;)
    {
      struct pollfd fds[2] = {
        { .fd = service_in, .events = POLLIN },
        { .fd = input_open ? in_fd : -1, .events = POLLIN },
      };
      GError *local_error = NULL;

      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "poll: %s", g_strerror (errno));
          return FALSE;
        }

      if (fds[1].revents != 0 &&
          !pass_on (in_fd, service_out, buffer, TRUE, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          input_open = FALSE;
          end_output (service_in, service_out);
        }

      if (fds[0].revents != 0 &&
          !pass_on (service_in, out_fd, buffer, FALSE, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          return TRUE;
        }
    }
}

/* varlink-address.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <gio/gfiledescriptorbased.h>
#include <glib/gi18n-lib.h>

#include "varlink-address.h"
#include "varlink-error.h"

/* The longest path sun_path holds with its terminating NUL. */
#define MAX_SOCKET_PATH (sizeof (((struct sockaddr_un *) NULL)->sun_path) - 1)

struct _VarlinkAddress
{
  gatomicrefcount     ref_count;
  VarlinkAddressKind  kind;
  char               *path;
  char               *host;
  guint16             port;
  char              **argv;
  char               *string;
};

G_DEFINE_BOXED_TYPE (VarlinkAddress, varlink_address, varlink_address_ref, varlink_address_unref)

static gboolean G_GNUC_PRINTF (2, 3)
address_error (GError     **error,
               const char  *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (VARLINK_ERROR, VARLINK_ERROR_INVALID_ADDRESS,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* Arguments are quoted only when the shell would split or expand them, so that the
 * canonical string of a plain command reads like what the user typed. */
static void
append_argv (GString            *out,
             const char * const *argv)
{
  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *arg = argv[i];
      gboolean plain = *arg != '\0';

      for (const char *p = arg; *p && plain; p++)
        if (!g_ascii_isalnum (*p) && strchr ("-_./=:@%+,", *p) == NULL)
          plain = FALSE;

      if (i > 0)
        g_string_append_c (out, ' ');
      if (plain)
        g_string_append (out, arg);
      else
        {
          g_autofree char *quoted = g_shell_quote (arg);

          g_string_append (out, quoted);
        }
    }
}

static void
address_build_string (VarlinkAddress *self)
{
  GString *out = g_string_new (NULL);

  switch (self->kind)
    {
    case VARLINK_ADDRESS_UNIX:
      g_string_append_printf (out, "unix:%s", self->path);
      break;
    case VARLINK_ADDRESS_ABSTRACT:
      g_string_append_printf (out, "unix:@%s", self->path);
      break;
    case VARLINK_ADDRESS_TCP:
      if (strchr (self->host, ':') != NULL)
        g_string_append_printf (out, "tcp:[%s]:%u", self->host, self->port);
      else
        g_string_append_printf (out, "tcp:%s:%u", self->host, self->port);
      break;
    case VARLINK_ADDRESS_EXEC:
      g_string_append (out, "exec:");
      append_argv (out, (const char * const *) self->argv);
      break;
    case VARLINK_ADDRESS_SSH_UNIX:
      g_string_append_printf (out, "ssh-unix:%s:%s", self->host, self->path);
      break;
    case VARLINK_ADDRESS_SSH_EXEC:
      g_string_append_printf (out, "ssh-exec:%s:", self->host);
      append_argv (out, (const char * const *) self->argv);
      break;
    case VARLINK_ADDRESS_BRIDGE:
      g_string_append (out, "bridge:");
      append_argv (out, (const char * const *) self->argv);
      break;
    default:
      g_assert_not_reached ();
    }

  self->string = g_string_free (out, FALSE);
}

static gboolean
parse_command (const char   *scheme,
               const char   *text,
               char       ***argv_out,
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) argv = NULL;

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    /* Translators: %s is an address scheme such as "exec:" */
    return address_error (error, _("%s the command is empty"), scheme);

  if (!g_shell_parse_argv (text, NULL, &argv, &local_error))
    /* Translators: the first %s is an address scheme such as "exec:", the second says why */
    return address_error (error, _("%s the command cannot be read: %s"), scheme, local_error->message);

  *argv_out = g_steal_pointer (&argv);
  return TRUE;
}

static gboolean
check_socket_path (const char  *scheme,
                   const char  *path,
                   GError     **error)
{
  if (*path == '\0')
    return address_error (error, _("%s the path is empty"), scheme);

  if (strlen (path) > MAX_SOCKET_PATH)
    /* Translators: %s is "unix:", %lu a number of bytes, %u the largest allowed */
    return address_error (error, _("%s the path is %lu bytes long, but a socket path can have at most %u"),
                          scheme, (unsigned long) strlen (path), (guint) MAX_SOCKET_PATH);

  return TRUE;
}

static gboolean
check_ssh_host (const char  *scheme,
                const char  *host,
                GError     **error)
{
  if (*host == '\0')
    return address_error (error, _("%s the host is empty"), scheme);

  /* ssh would take it for an option. */
  if (*host == '-')
    return address_error (error, _("%s the host \"%s\" must not start with \"-\""), scheme, host);

  for (const char *p = host; *p; p++)
    if (g_ascii_isspace (*p))
      return address_error (error, _("%s the host \"%s\" contains a space"), scheme, host);

  return TRUE;
}

static gboolean
parse_tcp (VarlinkAddress  *self,
           const char      *rest,
           GError         **error)
{
  g_autofree char *host = NULL;
  const char *port_text;
  guint64 port = 0;

  if (*rest == '[')
    {
      const char *close = strchr (rest, ']');

      if (close == NULL)
        return address_error (error, _("tcp: the IPv6 address has no closing \"]\""));
      host = g_strndup (rest + 1, close - rest - 1);
      if (close[1] != ':')
        return address_error (error, _("tcp: the port is missing (expected tcp:[ADDRESS]:PORT)"));
      port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (rest, ':');

      if (colon == NULL)
        return address_error (error, _("tcp: the port is missing (expected tcp:HOST:PORT)"));
      host = g_strndup (rest, colon - rest);
      if (strchr (host, ':') != NULL)
        return address_error (error, _("tcp: put an IPv6 address in brackets, as in tcp:[::1]:1234"));
      port_text = colon + 1;
    }

  if (*host == '\0')
    return address_error (error, _("tcp: the host is empty"));

  for (const char *p = host; *p; p++)
    if (g_ascii_isspace (*p) || *p == '/' || *p == '[' || *p == ']')
      return address_error (error, _("tcp: \"%s\" is not a host name or address"), host);

  if (*port_text == '\0')
    return address_error (error, _("tcp: the port is missing"));

  for (const char *p = port_text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return address_error (error, _("tcp: the port \"%s\" is not a number"), port_text);

  if (strlen (port_text) > 6 || (port = g_ascii_strtoull (port_text, NULL, 10)) == 0 || port > 65535)
    return address_error (error, _("tcp: port %s is out of range (1 to 65535)"), port_text);

  self->host = g_steal_pointer (&host);
  self->port = (guint16) port;
  return TRUE;
}

VarlinkAddress *
varlink_address_parse (const char  *string,
                       GError     **error)
{
  g_autoptr(VarlinkAddress) self = NULL;
  const char *rest;

  g_return_val_if_fail (string != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (VarlinkAddress, 1);
  g_atomic_ref_count_init (&self->ref_count);

  if (*string == '\0')
    {
      address_error (error, _("The address is empty"));
      return NULL;
    }

  if (!g_utf8_validate (string, -1, NULL))
    {
      address_error (error, _("The address is not valid UTF-8 text"));
      return NULL;
    }

  if (string[0] == '/')
    {
      if (!check_socket_path ("unix:", string, error))
        return NULL;
      self->kind = VARLINK_ADDRESS_UNIX;
      self->path = g_strdup (string);
    }
  else if ((rest = g_str_has_prefix (string, "unix:") ? string + 5 : NULL) != NULL)
    {
      /* ";mode=0600" and the like only matter when listening. */
      const char *semicolon = strchr (rest, ';');
      g_autofree char *path = semicolon ? g_strndup (rest, semicolon - rest) : g_strdup (rest);

      if (path[0] == '@')
        {
          if (path[1] == '\0')
            {
              address_error (error, _("unix: the abstract socket name after \"@\" is empty"));
              return NULL;
            }
          if (strlen (path) > MAX_SOCKET_PATH)
            {
              address_error (error, _("unix: the abstract socket name is %lu bytes long, but it can have at most %u"),
                             (unsigned long) strlen (path) - 1, (guint) MAX_SOCKET_PATH - 1);
              return NULL;
            }
          self->kind = VARLINK_ADDRESS_ABSTRACT;
          self->path = g_strdup (path + 1);
        }
      else
        {
          if (!check_socket_path ("unix:", path, error))
            return NULL;
          self->kind = VARLINK_ADDRESS_UNIX;
          self->path = g_steal_pointer (&path);
        }
    }
  else if (g_str_has_prefix (string, "tcp:"))
    {
      self->kind = VARLINK_ADDRESS_TCP;
      if (!parse_tcp (self, string + 4, error))
        return NULL;
    }
  else if (g_str_has_prefix (string, "exec:"))
    {
      self->kind = VARLINK_ADDRESS_EXEC;
      if (!parse_command ("exec:", string + 5, &self->argv, error))
        return NULL;
    }
  else if (g_str_has_prefix (string, "ssh-unix:") || g_str_has_prefix (string, "ssh-exec:"))
    {
      gboolean is_unix = string[4] == 'u';
      const char *scheme = is_unix ? "ssh-unix:" : "ssh-exec:";
      const char *colon;

      rest = string + 9;
      colon = strchr (rest, ':');
      if (colon == NULL)
        {
          if (is_unix)
            address_error (error, _("ssh-unix: expected a host, a colon and a socket path, as in ssh-unix:host:/run/x.sock"));
          else
            address_error (error, _("ssh-exec: expected a host, a colon and a command, as in ssh-exec:host:command"));
          return NULL;
        }

      self->host = g_strndup (rest, colon - rest);
      if (!check_ssh_host (scheme, self->host, error))
        return NULL;

      if (is_unix)
        {
          self->kind = VARLINK_ADDRESS_SSH_UNIX;
          if (!check_socket_path (scheme, colon + 1, error))
            return NULL;
          if (colon[1] != '/')
            {
              address_error (error, _("ssh-unix: the socket path \"%s\" is not absolute"), colon + 1);
              return NULL;
            }
          self->path = g_strdup (colon + 1);
        }
      else
        {
          self->kind = VARLINK_ADDRESS_SSH_EXEC;
          if (!parse_command (scheme, colon + 1, &self->argv, error))
            return NULL;
        }
    }
  else if (g_str_has_prefix (string, "bridge:"))
    {
      self->kind = VARLINK_ADDRESS_BRIDGE;
      if (!parse_command ("bridge:", string + 7, &self->argv, error))
        return NULL;
    }
  else
    {
      const char *colon = strchr (string, ':');

      if (colon != NULL && colon > string)
        {
          g_autofree char *scheme = g_strndup (string, colon - string + 1);

          address_error (error, _("Unknown address type \"%s\"; expected unix:, tcp:, exec:, ssh-unix:, ssh-exec: or bridge:"),
                         scheme);
        }
      else
        {
          address_error (error, _("\"%s\" is not an address; expected one such as unix:/run/x.sock, unix:@name, tcp:host:port or exec:/path/to/service"),
                         string);
        }
      return NULL;
    }

  address_build_string (self);
  return g_steal_pointer (&self);
}

VarlinkAddress *
varlink_address_ref (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
varlink_address_unref (VarlinkAddress *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->path);
      g_free (self->host);
      g_strfreev (self->argv);
      g_free (self->string);
      g_free (self);
    }
}

VarlinkAddressKind
varlink_address_get_kind (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, VARLINK_ADDRESS_UNIX);

  return self->kind;
}

const char *
varlink_address_get_path (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

const char *
varlink_address_get_host (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

guint16
varlink_address_get_port (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

const char * const *
varlink_address_get_argv (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->argv;
}

const char *
varlink_address_to_string (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->string;
}

gboolean
varlink_address_spawns (VarlinkAddress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kind == VARLINK_ADDRESS_EXEC ||
         self->kind == VARLINK_ADDRESS_SSH_UNIX ||
         self->kind == VARLINK_ADDRESS_SSH_EXEC ||
         self->kind == VARLINK_ADDRESS_BRIDGE;
}

gboolean
varlink_address_is_insecure (VarlinkAddress *self)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind != VARLINK_ADDRESS_TCP)
    return FALSE;

  if (g_ascii_strcasecmp (self->host, "localhost") == 0 ||
      g_str_has_suffix (self->host, ".localhost"))
    return FALSE;

  inet = g_inet_address_new_from_string (self->host);
  return inet == NULL || !g_inet_address_get_is_loopback (inet);
}

/* A stream over a child's socket or pipes that owns the child: closing or finalizing the
 * stream terminates it (GSubprocess reaps it). Private to this file. */

#define VARLINK_TYPE_CHILD_STREAM (varlink_child_stream_get_type ())
G_DECLARE_FINAL_TYPE (VarlinkChildStream, varlink_child_stream, VARLINK, CHILD_STREAM, GIOStream)

struct _VarlinkChildStream
{
  GIOStream      parent_instance;
  GIOStream     *base;     /* exec: the connected socket */
  GInputStream  *input;    /* ssh, bridge: the child's stdout */
  GOutputStream *output;   /* ssh, bridge: the child's stdin */
  GSubprocess   *child;
};

G_DEFINE_FINAL_TYPE (VarlinkChildStream, varlink_child_stream, G_TYPE_IO_STREAM)

static void
child_stream_terminate (VarlinkChildStream *self)
{
  if (self->child != NULL)
    {
      g_subprocess_send_signal (self->child, SIGTERM);
      g_clear_object (&self->child);
    }
}

static GInputStream *
varlink_child_stream_get_input_stream (GIOStream *stream)
{
  VarlinkChildStream *self = VARLINK_CHILD_STREAM (stream);

  return self->base ? g_io_stream_get_input_stream (self->base) : self->input;
}

static GOutputStream *
varlink_child_stream_get_output_stream (GIOStream *stream)
{
  VarlinkChildStream *self = VARLINK_CHILD_STREAM (stream);

  return self->base ? g_io_stream_get_output_stream (self->base) : self->output;
}

static gboolean
varlink_child_stream_close_fn (GIOStream     *stream,
                               GCancellable  *cancellable,
                               GError       **error)
{
  VarlinkChildStream *self = VARLINK_CHILD_STREAM (stream);

  if (self->base != NULL)
    g_io_stream_close (self->base, NULL, NULL);
  if (self->output != NULL)
    g_output_stream_close (self->output, NULL, NULL);
  if (self->input != NULL)
    g_input_stream_close (self->input, NULL, NULL);
  child_stream_terminate (self);

  return TRUE;
}

static void
varlink_child_stream_dispose (GObject *object)
{
  VarlinkChildStream *self = VARLINK_CHILD_STREAM (object);

  child_stream_terminate (self);

  G_OBJECT_CLASS (varlink_child_stream_parent_class)->dispose (object);
}

static void
varlink_child_stream_finalize (GObject *object)
{
  VarlinkChildStream *self = VARLINK_CHILD_STREAM (object);

  g_clear_object (&self->base);
  g_clear_object (&self->input);
  g_clear_object (&self->output);

  G_OBJECT_CLASS (varlink_child_stream_parent_class)->finalize (object);
}

static void
varlink_child_stream_class_init (VarlinkChildStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = varlink_child_stream_dispose;
  object_class->finalize = varlink_child_stream_finalize;
  stream_class->get_input_stream = varlink_child_stream_get_input_stream;
  stream_class->get_output_stream = varlink_child_stream_get_output_stream;
  stream_class->close_fn = varlink_child_stream_close_fn;
}

static void
varlink_child_stream_init (VarlinkChildStream *self)
{
}

gboolean
varlink_stream_get_fds (GIOStream *stream,
                        int       *in_fd,
                        int       *out_fd)
{
  GInputStream *input;
  GOutputStream *output;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), FALSE);

  if (G_IS_SOCKET_CONNECTION (stream))
    {
      int fd = g_socket_get_fd (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)));

      if (in_fd != NULL)
        *in_fd = fd;
      if (out_fd != NULL)
        *out_fd = fd;
      return fd >= 0;
    }

  if (VARLINK_IS_CHILD_STREAM (stream) && VARLINK_CHILD_STREAM (stream)->base != NULL)
    return varlink_stream_get_fds (VARLINK_CHILD_STREAM (stream)->base, in_fd, out_fd);

  input = g_io_stream_get_input_stream (stream);
  output = g_io_stream_get_output_stream (stream);
  if (!G_IS_FILE_DESCRIPTOR_BASED (input) || !G_IS_FILE_DESCRIPTOR_BASED (output))
    return FALSE;

  if (in_fd != NULL)
    *in_fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (input));
  if (out_fd != NULL)
    *out_fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output));
  return TRUE;
}

/* Connecting */

static GSocketAddress *
address_socket_address (VarlinkAddress *self)
{
  if (self->kind == VARLINK_ADDRESS_ABSTRACT)
    return g_unix_socket_address_new_with_type (self->path, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else
    return g_unix_socket_address_new (self->path);
}

/* Says in words why a connection failed, keeping the error's domain and code. */
static GError *
explain_connect_error (VarlinkAddress *self,
                       const GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_error_new (error->domain, error->code,
                        _("There is no socket at %s: the service is not running, or the path is wrong"),
                        self->string);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (error->domain, error->code,
                        _("Nothing accepts connections at %s: the service may have stopped"),
                        self->string);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_error_new (error->domain, error->code,
                        _("You are not allowed to connect to %s"), self->string);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  /* Translators: the first %s is an address, the second the system's reason */
  return g_error_new (error->domain, error->code, _("Could not connect to %s: %s"),
                      self->string, error->message);
}

static void
socket_connected (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VarlinkAddress *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    g_task_return_error (task, explain_connect_error (self, error));
  else
    g_task_return_pointer (task, connection, g_object_unref);
}

/* Runs in the child between fork and exec: async-signal-safe calls only. A service we
 * started, or the ssh or bridge carrying a connection, must not outlive us when we die
 * without closing it (SIGKILL, a crash): the kernel sends it SIGTERM then. The signal
 * follows the death of the thread that forked, so spawning happens on the thread that
 * runs the connection's context, which lives as long as the connection. If we died
 * before prctl() took effect, nobody will send the signal: the child gives up at once. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  pid_t parent = GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    _exit (1);
#endif
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER (getpid ()), NULL);

  /* The child must not read the terminal or a controlling pipe of ours by accident. */
  g_subprocess_launcher_unsetenv (launcher, "LISTEN_FDS");
  g_subprocess_launcher_unsetenv (launcher, "LISTEN_PID");
  g_subprocess_launcher_unsetenv (launcher, "LISTEN_FDNAMES");
  return launcher;
}

static GError *
explain_spawn_error (VarlinkAddress *self,
                     const GError   *error)
{
  /* Translators: the first %s is a command, the second the system's reason */
  return g_error_new (error->domain, error->code, _("Could not start %s: %s"),
                      self->argv ? self->argv[0] : "ssh", error->message);
}

/* exec: a listening socket, bound by the kernel to a free abstract name (autobind), goes
 * to the child as fd 3, the systemd way; then we connect to it like any client. */

typedef struct {
  VarlinkAddress *address;
  GSubprocess    *child;
} ExecData;

static void
exec_data_free (ExecData *data)
{
  if (data->child != NULL)
    g_subprocess_send_signal (data->child, SIGTERM);
  g_clear_object (&data->child);
  varlink_address_unref (data->address);
  g_free (data);
}

static void
exec_connected (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  VarlinkChildStream *stream;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, explain_connect_error (data->address, error));
      return;
    }

  stream = g_object_new (VARLINK_TYPE_CHILD_STREAM, NULL);
  stream->base = G_IO_STREAM (g_steal_pointer (&connection));
  stream->child = g_steal_pointer (&data->child);
  g_task_return_pointer (task, stream, g_object_unref);
}

/* ssh and bridge: the child speaks varlink on its stdin and stdout. */
static void
connect_pipes (VarlinkAddress *self,
               GTask          *task)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  VarlinkChildStream *stream;

  switch (self->kind)
    {
    case VARLINK_ADDRESS_SSH_UNIX:
      /* OpenSSH forwards stdio to a unix socket on the remote side with -W. */
      g_ptr_array_add (argv, (char *) "ssh");
      g_ptr_array_add (argv, (char *) "-e");
      g_ptr_array_add (argv, (char *) "none");
      g_ptr_array_add (argv, (char *) "-W");
      g_ptr_array_add (argv, self->path);
      g_ptr_array_add (argv, self->host);
      break;
    case VARLINK_ADDRESS_SSH_EXEC:
      g_ptr_array_add (argv, (char *) "ssh");
      g_ptr_array_add (argv, (char *) "-e");
      g_ptr_array_add (argv, (char *) "none");
      g_ptr_array_add (argv, (char *) "-T");
      g_ptr_array_add (argv, self->host);
      for (guint i = 0; self->argv[i] != NULL; i++)
        g_ptr_array_add (argv, self->argv[i]);
      break;
    case VARLINK_ADDRESS_BRIDGE:
      for (guint i = 0; self->argv[i] != NULL; i++)
        g_ptr_array_add (argv, self->argv[i]);
      break;
    default:
      g_assert_not_reached ();
    }
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (child == NULL)
    {
      g_task_return_error (task, explain_spawn_error (self, error));
      return;
    }

  stream = g_object_new (VARLINK_TYPE_CHILD_STREAM, NULL);
  stream->input = g_object_ref (g_subprocess_get_stdout_pipe (child));
  stream->output = g_object_ref (g_subprocess_get_stdin_pipe (child));
  stream->child = g_steal_pointer (&child);
  g_task_return_pointer (task, stream, g_object_unref);
}

void
varlink_address_connect_async (VarlinkAddress      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, varlink_address_connect_async);

  switch (self->kind)
    {
    case VARLINK_ADDRESS_UNIX:
    case VARLINK_ADDRESS_ABSTRACT:
      {
        g_autoptr(GSocketAddress) address = address_socket_address (self);

        g_task_set_task_data (task, varlink_address_ref (self), (GDestroyNotify) varlink_address_unref);
        client = g_socket_client_new ();
        g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), cancellable,
                                       socket_connected, g_steal_pointer (&task));
      }
      break;

    case VARLINK_ADDRESS_TCP:
      {
        g_autoptr(GSocketConnectable) address = g_network_address_new (self->host, self->port);

        g_task_set_task_data (task, varlink_address_ref (self), (GDestroyNotify) varlink_address_unref);
        client = g_socket_client_new ();
        g_socket_client_connect_async (client, address, cancellable,
                                       socket_connected, g_steal_pointer (&task));
      }
      break;

    case VARLINK_ADDRESS_EXEC:
      {
        g_autoptr(GSubprocessLauncher) launcher = NULL;
        g_autoptr(GSocketAddress) address = NULL;
        g_autoptr(GPtrArray) argv = NULL;
        g_autoptr(GError) error = NULL;
        struct sockaddr_un sun = { .sun_family = AF_UNIX };
        socklen_t length = sizeof sun;
        g_autofree char *program = NULL;
        ExecData *data;
        GSubprocess *child;
        int fd;

        /* The shell that sets LISTEN_PID would start even for a missing program, and the
         * connection would then race its exit: say it plainly before anything runs. */
        program = g_find_program_in_path (self->argv[0]);
        if (program == NULL)
          {
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                     /* Translators: %s is a program's path or name */
                                     _("Could not start %s: there is no such program, or it "
                                       "cannot be run"),
                                     self->argv[0]);
            return;
          }

        fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 ||
            bind (fd, (struct sockaddr *) &sun, sizeof (sa_family_t)) < 0 ||
            listen (fd, SOMAXCONN) < 0 ||
            getsockname (fd, (struct sockaddr *) &sun, &length) < 0)
          {
            int saved_errno = errno;

            if (fd >= 0)
              close (fd);
            g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                     _("Could not create a socket for the service: %s"),
                                     g_strerror (saved_errno));
            return;
          }

        /* LISTEN_PID must be the service's own pid, which only the child knows: a shell
         * sets it, then execs the service, which keeps the pid. */
        argv = g_ptr_array_new ();
        g_ptr_array_add (argv, (char *) "/bin/sh");
        g_ptr_array_add (argv, (char *) "-c");
        g_ptr_array_add (argv, (char *) "LISTEN_PID=$$; export LISTEN_PID; exec \"$0\" \"$@\"");
        for (guint i = 0; self->argv[i] != NULL; i++)
          g_ptr_array_add (argv, self->argv[i]);
        g_ptr_array_add (argv, NULL);

        launcher = new_launcher (G_SUBPROCESS_FLAGS_NONE);
        g_subprocess_launcher_setenv (launcher, "LISTEN_FDS", "1", TRUE);
        g_subprocess_launcher_setenv (launcher, "LISTEN_FDNAMES", "varlink", TRUE);
        g_subprocess_launcher_take_fd (launcher, fd, 3);

        child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
        /* Closes our copy of the listening socket: only the child listens. */
        g_clear_object (&launcher);
        if (child == NULL)
          {
            g_task_return_error (task, explain_spawn_error (self, error));
            return;
          }

        data = g_new0 (ExecData, 1);
        data->address = varlink_address_ref (self);
        data->child = child;
        g_task_set_task_data (task, data, (GDestroyNotify) exec_data_free);

        /* An autobound name starts with a NUL byte; the rest is the abstract name. */
        address = g_unix_socket_address_new_with_type (sun.sun_path + 1,
                                                       length - offsetof (struct sockaddr_un, sun_path) - 1,
                                                       G_UNIX_SOCKET_ADDRESS_ABSTRACT);
        client = g_socket_client_new ();
        g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), cancellable,
                                       exec_connected, g_steal_pointer (&task));
      }
      break;

    case VARLINK_ADDRESS_SSH_UNIX:
    case VARLINK_ADDRESS_SSH_EXEC:
    case VARLINK_ADDRESS_BRIDGE:
      connect_pipes (self, task);
      break;

    default:
      g_assert_not_reached ();
    }
}

GIOStream *
varlink_address_connect_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Listening */

static gboolean
replace_stale_socket (const char  *path,
                      GError     **error)
{
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  int fd;
  int result;
  int saved_errno;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  /* A socket nobody accepts on is left over from a service that died. */
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return TRUE;
  strncpy (sun.sun_path, path, sizeof sun.sun_path - 1);
  result = connect (fd, (struct sockaddr *) &sun, sizeof sun);
  saved_errno = errno;
  close (fd);

  if (result == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                   _("Another service is already listening on %s"), path);
      return FALSE;
    }

  if (saved_errno == ECONNREFUSED)
    unlink (path);

  return TRUE;
}

GSocket *
varlink_address_listen (VarlinkAddress  *self,
                        GError         **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case VARLINK_ADDRESS_UNIX:
      if (!replace_stale_socket (self->path, error))
        return NULL;
      G_GNUC_FALLTHROUGH;
    case VARLINK_ADDRESS_ABSTRACT:
      address = address_socket_address (self);
      socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                             &local_error);
      break;

    case VARLINK_ADDRESS_TCP:
      {
        g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->host);

        if (inet == NULL)
          {
            /* Resolving a name blocks; only the serving side listens, at start-up. */
            GList *list = g_resolver_lookup_by_name (g_resolver_get_default (), self->host, NULL, &local_error);

            if (list == NULL)
              {
                g_set_error (error, local_error->domain, local_error->code,
                             _("Could not listen on %s: %s"), self->string, local_error->message);
                return NULL;
              }
            inet = g_object_ref (list->data);
            g_resolver_free_addresses (list);
          }

        address = g_inet_socket_address_new (inet, self->port);
        socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, &local_error);
      }
      break;

    default:
      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_UNSUPPORTED,
                   _("A service cannot listen on %s: only unix: and tcp: addresses can be listened on"),
                   self->string);
      return NULL;
    }

  if (socket == NULL ||
      !g_socket_bind (socket, address, self->kind == VARLINK_ADDRESS_TCP, &local_error) ||
      !g_socket_listen (socket, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: the first %s is an address, the second the system's reason */
                   _("Could not listen on %s: %s"), self->string, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&socket);
}

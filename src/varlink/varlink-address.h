/* varlink-address.h: every address form a client can reach a service by (unix, abstract,
 * tcp, exec, ssh-unix, ssh-exec, bridge), parsed into a value and connected asynchronously. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  VARLINK_ADDRESS_UNIX,      /* unix:/run/x.sock (;key=value suffixes ignored) */
  VARLINK_ADDRESS_ABSTRACT,  /* unix:@name */
  VARLINK_ADDRESS_TCP,       /* tcp:host:port, tcp:[v6]:port */
  VARLINK_ADDRESS_EXEC,      /* exec:/path/to/binary [args]: socket activation of a child */
  VARLINK_ADDRESS_SSH_UNIX,  /* ssh-unix:host:/run/x.sock */
  VARLINK_ADDRESS_SSH_EXEC,  /* ssh-exec:host:command args */
  VARLINK_ADDRESS_BRIDGE,    /* bridge:command args (speaks varlink on stdin/stdout) */
} VarlinkAddressKind;

typedef struct _VarlinkAddress VarlinkAddress;

#define VARLINK_TYPE_ADDRESS (varlink_address_get_type ())
GType               varlink_address_get_type      (void) G_GNUC_CONST;

/* Errors are VARLINK_ERROR_INVALID_ADDRESS and say what is wrong, in words. A bare absolute
 * path is taken as unix:PATH, as varlinkctl does. */
VarlinkAddress     *varlink_address_parse         (const char      *string,
                                                   GError         **error);
VarlinkAddress     *varlink_address_ref           (VarlinkAddress  *self);
void                varlink_address_unref         (VarlinkAddress  *self);

VarlinkAddressKind  varlink_address_get_kind      (VarlinkAddress  *self);
/* unix: the path; abstract: the name without '@'; ssh-unix: the remote path. */
const char         *varlink_address_get_path      (VarlinkAddress  *self);
/* tcp, ssh-unix, ssh-exec: the host (without brackets for IPv6). */
const char         *varlink_address_get_host      (VarlinkAddress  *self);
guint16             varlink_address_get_port      (VarlinkAddress  *self);
/* exec, ssh-exec, bridge: the command. */
const char * const *varlink_address_get_argv      (VarlinkAddress  *self);
/* The canonical string, which parses back to the same address. */
const char         *varlink_address_to_string     (VarlinkAddress  *self);
/* Whether connecting starts a program (exec, ssh, bridge): ask the user first. */
gboolean            varlink_address_spawns        (VarlinkAddress  *self);
/* Whether the transport leaves the machine unencrypted (tcp to a non-loopback host). */
gboolean            varlink_address_is_insecure   (VarlinkAddress  *self);

/* The result is a GIOStream whose descriptors the wire can use: a GSocketConnection, or a
 * stream over a child's pipes. A spawned child lives as long as the stream and is
 * terminated when it is closed or finalized. */
void                varlink_address_connect_async  (VarlinkAddress      *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GIOStream          *varlink_address_connect_finish (GAsyncResult        *result,
                                                    GError             **error);

/* A listening socket for unix, abstract and tcp addresses (serving side). A stale unix
 * socket file left by a dead service is replaced; a live one is an error. */
GSocket            *varlink_address_listen         (VarlinkAddress      *self,
                                                    GError             **error);

/* The descriptors to read from and write to for a stream from connect_finish() (or any
 * GSocketConnection / pipe-based GSimpleIOStream), FALSE if it has none. */
gboolean            varlink_stream_get_fds         (GIOStream           *stream,
                                                    int                 *in_fd,
                                                    int                 *out_fd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VarlinkAddress, varlink_address_unref)

G_END_DECLS

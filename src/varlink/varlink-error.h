/* varlink-error.h: the error domain of the protocol module. Errors a service sends back
 * carry the service's error name and parameters (extended GError). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VARLINK_ERROR (varlink_error_quark ())

typedef enum {
  VARLINK_ERROR_INVALID_ADDRESS,   /* an address string that cannot be parsed */
  VARLINK_ERROR_CLOSED,            /* the peer closed the connection */
  VARLINK_ERROR_PROTOCOL,          /* the peer sent something that is not a well-formed message */
  VARLINK_ERROR_MESSAGE_TOO_LARGE, /* a message over the size limit */
  VARLINK_ERROR_TIMED_OUT,         /* no reply within the call's timeout */
  VARLINK_ERROR_REMOTE,            /* the service answered with an error reply */
  VARLINK_ERROR_PARSE,             /* an interface description that does not parse */
  VARLINK_ERROR_INVALID_VALUE,     /* a JSON value that does not match its type */
  VARLINK_ERROR_UPGRADED,          /* the connection no longer speaks varlink */
  VARLINK_ERROR_UNSUPPORTED,       /* the operation is not possible on this transport */
} VarlinkError;

GQuark      varlink_error_quark                 (void);

/* A VARLINK_ERROR_REMOTE error for an error reply: message says it in words. */
GError     *varlink_error_new_remote            (const char  *name,
                                                 JsonObject  *parameters);
/* The fully qualified error name of a VARLINK_ERROR_REMOTE error, or NULL. */
const char *varlink_error_get_remote_name       (const GError *error);
/* Its parameters (never NULL for a remote error), or NULL for other errors. */
JsonObject *varlink_error_get_remote_parameters (const GError *error);

G_END_DECLS

/* explorer-service.h: one service the window can show: its address, and, once opened, its
 * GetInfo facts and interface tree, or the reason it could not be read. */
#pragma once

#include <gio/gio.h>

#include "varlink.h"
#include "explorer-traffic.h"

G_BEGIN_DECLS

typedef enum {
  EXPLORER_SERVICE_STATE_IDLE,              /* not opened yet */
  EXPLORER_SERVICE_STATE_CONNECTING,        /* connecting, or reading its interfaces */
  EXPLORER_SERVICE_STATE_READY,             /* info and interfaces are available */
  EXPLORER_SERVICE_STATE_INVALID_ADDRESS,   /* the address does not parse */
  EXPLORER_SERVICE_STATE_UNREACHABLE,       /* connecting failed */
  EXPLORER_SERVICE_STATE_NOT_ANSWERING,     /* no answer within the timeout */
  EXPLORER_SERVICE_STATE_CLOSED,            /* the service closed the connection */
  EXPLORER_SERVICE_STATE_NO_INTROSPECTION,  /* GetInfo is not implemented (systemd < 255) */
  EXPLORER_SERVICE_STATE_FAILED,            /* any other error */
} ExplorerServiceState;

#define EXPLORER_TYPE_SERVICE_STATE (explorer_service_state_get_type ())
GType explorer_service_state_get_type (void) G_GNUC_CONST;

#define EXPLORER_DEFAULT_TIMEOUT_MS 5000

#define EXPLORER_TYPE_SERVICE (explorer_service_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerService, explorer_service, EXPLORER, SERVICE, GObject)

ExplorerService      *explorer_service_new               (const char      *title,
                                                          const char      *address);
/* The bundled demo service, started through socket activation when opened. */
ExplorerService      *explorer_service_new_demo          (void);

const char           *explorer_service_get_title         (ExplorerService *self);
const char           *explorer_service_get_address       (ExplorerService *self);
ExplorerServiceState  explorer_service_get_state         (ExplorerService *self);
/* Whether the state is one of the failures. */
gboolean              explorer_service_is_failed         (ExplorerService *self);
/* For a failed state: a headline, and a sentence or two with the cause and what to try. */
const char           *explorer_service_get_error_title   (ExplorerService *self);
const char           *explorer_service_get_error_details (ExplorerService *self);

/* The longest wait, in milliseconds, for connecting and for each answer. */
guint                 explorer_service_get_timeout       (ExplorerService *self);
void                  explorer_service_set_timeout       (ExplorerService *self,
                                                          guint            timeout_ms);

/* Connects and reads the service unless it is already open or opening. */
void                  explorer_service_open              (ExplorerService *self);
/* Closes the connection and opens it again. */
void                  explorer_service_reload            (ExplorerService *self);

/* NULL until READY. */
const VarlinkInfo    *explorer_service_get_info          (ExplorerService *self);
/* ExplorerTreeItem interface items, in the order GetInfo lists them; empty until READY. */
GListModel           *explorer_service_get_interfaces    (ExplorerService *self);

/* Interface descriptions from local .varlink files, for services without introspection (or
 * to read an interface the service does not describe). The file is parsed strictly and its
 * interface joins get_interfaces(), marked as attached; attachments are kept per address in
 * GSettings and restored when the service is opened again. Errors say what is wrong, with
 * LINE:COLUMN for parse errors. */
gboolean              explorer_service_attach_file       (ExplorerService *self,
                                                          GFile           *file,
                                                          GError         **error);
void                  explorer_service_detach_interface  (ExplorerService *self,
                                                          const char      *interface_name);
/* Whether the interface of that name comes from an attached file. */
gboolean              explorer_service_is_attached       (ExplorerService *self,
                                                          const char      *interface_name);
/* The path of the file attached for that interface, or NULL. */
const char           *explorer_service_get_attached_path (ExplorerService *self,
                                                          const char      *interface_name);

/* The address to connect to: the service's own, except in a Flatpak sandbox, where a
 * socket of the host is reached through a bridge (see explorer-sandbox.h). */
char                 *explorer_service_dup_connect_address (ExplorerService *self);

/* Whether the last failure to open it was a refusal (the socket's permissions, or
 * org.varlink.service.PermissionDenied): an administrator may be let in. */
gboolean              explorer_service_get_refused       (ExplorerService *self);
/* For a unix socket: the address that opens it as an administrator, through pkexec and this
 * program's --bridge (from a Flatpak sandbox: the host's pkexec and socat); NULL for other
 * addresses. */
char                 *explorer_service_dup_admin_address (ExplorerService *self);

/* Whether opening the service starts a program (exec:, ssh, bridge): such services are never
 * probed or opened without the user asking. */
gboolean              explorer_service_spawns            (ExplorerService *self);

/* What a quick GetInfo probe found, before (or without) opening the service. The sidebar shows
 * it until the service is opened; ExplorerDiscovery sets it. */
typedef enum {
  EXPLORER_PROBE_NONE,               /* not probed, or never probed (starts a program) */
  EXPLORER_PROBE_PROBING,
  EXPLORER_PROBE_ANSWERS,
  EXPLORER_PROBE_NO_INTROSPECTION,   /* answers, but GetInfo is not implemented */
  EXPLORER_PROBE_PERMISSION_DENIED,  /* refused by the service or the socket's permissions */
  EXPLORER_PROBE_NEEDS_ROOT,         /* the socket belongs to root and refuses us */
  EXPLORER_PROBE_NOT_ANSWERING,      /* no answer within the probe's timeout */
  EXPLORER_PROBE_UNREACHABLE,        /* connecting failed */
} ExplorerProbeState;

#define EXPLORER_TYPE_PROBE_STATE (explorer_probe_state_get_type ())
GType explorer_probe_state_get_type (void) G_GNUC_CONST;

ExplorerProbeState    explorer_service_get_probe_state   (ExplorerService   *self);
void                  explorer_service_set_probe_state   (ExplorerService   *self,
                                                          ExplorerProbeState state);

/* The application's settings, or NULL when its schema is not installed (run from the build
 * tree without `meson devenv`): then nothing is remembered. */
GSettings            *explorer_settings_new              (void);

/* Every message on this service's connections (introspection and calls), for the traffic
 * view; call connections are attached with explorer_traffic_attach(). */
ExplorerTraffic      *explorer_service_get_traffic       (ExplorerService *self);

G_END_DECLS

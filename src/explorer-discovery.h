/* explorer-discovery.h: where the sidebar's services come from: the demo service, registry
 * directories, systemd's sockets, the resolver, and the addresses the user opened or kept.
 * Every source is read asynchronously, watched with file monitors, and each service found is
 * probed with GetInfo (a few at once, each with a short timeout) unless the auto-probe
 * setting is off; then only a refresh or explorer_discovery_probe_all() probes. The
 * connect-timeout and probe-timeout settings are followed as they change.
 *
 * Paths: the user registry is $XDG_RUNTIME_DIR/varlink/registry (read once, when the object
 * is created). The system directories (/run/varlink/registry, /run/systemd, /run/udev and the
 * resolver at /run/org.varlink.resolver) live under /run, or under the directory named by the
 * environment variable EXPLORER_SYSTEM_RUN_DIR when it is set (tests build fake trees there). */
#pragma once

#include <gio/gio.h>

#include "explorer-service.h"

G_BEGIN_DECLS

typedef enum {
  EXPLORER_DISCOVERY_DEMO,
  EXPLORER_DISCOVERY_REGISTRY,
  EXPLORER_DISCOVERY_SYSTEMD,
  EXPLORER_DISCOVERY_RESOLVER,
  EXPLORER_DISCOVERY_SAVED,      /* bookmarks, then recent addresses, most recent first */
  EXPLORER_DISCOVERY_N_SECTIONS
} ExplorerDiscoverySection;

#define EXPLORER_DISCOVERY_PROBE_TIMEOUT_MS 2000
#define EXPLORER_DISCOVERY_MAX_PROBES       4

#define EXPLORER_TYPE_DISCOVERY (explorer_discovery_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerDiscovery, explorer_discovery, EXPLORER, DISCOVERY, GObject)

/* Starts looking at once. */
ExplorerDiscovery *explorer_discovery_new                 (void);

/* ExplorerService items of one section. */
GListModel        *explorer_discovery_get_section         (ExplorerDiscovery        *self,
                                                           ExplorerDiscoverySection  section);
/* A heading for the section, translated. */
const char        *explorer_discovery_section_title       (ExplorerDiscoverySection  section);

/* Reads every source again and probes every service that is not open, and what the
 * reading finds, whatever the auto-probe setting says: the user asked. */
void               explorer_discovery_refresh             (ExplorerDiscovery        *self);
/* Probes every listed service that is not open and not being probed. */
void               explorer_discovery_probe_all           (ExplorerDiscovery        *self);
/* Whether some source is still being read. */
gboolean           explorer_discovery_is_busy             (ExplorerDiscovery        *self);

/* The service with this address in any section, or NULL. */
ExplorerService   *explorer_discovery_lookup              (ExplorerDiscovery        *self,
                                                           const char               *address);
/* The timeout of every service, now and found later; the probes keep their own. */
void               explorer_discovery_set_timeout         (ExplorerDiscovery        *self,
                                                           guint                     timeout_ms);
void               explorer_discovery_set_probe_timeout   (ExplorerDiscovery        *self,
                                                           guint                     timeout_ms);

/* Recent and bookmarked addresses (GSettings). add_recent returns the service of the Saved
 * section for that address. */
ExplorerService   *explorer_discovery_add_recent          (ExplorerDiscovery        *self,
                                                           const char               *address);
gboolean           explorer_discovery_is_bookmarked       (ExplorerDiscovery        *self,
                                                           const char               *address);
void               explorer_discovery_set_bookmarked      (ExplorerDiscovery        *self,
                                                           const char               *address,
                                                           gboolean                  bookmarked);
/* Forgets the address: from recent addresses and from bookmarks. */
void               explorer_discovery_remove_saved        (ExplorerDiscovery        *self,
                                                           const char               *address);

/* For a row of the Resolver section: the interface it stands for, else NULL. */
const char        *explorer_discovery_get_resolver_interface (ExplorerService       *service);
/* Asks the resolver for the address of such a row's interface. */
void               explorer_discovery_resolve_async       (ExplorerDiscovery        *self,
                                                           ExplorerService          *service,
                                                           GCancellable             *cancellable,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
char              *explorer_discovery_resolve_finish      (ExplorerDiscovery        *self,
                                                           GAsyncResult             *result,
                                                           GError                  **error);

G_END_DECLS

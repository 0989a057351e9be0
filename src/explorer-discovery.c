/* explorer-discovery.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "explorer-discovery.h"
#include "explorer-sandbox.h"

#define RESCAN_DELAY_MS 250
#define ENUMERATE_BATCH 64
#define RESOLVER_INTERFACE_KEY "explorer-resolver-interface"

/* A directory tree to look for sockets in. */
typedef struct
{
  ExplorerDiscoverySection  section;
  char                     *path;
  guint                     depth;   /* how many levels of subdirectories to read */
  const char               *prefix;  /* socket names must start with it, or NULL */
} Root;

typedef struct
{
  guint        generation;     /* bumped on each rescan: older results are dropped */
  guint        n_pending;      /* enumerations in flight */
  GHashTable  *found;          /* address -> title */
  GHashTable  *monitors;       /* directory path -> GFileMonitor */
  guint        rescan_id;
} SectionScan;

struct _ExplorerDiscovery
{
  GObject        parent_instance;

  GListStore    *sections[EXPLORER_DISCOVERY_N_SECTIONS];
  SectionScan    scans[EXPLORER_DISCOVERY_N_SECTIONS];
  GPtrArray     *roots;
  char          *resolver_address;
  guint          resolver_generation;

  GCancellable  *cancellable;
  GSettings     *settings;
  guint          timeout_ms;
  guint          probe_timeout_ms;
  gboolean       auto_probe;
  /* Sections rescanned at the user's request: what they find is probed even without
   * auto_probe. */
  guint          probe_requested;   /* bit per section */

  GQueue         probe_queue;   /* ExplorerService, referenced */
  guint          n_probing;
  guint          probe_idle_id;
};

G_DEFINE_FINAL_TYPE (ExplorerDiscovery, explorer_discovery, G_TYPE_OBJECT)

static void explorer_discovery_scan_section (ExplorerDiscovery        *self,
                                             ExplorerDiscoverySection  section);
static void explorer_discovery_probe_next   (ExplorerDiscovery        *self);
static void explorer_discovery_probe_soon   (ExplorerDiscovery        *self);

static void
root_free (Root *root)
{
  g_free (root->path);
  g_free (root);
}

/* Async operations hold a weak reference: closing the window drops the discovery at once,
 * cancels what is in flight, and the late callbacks find nobody to report to. */
typedef struct
{
  GWeakRef  self;
  guint     generation;
  Root     *root;
  guint     depth;
} ScanData;

static ScanData *
scan_data_new (ExplorerDiscovery *self,
               Root              *root,
               guint              depth)
{
  ScanData *data = g_new0 (ScanData, 1);

  g_weak_ref_init (&data->self, self);
  data->root = root;
  data->depth = depth;
  data->generation = self->scans[root->section].generation;

  return data;
}

static void
scan_data_free (ScanData *data)
{
  g_weak_ref_clear (&data->self);
  g_free (data);
}

/* Brings a section's store to the found set, keeping the objects (and their states) of the
 * services that are still there, in name order. */
static void
explorer_discovery_reconcile (ExplorerDiscovery        *self,
                              ExplorerDiscoverySection  section,
                              GHashTable               *found)
{
  GListStore *store = self->sections[section];
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i > 0; i--)
    {
      g_autoptr(ExplorerService) service = g_list_model_get_item (G_LIST_MODEL (store), i - 1);
      const char *address = explorer_service_get_address (service);

      if (g_hash_table_contains (found, address))
        g_hash_table_add (known, (gpointer) address);
      else
        g_list_store_remove (store, i - 1);
    }

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ExplorerService *service;

      if (g_hash_table_contains (known, key))
        continue;

      service = explorer_service_new (value, key);
      explorer_service_set_timeout (service, self->timeout_ms);
      g_ptr_array_add (added, service);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < added->len; i++)
    {
      ExplorerService *service = g_ptr_array_index (added, i);
      guint position = 0;

      /* Sorted by title, then address; the lists are short. */
      while (position < n)
        {
          g_autoptr(ExplorerService) other = g_list_model_get_item (G_LIST_MODEL (store), position);
          int cmp = g_utf8_collate (explorer_service_get_title (service),
                                    explorer_service_get_title (other));

          if (cmp == 0)
            cmp = g_strcmp0 (explorer_service_get_address (service),
                             explorer_service_get_address (other));
          if (cmp < 0)
            break;
          position++;
        }

      g_list_store_insert (store, position, service);
      n++;

      if (!explorer_service_spawns (service) &&
          (self->auto_probe || (self->probe_requested & (1u << section)) != 0))
        {
          g_queue_push_tail (&self->probe_queue, g_object_ref (service));
          explorer_service_set_probe_state (service, EXPLORER_PROBE_PROBING);
        }
    }

  explorer_discovery_probe_soon (self);
}

static void
explorer_discovery_section_done (ExplorerDiscovery        *self,
                                 ExplorerDiscoverySection  section)
{
  SectionScan *scan = &self->scans[section];

  if (--scan->n_pending > 0)
    return;

  explorer_discovery_reconcile (self, section, scan->found);
  self->probe_requested &= ~(1u << section);
  g_object_notify (G_OBJECT (self), "busy");
}

static void
on_directory_changed (GFileMonitor      *monitor,
                      GFile             *file,
                      GFile             *other_file,
                      GFileMonitorEvent  event,
                      gpointer           user_data);

static void
explorer_discovery_watch (ExplorerDiscovery *self,
                          Root              *root,
                          GFile             *directory)
{
  SectionScan *scan = &self->scans[root->section];
  g_autofree char *path = g_file_get_path (directory);
  g_autoptr(GFileMonitor) monitor = NULL;

  if (path == NULL || g_hash_table_contains (scan->monitors, path))
    return;

  /* A directory that does not exist yet is watched too: GIO notices when it appears. */
  monitor = g_file_monitor_directory (directory, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (monitor == NULL)
    return;

  g_object_set_data (G_OBJECT (monitor), "explorer-root", root);
  g_signal_connect_object (monitor, "changed", G_CALLBACK (on_directory_changed), self, 0);
  g_hash_table_insert (scan->monitors, g_steal_pointer (&path), g_steal_pointer (&monitor));
}

static void explorer_discovery_enumerate (ExplorerDiscovery *self,
                                          Root              *root,
                                          GFile             *directory,
                                          guint              depth);

static void
on_next_files (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GFileEnumerator *enumerator = G_FILE_ENUMERATOR (object);
  ScanData *data = user_data;
  g_autoptr(ExplorerDiscovery) self = g_weak_ref_get (&data->self);
  g_autoptr(GError) error = NULL;
  GList *files;
  Root *root = data->root;
  SectionScan *scan;

  files = g_file_enumerator_next_files_finish (enumerator, result, &error);

  if (self == NULL || data->generation != self->scans[root->section].generation)
    {
      g_list_free_full (files, g_object_unref);
      scan_data_free (data);
      return;
    }

  scan = &self->scans[root->section];

  for (GList *l = files; l != NULL; l = l->next)
    {
      GFileInfo *info = l->data;
      const char *name = g_file_info_get_name (info);
      GFileType type = g_file_info_get_file_type (info);
      g_autoptr(GFile) child = g_file_enumerator_get_child (enumerator, info);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (data->depth > 0)
            explorer_discovery_enumerate (self, root, child, data->depth - 1);
          continue;
        }

      if (type != G_FILE_TYPE_SPECIAL ||
          !S_ISSOCK (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE)))
        continue;

      if (root->prefix != NULL && !g_str_has_prefix (name, root->prefix))
        continue;

      g_hash_table_insert (scan->found, g_strconcat ("unix:", g_file_peek_path (child), NULL),
                           g_strdup (name));
    }

  if (files != NULL)
    {
      g_list_free_full (files, g_object_unref);
      g_file_enumerator_next_files_async (enumerator, ENUMERATE_BATCH, G_PRIORITY_DEFAULT,
                                          self->cancellable, on_next_files, data);
      return;
    }

  g_file_enumerator_close_async (enumerator, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  scan_data_free (data);
  explorer_discovery_section_done (self, root->section);
}

static void
on_enumerated (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ScanData *data = user_data;
  g_autoptr(ExplorerDiscovery) self = g_weak_ref_get (&data->self);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;
  Root *root = data->root;

  enumerator = g_file_enumerate_children_finish (G_FILE (object), result, &error);

  if (self == NULL || data->generation != self->scans[root->section].generation)
    {
      scan_data_free (data);
      return;
    }

  /* A directory that is missing or not readable holds nothing we can show. */
  if (enumerator == NULL)
    {
      g_debug ("Not reading %s: %s", g_file_peek_path (G_FILE (object)), error->message);
      scan_data_free (data);
      explorer_discovery_section_done (self, root->section);
      return;
    }

  g_file_enumerator_next_files_async (enumerator, ENUMERATE_BATCH, G_PRIORITY_DEFAULT,
                                      self->cancellable, on_next_files, data);
}

static void
on_host_sockets (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScanData *data = user_data;
  g_autoptr(ExplorerDiscovery) self = g_weak_ref_get (&data->self);
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;
  Root *root = data->root;
  GHashTableIter iter;
  gpointer key, value;

  found = explorer_sandbox_find_host_sockets_finish (result, &error);

  if (self == NULL || data->generation != self->scans[root->section].generation)
    {
      scan_data_free (data);
      return;
    }

  if (found == NULL)
    g_debug ("Not listing %s on the host: %s", root->path, error->message);
  else
    {
      g_hash_table_iter_init (&iter, found);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->scans[root->section].found, g_strdup (key), g_strdup (value));
    }

  scan_data_free (data);
  explorer_discovery_section_done (self, root->section);
}

static void
explorer_discovery_enumerate (ExplorerDiscovery *self,
                              Root              *root,
                              GFile             *directory,
                              guint              depth)
{
  self->scans[root->section].n_pending++;

  /* In a Flatpak sandbox the host's /run is not visible: it is listed through flatpak-spawn
   * --host, every level at once, and reached through bridges. No monitor sees the host's
   * directories change; a refresh reads them again. */
  if (explorer_sandbox_is_flatpak ())
    {
      explorer_sandbox_find_host_sockets_async (g_file_peek_path (directory), depth, root->prefix,
                                                self->cancellable, on_host_sockets,
                                                scan_data_new (self, root, depth));
      return;
    }

  explorer_discovery_watch (self, root, directory);
  g_file_enumerate_children_async (directory,
                                   G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                   G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                   G_FILE_ATTRIBUTE_UNIX_MODE,
                                   G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                                   self->cancellable, on_enumerated,
                                   scan_data_new (self, root, depth));
}

/* Resolver: its interfaces become rows; each resolves to an address when chosen. */
static void
on_resolver_listed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScanData *data = user_data;
  g_autoptr(ExplorerDiscovery) self = g_weak_ref_get (&data->self);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) interfaces = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint generation = data->generation;

  interfaces = varlink_resolver_list_finish (result, &error);
  scan_data_free (data);

  if (self == NULL || generation != self->resolver_generation)
    return;

  /* No resolver is the usual case: the section stays empty and hidden, without a word. */
  if (interfaces == NULL)
    g_debug ("No resolver at %s: %s", self->resolver_address, error->message);

  for (guint i = 0; interfaces != NULL && interfaces[i] != NULL; i++)
    {
      ExplorerService *service;

      if (g_str_equal (interfaces[i], "org.varlink.service") ||
          g_str_equal (interfaces[i], "org.varlink.resolver"))
        continue;

      service = explorer_service_new (interfaces[i], self->resolver_address);
      g_object_set_data_full (G_OBJECT (service), RESOLVER_INTERFACE_KEY,
                              g_strdup (interfaces[i]), g_free);
      g_ptr_array_add (items, service);
    }

  g_list_store_splice (self->sections[EXPLORER_DISCOVERY_RESOLVER], 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->sections[EXPLORER_DISCOVERY_RESOLVER])),
                       items->pdata, items->len);
  self->scans[EXPLORER_DISCOVERY_RESOLVER].n_pending = 0;
  g_object_notify (G_OBJECT (self), "busy");
}

static void
explorer_discovery_scan_section (ExplorerDiscovery        *self,
                                 ExplorerDiscoverySection  section)
{
  SectionScan *scan = &self->scans[section];

  g_clear_handle_id (&scan->rescan_id, g_source_remove);
  scan->generation++;

  if (section == EXPLORER_DISCOVERY_RESOLVER)
    {
      Root root = { section, NULL, 0, NULL };
      ScanData *data = scan_data_new (self, &root, 0);

      data->root = NULL;
      data->generation = ++self->resolver_generation;
      scan->n_pending = 1;
      g_autofree char *resolver = explorer_sandbox_host_address (self->resolver_address);

      varlink_resolver_list_async (resolver, self->probe_timeout_ms,
                                   self->cancellable, on_resolver_listed, data);
      return;
    }

  g_hash_table_remove_all (scan->found);
  scan->n_pending = 1;   /* held until every root is started */

  for (guint i = 0; i < self->roots->len; i++)
    {
      Root *root = g_ptr_array_index (self->roots, i);
      g_autoptr(GFile) directory = NULL;

      if (root->section != section)
        continue;

      directory = g_file_new_for_path (root->path);
      explorer_discovery_enumerate (self, root, directory, root->depth);
    }

  explorer_discovery_section_done (self, section);
}

typedef struct
{
  ExplorerDiscovery        *self;
  ExplorerDiscoverySection  section;
} Rescan;

static gboolean
on_rescan_timeout (gpointer user_data)
{
  Rescan *rescan = user_data;

  rescan->self->scans[rescan->section].rescan_id = 0;
  explorer_discovery_scan_section (rescan->self, rescan->section);

  return G_SOURCE_REMOVE;
}

static void
on_directory_changed (GFileMonitor      *monitor,
                      GFile             *file,
                      GFile             *other_file,
                      GFileMonitorEvent  event,
                      gpointer           user_data)
{
  ExplorerDiscovery *self = user_data;
  Root *root = g_object_get_data (G_OBJECT (monitor), "explorer-root");
  SectionScan *scan = &self->scans[root->section];
  g_autofree char *name = g_file_get_basename (file);
  Rescan *rescan;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      break;
    default:
      return;
    }

  /* /run/systemd sees many files come and go; only its service sockets matter. The root
   * itself appearing or vanishing always does. */
  if (root->prefix != NULL && !g_str_has_prefix (name, root->prefix) &&
      g_strcmp0 (g_file_peek_path (file), root->path) != 0)
    return;

  /* A burst of changes (a service starting several sockets) makes one rescan. */
  if (scan->rescan_id != 0)
    return;

  rescan = g_new0 (Rescan, 1);
  rescan->self = self;
  rescan->section = root->section;
  scan->rescan_id = g_timeout_add_full (G_PRIORITY_DEFAULT, RESCAN_DELAY_MS,
                                        on_rescan_timeout, rescan, g_free);
}

/* Probing */

typedef struct
{
  GWeakRef           self;
  ExplorerService   *service;
  GCancellable      *cancellable;
  VarlinkConnection *connection;
  guint              timeout_id;
  gboolean           timed_out;
  gboolean           done;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  if (probe->connection != NULL)
    varlink_connection_close (probe->connection);
  g_clear_object (&probe->connection);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->service);
  g_weak_ref_clear (&probe->self);
  g_free (probe);
}

static void
probe_finish (Probe              *probe,
              ExplorerProbeState  state)
{
  g_autoptr(ExplorerDiscovery) self = g_weak_ref_get (&probe->self);

  explorer_service_set_probe_state (probe->service, state);
  probe_free (probe);

  if (self != NULL)
    {
      self->n_probing--;
      explorer_discovery_probe_next (self);
    }
}

static gboolean
on_probe_timeout (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timeout_id = 0;
  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_probe_owner (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);

  if (info != NULL &&
      g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_UID) == 0 &&
      geteuid () != 0)
    probe_finish (probe, EXPLORER_PROBE_NEEDS_ROOT);
  else
    probe_finish (probe, EXPLORER_PROBE_PERMISSION_DENIED);
}

static void
on_probe_info (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkInfo) info = NULL;
  const char *remote;

  info = varlink_connection_get_info_finish (VARLINK_CONNECTION (object), result, &error);
  remote = error != NULL ? varlink_error_get_remote_name (error) : NULL;

  if (info != NULL)
    probe_finish (probe, EXPLORER_PROBE_ANSWERS);
  else if (g_strcmp0 (remote, "org.varlink.service.MethodNotImplemented") == 0 ||
           g_strcmp0 (remote, "org.varlink.service.MethodNotFound") == 0)
    probe_finish (probe, EXPLORER_PROBE_NO_INTROSPECTION);
  else if (g_strcmp0 (remote, "org.varlink.service.PermissionDenied") == 0)
    probe_finish (probe, EXPLORER_PROBE_PERMISSION_DENIED);
  else if (remote != NULL)
    /* It answered, with some error: it is a service that speaks Varlink. */
    probe_finish (probe, EXPLORER_PROBE_ANSWERS);
  else
    probe_finish (probe, EXPLORER_PROBE_NOT_ANSWERING);
}

static void
on_probe_connected (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkAddress) address = NULL;

  probe->connection = varlink_connection_new_finish (result, &error);

  if (probe->connection != NULL)
    {
      g_autoptr(ExplorerDiscovery) self = g_weak_ref_get (&probe->self);
      guint timeout_ms = self != NULL ? self->probe_timeout_ms : EXPLORER_DISCOVERY_PROBE_TIMEOUT_MS;

      g_clear_handle_id (&probe->timeout_id, g_source_remove);
      varlink_connection_get_info_async (probe->connection, timeout_ms, probe->cancellable,
                                         on_probe_info, probe);
      return;
    }

  if (probe->timed_out)
    {
      probe_finish (probe, EXPLORER_PROBE_NOT_ANSWERING);
      return;
    }

  address = varlink_address_parse (explorer_service_get_address (probe->service), NULL);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) && address != NULL &&
      varlink_address_get_kind (address) == VARLINK_ADDRESS_UNIX &&
      varlink_address_get_path (address) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (varlink_address_get_path (address));

      g_file_query_info_async (file, G_FILE_ATTRIBUTE_UNIX_UID, G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, NULL, on_probe_owner, probe);
      return;
    }

  probe_finish (probe, EXPLORER_PROBE_UNREACHABLE);
}

static void
explorer_discovery_probe_next (ExplorerDiscovery *self)
{
  while (self->n_probing < EXPLORER_DISCOVERY_MAX_PROBES &&
         !g_queue_is_empty (&self->probe_queue))
    {
      g_autoptr(ExplorerService) service = g_queue_pop_head (&self->probe_queue);
      g_autofree char *address = NULL;
      Probe *probe;

      /* Gone from the sidebar, or opened meanwhile (the page says more than a probe). */
      if (G_OBJECT (service)->ref_count == 1 ||
          explorer_service_get_state (service) != EXPLORER_SERVICE_STATE_IDLE)
        {
          explorer_service_set_probe_state (service, EXPLORER_PROBE_NONE);
          continue;
        }

      probe = g_new0 (Probe, 1);
      g_weak_ref_init (&probe->self, self);
      probe->service = g_steal_pointer (&service);
      probe->cancellable = g_cancellable_new ();
      g_signal_connect_object (self->cancellable, "cancelled",
                               G_CALLBACK (g_cancellable_cancel), probe->cancellable,
                               G_CONNECT_SWAPPED);
      self->n_probing++;
      explorer_service_set_probe_state (probe->service, EXPLORER_PROBE_PROBING);

      /* Connecting has no timeout of its own. */
      probe->timeout_id = g_timeout_add (self->probe_timeout_ms, on_probe_timeout, probe);
      address = explorer_service_dup_connect_address (probe->service);
      varlink_connection_new_async (address, probe->cancellable, on_probe_connected, probe);
    }
}

static gboolean
on_probe_idle (gpointer user_data)
{
  ExplorerDiscovery *self = user_data;

  self->probe_idle_id = 0;
  explorer_discovery_probe_next (self);

  return G_SOURCE_REMOVE;
}

/* Probes start from the main loop, so that a service opened right after it is listed (an
 * address the user typed) is not probed as well. */
static void
explorer_discovery_probe_soon (ExplorerDiscovery *self)
{
  if (self->probe_idle_id == 0)
    self->probe_idle_id = g_idle_add (on_probe_idle, self);
}

static void
explorer_discovery_queue_probe (ExplorerDiscovery *self,
                                ExplorerService   *service)
{
  if (explorer_service_spawns (service) ||
      explorer_discovery_get_resolver_interface (service) != NULL ||
      explorer_service_get_state (service) != EXPLORER_SERVICE_STATE_IDLE ||
      explorer_service_get_probe_state (service) == EXPLORER_PROBE_PROBING)
    return;

  explorer_service_set_probe_state (service, EXPLORER_PROBE_PROBING);
  g_queue_push_tail (&self->probe_queue, g_object_ref (service));
}

/* Saved addresses */

static void
explorer_discovery_load_saved (ExplorerDiscovery *self)
{
  GListStore *store = self->sections[EXPLORER_DISCOVERY_SAVED];
  g_auto(GStrv) bookmarks = NULL;
  g_auto(GStrv) recent = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) old = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     g_object_unref);
  const char * const *lists[2];

  if (self->settings == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      ExplorerService *service = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_hash_table_insert (old, g_strdup (explorer_service_get_address (service)), service);
    }

  bookmarks = g_settings_get_strv (self->settings, "bookmarks");
  recent = g_settings_get_strv (self->settings, "recent-addresses");
  lists[0] = (const char * const *) bookmarks;
  lists[1] = (const char * const *) recent;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      for (guint i = 0; lists[l][i] != NULL; i++)
        {
          const char *address = lists[l][i];
          ExplorerService *service;

          if (g_hash_table_contains (seen, address))
            continue;
          g_hash_table_add (seen, (gpointer) address);

          service = g_hash_table_lookup (old, address);
          if (service != NULL)
            {
              g_ptr_array_add (items, g_object_ref (service));
              continue;
            }

          service = explorer_service_new (NULL, address);
          explorer_service_set_timeout (service, self->timeout_ms);
          g_ptr_array_add (items, service);
          if (self->auto_probe)
            explorer_discovery_queue_probe (self, service);
        }
    }

  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
  explorer_discovery_probe_soon (self);
}

static void
on_saved_changed (GSettings         *settings,
                  const char        *key,
                  ExplorerDiscovery *self)
{
  if (g_str_equal (key, "bookmarks") || g_str_equal (key, "recent-addresses"))
    {
      explorer_discovery_load_saved (self);
    }
  else if (g_str_equal (key, "auto-probe"))
    {
      self->auto_probe = g_settings_get_boolean (settings, key);
      /* Turned on: what was listed meanwhile is probed now, as if it had just been found. */
      if (self->auto_probe)
        explorer_discovery_probe_all (self);
    }
  else if (g_str_equal (key, "probe-timeout"))
    {
      explorer_discovery_set_probe_timeout (self, g_settings_get_uint (settings, key) * 1000);
    }
  else if (g_str_equal (key, "connect-timeout"))
    {
      explorer_discovery_set_timeout (self, g_settings_get_uint (settings, key) * 1000);
    }
}

/* GObject */

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
explorer_discovery_dispose (GObject *object)
{
  ExplorerDiscovery *self = EXPLORER_DISCOVERY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->probe_idle_id, g_source_remove);
  g_queue_clear_full (&self->probe_queue, g_object_unref);

  for (guint i = 0; i < EXPLORER_DISCOVERY_N_SECTIONS; i++)
    {
      g_clear_handle_id (&self->scans[i].rescan_id, g_source_remove);
      if (self->scans[i].monitors != NULL)
        g_hash_table_remove_all (self->scans[i].monitors);
    }

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, on_saved_changed, self);

  G_OBJECT_CLASS (explorer_discovery_parent_class)->dispose (object);
}

static void
explorer_discovery_finalize (GObject *object)
{
  ExplorerDiscovery *self = EXPLORER_DISCOVERY (object);

  for (guint i = 0; i < EXPLORER_DISCOVERY_N_SECTIONS; i++)
    {
      g_clear_object (&self->sections[i]);
      g_clear_pointer (&self->scans[i].found, g_hash_table_unref);
      g_clear_pointer (&self->scans[i].monitors, g_hash_table_unref);
    }

  g_clear_pointer (&self->roots, g_ptr_array_unref);
  g_clear_pointer (&self->resolver_address, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (explorer_discovery_parent_class)->finalize (object);
}

static void
explorer_discovery_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ExplorerDiscovery *self = EXPLORER_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, explorer_discovery_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_discovery_class_init (ExplorerDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = explorer_discovery_dispose;
  object_class->finalize = explorer_discovery_finalize;
  object_class->get_property = explorer_discovery_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
explorer_discovery_add_root (ExplorerDiscovery        *self,
                             ExplorerDiscoverySection  section,
                             const char               *path,
                             guint                     depth,
                             const char               *prefix)
{
  Root *root = g_new0 (Root, 1);

  root->section = section;
  root->path = g_strdup (path);
  root->depth = depth;
  root->prefix = prefix;
  g_ptr_array_add (self->roots, root);
}

static void
explorer_discovery_init (ExplorerDiscovery *self)
{
  const char *run = g_getenv ("EXPLORER_SYSTEM_RUN_DIR");
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr(ExplorerService) demo = NULL;

  if (run == NULL || *run == '\0')
    run = "/run";

  self->timeout_ms = EXPLORER_DEFAULT_TIMEOUT_MS;
  self->probe_timeout_ms = EXPLORER_DISCOVERY_PROBE_TIMEOUT_MS;
  self->auto_probe = TRUE;
  self->cancellable = g_cancellable_new ();
  self->settings = explorer_settings_new ();
  if (self->settings != NULL)
    {
      self->timeout_ms = g_settings_get_uint (self->settings, "connect-timeout") * 1000;
      self->probe_timeout_ms = g_settings_get_uint (self->settings, "probe-timeout") * 1000;
      self->auto_probe = g_settings_get_boolean (self->settings, "auto-probe");
    }
  self->roots = g_ptr_array_new_with_free_func ((GDestroyNotify) root_free);
  g_queue_init (&self->probe_queue);

  for (guint i = 0; i < EXPLORER_DISCOVERY_N_SECTIONS; i++)
    {
      self->sections[i] = g_list_store_new (EXPLORER_TYPE_SERVICE);
      self->scans[i].found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      self->scans[i].monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       g_object_unref);
    }

  path = g_build_filename (run, "varlink", "registry", NULL);
  explorer_discovery_add_root (self, EXPLORER_DISCOVERY_REGISTRY, path, 0, NULL);
  g_clear_pointer (&path, g_free);

  /* Only the user's own registry: $XDG_RUNTIME_DIR, not ~/.cache or a guess at /run/user. */
  if (runtime != NULL && *runtime != '\0')
    {
      path = g_build_filename (runtime, "varlink", "registry", NULL);
      explorer_discovery_add_root (self, EXPLORER_DISCOVERY_REGISTRY, path, 0, NULL);
      g_clear_pointer (&path, g_free);
    }

  /* systemd names its Varlink sockets after their interface (io.systemd.*; one is spelled
   * io.system.ManagedOOM); its other sockets (private, notify, journal/stdout, ...) are not
   * Varlink and are left out by name. */
  path = g_build_filename (run, "systemd", NULL);
  explorer_discovery_add_root (self, EXPLORER_DISCOVERY_SYSTEMD, path, 1, "io.system");
  g_clear_pointer (&path, g_free);
  path = g_build_filename (run, "udev", NULL);
  explorer_discovery_add_root (self, EXPLORER_DISCOVERY_SYSTEMD, path, 0, "io.system");
  g_clear_pointer (&path, g_free);

  path = g_build_filename (run, "org.varlink.resolver", NULL);
  address = g_strconcat ("unix:", path, NULL);
  self->resolver_address = g_steal_pointer (&address);

  demo = explorer_service_new_demo ();
  g_list_store_append (self->sections[EXPLORER_DISCOVERY_DEMO], demo);

  if (self->settings != NULL)
    g_signal_connect (self->settings, "changed", G_CALLBACK (on_saved_changed), self);
  explorer_discovery_load_saved (self);

  explorer_discovery_scan_section (self, EXPLORER_DISCOVERY_REGISTRY);
  explorer_discovery_scan_section (self, EXPLORER_DISCOVERY_SYSTEMD);
  explorer_discovery_scan_section (self, EXPLORER_DISCOVERY_RESOLVER);
}

ExplorerDiscovery *
explorer_discovery_new (void)
{
  return g_object_new (EXPLORER_TYPE_DISCOVERY, NULL);
}

GListModel *
explorer_discovery_get_section (ExplorerDiscovery        *self,
                                ExplorerDiscoverySection  section)
{
  g_return_val_if_fail (EXPLORER_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (section < EXPLORER_DISCOVERY_N_SECTIONS, NULL);

  return G_LIST_MODEL (self->sections[section]);
}

const char *
explorer_discovery_section_title (ExplorerDiscoverySection section)
{
  switch (section)
    {
    case EXPLORER_DISCOVERY_DEMO:
      return _("Demo");
    case EXPLORER_DISCOVERY_REGISTRY:
      return _("Registry");
    case EXPLORER_DISCOVERY_SYSTEMD:
      return _("systemd");
    case EXPLORER_DISCOVERY_RESOLVER:
      return _("Resolver");
    case EXPLORER_DISCOVERY_SAVED:
      return _("Recent and Bookmarks");
    case EXPLORER_DISCOVERY_N_SECTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

void
explorer_discovery_refresh (ExplorerDiscovery *self)
{
  g_return_if_fail (EXPLORER_IS_DISCOVERY (self));

  /* Asked for: what the scans find is probed, whether or not probing is automatic. */
  self->probe_requested = (1u << EXPLORER_DISCOVERY_REGISTRY) | (1u << EXPLORER_DISCOVERY_SYSTEMD);
  explorer_discovery_scan_section (self, EXPLORER_DISCOVERY_REGISTRY);
  explorer_discovery_scan_section (self, EXPLORER_DISCOVERY_SYSTEMD);
  explorer_discovery_scan_section (self, EXPLORER_DISCOVERY_RESOLVER);

  /* The services that stay are probed again: their state may have changed. */
  explorer_discovery_probe_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
explorer_discovery_probe_all (ExplorerDiscovery *self)
{
  g_return_if_fail (EXPLORER_IS_DISCOVERY (self));

  for (guint s = 0; s < EXPLORER_DISCOVERY_N_SECTIONS; s++)
    {
      GListModel *model = G_LIST_MODEL (self->sections[s]);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(ExplorerService) service = g_list_model_get_item (model, i);

          explorer_discovery_queue_probe (self, service);
        }
    }

  explorer_discovery_probe_soon (self);
}

gboolean
explorer_discovery_is_busy (ExplorerDiscovery *self)
{
  g_return_val_if_fail (EXPLORER_IS_DISCOVERY (self), FALSE);

  for (guint i = 0; i < EXPLORER_DISCOVERY_N_SECTIONS; i++)
    {
      if (self->scans[i].n_pending > 0 || self->scans[i].rescan_id != 0)
        return TRUE;
    }

  return self->n_probing > 0 || !g_queue_is_empty (&self->probe_queue) ||
         self->probe_idle_id != 0;
}

ExplorerService *
explorer_discovery_lookup (ExplorerDiscovery *self,
                           const char        *address)
{
  g_return_val_if_fail (EXPLORER_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  for (guint s = 0; s < EXPLORER_DISCOVERY_N_SECTIONS; s++)
    {
      GListModel *model = G_LIST_MODEL (self->sections[s]);

      if (s == EXPLORER_DISCOVERY_RESOLVER)
        continue;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(ExplorerService) service = g_list_model_get_item (model, i);

          if (g_strcmp0 (explorer_service_get_address (service), address) == 0)
            return service;
        }
    }

  return NULL;
}

void
explorer_discovery_set_timeout (ExplorerDiscovery *self,
                                guint              timeout_ms)
{
  g_return_if_fail (EXPLORER_IS_DISCOVERY (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;

  for (guint s = 0; s < EXPLORER_DISCOVERY_N_SECTIONS; s++)
    {
      GListModel *model = G_LIST_MODEL (self->sections[s]);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(ExplorerService) service = g_list_model_get_item (model, i);

          explorer_service_set_timeout (service, timeout_ms);
        }
    }
}

void
explorer_discovery_set_probe_timeout (ExplorerDiscovery *self,
                                      guint              timeout_ms)
{
  g_return_if_fail (EXPLORER_IS_DISCOVERY (self));
  g_return_if_fail (timeout_ms > 0);

  self->probe_timeout_ms = timeout_ms;
}

/* Without settings (no schema) the Saved section is kept in memory only. */
static void
explorer_discovery_add_unsaved (ExplorerDiscovery *self,
                                const char        *address)
{
  g_autoptr(ExplorerService) service = explorer_service_new (NULL, address);

  explorer_service_set_timeout (service, self->timeout_ms);
  g_list_store_insert (self->sections[EXPLORER_DISCOVERY_SAVED], 0, service);
}

static ExplorerService *
explorer_discovery_find_saved (ExplorerDiscovery *self,
                               const char        *address)
{
  GListModel *model = G_LIST_MODEL (self->sections[EXPLORER_DISCOVERY_SAVED]);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ExplorerService) service = g_list_model_get_item (model, i);

      if (g_strcmp0 (explorer_service_get_address (service), address) == 0)
        return service;
    }

  return NULL;
}

ExplorerService *
explorer_discovery_add_recent (ExplorerDiscovery *self,
                               const char        *address)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint max, n = 1;

  g_return_val_if_fail (EXPLORER_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (self->settings == NULL)
    {
      if (explorer_discovery_find_saved (self, address) == NULL)
        explorer_discovery_add_unsaved (self, address);
      return explorer_discovery_find_saved (self, address);
    }

  recent = g_settings_get_strv (self->settings, "recent-addresses");
  max = MAX (1, g_settings_get_uint (self->settings, "max-recent"));
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, address);
  for (guint i = 0; recent[i] != NULL && n < max; i++)
    {
      if (g_str_equal (recent[i], address))
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);

  if (!g_strv_equal ((const char * const *) recent, (const char * const *) updated))
    g_settings_set_strv (self->settings, "recent-addresses", (const char * const *) updated);

  /* The memory backend and dconf both emit "changed" at once, so the row exists now. */
  return explorer_discovery_find_saved (self, address);
}

gboolean
explorer_discovery_is_bookmarked (ExplorerDiscovery *self,
                                  const char        *address)
{
  g_auto(GStrv) bookmarks = NULL;

  g_return_val_if_fail (EXPLORER_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (self->settings == NULL)
    return FALSE;

  bookmarks = g_settings_get_strv (self->settings, "bookmarks");
  return g_strv_contains ((const char * const *) bookmarks, address);
}

static void
strv_remove (GSettings  *settings,
             const char *key,
             const char *address)
{
  g_auto(GStrv) values = g_settings_get_strv (settings, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  if (!g_strv_contains ((const char * const *) values, address))
    return;

  for (guint i = 0; values[i] != NULL; i++)
    {
      if (!g_str_equal (values[i], address))
        g_strv_builder_add (builder, values[i]);
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (settings, key, (const char * const *) updated);
}

void
explorer_discovery_set_bookmarked (ExplorerDiscovery *self,
                                   const char        *address,
                                   gboolean           bookmarked)
{
  g_auto(GStrv) bookmarks = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;

  g_return_if_fail (EXPLORER_IS_DISCOVERY (self));
  g_return_if_fail (address != NULL);

  if (self->settings == NULL || explorer_discovery_is_bookmarked (self, address) == !!bookmarked)
    return;

  if (!bookmarked)
    {
      strv_remove (self->settings, "bookmarks", address);
      return;
    }

  bookmarks = g_settings_get_strv (self->settings, "bookmarks");
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) bookmarks);
  g_strv_builder_add (builder, address);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "bookmarks", (const char * const *) updated);
}

void
explorer_discovery_remove_saved (ExplorerDiscovery *self,
                                 const char        *address)
{
  g_return_if_fail (EXPLORER_IS_DISCOVERY (self));
  g_return_if_fail (address != NULL);

  if (self->settings == NULL)
    {
      GListModel *model = G_LIST_MODEL (self->sections[EXPLORER_DISCOVERY_SAVED]);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(ExplorerService) service = g_list_model_get_item (model, i);

          if (g_strcmp0 (explorer_service_get_address (service), address) == 0)
            {
              g_list_store_remove (self->sections[EXPLORER_DISCOVERY_SAVED], i);
              break;
            }
        }
      return;
    }

  g_settings_delay (self->settings);
  strv_remove (self->settings, "recent-addresses", address);
  strv_remove (self->settings, "bookmarks", address);
  g_settings_apply (self->settings);
}

const char *
explorer_discovery_get_resolver_interface (ExplorerService *service)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (service), NULL);

  return g_object_get_data (G_OBJECT (service), RESOLVER_INTERFACE_KEY);
}

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *address = varlink_resolver_resolve_finish (result, &error);

  if (address == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, address, g_free);
}

void
explorer_discovery_resolve_async (ExplorerDiscovery   *self,
                                  ExplorerService     *service,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *resolver = NULL;
  const char *interface;

  g_return_if_fail (EXPLORER_IS_DISCOVERY (self));
  g_return_if_fail (EXPLORER_IS_SERVICE (service));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, explorer_discovery_resolve_async);

  interface = explorer_discovery_get_resolver_interface (service);
  if (interface == NULL)
    {
      g_task_return_pointer (task, g_strdup (explorer_service_get_address (service)), g_free);
      return;
    }

  resolver = explorer_service_dup_connect_address (service);
  varlink_resolver_resolve_async (resolver, interface,
                                  self->probe_timeout_ms, cancellable, on_resolved,
                                  g_steal_pointer (&task));
}

char *
explorer_discovery_resolve_finish (ExplorerDiscovery  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

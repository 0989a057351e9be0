/* explorer-service.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "explorer-sandbox.h"
#include "explorer-service.h"
#include "explorer-tree-item.h"

G_DEFINE_ENUM_TYPE (ExplorerServiceState, explorer_service_state,
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_INVALID_ADDRESS, "invalid-address"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_UNREACHABLE, "unreachable"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_NOT_ANSWERING, "not-answering"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_CLOSED, "closed"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_NO_INTROSPECTION, "no-introspection"),
  G_DEFINE_ENUM_VALUE (EXPLORER_SERVICE_STATE_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (ExplorerProbeState, explorer_probe_state,
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_PROBING, "probing"),
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_ANSWERS, "answers"),
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_NO_INTROSPECTION, "no-introspection"),
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_PERMISSION_DENIED, "permission-denied"),
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_NEEDS_ROOT, "needs-root"),
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_NOT_ANSWERING, "not-answering"),
  G_DEFINE_ENUM_VALUE (EXPLORER_PROBE_UNREACHABLE, "unreachable"))

/* An interface read from a local file rather than from the service. */
typedef struct
{
  char             *name;
  char             *path;
  ExplorerTreeItem *item;
} Attachment;

static void
attachment_free (Attachment *attachment)
{
  g_free (attachment->name);
  g_free (attachment->path);
  g_clear_object (&attachment->item);
  g_free (attachment);
}

/* One attempt to open the service. Callbacks of an attempt that was replaced or whose
 * service went away find load->self cleared or different from the service's load. */
typedef struct
{
  ExplorerService    *self;
  GCancellable       *cancellable;
  VarlinkConnection  *connection;
  VarlinkInfo        *info;
  guint               timeout_id;
  gboolean            timed_out;
  guint               n_pending;
  char              **descriptions;
  char              **problems;
  GError             *connection_error;
} Load;

struct _ExplorerService
{
  GObject               parent_instance;

  char                 *title;
  char                 *address;
  guint                 timeout_ms;

  ExplorerServiceState  state;
  gboolean              refused;      /* the last failure was a refusal to talk to us */
  char                 *error_title;
  char                 *error_details;

  Load                 *load;
  VarlinkConnection    *connection;
  VarlinkInfo          *info;
  GListStore           *interfaces;

  ExplorerProbeState    probe_state;
  /* What the service described itself (ExplorerTreeItem), and what files add. */
  GPtrArray            *introspected;
  GPtrArray            *attached;
  GSettings            *settings;
  ExplorerTraffic      *traffic;
};

G_DEFINE_FINAL_TYPE (ExplorerService, explorer_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ADDRESS,
  PROP_STATE,
  PROP_ERROR_TITLE,
  PROP_ERROR_DETAILS,
  PROP_TIMEOUT,
  PROP_PROBE_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void explorer_service_publish_interfaces (ExplorerService *self);

static Load *
load_new (ExplorerService *self)
{
  Load *load = g_rc_box_new0 (Load);

  load->self = self;
  load->cancellable = g_cancellable_new ();

  return load;
}

static void
load_clear (Load *load)
{
  g_clear_handle_id (&load->timeout_id, g_source_remove);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->connection);
  g_clear_pointer (&load->info, varlink_info_free);
  g_clear_pointer (&load->descriptions, g_strfreev);
  g_clear_pointer (&load->problems, g_strfreev);
  g_clear_error (&load->connection_error);
}

static Load *
load_ref (Load *load)
{
  return g_rc_box_acquire (load);
}

static void
load_unref (Load *load)
{
  g_rc_box_release_full (load, (GDestroyNotify) load_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_unref)

static gboolean
load_is_current (Load *load)
{
  return load->self != NULL && load->self->load == load;
}

/* Ends the current attempt; its pending callbacks will see that they are stale. */
static void
explorer_service_stop_load (ExplorerService *self)
{
  Load *load = g_steal_pointer (&self->load);

  if (load == NULL)
    return;

  load->self = NULL;
  g_clear_handle_id (&load->timeout_id, g_source_remove);
  g_cancellable_cancel (load->cancellable);
  if (load->connection != NULL)
    varlink_connection_close (load->connection);
  load_unref (load);
}

static void
explorer_service_set_state (ExplorerService      *self,
                            ExplorerServiceState  state,
                            const char           *error_title,
                            const char           *error_details)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (state == EXPLORER_SERVICE_STATE_CONNECTING)
    self->refused = FALSE;

  if (g_strcmp0 (self->error_title, error_title) != 0)
    {
      g_free (self->error_title);
      self->error_title = g_strdup (error_title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_TITLE]);
    }

  if (g_strcmp0 (self->error_details, error_details) != 0)
    {
      g_free (self->error_details);
      self->error_details = g_strdup (error_details);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_DETAILS]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
explorer_service_fail (ExplorerService      *self,
                       ExplorerServiceState  state,
                       const char           *title,
                       const char           *details)
{
  explorer_service_stop_load (self);
  if (self->connection != NULL)
    varlink_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->introspected, g_ptr_array_unref);
  explorer_service_publish_interfaces (self);
  explorer_service_set_state (self, state, title, details);
}

static char *
seconds_text (guint timeout_ms)
{
  guint seconds = MAX (1, (timeout_ms + 500) / 1000);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                          seconds);
}

static void
explorer_service_fail_with_error (ExplorerService *self,
                                  const GError    *error,
                                  gboolean         connecting)
{
  g_autofree char *details = NULL;
  g_autofree char *wait = seconds_text (self->timeout_ms);
  const char *remote = varlink_error_get_remote_name (error);

  if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_TIMED_OUT))
    {
      if (connecting)
        /* Translators: %s is a duration such as "5 seconds" */
        details = g_strdup_printf (_("Connecting did not finish within %s. The service may be "
                                     "starting slowly, or the network may be dropping the "
                                     "connection."), wait);
      else
        /* Translators: %s is a duration such as "5 seconds" */
        details = g_strdup_printf (_("The service accepted the connection but did not answer "
                                     "within %s. It may be busy or stuck. Try again later."),
                                   wait);
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_NOT_ANSWERING,
                             _("The Service Is Not Answering"), details);
    }
  else if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_ADDRESS))
    {
      details = g_strdup_printf ("%s\n%s", error->message,
                                 _("Addresses look like unix:/run/example.socket, "
                                   "tcp:localhost:1234 or exec:/usr/libexec/example-service."));
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_INVALID_ADDRESS,
                             _("This Address Is Not Valid"), details);
    }
  else if (connecting)
    {
      const char *hint;

      self->refused = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      if (self->refused)
        hint = _("You may not be allowed to use this socket: some services only talk to "
                 "administrators.");
      else
        hint = _("Check that the service is running and that the address is right.");

      details = g_strdup_printf ("%s\n%s", error->message, hint);
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_UNREACHABLE,
                             _("Cannot Reach the Service"), details);
    }
  else if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    {
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_CLOSED,
                             _("The Service Closed the Connection"),
                             _("It closed the connection without answering. It may have "
                               "stopped, it may not speak Varlink, or it may not accept this "
                               "client."));
    }
  else if (g_strcmp0 (remote, "org.varlink.service.MethodNotImplemented") == 0 ||
           g_strcmp0 (remote, "org.varlink.service.MethodNotFound") == 0)
    {
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_NO_INTROSPECTION,
                             _("The Service Answers Without Introspection"),
                             _("It works but does not describe its interfaces, as services "
                               "of systemd before version 255 do. Its methods can still be "
                               "called by name."));
    }
  else if (g_strcmp0 (remote, "org.varlink.service.PermissionDenied") == 0)
    {
      self->refused = TRUE;
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_FAILED,
                             _("Permission Denied"),
                             _("The service refuses to describe itself to you. It may "
                               "answer an administrator."));
    }
  else if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL))
    {
      details = g_strdup_printf ("%s\n%s", error->message,
                                 _("Check that this address belongs to a Varlink service."));
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_FAILED,
                             _("The Service Does Not Speak Varlink"), details);
    }
  else
    {
      explorer_service_fail (self, EXPLORER_SERVICE_STATE_FAILED,
                             _("Cannot Read the Service"), error->message);
    }
}

/* The interfaces shown: the described ones, each replaced by a file attached for the same
 * name (the user chose it), then the attached ones the service does not list. */
static void
explorer_service_publish_interfaces (ExplorerService *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; self->introspected != NULL && i < self->introspected->len; i++)
    {
      ExplorerTreeItem *item = g_ptr_array_index (self->introspected, i);
      const char *name = explorer_tree_item_get_title (item);

      for (guint j = 0; j < self->attached->len; j++)
        {
          Attachment *attachment = g_ptr_array_index (self->attached, j);

          if (g_str_equal (attachment->name, name))
            {
              item = attachment->item;
              g_hash_table_add (used, attachment);
              break;
            }
        }

      g_ptr_array_add (items, item);
    }

  for (guint j = 0; j < self->attached->len; j++)
    {
      Attachment *attachment = g_ptr_array_index (self->attached, j);

      if (!g_hash_table_contains (used, attachment))
        g_ptr_array_add (items, attachment->item);
    }

  g_list_store_splice (self->interfaces, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->interfaces)),
                       items->pdata, items->len);
}

static void
explorer_service_finish_load (ExplorerService *self,
                              Load            *load)
{
  guint n = load->info->interfaces ? g_strv_length (load->info->interfaces) : 0;
  guint n_failed = 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      if (load->problems[i] != NULL)
        n_failed++;
    }

  /* Every description failing for one connection-level reason means the service, not an
   * interface, is the problem. */
  if (n > 0 && n_failed == n && load->connection_error != NULL)
    {
      g_autoptr(GError) error = g_error_copy (load->connection_error);

      explorer_service_fail_with_error (self, error, FALSE);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *name = load->info->interfaces[i];
      g_autoptr(VarlinkInterface) parsed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *problem = NULL;

      if (load->descriptions[i] != NULL)
        {
          parsed = varlink_interface_new_from_string (load->descriptions[i], -1,
                                                      VARLINK_PARSE_LENIENT, &error);
          if (parsed == NULL)
            /* Translators: %s is a parser message with a line and column */
            problem = g_strdup_printf (_("Its description does not parse: %s"), error->message);
        }
      else
        {
          problem = g_strdup (load->problems[i]);
        }

      g_ptr_array_add (items, explorer_tree_item_new_interface (name, parsed, problem));
    }

  g_set_object (&self->connection, load->connection);
  g_clear_pointer (&self->info, varlink_info_free);
  self->info = g_steal_pointer (&load->info);
  g_clear_pointer (&self->introspected, g_ptr_array_unref);
  self->introspected = g_steal_pointer (&items);
  explorer_service_publish_interfaces (self);

  g_clear_pointer (&self->load, load_unref);
  explorer_service_set_state (self, EXPLORER_SERVICE_STATE_READY, NULL, NULL);
}

typedef struct
{
  Load  *load;
  guint  index;
} DescriptionData;

static void
on_description_ready (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DescriptionData *data = user_data;
  g_autoptr(Load) load = data->load;
  guint index = data->index;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  g_free (data);

  description = varlink_connection_get_description_finish (VARLINK_CONNECTION (object),
                                                           result, &error);
  if (!load_is_current (load))
    return;

  if (description != NULL)
    {
      load->descriptions[index] = g_steal_pointer (&description);
    }
  else
    {
      load->problems[index] = g_strdup (error->message);
      if (load->connection_error == NULL && error->domain == VARLINK_ERROR &&
          error->code != VARLINK_ERROR_REMOTE)
        load->connection_error = g_error_copy (error);
    }

  if (--load->n_pending == 0)
    explorer_service_finish_load (load->self, load);
}

static void
on_info_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  VarlinkInfo *info;
  guint n;

  info = varlink_connection_get_info_finish (VARLINK_CONNECTION (object), result, &error);
  if (!load_is_current (load))
    {
      g_clear_pointer (&info, varlink_info_free);
      return;
    }

  if (info == NULL)
    {
      explorer_service_fail_with_error (load->self, error, FALSE);
      return;
    }

  load->info = info;
  n = info->interfaces ? g_strv_length (info->interfaces) : 0;
  load->descriptions = g_new0 (char *, n + 1);
  load->problems = g_new0 (char *, n + 1);

  if (n == 0)
    {
      explorer_service_finish_load (load->self, load);
      return;
    }

  /* Pipelined: the connection matches the replies in order. */
  load->n_pending = n;
  for (guint i = 0; i < n; i++)
    {
      DescriptionData *data = g_new0 (DescriptionData, 1);

      data->load = load_ref (load);
      data->index = i;
      varlink_connection_get_description_async (load->connection, info->interfaces[i],
                                                load->self->timeout_ms, load->cancellable,
                                                on_description_ready, data);
    }
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;

  connection = varlink_connection_new_finish (result, &error);
  if (!load_is_current (load))
    {
      if (connection != NULL)
        varlink_connection_close (connection);
      return;
    }

  g_clear_handle_id (&load->timeout_id, g_source_remove);

  if (connection == NULL)
    {
      if (load->timed_out)
        {
          g_autoptr(GError) timeout = g_error_new_literal (VARLINK_ERROR, VARLINK_ERROR_TIMED_OUT,
                                                           error->message);

          explorer_service_fail_with_error (load->self, timeout, TRUE);
        }
      else
        {
          explorer_service_fail_with_error (load->self, error, TRUE);
        }
      return;
    }

  load->connection = g_steal_pointer (&connection);
  explorer_traffic_attach (explorer_service_get_traffic (load->self), load->connection,
                           _("introspection"));
  varlink_connection_get_info_async (load->connection, load->self->timeout_ms, load->cancellable,
                                     on_info_ready, load_ref (load));
}

/* Connecting has no timeout of its own (a TCP peer that drops packets can keep it pending
 * for minutes), so the attempt is cancelled when the service's timeout passes. */
static gboolean
on_connect_timeout (gpointer user_data)
{
  Load *load = user_data;

  load->timeout_id = 0;
  load->timed_out = TRUE;
  g_cancellable_cancel (load->cancellable);

  return G_SOURCE_REMOVE;
}

/* Reads and parses an interface file. Small local files: read at once. */
static Attachment *
attachment_load (const char  *path,
                 GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *text = NULL;
  g_autoptr(VarlinkInterface) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  Attachment *attachment;
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &text, &length, NULL, &local_error))
    {
      /* Translators: the first %s is a file name, the second says why it cannot be read */
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read %s: %s"), display, local_error->message);
      return NULL;
    }

  parsed = varlink_interface_new_from_string (text, length, VARLINK_PARSE_STRICT, &local_error);
  if (parsed == NULL)
    {
      /* FILE:LINE:COLUMN: message, as compilers say it. */
      g_set_error (error, local_error->domain, local_error->code,
                   "%s:%s", display, local_error->message);
      return NULL;
    }

  attachment = g_new0 (Attachment, 1);
  attachment->name = g_strdup (varlink_interface_get_name (parsed));
  attachment->path = g_strdup (path);
  attachment->item = explorer_tree_item_new_interface (attachment->name, parsed, NULL);

  return attachment;
}

static guint
explorer_service_find_attachment (ExplorerService *self,
                                  const char      *name)
{
  for (guint i = 0; i < self->attached->len; i++)
    {
      Attachment *attachment = g_ptr_array_index (self->attached, i);

      if (g_str_equal (attachment->name, name))
        return i;
    }

  return G_MAXUINT;
}

static void
explorer_service_add_attachment (ExplorerService *self,
                                 Attachment      *attachment)
{
  guint index = explorer_service_find_attachment (self, attachment->name);

  if (index != G_MAXUINT)
    g_ptr_array_remove_index (self->attached, index);
  g_ptr_array_add (self->attached, attachment);
}

/* Files that went away or stopped parsing are skipped, but stay in the settings: they come
 * back when the file does. */
static void
explorer_service_restore_attachments (ExplorerService *self)
{
  g_autoptr(GVariant) map = NULL;
  g_autofree const char **paths = NULL;

  g_ptr_array_set_size (self->attached, 0);

  if (self->settings == NULL || self->address == NULL)
    return;

  map = g_settings_get_value (self->settings, "attached-files");
  if (!g_variant_lookup (map, self->address, "^a&s", &paths))
    return;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      Attachment *attachment = attachment_load (paths[i], &error);

      if (attachment != NULL)
        explorer_service_add_attachment (self, attachment);
      else
        g_debug ("Not restoring an interface file: %s", error->message);
    }
}

static void
explorer_service_save_attachments (ExplorerService *self)
{
  g_autoptr(GVariant) map = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (self->settings == NULL)
    return;

  for (guint i = 0; i < self->attached->len; i++)
    {
      Attachment *attachment = g_ptr_array_index (self->attached, i);

      g_ptr_array_add (paths, attachment->path);
    }

  map = g_settings_get_value (self->settings, "attached-files");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_loop (&iter, "{&s@as}", &key, &value))
    {
      if (!g_str_equal (key, self->address))
        g_variant_builder_add (&builder, "{s@as}", key, value);
    }
  if (paths->len > 0)
    g_variant_builder_add (&builder, "{s@as}", self->address,
                           g_variant_new_strv ((const char * const *) paths->pdata, paths->len));

  g_settings_set_value (self->settings, "attached-files", g_variant_builder_end (&builder));
}

static void
explorer_service_constructed (GObject *object)
{
  ExplorerService *self = EXPLORER_SERVICE (object);

  G_OBJECT_CLASS (explorer_service_parent_class)->constructed (object);

  explorer_service_restore_attachments (self);
  explorer_service_publish_interfaces (self);
}

static void
explorer_service_dispose (GObject *object)
{
  ExplorerService *self = EXPLORER_SERVICE (object);

  explorer_service_stop_load (self);
  if (self->connection != NULL)
    varlink_connection_close (self->connection);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (explorer_service_parent_class)->dispose (object);
}

static void
explorer_service_finalize (GObject *object)
{
  ExplorerService *self = EXPLORER_SERVICE (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->error_title, g_free);
  g_clear_pointer (&self->error_details, g_free);
  g_clear_pointer (&self->info, varlink_info_free);
  g_clear_object (&self->interfaces);
  g_clear_pointer (&self->introspected, g_ptr_array_unref);
  g_clear_pointer (&self->attached, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->traffic);

  G_OBJECT_CLASS (explorer_service_parent_class)->finalize (object);
}

static void
explorer_service_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ExplorerService *self = EXPLORER_SERVICE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR_TITLE:
      g_value_set_string (value, self->error_title);
      break;

    case PROP_ERROR_DETAILS:
      g_value_set_string (value, self->error_details);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;

    case PROP_PROBE_STATE:
      g_value_set_enum (value, self->probe_state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_service_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ExplorerService *self = EXPLORER_SERVICE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;

    case PROP_TIMEOUT:
      explorer_service_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_service_class_init (ExplorerServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = explorer_service_constructed;
  object_class->dispose = explorer_service_dispose;
  object_class->finalize = explorer_service_finalize;
  object_class->get_property = explorer_service_get_property;
  object_class->set_property = explorer_service_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       EXPLORER_TYPE_SERVICE_STATE, EXPLORER_SERVICE_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_TITLE] =
    g_param_spec_string ("error-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_DETAILS] =
    g_param_spec_string ("error-details", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, EXPLORER_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBE_STATE] =
    g_param_spec_enum ("probe-state", NULL, NULL,
                       EXPLORER_TYPE_PROBE_STATE, EXPLORER_PROBE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
explorer_service_init (ExplorerService *self)
{
  self->timeout_ms = EXPLORER_DEFAULT_TIMEOUT_MS;
  self->interfaces = g_list_store_new (EXPLORER_TYPE_TREE_ITEM);
  self->attached = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
  self->settings = explorer_settings_new ();
}

static char *title_for_address (const char *address);

/* Programs that run another one: the row is named after what they run. */
static gboolean
is_wrapper (const char *program)
{
  static const char * const wrappers[] = {
    "env", "pkexec", "sudo", "doas", "run0", "flatpak-spawn", "nice", "ionice", "setsid", NULL
  };

  return g_strv_contains (wrappers, program);
}

/* For exec: and bridge: commands: the program that serves, past wrappers and their options
 * (env's NAME=VALUE too), or the address a bridge (ours, or socat) carries. */
static char *
title_for_command (const char * const *argv)
{
  g_autofree char *program = NULL;
  gsize i = 0;

  while (argv[i] != NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[i]);

      if (i > 0 && argv[i][0] == '-')
        {
          /* Options of sudo and run0 whose value is the next argument. */
          if (g_str_equal (argv[i], "-u") || g_str_equal (argv[i], "-g"))
            i++;
        }
      else if (!(i > 0 && strchr (argv[i], '=') != NULL) && !is_wrapper (base))
        break;
      if (argv[i] != NULL)
        i++;
    }

  if (argv[i] == NULL)
    return g_path_get_basename (argv[0]);

  program = g_path_get_basename (argv[i]);
  for (gsize j = i + 1; argv[j] != NULL; j++)
    {
      if (g_str_equal (argv[j], "--bridge") && argv[j + 1] != NULL)
        return title_for_address (argv[j + 1]);
      if (g_str_equal (program, "socat") && g_ascii_strncasecmp (argv[j], "UNIX-CONNECT:", 13) == 0)
        return g_path_get_basename (argv[j] + 13);
    }
  return g_steal_pointer (&program);
}

/* A short name for a row: a socket's file name says more than its directory, and the
 * whole address stays on the line under it. */
static char *
title_for_address (const char *address)
{
  g_autoptr(VarlinkAddress) parsed = varlink_address_parse (address, NULL);

  if (parsed == NULL)
    return g_strdup (address);

  switch (varlink_address_get_kind (parsed))
    {
    case VARLINK_ADDRESS_UNIX:
    case VARLINK_ADDRESS_SSH_UNIX:
      return g_path_get_basename (varlink_address_get_path (parsed));
    case VARLINK_ADDRESS_ABSTRACT:
      return g_strconcat ("@", varlink_address_get_path (parsed), NULL);
    case VARLINK_ADDRESS_EXEC:
    case VARLINK_ADDRESS_BRIDGE:
      return title_for_command (varlink_address_get_argv (parsed));
    case VARLINK_ADDRESS_TCP:
    case VARLINK_ADDRESS_SSH_EXEC:
    default:
      return g_strdup (address);
    }
}

ExplorerService *
explorer_service_new (const char *title,
                      const char *address)
{
  g_autofree char *derived = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  if (title == NULL)
    title = derived = title_for_address (address);

  return g_object_new (EXPLORER_TYPE_SERVICE,
                       "title", title,
                       "address", address,
                       NULL);
}

ExplorerService *
explorer_service_new_demo (void)
{
  const char *path = g_getenv ("VARLINK_EXPLORER_DEMO");
  g_autofree char *installed = NULL;
  g_autofree char *address = NULL;

  if (path == NULL || *path == '\0')
    path = installed = g_build_filename (LIBEXECDIR, "varlink-explorer-demo", NULL);

  address = g_strconcat ("exec:", path, NULL);
  return explorer_service_new (_("Demo service"), address);
}

const char *
explorer_service_get_title (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  return self->title;
}

const char *
explorer_service_get_address (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  return self->address;
}

ExplorerServiceState
explorer_service_get_state (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), EXPLORER_SERVICE_STATE_IDLE);

  return self->state;
}

gboolean
explorer_service_is_failed (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), FALSE);

  return self->state != EXPLORER_SERVICE_STATE_IDLE &&
         self->state != EXPLORER_SERVICE_STATE_CONNECTING &&
         self->state != EXPLORER_SERVICE_STATE_READY;
}

const char *
explorer_service_get_error_title (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  return self->error_title;
}

const char *
explorer_service_get_error_details (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  return self->error_details;
}

guint
explorer_service_get_timeout (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), 0);

  return self->timeout_ms;
}

void
explorer_service_set_timeout (ExplorerService *self,
                              guint            timeout_ms)
{
  g_return_if_fail (EXPLORER_IS_SERVICE (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

void
explorer_service_open (ExplorerService *self)
{
  g_autofree char *address = NULL;
  Load *load;

  g_return_if_fail (EXPLORER_IS_SERVICE (self));

  if (self->state == EXPLORER_SERVICE_STATE_CONNECTING ||
      self->state == EXPLORER_SERVICE_STATE_READY)
    return;

  explorer_service_stop_load (self);
  self->load = load = load_new (self);
  explorer_service_set_state (self, EXPLORER_SERVICE_STATE_CONNECTING, NULL, NULL);

  load->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->timeout_ms,
                                         on_connect_timeout, load_ref (load),
                                         (GDestroyNotify) load_unref);
  address = explorer_service_dup_connect_address (self);
  varlink_connection_new_async (address, load->cancellable, on_connected, load_ref (load));
}

/* Quoted for the address's command line only where needed: the address is shown on rows. */
static char *
quote_argument (const char *argument)
{
  if (*argument != '\0' && strpbrk (argument, " \t\n'\"\\$`*?[]#~=%;&|<>(){}") == NULL)
    return g_strdup (argument);
  return g_shell_quote (argument);
}

/* The program to run as root for --bridge: the one running now when it is this app (a
 * build tree's too), else the installed one. */
static char *
find_bridge_program (void)
{
  g_autofree char *running = g_file_read_link ("/proc/self/exe", NULL);

  if (running != NULL && g_str_has_suffix (running, "/varlink-explorer"))
    return g_steal_pointer (&running);
  return g_build_filename (BINDIR, "varlink-explorer", NULL);
}

gboolean
explorer_service_get_refused (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), FALSE);

  return self->refused;
}

char *
explorer_service_dup_admin_address (ExplorerService *self)
{
  g_autoptr(VarlinkAddress) address = NULL;
  g_autofree char *target = NULL;
  g_autofree char *quoted_target = NULL;
  g_autofree char *program = NULL;
  g_autofree char *quoted_program = NULL;
  const char *path;

  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  address = varlink_address_parse (self->address, NULL);
  if (address == NULL || varlink_address_get_kind (address) != VARLINK_ADDRESS_UNIX)
    return NULL;
  path = varlink_address_get_path (address);

  /* From a sandbox, pkexec and the socket are the host's; socat carries the bytes there. */
  if (explorer_sandbox_is_flatpak ())
    {
      if (strchr (path, ',') != NULL || strstr (path, "!!") != NULL)
        return NULL;
      target = g_strconcat ("UNIX-CONNECT:", path, NULL);
      quoted_target = quote_argument (target);
      return g_strconcat ("bridge:flatpak-spawn --host pkexec /usr/bin/socat STDIO ",
                          quoted_target, NULL);
    }

  target = g_strconcat ("unix:", path, NULL);
  quoted_target = quote_argument (target);
  program = find_bridge_program ();
  quoted_program = quote_argument (program);
  return g_strdup_printf ("bridge:pkexec %s --bridge %s", quoted_program, quoted_target);
}

char *
explorer_service_dup_connect_address (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  return explorer_sandbox_host_address (self->address);
}

void
explorer_service_reload (ExplorerService *self)
{
  g_return_if_fail (EXPLORER_IS_SERVICE (self));

  explorer_service_stop_load (self);
  if (self->connection != NULL)
    varlink_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->info, varlink_info_free);
  g_clear_pointer (&self->introspected, g_ptr_array_unref);
  explorer_service_restore_attachments (self);
  explorer_service_publish_interfaces (self);
  explorer_service_set_state (self, EXPLORER_SERVICE_STATE_IDLE, NULL, NULL);
  explorer_service_open (self);
}

const VarlinkInfo *
explorer_service_get_info (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  return self->info;
}

GListModel *
explorer_service_get_interfaces (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->interfaces);
}

GSettings *
explorer_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  /* Run from the build tree without `meson devenv`: nothing is remembered, but it runs. */
  if (schema == NULL)
    {
      g_debug ("The settings schema %s is not installed: nothing is remembered", APPLICATION_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

gboolean
explorer_service_attach_file (ExplorerService  *self,
                              GFile            *file,
                              GError          **error)
{
  g_autofree char *path = NULL;
  Attachment *attachment;

  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      /* Translators: %s is a URI */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not a local file. Copy it to this computer first."), uri);
      return FALSE;
    }

  attachment = attachment_load (path, error);
  if (attachment == NULL)
    return FALSE;

  explorer_service_add_attachment (self, attachment);
  explorer_service_save_attachments (self);
  explorer_service_publish_interfaces (self);

  return TRUE;
}

void
explorer_service_detach_interface (ExplorerService *self,
                                   const char      *interface_name)
{
  guint index;

  g_return_if_fail (EXPLORER_IS_SERVICE (self));
  g_return_if_fail (interface_name != NULL);

  index = explorer_service_find_attachment (self, interface_name);
  if (index == G_MAXUINT)
    return;

  g_ptr_array_remove_index (self->attached, index);
  explorer_service_save_attachments (self);
  explorer_service_publish_interfaces (self);
}

gboolean
explorer_service_is_attached (ExplorerService *self,
                              const char      *interface_name)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (interface_name != NULL, FALSE);

  return explorer_service_find_attachment (self, interface_name) != G_MAXUINT;
}

const char *
explorer_service_get_attached_path (ExplorerService *self,
                                    const char      *interface_name)
{
  guint index;

  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);
  g_return_val_if_fail (interface_name != NULL, NULL);

  index = explorer_service_find_attachment (self, interface_name);
  if (index == G_MAXUINT)
    return NULL;

  return ((Attachment *) g_ptr_array_index (self->attached, index))->path;
}

gboolean
explorer_service_spawns (ExplorerService *self)
{
  g_autoptr(VarlinkAddress) address = NULL;

  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), FALSE);

  address = varlink_address_parse (self->address, NULL);
  return address != NULL && varlink_address_spawns (address);
}

ExplorerProbeState
explorer_service_get_probe_state (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), EXPLORER_PROBE_NONE);

  return self->probe_state;
}

void
explorer_service_set_probe_state (ExplorerService    *self,
                                  ExplorerProbeState  state)
{
  g_return_if_fail (EXPLORER_IS_SERVICE (self));

  if (self->probe_state == state)
    return;

  self->probe_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_STATE]);
}

ExplorerTraffic *
explorer_service_get_traffic (ExplorerService *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE (self), NULL);

  /* Made on first use: most services in the sidebar are never opened. */
  if (self->traffic == NULL)
    self->traffic = explorer_traffic_new (EXPLORER_DEFAULT_MAX_TRAFFIC);

  return self->traffic;
}

/* explorer-history.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "explorer-history.h"

/* ExplorerHistoryEntry */

struct _ExplorerHistoryEntry
{
  GObject           parent_instance;

  char             *address;
  char             *method;
  JsonObject       *parameters;
  VarlinkCallFlags  flags;
  GDateTime        *started;
  gint64            duration_us;
  guint             n_replies;
  char             *outcome;
};

G_DEFINE_FINAL_TYPE (ExplorerHistoryEntry, explorer_history_entry, G_TYPE_OBJECT)

static void
explorer_history_entry_finalize (GObject *object)
{
  ExplorerHistoryEntry *self = EXPLORER_HISTORY_ENTRY (object);

  g_free (self->address);
  g_free (self->method);
  g_clear_pointer (&self->parameters, json_object_unref);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_free (self->outcome);

  G_OBJECT_CLASS (explorer_history_entry_parent_class)->finalize (object);
}

static void
explorer_history_entry_class_init (ExplorerHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = explorer_history_entry_finalize;
}

static void
explorer_history_entry_init (ExplorerHistoryEntry *self)
{
}

ExplorerHistoryEntry *
explorer_history_entry_new (const char       *address,
                            const char       *method,
                            JsonObject       *parameters,
                            VarlinkCallFlags  flags,
                            GDateTime        *started,
                            gint64            duration_us,
                            guint             n_replies,
                            const char       *outcome)
{
  ExplorerHistoryEntry *self;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (started != NULL, NULL);

  self = g_object_new (EXPLORER_TYPE_HISTORY_ENTRY, NULL);
  self->address = g_strdup (address);
  self->method = g_strdup (method);
  self->parameters = parameters != NULL ? json_object_ref (parameters) : NULL;
  self->flags = flags;
  self->started = g_date_time_ref (started);
  self->duration_us = MAX (duration_us, 0);
  self->n_replies = n_replies;
  self->outcome = g_strdup (outcome);

  return self;
}

const char *
explorer_history_entry_get_address (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), NULL);

  return self->address;
}

const char *
explorer_history_entry_get_method (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), NULL);

  return self->method;
}

JsonObject *
explorer_history_entry_get_parameters (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), NULL);

  return self->parameters;
}

VarlinkCallFlags
explorer_history_entry_get_flags (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), VARLINK_CALL_NONE);

  return self->flags;
}

GDateTime *
explorer_history_entry_get_started (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), NULL);

  return self->started;
}

gint64
explorer_history_entry_get_duration (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), 0);

  return self->duration_us;
}

guint
explorer_history_entry_get_n_replies (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), 0);

  return self->n_replies;
}

const char *
explorer_history_entry_get_outcome (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), NULL);

  return self->outcome;
}

gboolean
explorer_history_entry_get_succeeded (ExplorerHistoryEntry *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), FALSE);

  return self->outcome == NULL;
}

static char *
parameters_to_string (JsonObject *parameters)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) empty = NULL;

  if (parameters == NULL)
    parameters = empty = json_object_new ();
  json_node_set_object (node, parameters);

  return json_to_string (node, FALSE);
}

/* Words a shell reads as they are stay bare, so the command reads like one typed by hand. */
static char *
shell_word (const char *word)
{
  if (*word == '\0')
    return g_shell_quote (word);

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_./:@%+=,-", *p) == NULL)
      return g_shell_quote (word);

  return g_strdup (word);
}

char *
explorer_history_entry_dup_command_line (ExplorerHistoryEntry *self)
{
  g_autoptr(GString) line = g_string_new ("varlinkctl call");
  g_autoptr(VarlinkAddress) address = NULL;
  g_autofree char *json = NULL;
  g_autofree char *quoted_address = NULL;
  g_autofree char *quoted_method = NULL;
  g_autofree char *quoted_json = NULL;

  g_return_val_if_fail (EXPLORER_IS_HISTORY_ENTRY (self), NULL);

  if ((self->flags & VARLINK_CALL_MORE) != 0)
    g_string_append (line, " --more");
  if ((self->flags & VARLINK_CALL_ONEWAY) != 0)
    g_string_append (line, " --oneway");
  if ((self->flags & VARLINK_CALL_UPGRADE) != 0)
    g_string_append (line, " --upgrade");

  /* varlinkctl takes a unix socket as a bare path (every version does); the other forms
   * (exec:, ssh-unix:, ...) are spelled as it spells them. */
  address = varlink_address_parse (self->address, NULL);
  if (address != NULL && varlink_address_get_kind (address) == VARLINK_ADDRESS_UNIX)
    quoted_address = shell_word (varlink_address_get_path (address));
  else
    quoted_address = shell_word (self->address);

  quoted_method = shell_word (self->method);
  json = parameters_to_string (self->parameters);
  quoted_json = g_shell_quote (json);

  g_string_append_printf (line, " %s %s %s", quoted_address, quoted_method, quoted_json);

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* One line of the history file. */
static char *
entry_to_line (ExplorerHistoryEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 started_us;

  started_us = g_date_time_to_unix (self->started) * G_USEC_PER_SEC
               + g_date_time_get_microsecond (self->started);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, self->address);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, self->method);
  if (self->parameters != NULL)
    {
      g_autoptr(JsonNode) parameters = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (parameters, self->parameters);
      json_builder_set_member_name (builder, "parameters");
      json_builder_add_value (builder, g_steal_pointer (&parameters));
    }
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  if ((self->flags & VARLINK_CALL_MORE) != 0)
    json_builder_add_string_value (builder, "more");
  if ((self->flags & VARLINK_CALL_ONEWAY) != 0)
    json_builder_add_string_value (builder, "oneway");
  if ((self->flags & VARLINK_CALL_UPGRADE) != 0)
    json_builder_add_string_value (builder, "upgrade");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "started");
  json_builder_add_int_value (builder, started_us);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_int_value (builder, self->duration_us);
  json_builder_set_member_name (builder, "replies");
  json_builder_add_int_value (builder, self->n_replies);
  if (self->outcome != NULL)
    {
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, self->outcome);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* NULL for a line that is not an entry: a damaged file loses that line, not the rest. */
static ExplorerHistoryEntry *
entry_from_line (const char *line,
                 gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GDateTime) epoch = NULL;
  g_autoptr(GDateTime) started = NULL;
  JsonObject *object;
  JsonObject *parameters = NULL;
  VarlinkCallFlags flags = VARLINK_CALL_NONE;
  const char *address;
  const char *method;
  const char *outcome = NULL;
  JsonNode *node;
  gint64 started_us;

  if (!json_parser_load_from_data (parser, line, length, NULL))
    return NULL;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  address = json_object_get_string_member_with_default (object, "address", NULL);
  method = json_object_get_string_member_with_default (object, "method", NULL);
  if (address == NULL || method == NULL)
    return NULL;

  node = json_object_get_member (object, "parameters");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    parameters = json_node_get_object (node);

  node = json_object_get_member (object, "flags");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *flag;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          flag = json_node_get_string (element);
          if (g_str_equal (flag, "more"))
            flags |= VARLINK_CALL_MORE;
          else if (g_str_equal (flag, "oneway"))
            flags |= VARLINK_CALL_ONEWAY;
          else if (g_str_equal (flag, "upgrade"))
            flags |= VARLINK_CALL_UPGRADE;
        }
    }

  node = json_object_get_member (object, "outcome");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    outcome = json_node_get_string (node);

  started_us = json_object_get_int_member_with_default (object, "started", 0);
  epoch = g_date_time_new_from_unix_local (started_us / G_USEC_PER_SEC);
  if (epoch == NULL)
    return NULL;
  started = g_date_time_add (epoch, started_us % G_USEC_PER_SEC);

  return explorer_history_entry_new (address, method, parameters, flags, started,
                                     json_object_get_int_member_with_default (object, "duration", 0),
                                     (guint) CLAMP (json_object_get_int_member_with_default (object, "replies", 0),
                                                    0, G_MAXUINT),
                                     outcome);
}

/* ExplorerHistory */

struct _ExplorerHistory
{
  GObject       parent_instance;

  GFile        *file;
  guint         max_entries;
  GListStore   *entries;         /* newest first */
  gboolean      loaded;

  /* Writing: one operation at a time, in order; nothing is written before the file is
   * read, so that what is appended is not read back twice. */
  GCancellable *cancellable;
  GString      *pending;         /* lines waiting to be appended */
  gboolean      rewrite;         /* the file must be replaced by the entries */
  gboolean      busy;
  guint         n_file_lines;    /* lines the file holds (or will, once written) */
};

G_DEFINE_FINAL_TYPE (ExplorerHistory, explorer_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void explorer_history_kick (ExplorerHistory *self);

/* The file may run this far past the bound before it is rewritten, so that a full history
 * does not rewrite the whole file on every call. */
static guint
file_slack (ExplorerHistory *self)
{
  return MAX (self->max_entries / 8, 1);
}

static void
on_write_done (ExplorerHistory *self,
               const GError    *error)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not save the history to %s: %s", g_file_peek_path (self->file), error->message);

  self->busy = FALSE;
  if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    explorer_history_kick (self);
}

static void
on_replaced (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ExplorerHistory) self = user_data;
  g_autoptr(GError) error = NULL;

  g_file_replace_contents_finish (G_FILE (object), result, NULL, &error);
  on_write_done (self, error);
}

static void
on_appended_closed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ExplorerHistory) self = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error);
  on_write_done (self, error);
}

static void
on_appended (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ExplorerHistory) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      on_write_done (self, error);
      return;
    }

  g_output_stream_close_async (G_OUTPUT_STREAM (object), G_PRIORITY_LOW, self->cancellable,
                               on_appended_closed, g_object_ref (self));
}

/* The bytes to append ride with the open operation until the stream exists. */
typedef struct
{
  ExplorerHistory *self;
  GBytes          *bytes;
} Append;

static void
on_append_opened_with_bytes (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  Append *append = user_data;
  g_autoptr(ExplorerHistory) self = append->self;
  g_autoptr(GBytes) bytes = append->bytes;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  g_free (append);

  stream = g_file_append_to_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      on_write_done (self, error);
      return;
    }

  g_object_set_data_full (G_OBJECT (stream), "explorer-history-bytes",
                          g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (G_OUTPUT_STREAM (stream),
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_LOW, self->cancellable,
                                   on_appended, g_object_ref (self));
}

static void
on_directory_made (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ExplorerHistory) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      on_write_done (self, error);
      return;
    }

  self->busy = FALSE;
  g_object_set_data (G_OBJECT (self), "explorer-history-directory", GINT_TO_POINTER (TRUE));
  explorer_history_kick (self);
}

static void
make_directory_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GFile *directory = task_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_make_directory_with_parents (directory, cancellable, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
explorer_history_kick (ExplorerHistory *self)
{
  if (self->file == NULL || !self->loaded || self->busy)
    return;

  if ((self->rewrite || self->pending->len > 0)
      && g_object_get_data (G_OBJECT (self), "explorer-history-directory") == NULL)
    {
      g_autoptr(GTask) task = NULL;

      /* Creating the directory (and its parents) has no async form: a worker thread. */
      self->busy = TRUE;
      task = g_task_new (NULL, self->cancellable, on_directory_made, g_object_ref (self));
      g_task_set_task_data (task, g_file_get_parent (self->file), g_object_unref);
      g_task_run_in_thread (task, make_directory_thread);
      return;
    }

  if (self->rewrite)
    {
      g_autoptr(GString) contents = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

      /* The entries already hold what is pending: one write covers both. */
      for (guint i = n_items; i > 0; i--)
        {
          g_autoptr(ExplorerHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i - 1);
          g_autofree char *line = entry_to_line (entry);

          g_string_append (contents, line);
          g_string_append_c (contents, '\n');
        }

      self->rewrite = FALSE;
      g_string_truncate (self->pending, 0);
      self->n_file_lines = n_items;
      self->busy = TRUE;

      bytes = g_string_free_to_bytes (g_steal_pointer (&contents));
      g_file_replace_contents_bytes_async (self->file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                           self->cancellable, on_replaced, g_object_ref (self));
      return;
    }

  if (self->pending->len > 0)
    {
      Append *append = g_new0 (Append, 1);

      append->self = g_object_ref (self);
      append->bytes = g_bytes_new (self->pending->str, self->pending->len);
      g_string_truncate (self->pending, 0);
      self->busy = TRUE;

      g_file_append_to_async (self->file, G_FILE_CREATE_NONE, G_PRIORITY_LOW, self->cancellable,
                              on_append_opened_with_bytes, append);
    }
}

/* Drops the oldest entries beyond the bound. */
static void
explorer_history_trim (ExplorerHistory *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  if (n_items > self->max_entries)
    g_list_store_splice (self->entries, self->max_entries, n_items - self->max_entries, NULL, 0);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ExplorerHistory) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint n_lines = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Could not read the history from %s: %s",
                   g_file_peek_path (self->file), error->message);
    }
  else
    {
      const char *line = contents;
      const char *end = contents + length;

      while (line < end)
        {
          const char *newline = memchr (line, '\n', end - line);
          gsize line_length = (newline != NULL ? newline : end) - line;
          ExplorerHistoryEntry *entry;

          if (line_length > 0)
            {
              n_lines++;
              entry = entry_from_line (line, line_length);
              if (entry != NULL)
                g_ptr_array_add (loaded, entry);
            }

          line += line_length + 1;
        }
    }

  /* The file is oldest first; calls made while it was read are newer than all of it. */
  if (loaded->len > 0)
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

      for (guint i = 0; i < loaded->len / 2; i++)
        {
          gpointer swap = loaded->pdata[i];

          loaded->pdata[i] = loaded->pdata[loaded->len - 1 - i];
          loaded->pdata[loaded->len - 1 - i] = swap;
        }
      g_list_store_splice (self->entries, n_items, 0, loaded->pdata, loaded->len);
      explorer_history_trim (self);
    }

  /* Calls made while loading are already counted, as lines still to append. */
  self->n_file_lines += n_lines;
  if (n_lines != loaded->len || self->n_file_lines > self->max_entries + file_slack (self))
    self->rewrite = TRUE;

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  explorer_history_kick (self);
}

static void
explorer_history_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ExplorerHistory *self = EXPLORER_HISTORY (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_history_dispose (GObject *object)
{
  ExplorerHistory *self = EXPLORER_HISTORY (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (explorer_history_parent_class)->dispose (object);
}

static void
explorer_history_finalize (GObject *object)
{
  ExplorerHistory *self = EXPLORER_HISTORY (object);

  g_clear_object (&self->file);
  g_clear_object (&self->entries);
  g_clear_object (&self->cancellable);
  g_string_free (self->pending, TRUE);

  G_OBJECT_CLASS (explorer_history_parent_class)->finalize (object);
}

static void
explorer_history_class_init (ExplorerHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = explorer_history_get_property;
  object_class->dispose = explorer_history_dispose;
  object_class->finalize = explorer_history_finalize;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
explorer_history_init (ExplorerHistory *self)
{
  self->entries = g_list_store_new (EXPLORER_TYPE_HISTORY_ENTRY);
  self->cancellable = g_cancellable_new ();
  self->pending = g_string_new (NULL);
}

ExplorerHistory *
explorer_history_new (GFile *file,
                      guint  max_entries)
{
  ExplorerHistory *self;

  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);
  g_return_val_if_fail (max_entries > 0, NULL);

  self = g_object_new (EXPLORER_TYPE_HISTORY, NULL);
  self->max_entries = max_entries;

  if (file != NULL)
    {
      self->file = g_object_ref (file);
      g_file_load_contents_async (file, self->cancellable, on_loaded, g_object_ref (self));
    }
  else
    {
      self->loaded = TRUE;
    }

  return self;
}

ExplorerHistory *
explorer_history_get_default (void)
{
  static ExplorerHistory *history;

  if (g_once_init_enter (&history))
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "varlink-explorer",
                                                "history.jsonl", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_once_init_leave (&history, explorer_history_new (file, EXPLORER_DEFAULT_MAX_HISTORY));
    }

  return history;
}

GListModel *
explorer_history_get_entries (ExplorerHistory *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY (self), NULL);

  return G_LIST_MODEL (self->entries);
}

void
explorer_history_add (ExplorerHistory      *self,
                      ExplorerHistoryEntry *entry)
{
  g_autofree char *line = NULL;

  g_return_if_fail (EXPLORER_IS_HISTORY (self));
  g_return_if_fail (EXPLORER_IS_HISTORY_ENTRY (entry));

  g_list_store_insert (self->entries, 0, entry);
  explorer_history_trim (self);

  if (self->file == NULL)
    return;

  line = entry_to_line (entry);
  g_string_append (self->pending, line);
  g_string_append_c (self->pending, '\n');
  self->n_file_lines++;
  if (self->n_file_lines > self->max_entries + file_slack (self))
    self->rewrite = TRUE;

  explorer_history_kick (self);
}

void
explorer_history_clear (ExplorerHistory *self)
{
  g_return_if_fail (EXPLORER_IS_HISTORY (self));

  g_list_store_remove_all (self->entries);

  if (self->file == NULL)
    return;

  self->rewrite = TRUE;
  explorer_history_kick (self);
}

gboolean
explorer_history_get_loaded (ExplorerHistory *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY (self), FALSE);

  return self->loaded;
}

static int
compare_durations (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

gboolean
explorer_history_get_stats (ExplorerHistory *self,
                            const char      *method,
                            guint           *count,
                            gint64          *min_us,
                            gint64          *median_us,
                            gint64          *max_us)
{
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_items;
  guint n;

  g_return_val_if_fail (EXPLORER_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (method != NULL, FALSE);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ExplorerHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (entry->outcome == NULL && g_str_equal (entry->method, method))
        g_array_append_val (durations, entry->duration_us);
    }

  n = durations->len;
  if (count != NULL)
    *count = n;
  if (n == 0)
    {
      if (min_us != NULL)
        *min_us = 0;
      if (median_us != NULL)
        *median_us = 0;
      if (max_us != NULL)
        *max_us = 0;
      return FALSE;
    }

  g_array_sort (durations, compare_durations);
  if (min_us != NULL)
    *min_us = g_array_index (durations, gint64, 0);
  if (max_us != NULL)
    *max_us = g_array_index (durations, gint64, n - 1);
  /* For an even count, the mean of the two middle values. */
  if (median_us != NULL)
    *median_us = n % 2 == 1
                 ? g_array_index (durations, gint64, n / 2)
                 : (g_array_index (durations, gint64, n / 2 - 1)
                    + g_array_index (durations, gint64, n / 2)) / 2;

  return TRUE;
}

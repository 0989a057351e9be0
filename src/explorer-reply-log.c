/* explorer-reply-log.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stream can bring tens of thousands of replies a second, far more than a window can
 * show. append() only queues the reply; a 16 ms timeout moves the queue into the model at
 * once (at most two items-changed), so the list, the filter and the selection see one change
 * a frame whatever the rate. The model is a ring buffer (ExplorerReplyRing) whose items,
 * ExplorerLoggedReply, are made only when a view asks, and the text of a row (time, delta,
 * summary) only when it is bound; the filter is incremental, so filtering 100,000 replies
 * is done in slices between frames.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "explorer-list-follower.h"
#include "explorer-logged-reply.h"
#include "explorer-reply-log.h"
#include "explorer-reply-ring.h"
#include "explorer-resources.h"
#include "explorer-text-row.h"

#define FLUSH_INTERVAL_MS 16
#define RATE_INTERVAL_MS  250
#define RATE_SAMPLES      5   /* RATE_INTERVAL_MS apart: the rate is over the last second */

typedef struct
{
  gint64  time;   /* monotonic */
  guint64 count;
} RateSample;

struct _ExplorerReplyLog
{
  AdwBin              parent_instance;

  /* template children */
  GtkLabel           *count_label;
  GtkLabel           *dropped_label;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *follow_button;
  GtkButton          *export_button;
  GtkScrolledWindow  *list_scroller;
  GtkListView        *list_view;
  GtkSourceView      *detail_view;

  ExplorerReplyRing  *ring;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  char               *filter_text;   /* casefolded (ASCII), NULL for none */

  GPtrArray          *pending;       /* VarlinkReply, oldest first */
  guint               flush_id;
  guint               rate_id;
  ExplorerListFollower *follower;

  guint64             n_received;
  gint64              start_time;    /* monotonic */
  gint64              finish_time;   /* monotonic, 0 while streaming */
  gboolean            streaming;
  RateSample          samples[RATE_SAMPLES];
  guint               n_samples;
  guint               next_sample;
  double              rate;

  GCancellable       *exporting;
};

G_DEFINE_FINAL_TYPE (ExplorerReplyLog, explorer_reply_log, ADW_TYPE_BIN)

/* --- count, rate, dropped ---------------------------------------------------------------- */

static char *
format_count (guint64 n)
{
  /* The ' flag groups digits as the locale does ("12,345"). */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
update_labels (ExplorerReplyLog *self)
{
  g_autofree char *count = format_count (self->n_received);
  g_autofree char *text = NULL;
  guint64 n_dropped = explorer_reply_log_get_n_dropped (self);

  if (self->n_received == 0 && self->streaming)
    text = g_strdup (_("Waiting for replies…"));
  else if (self->n_received == 0)
    text = g_strdup (_("No replies yet"));
  else if (self->streaming)
    {
      g_autofree char *rate = format_count ((guint64) (self->rate + 0.5));

      /* Translators: a running count of replies and the rate, "12,345 replies · 48,210/s" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s reply · %s/s", "%s replies · %s/s",
                                           self->n_received),
                              count, rate);
    }
  else
    {
      double seconds = (self->finish_time - self->start_time) / (double) G_USEC_PER_SEC;

      /* Translators: the count of replies of a stream that ended, and how long it took */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s reply in %.1f s", "%s replies in %.1f s",
                                           self->n_received),
                              count, seconds);
    }
  gtk_label_set_text (self->count_label, text);

  if (n_dropped > 0)
    {
      g_autofree char *dropped = format_count (n_dropped);
      g_autofree char *dropped_text = NULL;

      /* Translators: shown when a stream brought more replies than the log keeps */
      dropped_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s older reply dropped",
                                                   "%s older replies dropped",
                                                   n_dropped),
                                      dropped);
      gtk_label_set_text (self->dropped_label, dropped_text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), n_dropped > 0);

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            g_list_model_get_n_items (G_LIST_MODEL (self->ring)) > 0 &&
                            self->exporting == NULL);
}

static gboolean
update_rate (gpointer data)
{
  ExplorerReplyLog *self = data;
  gint64 now = g_get_monotonic_time ();
  RateSample *oldest;

  /* The rate over the last second: against the sample about a second old, or against the
   * start while the stream is younger than that. */
  if (self->n_samples < RATE_SAMPLES)
    oldest = NULL;
  else
    oldest = &self->samples[self->next_sample];

  if (oldest != NULL && now > oldest->time)
    self->rate = (self->n_received - oldest->count) * (double) G_USEC_PER_SEC / (now - oldest->time);
  else if (now > self->start_time)
    self->rate = self->n_received * (double) G_USEC_PER_SEC / (now - self->start_time);

  self->samples[self->next_sample].time = now;
  self->samples[self->next_sample].count = self->n_received;
  self->next_sample = (self->next_sample + 1) % RATE_SAMPLES;
  self->n_samples = MIN (self->n_samples + 1, RATE_SAMPLES);

  update_labels (self);
  return G_SOURCE_CONTINUE;
}

/* --- the queue ---------------------------------------------------------------------------- */

static void
flush_pending (ExplorerReplyLog *self)
{
  if (self->pending->len == 0)
    return;

  explorer_reply_ring_append (self->ring, (VarlinkReply **) self->pending->pdata,
                              self->pending->len);
  g_ptr_array_set_size (self->pending, 0);

  explorer_list_follower_follow (self->follower);
  if (!self->streaming)
    update_labels (self);
}

static gboolean
flush_cb (gpointer data)
{
  ExplorerReplyLog *self = data;

  flush_pending (self);
  self->flush_id = 0;
  return G_SOURCE_REMOVE;
}

/* --- rows ---------------------------------------------------------------------------------- */

/* Number, time, delta and summary; drawn by ExplorerTextRow, see there why. */
static const ExplorerTextColumn row_columns[] = {
  { 9,  EXPLORER_TEXT_COLUMN_ALIGN_END | EXPLORER_TEXT_COLUMN_DIM | EXPLORER_TEXT_COLUMN_NUMERIC },
  { 12, EXPLORER_TEXT_COLUMN_NUMERIC },
  { 10, EXPLORER_TEXT_COLUMN_ALIGN_END | EXPLORER_TEXT_COLUMN_DIM | EXPLORER_TEXT_COLUMN_NUMERIC },
  { 0,  EXPLORER_TEXT_COLUMN_EXPAND | EXPLORER_TEXT_COLUMN_MONOSPACE },
};

static void
format_row (gpointer                item,
            ExplorerTextRowContent *content,
            gpointer                user_data)
{
  ExplorerLoggedReply *reply = item;

  content->text[0] = g_strdup_printf ("#%" G_GUINT64_FORMAT, explorer_logged_reply_get_number (reply));
  content->text[1] = explorer_logged_reply_dup_time_text (reply);
  content->text[2] = explorer_logged_reply_dup_delta_text (reply);
  content->text[3] = explorer_logged_reply_dup_summary (reply);
  if (varlink_reply_get_error (explorer_logged_reply_get_reply (reply)) != NULL)
    content->color[3] = EXPLORER_TEXT_COLOR_ERROR;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *row = explorer_text_row_new (row_columns, G_N_ELEMENTS (row_columns), format_row, NULL);

  gtk_widget_add_css_class (row, "reply-log-row");
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  explorer_text_row_set_item (EXPLORER_TEXT_ROW (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item));
}

/* --- selection ------------------------------------------------------------------------------ */

static void
on_selected_item (GtkSingleSelection *selection,
                  GParamSpec         *pspec,
                  ExplorerReplyLog   *self)
{
  ExplorerLoggedReply *item = gtk_single_selection_get_selected_item (selection);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->detail_view));
  g_autofree char *json = NULL;

  if (item != NULL)
    json = explorer_logged_reply_dup_json (item, TRUE);
  gtk_text_buffer_set_text (buffer, json != NULL ? json : "", -1);
}

/* --- filter ------------------------------------------------------------------------------- */

/* ASCII case-insensitive: the JSON's keys and most values are ASCII, and folding each
 * reply's text as Unicode would cost more than the search. */
static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  gsize length = strlen (needle);

  if (length == 0)
    return TRUE;

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_tolower (*p) == needle[0] && g_ascii_strncasecmp (p, needle, length) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  ExplorerReplyLog *self = user_data;
  g_autofree char *json = NULL;

  if (self->filter_text == NULL)
    return TRUE;

  json = explorer_logged_reply_dup_json (item, FALSE);
  return contains_folded (json, self->filter_text);
}

static void
on_search_changed (GtkSearchEntry   *entry,
                   ExplorerReplyLog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *old = g_steal_pointer (&self->filter_text);
  GtkFilterChange change;

  if (text[0] != '\0')
    self->filter_text = g_ascii_strdown (text, -1);

  if (g_strcmp0 (old, self->filter_text) == 0)
    return;

  /* Without a filter the model passes everything through untouched. */
  if (self->filter_text == NULL)
    {
      gtk_filter_list_model_set_filter (self->filter_model, NULL);
      return;
    }

  if (old == NULL)
    {
      gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
      return;
    }

  if (strstr (self->filter_text, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, self->filter_text) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

/* --- export --------------------------------------------------------------------------------- */

static GBytes *
format_lines (GPtrArray *replies)
{
  GString *out = g_string_sized_new (64 * replies->len + 1);

  for (guint i = 0; i < replies->len; i++)
    explorer_logged_reply_append_json_line (out, g_ptr_array_index (replies, i));

  return g_string_free_to_bytes (out);
}

static GPtrArray *
dup_kept (ExplorerReplyLog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ring));
  GPtrArray *replies = g_ptr_array_new_full (n, (GDestroyNotify) varlink_reply_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (replies, varlink_reply_ref (explorer_reply_ring_peek (self->ring, i)));

  return replies;
}

static void
format_lines_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_task_return_pointer (task, format_lines (task_data), (GDestroyNotify) g_bytes_unref);
}

static void
export_failed (ExplorerReplyLog *self,
               GFile            *file,
               const GError     *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = g_file_get_parse_name (file);
  AdwMessageDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("The Replies Could Not Be Exported"),
                                                       NULL));
  /* Translators: the first %s is a file name, the second the reason */
  adw_message_dialog_format_body (dialog, _("Writing “%s” failed: %s"), name, error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_end (ExplorerReplyLog *self)
{
  g_clear_object (&self->exporting);
  if (self->ring != NULL)
    update_labels (self);
}

static void
on_export_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ExplorerReplyLog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    export_failed (self, G_FILE (source), error);
  export_end (self);
}

static void
on_export_formatted (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ExplorerReplyLog) self = EXPLORER_REPLY_LOG (source);
  GFile *file = user_data;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled: the log went away meanwhile. */
  if (bytes == NULL)
    {
      export_end (self);
      g_object_unref (file);
      return;
    }

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->exporting, on_export_written, g_object_ref (self));
  g_object_unref (file);
}

/* In the window the text is made in a worker thread and written asynchronously, so that a
 * large log never holds the main loop. */
static void
export_async (ExplorerReplyLog *self,
              GFile            *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self->exporting == NULL);

  self->exporting = g_cancellable_new ();
  update_labels (self);

  task = g_task_new (g_object_ref (self), self->exporting, on_export_formatted, g_object_ref (file));
  g_task_set_source_tag (task, export_async);
  g_task_set_task_data (task, dup_kept (self), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, format_lines_thread);
}

static void
on_export_response (GtkNativeDialog  *chooser,
                    int               response,
                    ExplorerReplyLog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL && self->exporting == NULL)
        export_async (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
on_export_clicked (GtkButton        *button,
                   ExplorerReplyLog *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Replies"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "replies.jsonl");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- style ------------------------------------------------------------------------------- */

static void
update_style_scheme (AdwStyleManager  *manager,
                     GParamSpec       *pspec,
                     ExplorerReplyLog *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->detail_view));
  const char *name = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer),
                                      gtk_source_style_scheme_manager_get_scheme (schemes, name));
}

/* --- GObject ----------------------------------------------------------------------------- */

static void
explorer_reply_log_dispose (GObject *object)
{
  ExplorerReplyLog *self = EXPLORER_REPLY_LOG (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->rate_id, g_source_remove);
  g_clear_object (&self->follower);
  if (self->exporting != NULL)
    g_cancellable_cancel (self->exporting);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_REPLY_LOG);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->ring);

  G_OBJECT_CLASS (explorer_reply_log_parent_class)->dispose (object);
}

static void
explorer_reply_log_finalize (GObject *object)
{
  ExplorerReplyLog *self = EXPLORER_REPLY_LOG (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_object (&self->exporting);

  G_OBJECT_CLASS (explorer_reply_log_parent_class)->finalize (object);
}

static void
explorer_reply_log_class_init (ExplorerReplyLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_reply_log_dispose;
  object_class->finalize = explorer_reply_log_finalize;

  /* Referencing the resource keeps it in programs linking the static library. */
  (void) explorer_get_resource ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/VarlinkExplorer/"
                                               "explorer-reply-log.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, count_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, follow_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, export_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, list_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyLog, detail_view);
}

static void
explorer_reply_log_init (ExplorerReplyLog *self)
{
  GtkListItemFactory *factory;
  GtkSourceLanguage *json;
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) varlink_reply_unref);
  self->ring = explorer_reply_ring_new (EXPLORER_DEFAULT_MAX_REPLIES);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->ring)), NULL);
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_selected_item), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->follower = explorer_list_follower_new (self->list_view, self->list_scroller,
                                               self->follow_button);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->detail_view));
  json = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json");
  if (json != NULL)
    gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), json);
  /* Read-only text: a bracket lit up at the cursor would only distract. */
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, 0);
  update_style_scheme (adw_style_manager_get_default (), NULL, self);

  update_labels (self);
}

/* --- API ------------------------------------------------------------------------------------ */

ExplorerReplyLog *
explorer_reply_log_new (void)
{
  return g_object_new (EXPLORER_TYPE_REPLY_LOG, NULL);
}

void
explorer_reply_log_start (ExplorerReplyLog *self)
{
  g_return_if_fail (EXPLORER_IS_REPLY_LOG (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->pending, 0);
  explorer_reply_ring_clear (self->ring, g_get_real_time ());

  self->n_received = 0;
  self->start_time = g_get_monotonic_time ();
  self->finish_time = 0;
  self->streaming = TRUE;
  self->n_samples = 0;
  self->next_sample = 0;
  self->rate = 0;

  g_clear_handle_id (&self->rate_id, g_source_remove);
  self->rate_id = g_timeout_add (RATE_INTERVAL_MS, update_rate, self);
  g_source_set_name_by_id (self->rate_id, "[explorer] reply log rate");

  gtk_toggle_button_set_active (self->follow_button, TRUE);
  update_labels (self);
}

void
explorer_reply_log_append (ExplorerReplyLog *self,
                           VarlinkReply     *reply)
{
  guint max;

  g_return_if_fail (EXPLORER_IS_REPLY_LOG (self));
  g_return_if_fail (reply != NULL);

  g_ptr_array_add (self->pending, varlink_reply_ref (reply));
  self->n_received++;

  /* When the queue is not emptied (the main loop is starved), it keeps no more than the
   * bound and then some: the older half goes, as it would from the model. */
  max = explorer_reply_ring_get_max_replies (self->ring);
  if (self->pending->len >= 2 * (guint64) max)
    {
      VarlinkReply *last = g_ptr_array_index (self->pending, max - 1);

      explorer_reply_ring_skip (self->ring, max, varlink_reply_get_time (last));
      g_ptr_array_remove_range (self->pending, 0, max);
    }

  if (self->flush_id == 0)
    {
      self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_cb, self);
      g_source_set_name_by_id (self->flush_id, "[explorer] reply log flush");
    }
}

void
explorer_reply_log_finish (ExplorerReplyLog *self)
{
  g_return_if_fail (EXPLORER_IS_REPLY_LOG (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  flush_pending (self);

  g_clear_handle_id (&self->rate_id, g_source_remove);
  if (self->streaming)
    self->finish_time = g_get_monotonic_time ();
  self->streaming = FALSE;
  update_labels (self);
}

void
explorer_reply_log_set_max_replies (ExplorerReplyLog *self,
                                    guint             max_replies)
{
  g_return_if_fail (EXPLORER_IS_REPLY_LOG (self));

  explorer_reply_ring_set_max_replies (self->ring, max_replies);
  update_labels (self);
}

guint64
explorer_reply_log_get_n_received (ExplorerReplyLog *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_LOG (self), 0);

  return self->n_received;
}

/* Replies still queued for the next frame are counted neither as kept nor as dropped;
 * after explorer_reply_log_finish() kept + dropped is the number received. */
guint
explorer_reply_log_get_n_kept (ExplorerReplyLog *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_LOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->ring));
}

guint64
explorer_reply_log_get_n_dropped (ExplorerReplyLog *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_LOG (self), 0);

  return explorer_reply_ring_get_n_dropped (self->ring);
}

/* Every kept reply, oldest first, as ExplorerLoggedReply items (made on each get_item:
 * compare them by number, not by pointer), whatever the filter shows. */
GListModel *
explorer_reply_log_get_model (ExplorerReplyLog *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_LOG (self), NULL);

  return G_LIST_MODEL (self->ring);
}

/* Synchronous, for tests and scripts: the window's Export button writes from a worker
 * thread instead. Each line is a reply as the service sent it: {"parameters":{...}} with
 * "error" and "continues" when set. Replies still queued are written too. */
gboolean
explorer_reply_log_export (ExplorerReplyLog *self,
                           GFile            *file,
                           GError          **error)
{
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (EXPLORER_IS_REPLY_LOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  flush_pending (self);
  replies = dup_kept (self);
  bytes = format_lines (replies);

  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}

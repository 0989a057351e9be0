/* explorer-history-view.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "explorer-a11y.h"
#include "explorer-resources.h"
#include "explorer-history-view.h"

struct _ExplorerHistoryView
{
  AdwBin              parent_instance;

  /* template children */
  GtkButton          *clear_button;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkListView        *list_view;
  GtkLabel           *stats_label;
  GtkButton          *reopen_button;
  GtkButton          *copy_button;

  ExplorerHistory    *history;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char               *filter_text;   /* casefolded, NULL for none */
};

G_DEFINE_FINAL_TYPE (ExplorerHistoryView, explorer_history_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_HISTORY,
  N_PROPS
};

enum {
  REOPEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
explorer_format_duration (gint64 duration_us)
{
  if (duration_us < 1000)
    return g_strdup_printf (_("%d µs"), (int) duration_us);
  if (duration_us < 1000 * 1000)
    return g_strdup_printf (_("%.1f ms"), duration_us / 1000.0);
  return g_strdup_printf (_("%.2f s"), duration_us / (double) G_USEC_PER_SEC);
}

static char *
dup_flags_text (VarlinkCallFlags flags)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  /* The protocol's own words: they are what the user set. */
  if ((flags & VARLINK_CALL_MORE) != 0)
    g_ptr_array_add (names, (gpointer) "more");
  if ((flags & VARLINK_CALL_ONEWAY) != 0)
    g_ptr_array_add (names, (gpointer) "oneway");
  if ((flags & VARLINK_CALL_UPGRADE) != 0)
    g_ptr_array_add (names, (gpointer) "upgrade");
  g_ptr_array_add (names, NULL);

  return g_strjoinv (", ", (char **) names->pdata);
}

static char *
dup_outcome_text (ExplorerHistoryEntry *entry)
{
  guint n_replies = explorer_history_entry_get_n_replies (entry);

  if (!explorer_history_entry_get_succeeded (entry))
    return g_strdup (explorer_history_entry_get_outcome (entry));

  if ((explorer_history_entry_get_flags (entry) & VARLINK_CALL_ONEWAY) != 0)
    return g_strdup (_("Sent"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reply", "%u replies", n_replies),
                          n_replies);
}

/* --- filter ------------------------------------------------------------------------------ */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, needle) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  ExplorerHistoryView *self = user_data;
  ExplorerHistoryEntry *entry = item;

  if (self->filter_text == NULL)
    return TRUE;

  return contains (explorer_history_entry_get_method (entry), self->filter_text)
         || contains (explorer_history_entry_get_address (entry), self->filter_text)
         || contains (explorer_history_entry_get_outcome (entry), self->filter_text);
}

static void
on_search_changed (ExplorerHistoryView *self)
{
  explorer_history_view_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* --- selection, statistics, buttons ------------------------------------------------------- */

static void
update_stats (ExplorerHistoryView *self)
{
  ExplorerHistoryEntry *entry = explorer_history_view_get_selected (self);
  g_autofree char *text = NULL;
  guint count = 0;
  gint64 min_us = 0, median_us = 0, max_us = 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->reopen_button), entry != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), entry != NULL);

  if (entry == NULL)
    {
      gtk_label_set_text (self->stats_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->stats_label), FALSE);
      return;
    }

  if (explorer_history_get_stats (self->history, explorer_history_entry_get_method (entry),
                                  &count, &min_us, &median_us, &max_us))
    {
      g_autofree char *min_text = explorer_format_duration (min_us);
      g_autofree char *median_text = explorer_format_duration (median_us);
      g_autofree char *max_text = explorer_format_duration (max_us);
      g_autofree char *calls = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%s: %u successful call",
                                                             "%s: %u successful calls", count),
                                                explorer_history_entry_get_method (entry), count);

      /* TRANSLATORS: the first %s is "METHOD: N successful calls", then three durations. */
      text = g_strdup_printf (_("%s. Fastest %s, median %s, slowest %s."),
                              calls, min_text, median_text, max_text);
    }
  else
    {
      text = g_strdup_printf (_("%s: no successful call yet."),
                              explorer_history_entry_get_method (entry));
    }

  gtk_label_set_text (self->stats_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->stats_label), TRUE);
}

static void
update_page (ExplorerHistoryView *self)
{
  guint n_all = self->history != NULL
                ? g_list_model_get_n_items (explorer_history_get_entries (self->history))
                : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (n_all == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Calls Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every call you make is kept here, to re-open into its "
                                         "form or to copy as a command line."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Calls"));
      adw_status_page_set_description (self->empty_page,
                                       _("No call's method, address or outcome contains the filter text."));
    }

  gtk_stack_set_visible_child_name (self->stack, n_shown > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), n_all > 0);
}

static void
on_entries_changed (GListModel          *model,
                    guint                position,
                    guint                removed,
                    guint                added,
                    ExplorerHistoryView *self)
{
  update_page (self);
  update_stats (self);
}

static void
on_selection_changed (ExplorerHistoryView *self)
{
  update_stats (self);
}

static void
on_reopen_clicked (ExplorerHistoryView *self)
{
  ExplorerHistoryEntry *entry = explorer_history_view_get_selected (self);

  if (entry != NULL)
    g_signal_emit (self, signals[REOPEN], 0, entry);
}

static void
on_activate (ExplorerHistoryView *self,
             guint                position)
{
  explorer_history_view_select (self, position);
  on_reopen_clicked (self);
}

static void
on_copy_clicked (ExplorerHistoryView *self)
{
  ExplorerHistoryEntry *entry = explorer_history_view_get_selected (self);
  g_autofree char *command = NULL;
  GtkWidget *overlay;

  if (entry == NULL)
    return;

  command = explorer_history_entry_dup_command_line (entry);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), command);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Command line copied")));
}

static void
on_clear_response (AdwMessageDialog    *dialog,
                   const char          *response,
                   ExplorerHistoryView *self)
{
  if (g_str_equal (response, "clear") && self->history != NULL)
    explorer_history_clear (self->history);
}

static void
on_clear_clicked (ExplorerHistoryView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Clear the History?"),
                                                       _("Every call made so far is forgotten, with "
                                                         "its parameters and timings. This cannot "
                                                         "be undone.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear History"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_clear_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- rows -------------------------------------------------------------------------------- */

static GtkWidget *
row_label (const char *css_class,
           PangoEllipsizeMode ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), ellipsize);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *method = row_label (NULL, PANGO_ELLIPSIZE_START);
  GtkWidget *facts = row_label ("caption", PANGO_ELLIPSIZE_END);
  GtkWidget *address = row_label ("caption", PANGO_ELLIPSIZE_MIDDLE);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (facts, "numeric");
  gtk_widget_add_css_class (address, "dim-label");
  gtk_widget_set_hexpand (lines, TRUE);

  gtk_box_append (GTK_BOX (lines), method);
  gtk_box_append (GTK_BOX (lines), facts);
  gtk_box_append (GTK_BOX (lines), address);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), lines);

  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  ExplorerHistoryEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *lines = gtk_widget_get_next_sibling (icon);
  GtkWidget *method = gtk_widget_get_first_child (lines);
  GtkWidget *facts = gtk_widget_get_next_sibling (method);
  GtkWidget *address = gtk_widget_get_next_sibling (facts);
  gboolean succeeded = explorer_history_entry_get_succeeded (entry);
  g_autoptr(GDateTime) local = g_date_time_to_local (explorer_history_entry_get_started (entry));
  g_autofree char *time = g_date_time_format (local, "%x %X");
  g_autofree char *duration = explorer_format_duration (explorer_history_entry_get_duration (entry));
  g_autofree char *flags = dup_flags_text (explorer_history_entry_get_flags (entry));
  g_autofree char *outcome = dup_outcome_text (entry);
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), succeeded ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (icon, succeeded ? "error" : "success");
  gtk_widget_add_css_class (icon, succeeded ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  succeeded ? _("Succeeded") : _("Failed"),
                                  -1);

  gtk_label_set_text (GTK_LABEL (method), explorer_history_entry_get_method (entry));
  gtk_widget_set_tooltip_text (method, explorer_history_entry_get_method (entry));

  /* Time · duration · flags · outcome: one line a person scans down. */
  if (*flags != '\0')
    text = g_strdup_printf ("%s · %s · %s · %s", time, duration, flags, outcome);
  else
    text = g_strdup_printf ("%s · %s · %s", time, duration, outcome);
  gtk_label_set_text (GTK_LABEL (facts), text);
  gtk_widget_set_tooltip_text (facts, text);

  gtk_label_set_text (GTK_LABEL (address), explorer_history_entry_get_address (entry));
  gtk_widget_set_tooltip_text (address, explorer_history_entry_get_address (entry));

  accessible = g_strdup_printf ("%s, %s, %s", explorer_history_entry_get_method (entry), text,
                                explorer_history_entry_get_address (entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  /* The row a screen reader reads is the list view's, which GTK 4.8 does not name after
   * its child: name it too. */
  if (gtk_widget_get_parent (box) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                    -1);
}

/* --- GObject ----------------------------------------------------------------------------- */

static void
explorer_history_view_dispose (GObject *object)
{
  ExplorerHistoryView *self = EXPLORER_HISTORY_VIEW (object);

  explorer_history_view_set_history (self, NULL);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->filter_text, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_HISTORY_VIEW);

  G_OBJECT_CLASS (explorer_history_view_parent_class)->dispose (object);
}

static void
explorer_history_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ExplorerHistoryView *self = EXPLORER_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_history_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ExplorerHistoryView *self = EXPLORER_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      explorer_history_view_set_history (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_history_view_class_init (ExplorerHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_history_view_dispose;
  object_class->get_property = explorer_history_view_get_property;
  object_class->set_property = explorer_history_view_set_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, EXPLORER_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REOPEN] =
    g_signal_new ("reopen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EXPLORER_TYPE_HISTORY_ENTRY);

  /* Referencing the resource keeps it in programs linking the static library. */
  (void) explorer_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, list_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, stats_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerHistoryView, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_reopen_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  gtk_widget_class_set_css_name (widget_class, "explorerhistoryview");
}

static void
explorer_history_view_init (ExplorerHistoryView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  explorer_a11y_name_status_pages (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_page (self);
  update_stats (self);
}

ExplorerHistoryView *
explorer_history_view_new (void)
{
  return g_object_new (EXPLORER_TYPE_HISTORY_VIEW, NULL);
}

ExplorerHistory *
explorer_history_view_get_history (ExplorerHistoryView *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_VIEW (self), NULL);

  return self->history;
}

void
explorer_history_view_set_history (ExplorerHistoryView *self,
                                   ExplorerHistory     *history)
{
  g_return_if_fail (EXPLORER_IS_HISTORY_VIEW (self));
  g_return_if_fail (history == NULL || EXPLORER_IS_HISTORY (history));

  if (self->history == history)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (explorer_history_get_entries (self->history),
                                          on_entries_changed, self);

  g_set_object (&self->history, history);

  if (self->filtered != NULL)
    gtk_filter_list_model_set_model (self->filtered,
                                     history != NULL ? explorer_history_get_entries (history) : NULL);

  if (history != NULL)
    g_signal_connect_object (explorer_history_get_entries (history), "items-changed",
                             G_CALLBACK (on_entries_changed), self, G_CONNECT_AFTER);

  if (self->stack != NULL)
    {
      update_page (self);
      update_stats (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

GListModel *
explorer_history_view_get_shown (ExplorerHistoryView *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_VIEW (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

void
explorer_history_view_set_filter_text (ExplorerHistoryView *self,
                                       const char          *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (EXPLORER_IS_HISTORY_VIEW (self));

  if (text != NULL && *text != '\0')
    folded = g_utf8_casefold (text, -1);

  if (g_strcmp0 (folded, self->filter_text) == 0)
    return;

  g_free (self->filter_text);
  self->filter_text = g_steal_pointer (&folded);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_page (self);
  update_stats (self);
}

void
explorer_history_view_select (ExplorerHistoryView *self,
                              guint                position)
{
  g_return_if_fail (EXPLORER_IS_HISTORY_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
}

ExplorerHistoryEntry *
explorer_history_view_get_selected (ExplorerHistoryView *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

const char *
explorer_history_view_get_stats_text (ExplorerHistoryView *self)
{
  g_return_val_if_fail (EXPLORER_IS_HISTORY_VIEW (self), NULL);

  return gtk_label_get_text (self->stats_label);
}

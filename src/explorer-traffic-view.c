/* explorer-traffic-view.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "explorer-list-follower.h"
#include "explorer-logged-reply.h"
#include "explorer-resources.h"
#include "explorer-text-row.h"
#include "explorer-traffic-view.h"

/* The list shows the start of a message; the details show all of it. */
#define LINE_MAX_BYTES 400

/* The terminating NUL, made visible and set apart by its style. (U+2400 ␀ would be the
 * natural sign, but few fonts have it.) */
#define NUL_MARKER "\\0"

struct _ExplorerTrafficView
{
  AdwBin              parent_instance;

  /* template children */
  GtkLabel           *count_label;
  GtkToggleButton    *follow_button;
  GtkStack           *list_stack;
  GtkBox             *list_page;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkToggleButton    *formatted_button;
  GtkToggleButton    *raw_button;
  GtkLabel           *details_label;
  GtkButton          *copy_button;
  GtkSourceView      *details_view;

  ExplorerTraffic    *traffic;
  GtkSingleSelection *selection;
  ExplorerTrafficMessage *shown;
  GtkTextTag         *nul_tag;
  ExplorerListFollower *follower;
};

G_DEFINE_FINAL_TYPE (ExplorerTrafficView, explorer_traffic_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TRAFFIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- text ------------------------------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *data,
                gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

      switch (c)
        {
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_unichar (out, c);
        }
      p = g_utf8_next_char (p);
    }
}

char *
explorer_traffic_view_format_line (GBytes   *bytes,
                                   gboolean  raw)
{
  GString *out = g_string_new (NULL);
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  append_escaped (out, data, MIN (length, LINE_MAX_BYTES));
  if (length > LINE_MAX_BYTES)
    g_string_append (out, "…");
  /* The NUL is the whole framing of the protocol: show where it is. */
  if (!raw)
    g_string_append (out, NUL_MARKER);

  return g_string_free (out, FALSE);
}

char *
explorer_traffic_view_format_hex (GBytes *bytes)
{
  GString *out = g_string_new (NULL);
  const guint8 *data;
  gsize length = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  for (gsize offset = 0; offset < length; offset += 16)
    {
      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x  ", offset);
      for (gsize i = 0; i < 16; i++)
        {
          if (offset + i < length)
            g_string_append_printf (out, "%02x ", data[offset + i]);
          else
            g_string_append (out, "   ");
        }
      g_string_append_c (out, ' ');
      for (gsize i = 0; i < 16 && offset + i < length; i++)
        {
          guint8 c = data[offset + i];

          g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static char *
format_time (gint64 time_us)
{
  return explorer_logged_reply_format_time (time_us);
}

static char *
dup_message_text (ExplorerTrafficMessage *message,
                  const char             *mode)
{
  GBytes *bytes = explorer_traffic_message_get_bytes (message);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (explorer_traffic_message_get_raw (message))
    {
      if (g_str_equal (mode, "raw") && g_utf8_validate (data, length, NULL))
        return g_strndup (data, length);
      return explorer_traffic_view_format_hex (bytes);
    }

  if (g_str_equal (mode, "formatted"))
    {
      g_autoptr(JsonNode) node = varlink_json_parse (data, length, NULL);

      if (node != NULL)
        return varlink_json_to_string (node, TRUE);
    }

  /* Raw, or not JSON at all: the text as it was, made displayable. */
  return g_utf8_make_valid (data, length);
}

/* --- details ---------------------------------------------------------------------------- */

static const char *
get_mode (ExplorerTrafficView *self)
{
  return gtk_toggle_button_get_active (self->raw_button) ? "raw" : "formatted";
}

static void
explorer_traffic_view_show_details (ExplorerTrafficView    *self,
                                    ExplorerTrafficMessage *message)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->details_view));
  GtkSourceLanguage *language = NULL;
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  g_autofree char *time = NULL;
  const char *mode = get_mode (self);

  g_set_object (&self->shown, message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), message != NULL);

  if (message == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", -1);
      gtk_label_set_text (self->details_label, _("No message selected"));
      return;
    }

  text = dup_message_text (message, mode);
  if (g_str_equal (mode, "formatted") && !explorer_traffic_message_get_raw (message))
    language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                         "json");

  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), language);
  gtk_text_buffer_set_text (buffer, text, -1);
  if (g_str_equal (mode, "raw") && !explorer_traffic_message_get_raw (message))
    {
      GtkTextIter end;

      /* What ends the message on the wire. */
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags (buffer, &end, NUL_MARKER, -1, self->nul_tag, NULL);
    }
  /* A hex dump is read in columns: never wrapped. */
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->details_view),
                               explorer_traffic_message_get_raw (message) ? GTK_WRAP_NONE : GTK_WRAP_WORD_CHAR);

  size = g_format_size_full (g_bytes_get_size (explorer_traffic_message_get_bytes (message)),
                             G_FORMAT_SIZE_IEC_UNITS);
  time = format_time (explorer_traffic_message_get_time (message));
  gtk_label_set_text (self->details_label, time);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_label), size);
}

static void
on_selection_changed (ExplorerTrafficView *self)
{
  g_autoptr(ExplorerTrafficMessage) message = NULL;

  message = gtk_single_selection_get_selected_item (self->selection) != NULL
            ? g_object_ref (gtk_single_selection_get_selected_item (self->selection))
            : NULL;

  if (message != self->shown)
    explorer_traffic_view_show_details (self, message);
}

static void
on_mode_toggled (ExplorerTrafficView *self,
                 GtkToggleButton     *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (self->shown != NULL)
    {
      g_autoptr(ExplorerTrafficMessage) message = g_object_ref (self->shown);

      explorer_traffic_view_show_details (self, message);
    }
}

static void
on_copy_clicked (ExplorerTrafficView *self)
{
  g_autofree char *text = NULL;

  if (self->shown == NULL)
    return;

  /* Raw copies the bytes as they were (the NUL left out: a clipboard cannot carry it). */
  text = dup_message_text (self->shown, get_mode (self));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
on_clear_clicked (ExplorerTrafficView *self)
{
  if (self->traffic != NULL)
    explorer_traffic_clear (self->traffic);
}

/* Connected after the list view, so that the list knows of the new rows. */
static void
on_selection_items_changed (GListModel          *model,
                            guint                position,
                            guint                removed,
                            guint                added,
                            ExplorerTrafficView *self)
{
  if (added > 0)
    explorer_list_follower_follow (self->follower);
}

static void
update_count (ExplorerTrafficView *self)
{
  guint n = self->traffic != NULL
            ? g_list_model_get_n_items (explorer_traffic_get_messages (self->traffic))
            : 0;
  guint64 n_dropped = self->traffic != NULL ? explorer_traffic_get_n_dropped (self->traffic) : 0;
  g_autofree char *text = NULL;

  if (n_dropped == 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message", "%u messages", n), n);
    }
  else
    {
      g_autofree char *kept = g_strdup_printf ("%'u", n);
      g_autofree char *dropped = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_dropped);

      /* Translators: the number of messages the traffic pane shows, and how many older
       * ones it let go to stay within its bound: "10,000 messages, 90,002 older dropped" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s messages, %s older dropped",
                                           "%s messages, %s older dropped",
                                           n_dropped),
                              kept, dropped);
    }

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

static void
on_items_changed (GListModel          *model,
                  guint                position,
                  guint                removed,
                  guint                added,
                  ExplorerTrafficView *self)
{
  update_count (self);
}

/* --- rows -------------------------------------------------------------------------------- */

/* Direction, time, connection, size and the message: one ExplorerTextRow a message (see
 * there why), under a header with the same column widths. */
static const ExplorerTextColumn row_columns[] = {
  { 2,  EXPLORER_TEXT_COLUMN_ALIGN_CENTER },
  { 12, EXPLORER_TEXT_COLUMN_NUMERIC },
  { 14, 0 },
  { 7,  EXPLORER_TEXT_COLUMN_ALIGN_END | EXPLORER_TEXT_COLUMN_NUMERIC },
  /* Cut in the middle, so that the NUL marker at the end stays in sight. */
  { 0,  EXPLORER_TEXT_COLUMN_EXPAND | EXPLORER_TEXT_COLUMN_MONOSPACE | EXPLORER_TEXT_COLUMN_ELLIPSIZE_MIDDLE },
};

/* The same widths, so that the titles stand over their columns. */
static const ExplorerTextColumn header_columns[] = {
  { 2,  EXPLORER_TEXT_COLUMN_BOLD },
  { 12, EXPLORER_TEXT_COLUMN_BOLD },
  { 14, EXPLORER_TEXT_COLUMN_BOLD },
  { 7,  EXPLORER_TEXT_COLUMN_ALIGN_END | EXPLORER_TEXT_COLUMN_BOLD },
  { 0,  EXPLORER_TEXT_COLUMN_EXPAND | EXPLORER_TEXT_COLUMN_BOLD },
};


static void
format_row (gpointer                item,
            ExplorerTextRowContent *content,
            gpointer                user_data)
{
  ExplorerTrafficMessage *message = item;
  gboolean sent = explorer_traffic_message_get_direction (message) == VARLINK_DIRECTION_SENT;
  gboolean raw = explorer_traffic_message_get_raw (message);
  GBytes *bytes = explorer_traffic_message_get_bytes (message);
  gsize size = g_bytes_get_size (bytes);
  const char *direction;

  if (raw)
    direction = sent ? _("Sent raw bytes") : _("Received raw bytes");
  else
    direction = sent ? _("Sent") : _("Received");

  content->text[0] = g_strdup (sent ? "→" : "←");
  content->tooltip[0] = g_strdup (direction);
  content->color[0] = sent ? EXPLORER_TEXT_COLOR_ACCENT : EXPLORER_TEXT_COLOR_SUCCESS;
  content->text[1] = format_time (explorer_traffic_message_get_time (message));
  content->text[2] = g_strdup (explorer_traffic_message_get_connection (message));
  content->tooltip[2] = g_strdup (content->text[2]);
  /* The NUL is on the wire too: count it, as a reader of the bytes would. */
  content->text[3] = g_strdup_printf ("%" G_GSIZE_FORMAT, raw ? size : size + 1);
  content->text[4] = explorer_traffic_view_format_line (bytes, raw);

  if (!raw)
    {
      PangoAttrList *attributes = pango_attr_list_new ();
      guint end = strlen (content->text[4]);
      PangoAttribute *attribute;

      attribute = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      attribute->start_index = end - strlen (NUL_MARKER);
      attribute->end_index = end;
      pango_attr_list_insert (attributes, attribute);
      attribute = pango_attr_foreground_new (0x3600, 0x8400, 0xe400);
      attribute->start_index = end - strlen (NUL_MARKER);
      attribute->end_index = end;
      pango_attr_list_insert (attributes, attribute);
      content->attributes[4] = attributes;
    }

  /* What the arrow means, then the columns as they read. */
  content->accessible = g_strjoin (" ", direction, content->text[1], content->text[2],
                                   content->text[3], content->text[4], NULL);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, explorer_text_row_new (row_columns, G_N_ELEMENTS (row_columns),
                                                        format_row, NULL));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  explorer_text_row_set_item (EXPLORER_TEXT_ROW (gtk_list_item_get_child (item)),
                              gtk_list_item_get_item (item));
}

/* --- GObject ----------------------------------------------------------------------------- */

static void
update_style_scheme (AdwStyleManager     *manager,
                     GParamSpec          *pspec,
                     ExplorerTrafficView *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->details_view));
  gboolean dark = adw_style_manager_get_dark (manager);

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer),
                                      gtk_source_style_scheme_manager_get_scheme (schemes,
                                                                                  dark ? "Adwaita-dark" : "Adwaita"));
}

static void
explorer_traffic_view_dispose (GObject *object)
{
  ExplorerTrafficView *self = EXPLORER_TRAFFIC_VIEW (object);

  g_clear_object (&self->follower);
  explorer_traffic_view_set_traffic (self, NULL);
  g_clear_object (&self->shown);
  g_clear_object (&self->selection);

  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_TRAFFIC_VIEW);

  G_OBJECT_CLASS (explorer_traffic_view_parent_class)->dispose (object);
}

static void
explorer_traffic_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ExplorerTrafficView *self = EXPLORER_TRAFFIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRAFFIC:
      g_value_set_object (value, self->traffic);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_traffic_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ExplorerTrafficView *self = EXPLORER_TRAFFIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRAFFIC:
      explorer_traffic_view_set_traffic (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_traffic_view_class_init (ExplorerTrafficViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_traffic_view_dispose;
  object_class->get_property = explorer_traffic_view_get_property;
  object_class->set_property = explorer_traffic_view_set_property;

  properties[PROP_TRAFFIC] =
    g_param_spec_object ("traffic", NULL, NULL, EXPLORER_TYPE_TRAFFIC,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  /* Referencing the resource keeps it in programs linking the static library. */
  (void) explorer_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-traffic-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, count_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, follow_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, list_page);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, list_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, formatted_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, raw_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, details_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerTrafficView, details_view);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);

  gtk_widget_class_set_css_name (widget_class, "explorertrafficview");
}

static void
explorer_traffic_view_init (ExplorerTrafficView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->nul_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->details_view)),
                                              NULL,
                                              "weight", PANGO_WEIGHT_BOLD,
                                              "foreground-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 1.0 },
                                              NULL);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  {
    const char *titles[] = { "", _("Time"), _("Connection"), _("Bytes"), _("Message") };
    GtkWidget *header = explorer_text_row_new (header_columns, G_N_ELEMENTS (header_columns),
                                               NULL, NULL);

    G_STATIC_ASSERT (G_N_ELEMENTS (titles) == G_N_ELEMENTS (header_columns));
    explorer_text_row_set_texts (EXPLORER_TEXT_ROW (header), titles);
    gtk_widget_add_css_class (header, "explorer-traffic-header");
    /* The list's rows say what each column is; a screen reader need not read this. */
    gtk_accessible_update_state (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
    gtk_box_prepend (self->list_page, header);
    gtk_box_insert_child_after (self->list_page, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), header);
  }

  self->follower = explorer_list_follower_new (self->list_view, self->scrolled_window,
                                               self->follow_button);
  g_signal_connect (self->selection, "items-changed", G_CALLBACK (on_selection_items_changed), self);

  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (update_style_scheme), self, 0);
  update_style_scheme (style_manager, NULL, self);

  explorer_traffic_view_show_details (self, NULL);
  update_count (self);
}

ExplorerTrafficView *
explorer_traffic_view_new (void)
{
  return g_object_new (EXPLORER_TYPE_TRAFFIC_VIEW, NULL);
}

ExplorerTraffic *
explorer_traffic_view_get_traffic (ExplorerTrafficView *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC_VIEW (self), NULL);

  return self->traffic;
}

void
explorer_traffic_view_set_traffic (ExplorerTrafficView *self,
                                   ExplorerTraffic     *traffic)
{
  g_return_if_fail (EXPLORER_IS_TRAFFIC_VIEW (self));
  g_return_if_fail (traffic == NULL || EXPLORER_IS_TRAFFIC (traffic));

  if (self->traffic == traffic)
    return;

  if (self->traffic != NULL)
    g_signal_handlers_disconnect_by_func (explorer_traffic_get_messages (self->traffic),
                                          on_items_changed, self);

  g_set_object (&self->traffic, traffic);

  if (traffic != NULL)
    g_signal_connect_object (explorer_traffic_get_messages (traffic), "items-changed",
                             G_CALLBACK (on_items_changed), self, 0);

  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection,
                                    traffic != NULL ? explorer_traffic_get_messages (traffic) : NULL);
  if (self->count_label != NULL)
    update_count (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAFFIC]);
}

void
explorer_traffic_view_select (ExplorerTrafficView *self,
                              guint                position)
{
  g_return_if_fail (EXPLORER_IS_TRAFFIC_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
}

char *
explorer_traffic_view_dup_details (ExplorerTrafficView *self,
                                   const char          *mode)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC_VIEW (self), NULL);
  g_return_val_if_fail (mode != NULL, NULL);

  if (self->shown == NULL)
    return NULL;

  return dup_message_text (self->shown, mode);
}

void
explorer_traffic_view_set_mode (ExplorerTrafficView *self,
                                const char          *mode)
{
  g_return_if_fail (EXPLORER_IS_TRAFFIC_VIEW (self));
  g_return_if_fail (mode != NULL);

  gtk_toggle_button_set_active (g_str_equal (mode, "raw") ? self->raw_button : self->formatted_button,
                                TRUE);
}

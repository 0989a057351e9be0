/* explorer-upgrade-view.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "explorer-upgrade-view.h"

/* The view keeps this much of the conversation; older chunks go first. */
#define MAX_KEPT_BYTES (1024 * 1024)

typedef struct {
  gboolean  sent;
  GBytes   *bytes;
} Chunk;

struct _ExplorerUpgradeView
{
  AdwBin             parent_instance;

  /* template children */
  GtkToggleButton   *hex_toggle;
  GtkTextView       *bytes_view;
  GtkEntry          *send_entry;
  GtkWidget         *send_button;
  GtkLabel          *status_label;

  VarlinkConnection *connection;
  GQueue             chunks;
  gsize              kept_bytes;
  guint64            n_sent;
  guint64            n_received;
  gboolean           closed;
};

G_DEFINE_FINAL_TYPE (ExplorerUpgradeView, explorer_upgrade_view, ADW_TYPE_BIN)

static void
chunk_free (Chunk *chunk)
{
  g_bytes_unref (chunk->bytes);
  g_free (chunk);
}

static void
append_chunk_text (GString     *out,
                   const Chunk *chunk,
                   gboolean     hex)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (chunk->bytes, &length);

  g_string_append_printf (out,
                          chunk->sent
                          ? g_dngettext (GETTEXT_PACKAGE, "→ sent %zu byte\n",
                                         "→ sent %zu bytes\n", length)
                          : g_dngettext (GETTEXT_PACKAGE, "← received %zu byte\n",
                                         "← received %zu bytes\n", length),
                          length);

  if (hex)
    {
      for (gsize line = 0; line < length; line += 16)
        {
          g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x  ", line);
          for (gsize i = line; i < line + 16; i++)
            {
              if (i < length)
                g_string_append_printf (out, "%02x ", data[i]);
              else
                g_string_append (out, "   ");
            }
          g_string_append_c (out, ' ');
          for (gsize i = line; i < MIN (line + 16, length); i++)
            g_string_append_c (out, g_ascii_isprint (data[i]) ? (char) data[i] : '.');
          g_string_append_c (out, '\n');
        }
      return;
    }

  /* Text as it reads, with what is not printable written as an escape, so that binary
   * bytes cannot mangle the view. Valid UTF-8 beyond ASCII is shown as characters. */
  {
    const char *p = (const char *) data;
    const char *end = p + length;

    while (p < end)
      {
        gunichar c = g_utf8_get_char_validated (p, end - p);

        if (c == (gunichar) -1 || c == (gunichar) -2)
          {
            g_string_append_printf (out, "\\x%02x", (guint8) *p);
            p++;
            continue;
          }

        if (c == '\n')
          g_string_append_c (out, '\n');
        else if (c == '\t')
          g_string_append (out, "\\t");
        else if (c == '\r')
          g_string_append (out, "\\r");
        else if (c == '\\')
          g_string_append (out, "\\\\");
        else if (c < 0x20 || c == 0x7f || !g_unichar_isprint (c))
          g_string_append_printf (out, c < 0x100 ? "\\x%02x" : "\\u%04x", c);
        else
          g_string_append_unichar (out, c);

        p = g_utf8_next_char (p);
      }

    if (length == 0 || data[length - 1] != '\n')
      g_string_append_c (out, '\n');
  }
}

static void
update_status (ExplorerUpgradeView *self)
{
  g_autofree char *sent = g_format_size_full (self->n_sent, G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *received = g_format_size_full (self->n_received, G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *text = NULL;

  /* Translators: counts of bytes, like "Sent 6 bytes, received 6 bytes." */
  text = g_strdup_printf (_("Sent %s, received %s."), sent, received);
  if (self->closed)
    {
      /* Translators: %s is the sentence "Sent 6 bytes, received 6 bytes." */
      g_autofree char *with_closed = g_strdup_printf (_("%s The connection is closed."), text);
      gtk_label_set_text (self->status_label, with_closed);
    }
  else
    {
      gtk_label_set_text (self->status_label, text);
    }

  gtk_widget_set_sensitive (self->send_button, self->connection != NULL && !self->closed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_entry), self->connection != NULL && !self->closed);
}

static void
scroll_to_end (ExplorerUpgradeView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->bytes_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_view_scroll_to_mark (self->bytes_view, gtk_text_buffer_get_insert (buffer),
                                0.0, FALSE, 0.0, 1.0);
}

static void
rebuild_text (ExplorerUpgradeView *self)
{
  gboolean hex = gtk_toggle_button_get_active (self->hex_toggle);
  GString *text = g_string_new (NULL);

  for (GList *l = self->chunks.head; l != NULL; l = l->next)
    append_chunk_text (text, l->data, hex);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->bytes_view), text->str, text->len);
  g_string_free (text, TRUE);
  scroll_to_end (self);
}

static void
add_chunk (ExplorerUpgradeView *self,
           gboolean             sent,
           GBytes              *bytes)
{
  Chunk *chunk = g_new0 (Chunk, 1);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->bytes_view);
  GtkTextIter end;
  GString *text = g_string_new (NULL);
  gboolean dropped = FALSE;

  chunk->sent = sent;
  chunk->bytes = g_bytes_ref (bytes);
  g_queue_push_tail (&self->chunks, chunk);
  self->kept_bytes += g_bytes_get_size (bytes);

  if (sent)
    self->n_sent += g_bytes_get_size (bytes);
  else
    self->n_received += g_bytes_get_size (bytes);

  while (self->kept_bytes > MAX_KEPT_BYTES && self->chunks.length > 1)
    {
      Chunk *old = g_queue_pop_head (&self->chunks);

      self->kept_bytes -= g_bytes_get_size (old->bytes);
      chunk_free (old);
      dropped = TRUE;
    }

  if (dropped)
    {
      g_string_free (text, TRUE);
      rebuild_text (self);
    }
  else
    {
      append_chunk_text (text, chunk, gtk_toggle_button_get_active (self->hex_toggle));
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, text->str, text->len);
      g_string_free (text, TRUE);
      scroll_to_end (self);
    }

  update_status (self);
}

static void
on_raw_data (VarlinkConnection   *connection,
             GBytes              *bytes,
             ExplorerUpgradeView *self)
{
  add_chunk (self, FALSE, bytes);
}

static void
on_closed (VarlinkConnection   *connection,
           const GError        *error,
           ExplorerUpgradeView *self)
{
  self->closed = TRUE;
  update_status (self);
}

static GBytes *
parse_hex (const char  *input,
           GError     **error)
{
  GByteArray *array = g_byte_array_new ();
  const char *p = input;

  while (*p != '\0')
    {
      int high, low;
      guint8 byte;

      if (g_ascii_isspace (*p) || *p == ':' || *p == ',')
        {
          p++;
          continue;
        }

      if (g_str_has_prefix (p, "0x") || g_str_has_prefix (p, "0X"))
        p += 2;

      high = g_ascii_xdigit_value (p[0]);
      low = high >= 0 ? g_ascii_xdigit_value (p[1]) : -1;
      if (high < 0 || low < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%.8s” is not a byte in hex: write two hex digits a byte, like 68 69 0a."),
                       p);
          g_byte_array_unref (array);
          return NULL;
        }

      byte = (guint8) (high * 16 + low);
      g_byte_array_append (array, &byte, 1);
      p += 2;
    }

  return g_byte_array_free_to_bytes (array);
}

static void
on_send (ExplorerUpgradeView *self)
{
  g_autoptr(GError) error = NULL;
  const char *input = gtk_editable_get_text (GTK_EDITABLE (self->send_entry));

  if (explorer_upgrade_view_send (self, input, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->send_entry), "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->send_entry), "error");
      update_status (self);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->send_entry), "error");
      gtk_label_set_text (self->status_label, error->message);
    }
}

static void
on_hex_toggled (ExplorerUpgradeView *self)
{
  gboolean hex = gtk_toggle_button_get_active (self->hex_toggle);

  gtk_entry_set_placeholder_text (self->send_entry,
                                  hex ? _("Bytes in hex, like 68 69 0a")
                                      : _("Text to send (a newline is added)"));
  rebuild_text (self);
}

static void
disconnect (ExplorerUpgradeView *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
}

static void
explorer_upgrade_view_dispose (GObject *object)
{
  ExplorerUpgradeView *self = EXPLORER_UPGRADE_VIEW (object);

  disconnect (self);
  g_queue_clear_full (&self->chunks, (GDestroyNotify) chunk_free);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_UPGRADE_VIEW);

  G_OBJECT_CLASS (explorer_upgrade_view_parent_class)->dispose (object);
}

static void
explorer_upgrade_view_class_init (ExplorerUpgradeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_upgrade_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-upgrade-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerUpgradeView, hex_toggle);
  gtk_widget_class_bind_template_child (widget_class, ExplorerUpgradeView, bytes_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerUpgradeView, send_entry);
  gtk_widget_class_bind_template_child (widget_class, ExplorerUpgradeView, send_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerUpgradeView, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_send);
  gtk_widget_class_bind_template_callback (widget_class, on_hex_toggled);
}

static void
explorer_upgrade_view_init (ExplorerUpgradeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->chunks);
  update_status (self);
}

ExplorerUpgradeView *
explorer_upgrade_view_new (void)
{
  return g_object_new (EXPLORER_TYPE_UPGRADE_VIEW, NULL);
}

void
explorer_upgrade_view_set_connection (ExplorerUpgradeView *self,
                                      VarlinkConnection   *connection)
{
  g_return_if_fail (EXPLORER_IS_UPGRADE_VIEW (self));
  g_return_if_fail (connection == NULL || VARLINK_IS_CONNECTION (connection));

  if (connection == self->connection)
    return;

  disconnect (self);
  g_queue_clear_full (&self->chunks, (GDestroyNotify) chunk_free);
  self->kept_bytes = 0;
  self->n_sent = 0;
  self->n_received = 0;
  self->closed = FALSE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->bytes_view), "", 0);

  if (connection != NULL)
    {
      self->connection = g_object_ref (connection);
      self->closed = varlink_connection_is_closed (connection);
      g_signal_connect (connection, "raw-data", G_CALLBACK (on_raw_data), self);
      g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
    }

  update_status (self);
}

gboolean
explorer_upgrade_view_send (ExplorerUpgradeView  *self,
                            const char           *input,
                            GError              **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (EXPLORER_IS_UPGRADE_VIEW (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  if (self->connection == NULL || self->closed ||
      varlink_connection_is_closed (self->connection))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The connection is closed: nothing can be sent on it any more."));
      return FALSE;
    }

  if (!varlink_connection_is_upgraded (self->connection))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("The connection has not been upgraded yet: wait for the confirming reply."));
      return FALSE;
    }

  if (gtk_toggle_button_get_active (self->hex_toggle))
    {
      bytes = parse_hex (input, error);
      if (bytes == NULL)
        return FALSE;
    }
  else
    {
      char *text = g_strconcat (input, "\n", NULL);

      bytes = g_bytes_new_take (text, strlen (text));
    }

  if (g_bytes_get_size (bytes) == 0)
    return TRUE;

  varlink_connection_send_raw (self->connection, bytes);
  add_chunk (self, TRUE, bytes);
  return TRUE;
}

void
explorer_upgrade_view_set_hex (ExplorerUpgradeView *self,
                               gboolean             hex)
{
  g_return_if_fail (EXPLORER_IS_UPGRADE_VIEW (self));

  gtk_toggle_button_set_active (self->hex_toggle, hex);
}

guint64
explorer_upgrade_view_get_n_sent (ExplorerUpgradeView *self)
{
  g_return_val_if_fail (EXPLORER_IS_UPGRADE_VIEW (self), 0);

  return self->n_sent;
}

guint64
explorer_upgrade_view_get_n_received (ExplorerUpgradeView *self)
{
  g_return_val_if_fail (EXPLORER_IS_UPGRADE_VIEW (self), 0);

  return self->n_received;
}

GBytes *
explorer_upgrade_view_dup_received (ExplorerUpgradeView *self)
{
  GByteArray *array;

  g_return_val_if_fail (EXPLORER_IS_UPGRADE_VIEW (self), NULL);

  array = g_byte_array_new ();
  for (GList *l = self->chunks.head; l != NULL; l = l->next)
    {
      Chunk *chunk = l->data;
      gsize length;
      const guint8 *data;

      if (chunk->sent)
        continue;
      data = g_bytes_get_data (chunk->bytes, &length);
      g_byte_array_append (array, data, length);
    }

  return g_byte_array_free_to_bytes (array);
}

char *
explorer_upgrade_view_dup_text (ExplorerUpgradeView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (EXPLORER_IS_UPGRADE_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->bytes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

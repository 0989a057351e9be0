/* explorer-preferences-window.c: the preferences window, bound to the settings.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "explorer-preferences-window.h"

struct _ExplorerPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template children */
  GtkSpinButton        *call_timeout_spin;
  GtkSpinButton        *connect_timeout_spin;
  GtkSpinButton        *max_stream_replies_spin;
  GtkSwitch            *auto_probe_switch;
  GtkSpinButton        *probe_timeout_spin;
  AdwComboRow          *color_scheme_row;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (ExplorerPreferencesWindow, explorer_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the style combo, in the order of the enum's values. */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_to_selected (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_str_equal (nick, color_schemes[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
selected_to_color_scheme (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[selected]);
}

static void
explorer_preferences_window_dispose (GObject *object)
{
  ExplorerPreferencesWindow *self = EXPLORER_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (explorer_preferences_window_parent_class)->dispose (object);
}

static void
explorer_preferences_window_class_init (ExplorerPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerPreferencesWindow,
                                        call_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerPreferencesWindow,
                                        connect_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerPreferencesWindow,
                                        max_stream_replies_spin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerPreferencesWindow,
                                        auto_probe_switch);
  gtk_widget_class_bind_template_child (widget_class, ExplorerPreferencesWindow,
                                        probe_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerPreferencesWindow,
                                        color_scheme_row);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
explorer_preferences_window_init (ExplorerPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
explorer_preferences_window_new (GSettings *settings,
                                 GtkWindow *parent)
{
  ExplorerPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (EXPLORER_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->settings = g_object_ref (settings);

  /* Applied as they change: whoever uses a key follows it. */
  g_settings_bind (settings, "call-timeout", self->call_timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "connect-timeout", self->connect_timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "max-stream-replies", self->max_stream_replies_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "auto-probe", self->auto_probe_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "probe-timeout", self->probe_timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "color-scheme", self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, color_scheme_to_selected,
                                selected_to_color_scheme, NULL, NULL);

  return GTK_WINDOW (self);
}

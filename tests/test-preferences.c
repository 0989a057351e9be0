/* test-preferences.c: the preferences window and its settings, the color scheme, the window
 * state kept across windows, the shortcuts window against every shortcut set, and About
 * (needs a display: run under xvfb-run).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "explorer-application.h"
#include "explorer-preferences-window.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

static ExplorerApplication *application;

/* The toplevel of type type that is shown, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static ExplorerWindow *
new_window (void)
{
  ExplorerWindow *window = explorer_window_new (GTK_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
  explorer_test_iterate_for (200);
  return window;
}

/* ---- the preferences window ---- */

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Every row says what it is for: a title and a subtitle. */
static guint
check_rows (GtkWidget *widget)
{
  guint n = 0;

  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

      g_test_message ("row: %s — %s", title, subtitle);
      g_assert_true (title != NULL && *title != '\0');
      g_assert_true (subtitle != NULL && strlen (subtitle) > 20);
      n++;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    n += check_rows (c);

  return n;
}

static void
collect_group_titles (GtkWidget *widget,
                      GString   *titles)
{
  /* Mapped: AdwPreferencesWindow keeps a group of its own for search results. */
  if (ADW_IS_PREFERENCES_GROUP (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (titles, "%s;",
                            adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_group_titles (c, titles);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = explorer_settings_new ();
  g_autoptr(GString) titles = g_string_new (NULL);
  AdwStyleManager *style = adw_style_manager_get_default ();
  ExplorerWindow *window = new_window ();
  GtkWindow *preferences;
  GType type = EXPLORER_TYPE_PREFERENCES_WINDOW;
  g_autofree char *scheme = NULL;

  g_assert_nonnull (settings);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (application), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  explorer_test_iterate_for (300);
  preferences = find_toplevel (type);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  explorer_test_save_screenshot (preferences, "preferences");

  collect_group_titles (GTK_WIDGET (preferences), titles);
  g_assert_cmpstr (titles->str, ==, "Calls;Streams;Discovery;Appearance;");
  g_assert_cmpuint (check_rows (GTK_WIDGET (preferences)), ==, 6);

  /* A widget changed: its key follows at once, and the other way round. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (preferences, type, "call_timeout_spin")), 12);
  g_assert_cmpuint (g_settings_get_uint (settings, "call-timeout"), ==, 12);
  g_settings_set_uint (settings, "call-timeout", 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (preferences, type, "call_timeout_spin"))), ==, 30);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (preferences, type, "connect_timeout_spin")), 9);
  g_assert_cmpuint (g_settings_get_uint (settings, "connect-timeout"), ==, 9);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (preferences, type, "max_stream_replies_spin")), 5000);
  g_assert_cmpuint (g_settings_get_uint (settings, "max-stream-replies"), ==, 5000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (preferences, type, "probe_timeout_spin")), 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "probe-timeout"), ==, 4);

  g_assert_true (g_settings_get_boolean (settings, "auto-probe"));
  gtk_switch_set_active (GTK_SWITCH (child (preferences, type, "auto_probe_switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "auto-probe"));

  /* The style: the key, and the style manager through the application. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (preferences, type, "color_scheme_row")), 2);
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (preferences, type, "color_scheme_row"))), ==, 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_settings_reset (settings, "color-scheme");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (preferences, type, "color_scheme_row"))), ==, 0);

  gtk_window_destroy (preferences);
  for (const char * const *key = (const char * const[]) { "call-timeout", "connect-timeout",
                                                          "max-stream-replies", "probe-timeout",
                                                          "auto-probe", NULL }; *key; key++)
    g_settings_reset (settings, *key);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- window state ---- */

static GtkPaned *
paned (ExplorerWindow *window,
       const char     *name)
{
  return GTK_PANED (child (window, EXPLORER_TYPE_WINDOW, name));
}

static void
test_window_state (void)
{
  g_autoptr(GSettings) settings = explorer_settings_new ();
  ExplorerWindow *window;
  GtkPaned *traffic;
  int width, height, traffic_height;

  window = explorer_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  gtk_window_present (GTK_WINDOW (window));
  explorer_test_iterate_for (300);

  /* One at a time: the inner pane's children share what the outer one leaves it. */
  gtk_paned_set_position (paned (window, "outer_paned"), 250);
  explorer_test_iterate_for (200);
  gtk_paned_set_position (paned (window, "inner_paned"), 300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-traffic", NULL));
  explorer_test_iterate_for (300);
  traffic = paned (window, "traffic_paned");
  traffic_height = gtk_widget_get_height (GTK_WIDGET (traffic));
  g_assert_cmpint (traffic_height, >, 400);
  gtk_paned_set_position (traffic, traffic_height - 200);
  explorer_test_iterate_for (300);

  /* Closing saves. */
  gtk_window_close (GTK_WINDOW (window));
  explorer_test_iterate_for (100);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1200);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, 250);
  g_assert_cmpint (g_settings_get_int (settings, "interfaces-width"), ==, 300);
  g_assert_cmpint (g_settings_get_int (settings, "traffic-height"), ==, 200);

  /* A new window is as the last one was. */
  window = new_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpint (gtk_paned_get_position (paned (window, "outer_paned")), ==, 250);
  g_assert_cmpint (gtk_paned_get_position (paned (window, "inner_paned")), ==, 300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-traffic", NULL));
  explorer_test_iterate_for (300);
  traffic = paned (window, "traffic_paned");
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (traffic)) - gtk_paned_get_position (traffic),
                   ==, 200);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Saved as 0: the panes keep a usable size. */
  g_settings_set_int (settings, "sidebar-width", 0);
  g_settings_set_int (settings, "interfaces-width", 0);
  window = new_window ();
  g_assert_cmpint (gtk_paned_get_position (paned (window, "outer_paned")), >=, 180);
  g_assert_cmpint (gtk_paned_get_position (paned (window, "inner_paned")), >=, 200);
  gtk_window_destroy (GTK_WINDOW (window));

  for (const char * const *key = (const char * const[]) { "window-width", "window-height",
                                                          "window-maximized", "sidebar-width",
                                                          "interfaces-width", "traffic-height",
                                                          NULL }; *key; key++)
    g_settings_reset (settings, *key);
}

/* The pane toggles and their actions. */
static void
test_pane_actions (void)
{
  ExplorerWindow *window = new_window ();
  GtkWidget *sidebar = GTK_WIDGET (explorer_window_get_sidebar (window));
  GtkWidget *history = child (window, EXPLORER_TYPE_WINDOW, "history_button");

  g_assert_true (gtk_widget_get_visible (sidebar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  g_assert_false (gtk_widget_get_visible (sidebar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  g_assert_true (gtk_widget_get_visible (sidebar));

  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (history)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (history)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- shortcuts ---- */

/* The same key to a person: the keypad's Enter is Return. */
static char *
accel_name (guint           keyval,
            GdkModifierType modifiers)
{
  if (keyval == GDK_KEY_KP_Enter)
    keyval = GDK_KEY_Return;

  return gtk_accelerator_name (gdk_keyval_to_lower (keyval), modifiers);
}

static void
add_parsed (GHashTable *set,
            const char *accel,
            const char *what)
{
  guint keyval = 0;
  GdkModifierType modifiers = 0;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &modifiers));
  g_assert_cmpuint (keyval, !=, 0);
  g_hash_table_insert (set, accel_name (keyval, modifiers), g_strdup (what));
}

static void
add_trigger (GHashTable         *set,
             GtkShortcutTrigger *trigger,
             const char         *what)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      g_hash_table_insert (set,
                           accel_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))),
                           g_strdup (what));
    }
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (set, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), what);
      add_trigger (set, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), what);
    }
}

/* The shortcuts of the app's own widgets (by name, as install_action and add_binding_action
 * make them); GTK's and libadwaita's own key bindings are not the app's to list. */
static void
collect_widget_shortcuts (GtkWidget  *widget,
                          GHashTable *set)
{
  if (g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "Explorer"))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;

          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

              if (GTK_IS_NAMED_ACTION (action))
                add_trigger (set, gtk_shortcut_get_trigger (shortcut),
                             gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
            }
        }
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_widget_shortcuts (c, set);
}

static void
test_shortcuts (void)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GtkBuilder) builder = NULL;
  g_auto(GStrv) actions = NULL;
  g_auto(GStrv) help_accels = NULL;
  g_autoptr(GSList) objects = NULL;
  ExplorerWindow *window = new_window ();
  GtkShortcutsWindow *overlay;
  GHashTableIter iter;
  gpointer key, value;
  guint n_missing = 0;

  /* With a method shown, so that the call page's shortcuts count. */
  explorer_window_open_demo (window);
  explorer_test_wait_until_settled (explorer_window_get_service (window), 20);
  g_assert_true (explorer_window_select (window, "org.example.demo.Ping"));
  explorer_test_iterate_for (200);

  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                       "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help_accels, "<Control>question"));

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (application));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                    actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        add_parsed (set, accels[j], actions[i]);
    }
  collect_widget_shortcuts (GTK_WIDGET (window), set);
  /* The ones this test knows were found, so that the walk itself is checked. */
  g_assert_true (g_hash_table_contains (set, "<Control>q"));
  g_assert_true (g_hash_table_contains (set, "<Control>comma"));
  g_assert_true (g_hash_table_contains (set, "<Control>Return"));
  g_assert_true (g_hash_table_contains (set, "<Shift><Control>c"));
  g_assert_true (g_hash_table_contains (set, "F9"));

  builder = gtk_builder_new_from_resource ("/io/github/varlinkexplorer/VarlinkExplorer/"
                                           "gtk/help-overlay.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;

      g_object_get (l->data, "accelerator", &accelerator, "title", &title, NULL);
      g_assert_nonnull (accelerator);
      accels = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        add_parsed (listed, accels[i], title);
    }
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (listed, key))
        {
          g_test_message ("%s (%s) is not in the shortcuts window", (char *) key, (char *) value);
          n_missing++;
        }
    }

  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (set, key))
        {
          g_test_message ("%s (%s) is listed but nothing uses it", (char *) key, (char *) value);
          n_missing++;
        }
    }
  g_assert_cmpuint (n_missing, ==, 0);

  /* Ctrl+? shows it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  explorer_test_iterate_for (300);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  explorer_test_save_screenshot (overlay, "shortcuts");
  gtk_window_close (GTK_WINDOW (overlay));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- About ---- */

static void
test_about (void)
{
  ExplorerWindow *window = new_window ();
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  explorer_test_iterate_for (300);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Varlink Explorer");
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==,
                   APPLICATION_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_developers (ADW_ABOUT_WINDOW (about)));
  explorer_test_save_screenshot (about, "about");

  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Started as the program starts it (app actions, accels, style), without a D-Bus name. */
  g_type_ensure (EXPLORER_TYPE_WINDOW);
  application = explorer_application_new ();
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) |
                           G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (application));

  g_test_add_func ("/preferences/window", test_preferences);
  g_test_add_func ("/preferences/window-state", test_window_state);
  g_test_add_func ("/preferences/pane-actions", test_pane_actions);
  g_test_add_func ("/preferences/shortcuts", test_shortcuts);
  g_test_add_func ("/preferences/about", test_about);

  status = g_test_run ();

  g_application_release (G_APPLICATION (application));
  g_clear_object (&application);
  return status;
}

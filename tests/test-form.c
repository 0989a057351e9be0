/* test-form.c: the parameters editor: forms for every type form, driven through their
 * widgets, read back as the JSON that would be sent; the JSON editor in sync with the form
 * (needs a display: run under xvfb-run).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "explorer-parameters-editor-private.h"

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake_id = g_timeout_add (20, wake_up, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
}

static VarlinkInterface *
load_interface (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  VarlinkInterface *interface;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  interface = varlink_interface_new_from_string (text, -1, VARLINK_PARSE_LENIENT, &error);
  g_assert_no_error (error);
  return interface;
}

static VarlinkInterface *
load_demo (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "src", "demo",
                                                 "org.example.demo.varlink", NULL);

  return load_interface (path);
}

static VarlinkInterface *
load_test_interface (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("VARLINK_TEST_INTERFACES"), name, NULL);

  return load_interface (path);
}

static ExplorerParametersEditor *
new_editor (VarlinkInterface *interface,
            const char       *method)
{
  VarlinkMember *member = varlink_interface_lookup (interface, method);
  ExplorerParametersEditor *editor;

  g_assert_nonnull (member);
  editor = explorer_parameters_editor_new (varlink_member_get_input (member), interface);
  return g_object_ref_sink (editor);
}

static ExplorerFormNode *
lookup (ExplorerParametersEditor *editor,
        const char               *path)
{
  ExplorerFormNode *node = explorer_parameters_editor_lookup (editor, path);

  if (node == NULL)
    g_error ("no form field at %s", path);
  return node;
}

static void
set_text (ExplorerParametersEditor *editor,
          const char               *path,
          const char               *text)
{
  GtkWidget *entry = explorer_form_node_get_editor (lookup (editor, path));

  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static const char *
get_text (ExplorerParametersEditor *editor,
          const char               *path)
{
  GtkWidget *entry = explorer_form_node_get_editor (lookup (editor, path));

  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static const char *
field_error (ExplorerParametersEditor *editor,
             const char               *path)
{
  return explorer_form_node_get_error (lookup (editor, path));
}

static gboolean
get_active (ExplorerParametersEditor *editor,
            const char               *path)
{
  GtkWidget *toggle = explorer_form_node_get_toggle (lookup (editor, path));

  return gtk_check_button_get_active (GTK_CHECK_BUTTON (toggle));
}

static void
set_key (ExplorerParametersEditor *editor,
         const char               *path,
         const char               *key)
{
  gtk_editable_set_text (GTK_EDITABLE (explorer_form_node_get_key_entry (lookup (editor, path))),
                         key);
}

static void
set_active (ExplorerParametersEditor *editor,
            const char               *path,
            gboolean                  active)
{
  ExplorerFormNode *node = lookup (editor, path);

  if (explorer_form_node_get_kind (node) == EXPLORER_FORM_NODE_NULLABLE)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (explorer_form_node_get_toggle (node)), active);
  else
    gtk_switch_set_active (GTK_SWITCH (explorer_form_node_get_editor (node)), active);
}

static void
select_item (ExplorerParametersEditor *editor,
             const char               *path,
             guint                     index)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (explorer_form_node_get_editor (lookup (editor, path))),
                              index);
}

static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
add_item (ExplorerParametersEditor *editor,
          const char               *path)
{
  click (explorer_form_node_get_add_button (lookup (editor, path)));
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = varlink_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}

static void
set_parameters (ExplorerParametersEditor *editor,
                const char               *text)
{
  g_autoptr(JsonNode) node = parse (text);

  explorer_parameters_editor_set_parameters (editor, json_node_get_object (node));
}

/* The parameters equal expected by value, and pass the type check of the method. */
static void
assert_parameters (ExplorerParametersEditor *editor,
                   VarlinkInterface         *interface,
                   const char               *method,
                   const char               *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) parameters = explorer_parameters_editor_dup_parameters (editor, &error);
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) want = parse (expected);
  g_autofree char *got_text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (parameters);
  got = json_node_init_object (json_node_alloc (), parameters);
  got_text = varlink_json_to_string (got, FALSE);
  if (!varlink_json_equal (got, want))
    g_error ("parameters %s, expected %s", got_text, expected);

  if (method != NULL)
    {
      VarlinkMember *member = varlink_interface_lookup (interface, method);

      g_assert_true (varlink_type_check (varlink_member_get_input (member), interface, got,
                                         VARLINK_CHECK_NONE, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (explorer_parameters_editor_get_valid (editor));
      g_assert_null (explorer_parameters_editor_dup_mismatch (editor));
    }
}

/* With EXPLORER_SCREENSHOT_DIR set, saves the editor in a window as NAME.png there (and
 * NAME-dark.png when EXPLORER_SCREENSHOT_DARK is set), to look at by eye. */
static void
save_screenshot (ExplorerParametersEditor *editor,
                 const char               *name)
{
  const char *dir = g_getenv ("EXPLORER_SCREENSHOT_DIR");
  GtkWidget *window;
  GtkWidget *scroller;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  window = adw_window_new ();
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_margin_start (GTK_WIDGET (editor), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (editor), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (editor), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (editor), 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (editor));
  adw_window_set_content (ADW_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (400);

  /* The whole editor, also what the window is too small to show. */
  width = gtk_widget_get_width (GTK_WIDGET (editor));
  height = gtk_widget_get_height (GTK_WIDGET (editor));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (editor));
  snapshot = gtk_snapshot_new ();
  /* The editor draws no background of its own: put it on the window's. */
  gtk_snapshot_append_color (snapshot,
                             g_getenv ("EXPLORER_SCREENSHOT_DARK")
                             ? &(GdkRGBA) { 0.14, 0.14, 0.14, 1.0 }
                             : &(GdkRGBA) { 0.98, 0.98, 0.98, 1.0 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, g_getenv ("EXPLORER_SCREENSHOT_DARK") ? "-dark" : "", ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Echo's input holds every type form: fill each through its widget. */
static void
test_every_form (void)
{
  g_autoptr(VarlinkInterface) interface = load_demo ();
  g_autoptr(ExplorerParametersEditor) editor = new_editor (interface, "Echo");

  /* Neutral values for what is required, nothing for nullables: already sendable. */
  assert_parameters (editor, interface, "Echo",
                     "{\"value\": {\"flag\": false, \"count\": 0, \"ratio\": 0.0, \"name\": \"\","
                     " \"extra\": {}, \"anything\": {}, \"color\": \"red\", \"size\": \"small\","
                     " \"origin\": {\"x\": 0.0, \"y\": 0.0},"
                     " \"box\": {\"corner\": {\"x\": 0.0, \"y\": 0.0},"
                     " \"width\": 0.0, \"height\": 0.0},"
                     " \"tags\": [], \"scores\": {}, \"labels\": {}}}");

  set_active (editor, "value.flag", TRUE);
  set_text (editor, "value.count", "9223372036854775807");
  set_text (editor, "value.ratio", "1.5");
  set_text (editor, "value.name", "grüße \"quoted\"");
  set_text (editor, "value.extra", "{\"a\": [1, 2]}");
  set_text (editor, "value.anything", "[1, \"x\"]");
  select_item (editor, "value.color", 2);
  select_item (editor, "value.size", 1);
  set_text (editor, "value.origin.x", "1");
  set_text (editor, "value.origin.y", "-2.5");
  set_text (editor, "value.box.corner.x", "3e2");
  set_text (editor, "value.box.width", "10");
  set_text (editor, "value.box.height", "0.25");

  add_item (editor, "value.tags");
  add_item (editor, "value.tags");
  add_item (editor, "value.tags");
  set_text (editor, "value.tags[0]", "a");
  set_text (editor, "value.tags[1]", "b");
  set_text (editor, "value.tags[2]", "c");
  /* Reorder and remove: b moves first, then the last item goes. */
  click (explorer_form_node_get_item_button (lookup (editor, "value.tags"), 1, "up"));
  click (explorer_form_node_get_item_button (lookup (editor, "value.tags"), 2, "remove"));

  add_item (editor, "value.scores");
  set_key (editor, "value.scores[0]", "alice");
  set_text (editor, "value.scores[0]", "3");
  add_item (editor, "value.scores");
  set_key (editor, "value.scores[1]", "bob");
  set_text (editor, "value.scores[1]", "-4");

  add_item (editor, "value.labels");
  set_key (editor, "value.labels[0]", "new");
  add_item (editor, "value.labels");
  set_key (editor, "value.labels[1]", "urgent");

  set_active (editor, "value.comment", TRUE);
  set_text (editor, "value.comment", "");

  set_active (editor, "value.path", TRUE);
  add_item (editor, "value.path");
  add_item (editor, "value.path");
  set_text (editor, "value.path[0].x", "1.25");
  set_active (editor, "value.path[1]", FALSE);

  assert_parameters (editor, interface, "Echo",
                     "{\"value\": {\"flag\": true, \"count\": 9223372036854775807, \"ratio\": 1.5,"
                     " \"name\": \"grüße \\\"quoted\\\"\", \"extra\": {\"a\": [1, 2]},"
                     " \"anything\": [1, \"x\"], \"color\": \"blue\", \"size\": \"medium\","
                     " \"origin\": {\"x\": 1.0, \"y\": -2.5},"
                     " \"box\": {\"corner\": {\"x\": 300.0, \"y\": 0.0},"
                     " \"width\": 10.0, \"height\": 0.25},"
                     " \"tags\": [\"b\", \"a\"], \"scores\": {\"alice\": 3, \"bob\": -4},"
                     " \"labels\": {\"new\": {}, \"urgent\": {}}, \"comment\": \"\","
                     " \"path\": [{\"x\": 1.25, \"y\": 0.0}, null]}}");

  /* The JSON editor shows the same, formatted. */
  {
    g_autofree char *text = explorer_parameters_editor_dup_json_text (editor);
    g_autoptr(JsonNode) shown = parse (text);
    g_autoptr(JsonObject) sent = explorer_parameters_editor_dup_parameters (editor, NULL);
    g_autoptr(JsonNode) sent_node = json_node_init_object (json_node_alloc (), sent);

    g_assert_true (varlink_json_equal (shown, sent_node));
    g_assert_nonnull (strchr (text, '\n'));
  }

  save_screenshot (editor, "form-echo");
}

static void
test_int_range (void)
{
  g_autoptr(VarlinkInterface) interface = load_demo ();
  g_autoptr(ExplorerParametersEditor) editor = new_editor (interface, "Divide");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  GtkWidget *entry = explorer_form_node_get_editor (lookup (editor, "dividend"));

  set_text (editor, "dividend", "-9223372036854775808");
  set_text (editor, "divisor", "9223372036854775807");
  assert_parameters (editor, interface, "Divide",
                     "{\"dividend\": -9223372036854775808, \"divisor\": 9223372036854775807}");
  g_assert_null (explorer_form_node_get_error (lookup (editor, "dividend")));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  set_text (editor, "dividend", "9223372036854775808");
  g_assert_false (explorer_parameters_editor_get_valid (editor));
  g_assert_nonnull (strstr (field_error (editor, "dividend"), "does not fit"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  save_screenshot (editor, "form-invalid");
  parameters = explorer_parameters_editor_dup_parameters (editor, &error);
  g_assert_null (parameters);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "dividend: "));
  g_clear_error (&error);

  set_text (editor, "dividend", "-9223372036854775809");
  g_assert_false (explorer_parameters_editor_get_valid (editor));
  g_assert_nonnull (strstr (field_error (editor, "dividend"), "does not fit"));

  set_text (editor, "dividend", "1.5");
  g_assert_false (explorer_parameters_editor_get_valid (editor));
  g_assert_nonnull (strstr (field_error (editor, "dividend"), "whole number"));
  g_assert_null (explorer_parameters_editor_dup_parameters (editor, &error));
  g_assert_true (g_str_has_prefix (error->message, "dividend: "));
  g_clear_error (&error);

  set_text (editor, "dividend", "");
  g_assert_false (explorer_parameters_editor_get_valid (editor));

  set_text (editor, "dividend", " 7 ");
  g_assert_true (explorer_parameters_editor_get_valid (editor));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  assert_parameters (editor, interface, "Divide",
                     "{\"dividend\": 7, \"divisor\": 9223372036854775807}");

  /* The JSON keeps the last valid state while a field is invalid. */
  set_text (editor, "divisor", "x");
  {
    g_autofree char *text = explorer_parameters_editor_dup_json_text (editor);

    g_assert_nonnull (strstr (text, "9223372036854775807"));
  }

  /* A float field refuses what is not a number. */
  {
    g_autoptr(ExplorerParametersEditor) echo = new_editor (interface, "Echo");

    set_text (echo, "value.ratio", "abc");
    g_assert_nonnull (explorer_form_node_get_error (lookup (echo, "value.ratio")));
    g_assert_null (explorer_parameters_editor_dup_parameters (echo, &error));
    g_assert_true (g_str_has_prefix (error->message, "value.ratio: "));
    g_clear_error (&error);

    set_text (echo, "value.extra", "[1]");
    set_text (echo, "value.ratio", "2");
    g_assert_null (explorer_parameters_editor_dup_parameters (echo, &error));
    g_assert_true (g_str_has_prefix (error->message, "value.extra: "));
    g_clear_error (&error);

    set_text (echo, "value.extra", "{}");
    set_text (echo, "value.anything", "null");
    g_assert_null (explorer_parameters_editor_dup_parameters (echo, &error));
    g_assert_true (g_str_has_prefix (error->message, "value.anything: "));
    g_clear_error (&error);

    set_text (echo, "value.anything", "{\"unclosed\": ");
    g_assert_false (explorer_parameters_editor_get_valid (echo));
    set_text (echo, "value.anything", "false");
    g_assert_true (explorer_parameters_editor_get_valid (echo));
  }
}

static void
test_null_and_empty (void)
{
  g_autoptr(VarlinkInterface) interface = load_demo ();
  g_autoptr(ExplorerParametersEditor) editor = new_editor (interface, "Shout");

  assert_parameters (editor, interface, "Shout", "{}");

  set_active (editor, "greeting", TRUE);
  assert_parameters (editor, interface, "Shout", "{\"greeting\": \"\"}");
  set_text (editor, "greeting", "hi");
  assert_parameters (editor, interface, "Shout", "{\"greeting\": \"hi\"}");

  set_active (editor, "greeting", FALSE);
  assert_parameters (editor, interface, "Shout", "{}");

  /* An explicit null from the JSON is absent in the form. */
  set_parameters (editor, "{\"greeting\": null}");
  g_assert_false (get_active (editor, "greeting"));
  set_parameters (editor, "{\"greeting\": \"\"}");
  g_assert_true (get_active (editor, "greeting"));
  g_assert_cmpstr (explorer_parameters_editor_get_view (editor), ==, "form");
  assert_parameters (editor, interface, "Shout", "{\"greeting\": \"\"}");
}

static void
test_map_keys (void)
{
  g_autoptr(VarlinkInterface) interface = load_demo ();
  g_autoptr(ExplorerParametersEditor) editor = new_editor (interface, "Echo");
  g_autoptr(GError) error = NULL;
  GtkWidget *key_entry;

  add_item (editor, "value.labels");
  add_item (editor, "value.labels");
  set_key (editor, "value.labels[0]", "a");
  set_key (editor, "value.labels[1]", "a");
  g_assert_false (explorer_parameters_editor_get_valid (editor));
  g_assert_nonnull (explorer_form_node_get_error (lookup (editor, "value.labels[1]")));
  key_entry = explorer_form_node_get_key_entry (lookup (editor, "value.labels[0]"));
  g_assert_true (gtk_widget_has_css_class (key_entry, "error"));
  g_assert_null (explorer_parameters_editor_dup_parameters (editor, &error));
  g_assert_true (g_str_has_prefix (error->message, "value.labels[\"a\"]: "));

  set_key (editor, "value.labels[1]", "b");
  g_assert_true (explorer_parameters_editor_get_valid (editor));
  g_assert_null (explorer_form_node_get_error (lookup (editor, "value.labels[0]")));

  /* Removing the first of two equal keys clears the mark on the other. */
  set_key (editor, "value.labels[1]", "a");
  click (explorer_form_node_get_item_button (lookup (editor, "value.labels"), 0, "remove"));
  g_assert_true (explorer_parameters_editor_get_valid (editor));
  g_assert_null (explorer_form_node_get_error (lookup (editor, "value.labels[0]")));
}

/* The certification's MyType: nested, nullable arrays of nullable maps of enums. */
static void
test_certification (void)
{
  g_autoptr(VarlinkInterface) interface = load_test_interface ("org.varlink.certification.varlink");
  g_autoptr(ExplorerParametersEditor) editor = new_editor (interface, "Test10");

  set_text (editor, "client_id", "c1");
  set_text (editor, "mytype.object", "{\"method\": \"x\"}");
  select_item (editor, "mytype.enum", 2);
  set_text (editor, "mytype.struct.first", "1");
  set_text (editor, "mytype.struct.second", "2");
  add_item (editor, "mytype.array");
  set_text (editor, "mytype.array[0]", "one");
  add_item (editor, "mytype.dictionary");
  set_key (editor, "mytype.dictionary[0]", "k");
  set_text (editor, "mytype.dictionary[0]", "v");
  add_item (editor, "mytype.stringset");
  set_key (editor, "mytype.stringset[0]", "s");
  set_active (editor, "mytype.nullable_array_struct", TRUE);
  add_item (editor, "mytype.nullable_array_struct");
  set_text (editor, "mytype.nullable_array_struct[0].first", "5");
  set_active (editor, "mytype.interface.foo", TRUE);
  add_item (editor, "mytype.interface.foo");
  add_item (editor, "mytype.interface.foo");
  add_item (editor, "mytype.interface.foo[0]");
  set_key (editor, "mytype.interface.foo[0][0]", "x");
  select_item (editor, "mytype.interface.foo[0][0]", 2);
  set_active (editor, "mytype.interface.foo[1]", FALSE);
  set_active (editor, "mytype.interface.anon.bar", TRUE);

  assert_parameters (editor, interface, "Test10",
                     "{\"client_id\": \"c1\", \"mytype\": {\"object\": {\"method\": \"x\"},"
                     " \"enum\": \"three\", \"struct\": {\"first\": 1, \"second\": \"2\"},"
                     " \"array\": [\"one\"], \"dictionary\": {\"k\": \"v\"},"
                     " \"stringset\": {\"s\": {}},"
                     " \"nullable_array_struct\": [{\"first\": 5, \"second\": \"\"}],"
                     " \"interface\": {\"foo\": [{\"x\": \"baz\"}, null],"
                     " \"anon\": {\"foo\": false, \"bar\": true}}}}");

  /* And back: the same value set in code shows in the same widgets. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) sent = explorer_parameters_editor_dup_parameters (editor, &error);
    g_autoptr(ExplorerParametersEditor) other = new_editor (interface, "Test10");
    GtkWidget *dropdown;

    explorer_parameters_editor_set_parameters (other, sent);
    g_assert_cmpstr (explorer_parameters_editor_get_view (other), ==, "form");
    dropdown = explorer_form_node_get_editor (lookup (other, "mytype.interface.foo[0][0]"));
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 2);
    g_autoptr(JsonNode) sent_node = json_node_init_object (json_node_alloc (), sent);
    g_autofree char *sent_text = varlink_json_to_string (sent_node, FALSE);

    assert_parameters (other, interface, "Test10", sent_text);
  }
}

/* Drops the null members of objects: the form leaves absent nullables out. */
static JsonNode *
without_nulls (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *copy = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (!JSON_NODE_HOLDS_NULL (member))
          json_object_set_member (copy, name, without_nulls (member));
      return json_node_init_object (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *copy = json_array_new ();
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, without_nulls (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }
  return json_node_copy (node);
}

static void
round_trip (VarlinkInterface *interface,
            const char       *method)
{
  VarlinkMember *member = varlink_interface_lookup (interface, method);
  VarlinkType *input = varlink_member_get_input (member);
  g_autoptr(JsonNode) example = varlink_type_example (input, interface);
  g_autoptr(JsonNode) expected = without_nulls (example);
  g_autoptr(ExplorerParametersEditor) editor = new_editor (interface, method);
  g_autoptr(ExplorerParametersEditor) fresh = new_editor (interface, method);
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(JsonNode) sent_node = NULL;
  g_autoptr(GError) error = NULL;

  explorer_parameters_editor_set_parameters (editor, json_node_get_object (example));
  g_assert_cmpstr (explorer_parameters_editor_get_view (editor), ==, "form");
  g_assert_false (explorer_parameters_editor_get_form_note_visible (editor));
  sent = explorer_parameters_editor_dup_parameters (editor, &error);
  g_assert_no_error (error);
  sent_node = json_node_init_object (json_node_alloc (), sent);
  if (!varlink_json_equal (sent_node, expected))
    g_error ("%s.%s: %s came back as %s", varlink_interface_get_name (interface), method,
             varlink_json_to_string (example, FALSE), varlink_json_to_string (sent_node, FALSE));
  g_assert_true (varlink_type_check (input, interface, sent_node, VARLINK_CHECK_NONE, NULL,
                                     &error));
  g_assert_no_error (error);
  g_clear_pointer (&sent, json_object_unref);

  /* A new form starts with the same neutral values. */
  sent = explorer_parameters_editor_dup_parameters (fresh, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sent_node, json_node_unref);
  sent_node = json_node_init_object (json_node_alloc (), sent);
  g_assert_true (varlink_json_equal (sent_node, expected));
}

/* Every method input and every declared type (through a method added for it) of every
 * test interface and the demo. */
static void
test_examples (void)
{
  const char *dir_path = g_getenv ("VARLINK_TEST_INTERFACES");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint n_inputs = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".varlink"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  g_ptr_array_add (paths, g_test_build_filename (G_TEST_DIST, "..", "src", "demo",
                                                 "org.example.demo.varlink", NULL));

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GString) extended = NULL;
      g_autoptr(VarlinkInterface) original = NULL;
      g_autoptr(VarlinkInterface) interface = NULL;
      g_autoptr(GError) error = NULL;
      GListModel *members;

      g_assert_true (g_file_get_contents (g_ptr_array_index (paths, i), &text, NULL, &error));
      original = varlink_interface_new_from_string (text, -1, VARLINK_PARSE_LENIENT, &error);
      g_assert_no_error (error);

      extended = g_string_new (text);
      members = varlink_interface_get_members (original);
      for (guint j = 0; j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(VarlinkMember) member = g_list_model_get_item (members, j);

          if (varlink_member_get_kind (member) == VARLINK_MEMBER_KIND_TYPE)
            g_string_append_printf (extended, "\nmethod FormTest%s(v: %s) -> ()\n",
                                    varlink_member_get_name (member),
                                    varlink_member_get_name (member));
        }
      interface = varlink_interface_new_from_string (extended->str, -1, VARLINK_PARSE_LENIENT,
                                                     &error);
      g_assert_no_error (error);

      members = varlink_interface_get_members (interface);
      for (guint j = 0; j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(VarlinkMember) member = g_list_model_get_item (members, j);

          if (varlink_member_get_kind (member) == VARLINK_MEMBER_KIND_METHOD)
            {
              round_trip (interface, varlink_member_get_name (member));
              n_inputs++;
            }
        }
    }

  g_test_message ("%u inputs round-tripped", n_inputs);
  g_assert_cmpuint (n_inputs, >, 40);
}

static void
test_recursive (void)
{
  const char *text =
    "interface org.example.tree\n"
    "type Node (value: int, next: ?Node, children: []Node, named: [string]Node)\n"
    "type Loop (self: Loop)\n"
    "method Walk(node: Node) -> ()\n"
    "method Spin(loop: Loop) -> ()\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkInterface) interface =
    varlink_interface_new_from_string (text, -1, VARLINK_PARSE_LENIENT, &error);
  g_autoptr(ExplorerParametersEditor) editor = NULL;
  g_autoptr(ExplorerParametersEditor) spin = NULL;

  g_assert_no_error (error);
  editor = new_editor (interface, "Walk");
  assert_parameters (editor, interface, "Walk",
                     "{\"node\": {\"value\": 0, \"children\": [], \"named\": {}}}");

  set_active (editor, "node.next", TRUE);
  set_active (editor, "node.next.next", TRUE);
  set_text (editor, "node.next.next.value", "2");
  add_item (editor, "node.children");
  add_item (editor, "node.children[0].children");
  set_text (editor, "node.children[0].children[0].value", "-1");
  add_item (editor, "node.named");
  set_key (editor, "node.named[0]", "n");
  assert_parameters (editor, interface, "Walk",
                     "{\"node\": {\"value\": 0, \"children\": [{\"value\": 0, \"children\":"
                     " [{\"value\": -1, \"children\": [], \"named\": {}}], \"named\": {}}],"
                     " \"named\": {\"n\": {\"value\": 0, \"children\": [], \"named\": {}}},"
                     " \"next\": {\"value\": 0, \"children\": [], \"named\": {},"
                     " \"next\": {\"value\": 2, \"children\": [], \"named\": {}}}}}");

  /* A type that contains itself has no finite value; the form still builds, and ends in
   * a JSON field instead of nesting for ever. */
  spin = new_editor (interface, "Spin");
  g_assert_nonnull (explorer_parameters_editor_lookup (spin, "loop.self.self"));

  /* Nothing keeps an editor alive once it is let go, widgets and nodes included. */
  {
    ExplorerParametersEditor *weak = editor;

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_clear_object (&editor);
    g_assert_null (weak);
  }
}

static void
test_json_view (void)
{
  g_autoptr(VarlinkInterface) interface = load_demo ();
  g_autoptr(ExplorerParametersEditor) editor = new_editor (interface, "Lookup");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autofree char *mismatch = NULL;

  g_assert_cmpstr (explorer_parameters_editor_get_view (editor), ==, "form");
  explorer_parameters_editor_set_view (editor, "json");
  g_assert_cmpstr (explorer_parameters_editor_get_view (editor), ==, "json");

  /* A valid edit in the JSON shows in the form. */
  explorer_parameters_editor_set_json_text (editor, "{\"name\": \"north\"}");
  g_assert_cmpstr (get_text (editor, "name"), ==, "north");
  g_assert_true (explorer_parameters_editor_get_valid (editor));
  g_assert_null (explorer_parameters_editor_get_json_status (editor));
  assert_parameters (editor, interface, "Lookup", "{\"name\": \"north\"}");

  /* A form edit shows in the JSON. */
  explorer_parameters_editor_set_view (editor, "form");
  set_text (editor, "name", "east");
  {
    g_autofree char *text = explorer_parameters_editor_dup_json_text (editor);
    g_autoptr(JsonNode) shown = parse (text);

    g_autoptr(JsonNode) want = parse ("{\"name\": \"east\"}");

    g_assert_true (varlink_json_equal (shown, want));
  }

  /* Extra fields: kept as typed, sent from the JSON view, with a warning naming them. */
  explorer_parameters_editor_set_view (editor, "json");
  explorer_parameters_editor_set_json_text (editor, "{\"name\": \"south\", \"zoom\": 3}");
  g_assert_true (explorer_parameters_editor_get_valid (editor));
  mismatch = explorer_parameters_editor_dup_mismatch (editor);
  g_assert_nonnull (mismatch);
  g_assert_nonnull (strstr (mismatch, "zoom"));
  g_assert_nonnull (strstr (explorer_parameters_editor_get_json_status (editor), "may reject"));
  g_assert_true (explorer_parameters_editor_get_form_note_visible (editor));
  save_screenshot (editor, "form-json-mismatch");
  sent = explorer_parameters_editor_dup_parameters (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (sent, "zoom"), ==, 3);
  g_assert_cmpstr (get_text (editor, "name"), ==, "south");
  g_clear_pointer (&sent, json_object_unref);
  g_clear_pointer (&mismatch, g_free);

  /* Wrong types too. */
  explorer_parameters_editor_set_json_text (editor, "{\"name\": 5}");
  mismatch = explorer_parameters_editor_dup_mismatch (editor);
  g_assert_nonnull (mismatch);
  g_assert_nonnull (strstr (mismatch, "name"));
  sent = explorer_parameters_editor_dup_parameters (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (sent, "name"), ==, 5);
  g_clear_pointer (&sent, json_object_unref);
  g_clear_pointer (&mismatch, g_free);

  /* Re-opening such a call shows it in the JSON, where it is sent as it was. */
  explorer_parameters_editor_set_view (editor, "form");
  set_parameters (editor, "{\"name\": \"x\", \"extra\": true}");
  g_assert_cmpstr (explorer_parameters_editor_get_view (editor), ==, "json");

  /* What does not parse cannot be sent. */
  explorer_parameters_editor_set_json_text (editor, "{\"name\": ");
  g_assert_false (explorer_parameters_editor_get_valid (editor));
  g_assert_nonnull (explorer_parameters_editor_get_json_status (editor));
  g_assert_null (explorer_parameters_editor_dup_parameters (editor, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  explorer_parameters_editor_set_json_text (editor, "[1]");
  g_assert_false (explorer_parameters_editor_get_valid (editor));
  explorer_parameters_editor_set_json_text (editor, " {\"name\": \"west\"} ");
  g_assert_true (explorer_parameters_editor_get_valid (editor));
  g_assert_false (explorer_parameters_editor_get_form_note_visible (editor));
}

static void
test_no_description (void)
{
  g_autoptr(ExplorerParametersEditor) editor =
    g_object_ref_sink (explorer_parameters_editor_new (NULL, NULL));
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (explorer_parameters_editor_get_view (editor), ==, "json");
  explorer_parameters_editor_set_view (editor, "form");
  g_assert_cmpstr (explorer_parameters_editor_get_view (editor), ==, "json");
  g_assert_true (explorer_parameters_editor_get_valid (editor));
  sent = explorer_parameters_editor_dup_parameters (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (sent), ==, 0);
  g_clear_pointer (&sent, json_object_unref);

  explorer_parameters_editor_set_json_text (editor, "{\"anything\": [1]}");
  sent = explorer_parameters_editor_dup_parameters (editor, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (sent, "anything"));
  g_assert_null (explorer_parameters_editor_dup_mismatch (editor));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (g_getenv ("EXPLORER_SCREENSHOT_DARK"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  g_test_add_func ("/form/every-form", test_every_form);
  g_test_add_func ("/form/int-range", test_int_range);
  g_test_add_func ("/form/null-and-empty", test_null_and_empty);
  g_test_add_func ("/form/map-keys", test_map_keys);
  g_test_add_func ("/form/certification", test_certification);
  g_test_add_func ("/form/examples", test_examples);
  g_test_add_func ("/form/recursive", test_recursive);
  g_test_add_func ("/form/json-view", test_json_view);
  g_test_add_func ("/form/no-description", test_no_description);

  return g_test_run ();
}

/* explorer-parameters-editor.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "explorer-form-node.h"
#include "explorer-parameters-editor-private.h"
#include "explorer-resources.h"

struct _ExplorerParametersEditor
{
  AdwBin            parent_instance;

  GtkStackSwitcher *switcher;
  GtkStack         *stack;
  GtkLabel         *form_note;
  AdwBin           *form_bin;
  GtkSourceView    *source_view;
  GtkLabel         *json_status;

  VarlinkType      *input;
  VarlinkInterface *interface;
  ExplorerFormNode *form;

  /* What the JSON text holds: NULL when it does not parse or is not an object. */
  JsonNode         *json_value;
  char             *json_error;
  char             *mismatch;
  guint             syncing;
  gboolean          valid;
};

G_DEFINE_FINAL_TYPE (ExplorerParametersEditor, explorer_parameters_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkTextBuffer *
get_buffer (ExplorerParametersEditor *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

static gboolean
json_in_front (ExplorerParametersEditor *self)
{
  return self->form == NULL ||
         g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "json") == 0;
}

static void
update_valid (ExplorerParametersEditor *self)
{
  gboolean valid;

  if (json_in_front (self))
    valid = self->json_value != NULL;
  else
    valid = explorer_form_node_is_valid (self->form);

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
show_json_status (ExplorerParametersEditor *self)
{
  g_autofree char *warning = NULL;
  const char *text = NULL;
  GtkWidget *label = GTK_WIDGET (self->json_status);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");

  if (self->json_error != NULL)
    {
      text = self->json_error;
      gtk_widget_add_css_class (label, "error");
    }
  else if (self->mismatch != NULL)
    {
      warning = g_strdup_printf (_("The service may reject this: %s"), self->mismatch);
      text = warning;
      gtk_widget_add_css_class (label, "warning");
    }

  gtk_label_set_text (self->json_status, text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL);
}

/* Reads the JSON text; when it is an object, the form shows what it can of it. */
static void
json_changed (ExplorerParametersEditor *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  GtkTextIter start, end;

  if (self->syncing > 0)
    return;

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
  text = gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);

  g_clear_pointer (&self->json_value, json_node_unref);
  g_clear_pointer (&self->json_error, g_free);
  g_clear_pointer (&self->mismatch, g_free);

  value = varlink_json_parse (text, strlen (text), &error);
  if (value == NULL)
    self->json_error = g_strdup_printf (_("This is not valid JSON: %s"), error->message);
  else if (!JSON_NODE_HOLDS_OBJECT (value))
    self->json_error = g_strdup (_("The parameters must be a JSON object, "
                                   "like {\"name\": \"value\"}."));
  else
    self->json_value = g_steal_pointer (&value);

  if (self->json_value != NULL && self->input != NULL)
    {
      g_autoptr(GError) type_error = NULL;
      gboolean exact;

      if (!varlink_type_check (self->input, self->interface, self->json_value,
                               VARLINK_CHECK_NONE, NULL, &type_error))
        self->mismatch = g_strdup (type_error->message);

      self->syncing++;
      exact = explorer_form_node_set_value (self->form, self->json_value);
      self->syncing--;
      gtk_widget_set_visible (GTK_WIDGET (self->form_note), !exact || self->mismatch != NULL);
    }

  show_json_status (self);
  update_valid (self);
}

static void
set_json_text (ExplorerParametersEditor *self,
               JsonNode                 *value)
{
  g_autofree char *text = varlink_json_to_string (value, TRUE);

  self->syncing++;
  gtk_text_buffer_set_text (get_buffer (self), text, -1);
  self->syncing--;

  g_clear_pointer (&self->json_value, json_node_unref);
  g_clear_pointer (&self->json_error, g_free);
  g_clear_pointer (&self->mismatch, g_free);
  self->json_value = json_node_ref (value);
}

/* Every edit in the form shows in the JSON at once, so what will be sent is always in
 * view; while a field is invalid the JSON keeps the last valid state. */
static void
form_changed (gpointer data)
{
  ExplorerParametersEditor *self = data;
  g_autoptr(JsonNode) value = NULL;

  if (self->syncing > 0)
    return;

  value = explorer_form_node_dup_value (self->form, NULL);
  if (value != NULL)
    {
      set_json_text (self, value);
      gtk_widget_set_visible (GTK_WIDGET (self->form_note), FALSE);
      show_json_status (self);
    }

  update_valid (self);
}

static void
on_view_changed (ExplorerParametersEditor *self)
{
  update_valid (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
update_style_scheme (AdwStyleManager          *manager,
                     GParamSpec               *pspec,
                     ExplorerParametersEditor *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *name = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (get_buffer (self)),
                                      gtk_source_style_scheme_manager_get_scheme (schemes, name));
}

/* --- GObject ----------------------------------------------------------------------------- */

static void
explorer_parameters_editor_dispose (GObject *object)
{
  ExplorerParametersEditor *self = EXPLORER_PARAMETERS_EDITOR (object);

  if (self->form != NULL)
    {
      adw_bin_set_child (self->form_bin, NULL);
      g_clear_pointer (&self->form, explorer_form_node_free);
    }

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_PARAMETERS_EDITOR);

  G_OBJECT_CLASS (explorer_parameters_editor_parent_class)->dispose (object);
}

static void
explorer_parameters_editor_finalize (GObject *object)
{
  ExplorerParametersEditor *self = EXPLORER_PARAMETERS_EDITOR (object);

  g_clear_pointer (&self->input, varlink_type_unref);
  g_clear_object (&self->interface);
  g_clear_pointer (&self->json_value, json_node_unref);
  g_clear_pointer (&self->json_error, g_free);
  g_clear_pointer (&self->mismatch, g_free);

  G_OBJECT_CLASS (explorer_parameters_editor_parent_class)->finalize (object);
}

static void
explorer_parameters_editor_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ExplorerParametersEditor *self = EXPLORER_PARAMETERS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_VIEW:
      g_value_set_string (value, explorer_parameters_editor_get_view (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_parameters_editor_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ExplorerParametersEditor *self = EXPLORER_PARAMETERS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      explorer_parameters_editor_set_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_parameters_editor_class_init (ExplorerParametersEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_parameters_editor_dispose;
  object_class->finalize = explorer_parameters_editor_finalize;
  object_class->get_property = explorer_parameters_editor_get_property;
  object_class->set_property = explorer_parameters_editor_set_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "form",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referencing the resource keeps it in programs linking the static library. */
  (void) explorer_get_resource ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/VarlinkExplorer/"
                                               "explorer-parameters-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerParametersEditor, switcher);
  gtk_widget_class_bind_template_child (widget_class, ExplorerParametersEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerParametersEditor, form_note);
  gtk_widget_class_bind_template_child (widget_class, ExplorerParametersEditor, form_bin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerParametersEditor, source_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerParametersEditor, json_status);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
}

/* GtkSourceView reads and compiles a language's definition again whenever no buffer uses
 * it any more: one buffer kept for the life of the program makes a new editor cheap (from
 * ~90 ms to a few when a method page opens). */
static GtkSourceLanguage *
get_json_language (void)
{
  static GtkSourceBuffer *keep_alive;
  GtkSourceLanguage *language;

  language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                       "json");
  if (keep_alive == NULL && language != NULL)
    keep_alive = gtk_source_buffer_new_with_language (language);
  return language;
}

static void
explorer_parameters_editor_init (ExplorerParametersEditor *self)
{
  GtkSourceBuffer *buffer;
  AdwStyleManager *style = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = GTK_SOURCE_BUFFER (get_buffer (self));
  gtk_source_buffer_set_language (buffer, get_json_language ());
  gtk_source_buffer_set_highlight_matching_brackets (buffer, TRUE);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (json_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (update_style_scheme), self, 0);
  update_style_scheme (style, NULL, self);
}

/* --- API --------------------------------------------------------------------------------- */

ExplorerParametersEditor *
explorer_parameters_editor_new (VarlinkType      *input,
                                VarlinkInterface *interface)
{
  ExplorerParametersEditor *self = g_object_new (EXPLORER_TYPE_PARAMETERS_EDITOR, NULL);
  g_autoptr(JsonNode) value = NULL;

  if (interface != NULL)
    self->interface = g_object_ref (interface);

  if (input != NULL)
    {
      self->input = varlink_type_ref (input);
      self->form = explorer_form_node_new_root (input, interface, form_changed, self);
      adw_bin_set_child (self->form_bin, explorer_form_node_get_widget (self->form));
      value = explorer_form_node_dup_value (self->form, NULL);
    }
  else
    {
      /* Called by name without a description: only JSON can say what to send. */
      gtk_stack_set_visible_child_name (self->stack, "json");
      gtk_widget_set_visible (gtk_stack_get_child_by_name (self->stack, "form"), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->switcher), FALSE);
    }

  if (value == NULL)
    value = json_node_init_object (json_node_alloc (), json_object_new ());
  set_json_text (self, value);
  update_valid (self);

  return self;
}

JsonObject *
explorer_parameters_editor_dup_parameters (ExplorerParametersEditor  *self,
                                           GError                   **error)
{
  g_autoptr(JsonNode) value = NULL;

  g_return_val_if_fail (EXPLORER_IS_PARAMETERS_EDITOR (self), NULL);

  if (json_in_front (self))
    {
      if (self->json_value == NULL)
        {
          g_set_error_literal (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE,
                               self->json_error);
          return NULL;
        }
      return json_object_ref (json_node_get_object (self->json_value));
    }

  value = explorer_form_node_dup_value (self->form, error);
  if (value == NULL)
    return NULL;
  return json_object_ref (json_node_get_object (value));
}

void
explorer_parameters_editor_set_parameters (ExplorerParametersEditor *self,
                                           JsonObject               *parameters)
{
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (EXPLORER_IS_PARAMETERS_EDITOR (self));
  g_return_if_fail (parameters != NULL);

  value = json_node_init_object (json_node_alloc (), parameters);
  text = varlink_json_to_string (value, TRUE);

  /* Through the JSON text, so that the form and the JSON take it the same way as typed. */
  gtk_text_buffer_set_text (get_buffer (self), text, -1);

  /* What the form cannot show is only sent from the JSON: show it there. */
  if (self->form != NULL && gtk_widget_get_visible (GTK_WIDGET (self->form_note)))
    explorer_parameters_editor_set_view (self, "json");
  update_valid (self);
}

char *
explorer_parameters_editor_dup_mismatch (ExplorerParametersEditor *self)
{
  g_autoptr(JsonObject) parameters = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (EXPLORER_IS_PARAMETERS_EDITOR (self), NULL);

  if (self->input == NULL)
    return NULL;

  parameters = explorer_parameters_editor_dup_parameters (self, NULL);
  if (parameters == NULL)
    return NULL;

  value = json_node_init_object (json_node_alloc (), parameters);
  if (varlink_type_check (self->input, self->interface, value, VARLINK_CHECK_NONE, NULL, &error))
    return NULL;
  return g_strdup (error->message);
}

gboolean
explorer_parameters_editor_get_valid (ExplorerParametersEditor *self)
{
  g_return_val_if_fail (EXPLORER_IS_PARAMETERS_EDITOR (self), FALSE);

  return self->valid;
}

const char *
explorer_parameters_editor_get_view (ExplorerParametersEditor *self)
{
  g_return_val_if_fail (EXPLORER_IS_PARAMETERS_EDITOR (self), NULL);

  return json_in_front (self) ? "json" : "form";
}

void
explorer_parameters_editor_set_view (ExplorerParametersEditor *self,
                                     const char               *view)
{
  g_return_if_fail (EXPLORER_IS_PARAMETERS_EDITOR (self));

  if (self->form == NULL || g_strcmp0 (view, explorer_parameters_editor_get_view (self)) == 0)
    return;

  gtk_stack_set_visible_child_name (self->stack, g_strcmp0 (view, "json") == 0 ? "json" : "form");
}

/* --- for tests --------------------------------------------------------------------------- */

ExplorerFormNode *
explorer_parameters_editor_lookup (ExplorerParametersEditor *self,
                                   const char               *path)
{
  if (self->form == NULL)
    return NULL;
  return explorer_form_node_lookup (self->form, path);
}

char *
explorer_parameters_editor_dup_json_text (ExplorerParametersEditor *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);
}

void
explorer_parameters_editor_set_json_text (ExplorerParametersEditor *self,
                                          const char               *text)
{
  gtk_text_buffer_set_text (get_buffer (self), text, -1);
}

gboolean
explorer_parameters_editor_get_form_note_visible (ExplorerParametersEditor *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->form_note));
}

const char *
explorer_parameters_editor_get_json_status (ExplorerParametersEditor *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->json_status)))
    return NULL;
  return gtk_label_get_text (self->json_status);
}

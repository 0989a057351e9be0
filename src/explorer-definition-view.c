/* explorer-definition-view.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "explorer-a11y.h"
#include "explorer-call-page.h"
#include "explorer-definition-view.h"

struct _ExplorerDefinitionView
{
  AdwBin             parent_instance;

  /* template children */
  GtkStack          *stack;
  GtkWidget         *switcher;
  GtkStack          *view_stack;
  GtkLabel          *kind_label;
  GtkLabel          *name_label;
  GtkLabel          *interface_label;
  GtkLabel          *doc_label;
  GtkLabel          *hints_label;
  GtkWidget         *definition_heading;
  GtkLabel          *definition_label;
  GtkWidget         *used_by_heading;
  GtkLabel          *used_by_label;
  GtkBox            *extra_area;
  GtkSourceView     *source_view;
  GtkWidget         *problems_separator;
  GtkWidget         *problems_scroller;
  GtkListBox        *problems_list;

  GtkTextTag        *highlight_tag;
  GtkTextTag        *problem_tag;
  GtkTextTag        *warning_tag;

  /* What the source shows, to keep its marks when only the member changes. */
  char              *source_text;
  GPtrArray         *diagnostics;
  VarlinkInterface  *interface;
  VarlinkMember     *member;
  GPtrArray         *links;
  GPtrArray         *used_by;
  /* The page the reader last chose for members: they keep reading source or overview. */
  char              *member_view;
  guint              scroll_id;
  gboolean           scroll_to_top;

  /* Call pages outlive the selection, so a call or stream keeps running while another
   * member is read: "address\nmethod" -> ExplorerCallPage. */
  ExplorerService   *service;
  GHashTable        *call_pages;
  ExplorerCallPage  *call_page;
};

G_DEFINE_FINAL_TYPE (ExplorerDefinitionView, explorer_definition_view, ADW_TYPE_BIN)

enum {
  NAVIGATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- source ------------------------------------------------------------------------------ */

static GtkTextBuffer *
get_buffer (ExplorerDefinitionView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

static void
get_iter_at (ExplorerDefinitionView *self,
             GtkTextIter            *iter,
             guint                   line,
             guint                   column)
{
  GtkTextBuffer *buffer = get_buffer (self);

  gtk_text_buffer_get_iter_at_line (buffer, iter, line > 0 ? line - 1 : 0);
  if (column > 1)
    {
      guint n = gtk_text_iter_get_chars_in_line (iter);

      /* Columns count characters; stay on the line whatever the diagnostic says. */
      if (n > 0 && !gtk_text_iter_ends_line (iter))
        gtk_text_iter_set_line_offset (iter, MIN (column - 1, n - 1));
    }
}

static gboolean
scroll_to_cursor (gpointer data)
{
  ExplorerDefinitionView *self = data;
  GtkTextBuffer *buffer = get_buffer (self);

  self->scroll_id = 0;
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                gtk_text_buffer_get_insert (buffer),
                                self->scroll_to_top ? 0.0 : 0.1, self->scroll_to_top, 0.0, 0.15);
  return G_SOURCE_REMOVE;
}

/* With to_top, the line goes near the top of the view, where a declaration starts to be
 * read; otherwise the view moves only as much as it must (a problem in a short file). */
static void
place_cursor (ExplorerDefinitionView *self,
              guint                   line,
              guint                   column,
              gboolean                to_top)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter iter;

  get_iter_at (self, &iter, line, column);
  gtk_text_buffer_place_cursor (buffer, &iter);

  /* A page just shown has no size yet, and scrolling now would measure against none: scroll
   * once the view is laid out. */
  self->scroll_to_top = to_top;
  if (self->scroll_id == 0)
    self->scroll_id = g_idle_add (scroll_to_cursor, self);
}

static void
clear_problems (ExplorerDefinitionView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  gtk_widget_set_visible (self->problems_separator, FALSE);
  gtk_widget_set_visible (self->problems_scroller, FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->source_view), FALSE);
}

static void
mark_problem (ExplorerDefinitionView  *self,
              const VarlinkDiagnostic *diagnostic)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  get_iter_at (self, &start, diagnostic->line, diagnostic->column);
  end = start;

  /* Underline the word the problem is at, or the character before the end of the line. */
  if (gtk_text_iter_ends_line (&start))
    {
      if (!gtk_text_iter_starts_line (&start))
        gtk_text_iter_backward_char (&start);
      else
        gtk_text_iter_forward_to_line_end (&end);
    }
  else
    {
      gtk_text_iter_forward_char (&end);
      while (!gtk_text_iter_ends_line (&end) &&
             (g_unichar_isalnum (gtk_text_iter_get_char (&end)) ||
              gtk_text_iter_get_char (&end) == '_' ||
              gtk_text_iter_get_char (&end) == '.'))
        gtk_text_iter_forward_char (&end);
    }

  if (gtk_text_iter_equal (&start, &end))
    return;

  gtk_text_buffer_apply_tag (buffer, diagnostic->warning ? self->warning_tag : self->problem_tag,
                             &start, &end);
}

static GtkWidget *
create_problem_row (const VarlinkDiagnostic *diagnostic)
{
  GtkWidget *row, *box, *icon, *position, *message;
  g_autofree char *where = g_strdup_printf ("%u:%u", diagnostic->line, diagnostic->column);
  g_autofree char *accessible = NULL;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  icon = gtk_image_new_from_icon_name (diagnostic->warning ? "dialog-warning-symbolic"
                                                           : "dialog-error-symbolic");
  gtk_widget_add_css_class (icon, diagnostic->warning ? "warning" : "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), icon);

  position = gtk_label_new (where);
  gtk_widget_add_css_class (position, "monospace");
  gtk_widget_add_css_class (position, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (position), 0);
  gtk_label_set_yalign (GTK_LABEL (position), 0);
  gtk_label_set_width_chars (GTK_LABEL (position), 7);
  gtk_box_append (GTK_BOX (box), position);

  message = gtk_label_new (diagnostic->message);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_box_append (GTK_BOX (box), message);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Translators: a problem in a file: "LINE:COLUMN: what is wrong" */
  accessible = g_strdup_printf (diagnostic->warning ? _("Warning at %s: %s") : _("Error at %s: %s"),
                                where, diagnostic->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

static void
set_source_text (ExplorerDefinitionView *self,
                 const char             *text)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  if (g_strcmp0 (self->source_text, text) == 0)
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_remove_tag (buffer, self->highlight_tag, &start, &end);
      return;
    }

  clear_problems (self);
  g_free (self->source_text);
  self->source_text = g_strdup (text);
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

static void
on_problem_activated (GtkListBox             *list,
                      GtkListBoxRow          *row,
                      ExplorerDefinitionView *self)
{
  explorer_definition_view_activate_problem (self, gtk_list_box_row_get_index (row));
}

/* --- member page ------------------------------------------------------------------------- */

static void
collect_names (const VarlinkType *type,
               GHashTable        *names)
{
  if (type == NULL)
    return;

  switch (varlink_type_get_kind (type))
    {
    case VARLINK_TYPE_KIND_NAMED:
      g_hash_table_add (names, (gpointer) varlink_type_get_name (type));
      break;

    case VARLINK_TYPE_KIND_ARRAY:
    case VARLINK_TYPE_KIND_MAP:
    case VARLINK_TYPE_KIND_NULLABLE:
      collect_names (varlink_type_get_element (type), names);
      break;

    case VARLINK_TYPE_KIND_STRUCT:
      for (guint i = 0; i < varlink_type_get_n_fields (type); i++)
        collect_names (varlink_field_get_type (varlink_type_get_field (type, i)), names);
      break;

    case VARLINK_TYPE_KIND_BOOL:
    case VARLINK_TYPE_KIND_INT:
    case VARLINK_TYPE_KIND_FLOAT:
    case VARLINK_TYPE_KIND_STRING:
    case VARLINK_TYPE_KIND_OBJECT:
    case VARLINK_TYPE_KIND_ANY:
    case VARLINK_TYPE_KIND_ENUM:
    default:
      break;
    }
}

static gboolean
member_references (VarlinkMember *member,
                   const char    *name)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  collect_names (varlink_member_get_definition (member), names);
  collect_names (varlink_member_get_input (member), names);
  collect_names (varlink_member_get_output (member), names);

  return g_hash_table_contains (names, name);
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The declaration without its documentation (shown as text above it), escaped, with every
 * declared type it names as a link and the field comments dimmed. */
static char *
definition_markup (ExplorerDefinitionView *self,
                   VarlinkMember          *member,
                   GPtrArray              *links)
{
  g_autofree char *text = g_strchomp (varlink_member_format (member));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *markup = g_string_new (NULL);
  gboolean started = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *p = line;
      const char *trimmed = line + strspn (line, " \t");
      gboolean declaration_line = FALSE;

      if (!started)
        {
          if (*trimmed == '#' || *trimmed == '\0')
            continue;
          started = TRUE;
          declaration_line = TRUE;
        }
      else
        {
          g_string_append_c (markup, '\n');
        }

      if (*trimmed == '#')
        {
          g_autofree char *escaped = g_markup_escape_text (line, -1);

          g_string_append_printf (markup, "<span alpha=\"65%%\">%s</span>", escaped);
          continue;
        }

      while (*p != '\0')
        {
          if (g_ascii_isalpha (*p) || *p == '_')
            {
              const char *start = p;
              const char *after;
              g_autofree char *word = NULL;
              g_autofree char *escaped = NULL;
              gboolean declared_here;

              while (is_ident_char (*p))
                p++;
              word = g_strndup (start, p - start);
              escaped = g_markup_escape_text (word, -1);
              after = p + strspn (p, " ");
              declared_here = declaration_line &&
                g_strcmp0 (word, varlink_member_get_name (member)) == 0;

              if (g_ascii_isupper (*start) && *after != ':' && !declared_here &&
                  self->interface != NULL &&
                  varlink_interface_lookup_type (self->interface, word) != NULL)
                {
                  g_string_append_printf (markup, "<a href=\"%s\">%s</a>", escaped, escaped);
                  if (links != NULL)
                    g_ptr_array_add (links, g_strdup (word));
                }
              else if (g_str_equal (word, "type") || g_str_equal (word, "method") ||
                       g_str_equal (word, "error"))
                {
                  g_string_append_printf (markup, "<b>%s</b>", escaped);
                }
              else
                {
                  g_string_append (markup, escaped);
                }
            }
          else
            {
              const char *start = p;
              g_autofree char *escaped = NULL;

              while (*p != '\0' && !g_ascii_isalpha (*p) && *p != '_')
                p++;
              escaped = g_markup_escape_text (start, p - start);
              g_string_append (markup, escaped);
            }
        }
    }

  return g_string_free (markup, FALSE);
}

/* Comments are wrapped by hand at some width; joined again they wrap at the pane's. A blank
 * line still parts paragraphs, and lines that start like a list item or are indented (code,
 * examples) keep their own line. */
static char *
readable_doc (const char *doc)
{
  g_auto(GStrv) lines = g_strsplit (doc, "\n", -1);
  GString *text = g_string_new (NULL);
  gboolean previous_joinable = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean blank = *line == '\0';
      gboolean own_line = g_ascii_isspace (*line) || *line == '-' || *line == '*' ||
                          *line == '[' || g_str_has_prefix (line, "•");

      if (i > 0)
        g_string_append_c (text, previous_joinable && !blank && !own_line ? ' ' : '\n');

      g_string_append (text, line);
      previous_joinable = !blank && !g_ascii_isspace (*line);
    }

  return g_string_free (text, FALSE);
}

static const char *
kind_title (VarlinkMemberKind kind)
{
  switch (kind)
    {
    case VARLINK_MEMBER_KIND_METHOD:
      return _("Method");
    case VARLINK_MEMBER_KIND_TYPE:
      return _("Type");
    case VARLINK_MEMBER_KIND_ERROR:
    default:
      return _("Error");
    }
}

static char *
hints_text (VarlinkMethodHints hints)
{
  GString *text = g_string_new (NULL);

  if (hints & VARLINK_METHOD_HINT_REQUIRES_MORE)
    g_string_append (text, _("Requires the “more” flag: it answers with a stream of replies."));
  else if (hints & VARLINK_METHOD_HINT_SUPPORTS_MORE)
    g_string_append (text, _("Supports the “more” flag: it can answer with a stream of replies."));

  if (hints & VARLINK_METHOD_HINT_REQUIRES_UPGRADE)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, _("Requires the “upgrade” flag: after the reply, the connection "
                               "leaves Varlink for another protocol."));
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return g_string_free (text, FALSE);
}

static gboolean
service_has_interface (ExplorerService  *service,
                       VarlinkInterface *interface)
{
  GListModel *interfaces = explorer_service_get_interfaces (service);

  for (guint i = 0; i < g_list_model_get_n_items (interfaces); i++)
    {
      g_autoptr(ExplorerTreeItem) item = g_list_model_get_item (interfaces, i);

      if (explorer_tree_item_get_interface (item) == interface)
        return TRUE;
    }

  return FALSE;
}

/* A method page ends with its call page; other pages have none. */
static void
show_call_page (ExplorerDefinitionView *self,
                VarlinkMember          *member)
{
  ExplorerService *service = NULL;
  ExplorerCallPage *page = NULL;
  g_autofree char *key = NULL;

  if (member != NULL && varlink_member_get_kind (member) == VARLINK_MEMBER_KIND_METHOD)
    {
      /* An interface file opened on its own is nothing the service shown can answer. */
      if (self->service != NULL && self->interface != NULL &&
          service_has_interface (self->service, self->interface))
        service = self->service;

      key = g_strconcat (service ? explorer_service_get_address (service) : "", "\n",
                         varlink_member_get_full_name (member), NULL);
      page = g_hash_table_lookup (self->call_pages, key);
      /* A reloaded service has new members: a page of the old one is replaced when idle. */
      if (page != NULL && explorer_call_page_get_method (page) != member &&
          !explorer_call_page_get_running (page))
        page = NULL;
      if (page == NULL)
        {
          page = explorer_call_page_new (service, member, self->interface);
          g_hash_table_replace (self->call_pages, g_strdup (key), g_object_ref_sink (page));
        }
    }

  if (page == self->call_page)
    return;

  if (self->call_page != NULL)
    gtk_box_remove (self->extra_area, GTK_WIDGET (self->call_page));
  self->call_page = page;
  if (page != NULL)
    gtk_box_append (self->extra_area, GTK_WIDGET (page));
}

static void
show_member_page (ExplorerDefinitionView *self,
                  VarlinkMember          *member)
{
  VarlinkMemberKind kind = varlink_member_get_kind (member);
  const char *doc = varlink_member_get_doc (member);
  g_autofree char *readable = doc ? readable_doc (doc) : NULL;
  g_autofree char *markup = NULL;
  g_autofree char *hints = NULL;
  GString *used_by = g_string_new (NULL);

  g_ptr_array_set_size (self->links, 0);
  g_ptr_array_set_size (self->used_by, 0);

  gtk_label_set_text (self->kind_label, kind_title (kind));
  gtk_label_set_text (self->name_label, varlink_member_get_name (member));
  gtk_label_set_text (self->interface_label,
                      self->interface ? varlink_interface_get_name (self->interface) : "");

  /* Documentation is what the service wrote: plain text, never markup. */
  gtk_label_set_text (self->doc_label, readable ? readable : _("No documentation."));
  if (doc)
    gtk_widget_remove_css_class (GTK_WIDGET (self->doc_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->doc_label), "dim-label");

  hints = kind == VARLINK_MEMBER_KIND_METHOD ? hints_text (varlink_member_get_hints (member)) : NULL;
  gtk_label_set_text (self->hints_label, hints);
  gtk_widget_set_visible (GTK_WIDGET (self->hints_label), hints != NULL);

  markup = definition_markup (self, member, self->links);
  gtk_label_set_markup (self->definition_label, markup);

  if (kind == VARLINK_MEMBER_KIND_TYPE && self->interface != NULL)
    {
      GListModel *members = varlink_interface_get_members (self->interface);

      for (guint i = 0; i < g_list_model_get_n_items (members); i++)
        {
          g_autoptr(VarlinkMember) other = g_list_model_get_item (members, i);
          g_autofree char *escaped = NULL;

          if (other == member || !member_references (other, varlink_member_get_name (member)))
            continue;

          g_ptr_array_add (self->used_by, g_strdup (varlink_member_get_full_name (other)));
          escaped = g_markup_escape_text (varlink_member_get_name (other), -1);
          if (used_by->len > 0)
            g_string_append_c (used_by, '\n');
          g_string_append_printf (used_by, "%s <a href=\"%s\">%s</a>",
                                  kind_title (varlink_member_get_kind (other)), escaped, escaped);
        }

      if (used_by->len == 0)
        g_string_append_printf (used_by, "<span alpha=\"65%%\">%s</span>",
                                _("Not used by any other member of this interface."));
    }

  gtk_widget_set_visible (self->used_by_heading, kind == VARLINK_MEMBER_KIND_TYPE);
  gtk_widget_set_visible (GTK_WIDGET (self->used_by_label), kind == VARLINK_MEMBER_KIND_TYPE);
  gtk_label_set_markup (self->used_by_label, used_by->str);
  g_string_free (used_by, TRUE);

  show_call_page (self, member);
}

static gboolean
on_activate_link (GtkLabel               *label,
                  const char             *uri,
                  ExplorerDefinitionView *self)
{
  explorer_definition_view_activate_link (self, uri);
  return TRUE;
}

static void
on_view_changed (ExplorerDefinitionView *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->view_stack);

  if (self->member != NULL && name != NULL)
    {
      g_free (self->member_view);
      self->member_view = g_strdup (name);
    }
}

/* --- style ------------------------------------------------------------------------------- */

static void
update_style_scheme (AdwStyleManager        *manager,
                     GParamSpec             *pspec,
                     ExplorerDefinitionView *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  GtkSourceStyleScheme *scheme;
  GdkRGBA highlight;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (get_buffer (self)), scheme);

  /* The accent blue, faint enough to read the text over it in both styles. */
  gdk_rgba_parse (&highlight, dark ? "rgba(120,174,237,0.18)" : "rgba(53,132,228,0.13)");
  g_object_set (self->highlight_tag, "paragraph-background-rgba", &highlight, NULL);
}

/* --- GObject ----------------------------------------------------------------------------- */

static void
explorer_definition_view_dispose (GObject *object)
{
  ExplorerDefinitionView *self = EXPLORER_DEFINITION_VIEW (object);

  g_clear_handle_id (&self->scroll_id, g_source_remove);

  /* The bin unparents its child itself: let it, before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_DEFINITION_VIEW);
  self->call_page = NULL;
  g_clear_pointer (&self->call_pages, g_hash_table_unref);
  g_clear_object (&self->service);
  g_clear_object (&self->interface);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (explorer_definition_view_parent_class)->dispose (object);
}

static void
explorer_definition_view_finalize (GObject *object)
{
  ExplorerDefinitionView *self = EXPLORER_DEFINITION_VIEW (object);

  g_clear_pointer (&self->source_text, g_free);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->used_by, g_ptr_array_unref);
  g_clear_pointer (&self->member_view, g_free);

  G_OBJECT_CLASS (explorer_definition_view_parent_class)->finalize (object);
}

/* The IDL's language ships in the resources; the search path must be extended before the
 * manager first loads its languages, so this runs once, before any view exists. */
static void
add_varlink_language (void)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  gtk_source_language_manager_append_search_path (languages,
                                                  "resource:///io/github/varlinkexplorer/"
                                                  "VarlinkExplorer/language-specs/");
}

static void
explorer_definition_view_class_init (ExplorerDefinitionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_definition_view_dispose;
  object_class->finalize = explorer_definition_view_finalize;

  /* Emitted with "interface.Name" when a link to a member is followed. */
  signals[NAVIGATE] = g_signal_new ("navigate",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  add_varlink_language ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-definition-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, switcher);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, name_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, interface_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, doc_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, hints_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, definition_heading);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, definition_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, used_by_heading);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, used_by_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, extra_area);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, source_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, problems_separator);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, ExplorerDefinitionView, problems_list);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_link);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
}

static void
explorer_definition_view_init (ExplorerDefinitionView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkTextBuffer *buffer;
  GtkSourceLanguage *language;

  gtk_widget_init_template (GTK_WIDGET (self));
  explorer_a11y_name_status_pages (GTK_WIDGET (self));

  self->links = g_ptr_array_new_with_free_func (g_free);
  self->used_by = g_ptr_array_new_with_free_func (g_free);
  self->member_view = g_strdup ("overview");
  self->call_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  buffer = get_buffer (self);
  language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                       "varlink");
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), language);
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);

  self->highlight_tag = gtk_text_buffer_create_tag (buffer, NULL, NULL);
  self->problem_tag = gtk_text_buffer_create_tag (buffer, NULL,
                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                  NULL);
  self->warning_tag = gtk_text_buffer_create_tag (buffer, NULL,
                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                  "underline-rgba", &(GdkRGBA) { 0.9, 0.6, 0.0, 1.0 },
                                                  NULL);

  g_signal_connect_object (style_manager, "notify::dark",
                           G_CALLBACK (update_style_scheme), self, 0);
  update_style_scheme (style_manager, NULL, self);
}

/* --- API --------------------------------------------------------------------------------- */

ExplorerDefinitionView *
explorer_definition_view_new (void)
{
  return g_object_new (EXPLORER_TYPE_DEFINITION_VIEW, NULL);
}

void
explorer_definition_view_clear (ExplorerDefinitionView *self)
{
  g_return_if_fail (EXPLORER_IS_DEFINITION_VIEW (self));

  show_call_page (self, NULL);
  g_clear_object (&self->interface);
  g_clear_object (&self->member);
  g_ptr_array_set_size (self->links, 0);
  g_ptr_array_set_size (self->used_by, 0);
  set_source_text (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
explorer_definition_view_show_item (ExplorerDefinitionView *self,
                                    ExplorerTreeItem       *item)
{
  VarlinkInterface *interface;
  VarlinkMember *member;
  GtkTextBuffer *buffer;

  g_return_if_fail (EXPLORER_IS_DEFINITION_VIEW (self));
  g_return_if_fail (item == NULL || EXPLORER_IS_TREE_ITEM (item));

  if (item == NULL || explorer_tree_item_get_kind (item) == EXPLORER_TREE_ITEM_SECTION)
    {
      explorer_definition_view_clear (self);
      return;
    }

  interface = explorer_tree_item_get_interface (item);
  member = explorer_tree_item_get_member (item);
  g_set_object (&self->interface, interface);
  g_set_object (&self->member, member);
  buffer = get_buffer (self);

  if (member == NULL)
    show_call_page (self, NULL);

  if (interface == NULL)
    {
      g_autofree char *text = explorer_tree_item_dup_text (item);

      /* A description that could not be read: say why, without highlighting. */
      set_source_text (self, text);
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_stack_set_visible_child_name (self->view_stack, "source");
      gtk_stack_set_visible_child_name (self->stack, "content");
      return;
    }

  set_source_text (self, varlink_interface_get_text (interface));

  if (member == NULL)
    {
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_stack_set_visible_child_name (self->view_stack, "source");
      gtk_stack_set_visible_child_name (self->stack, "content");
      place_cursor (self, 1, 1, TRUE);
      return;
    }

  show_member_page (self, member);

  if (varlink_member_get_line (member) > 0)
    {
      GtkTextIter start, end;

      get_iter_at (self, &start, varlink_member_get_line (member), 1);
      get_iter_at (self, &end, MAX (varlink_member_get_end_line (member),
                                    varlink_member_get_line (member)), 1);
      gtk_text_iter_forward_to_line_end (&end);
      gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &start, &end);
      place_cursor (self, varlink_member_get_line (member), 1, TRUE);
    }

  gtk_widget_set_visible (self->switcher, TRUE);
  gtk_stack_set_visible_child_name (self->view_stack, self->member_view);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

void
explorer_definition_view_show_source (ExplorerDefinitionView *self,
                                      const char             *text,
                                      GPtrArray              *diagnostics)
{
  g_return_if_fail (EXPLORER_IS_DEFINITION_VIEW (self));
  g_return_if_fail (text != NULL);

  show_call_page (self, NULL);
  g_clear_object (&self->interface);
  g_clear_object (&self->member);
  /* A new text, even an equal one: the problems listed are those given now. */
  g_clear_pointer (&self->source_text, g_free);
  set_source_text (self, text);

  if (diagnostics != NULL && diagnostics->len > 0)
    {
      self->diagnostics = g_ptr_array_ref (diagnostics);

      for (guint i = 0; i < diagnostics->len; i++)
        {
          const VarlinkDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

          mark_problem (self, diagnostic);
          gtk_list_box_append (self->problems_list, create_problem_row (diagnostic));
        }

      gtk_widget_set_visible (self->problems_separator, TRUE);
      gtk_widget_set_visible (self->problems_scroller, TRUE);
      gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->source_view), TRUE);
    }

  gtk_widget_set_visible (self->switcher, FALSE);
  gtk_stack_set_visible_child_name (self->view_stack, "source");
  gtk_stack_set_visible_child_name (self->stack, "content");

  if (self->diagnostics != NULL)
    {
      const VarlinkDiagnostic *first = g_ptr_array_index (self->diagnostics, 0);

      place_cursor (self, first->line, first->column, FALSE);
    }
  else
    {
      place_cursor (self, 1, 1, TRUE);
    }
}

void
explorer_definition_view_reveal_source (ExplorerDefinitionView *self)
{
  g_return_if_fail (EXPLORER_IS_DEFINITION_VIEW (self));

  if (self->member == NULL)
    return;

  gtk_stack_set_visible_child_name (self->view_stack, "source");
  place_cursor (self, varlink_member_get_line (self->member), 1, TRUE);
}

const char *
explorer_definition_view_get_page (ExplorerDefinitionView *self)
{
  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    return "empty";

  return gtk_stack_get_visible_child_name (self->view_stack);
}

char *
explorer_definition_view_dup_text (ExplorerDefinitionView *self)
{
  const char *page;

  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), NULL);

  page = explorer_definition_view_get_page (self);

  if (g_strcmp0 (page, "source") == 0)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
      return gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);
    }

  if (g_strcmp0 (page, "overview") == 0 && self->member != NULL)
    return varlink_member_format (self->member);

  return NULL;
}

guint
explorer_definition_view_get_cursor_line (ExplorerDefinitionView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), 0);

  buffer = get_buffer (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter) + 1;
}

guint
explorer_definition_view_get_cursor_column (ExplorerDefinitionView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), 0);

  buffer = get_buffer (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line_offset (&iter) + 1;
}

static GStrv
dup_strv (GPtrArray *array)
{
  GStrv strv = g_new0 (char *, array->len + 1);

  for (guint i = 0; i < array->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (array, i));

  return strv;
}

GStrv
explorer_definition_view_dup_links (ExplorerDefinitionView *self)
{
  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), NULL);

  return dup_strv (self->links);
}

GStrv
explorer_definition_view_dup_used_by (ExplorerDefinitionView *self)
{
  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), NULL);

  return dup_strv (self->used_by);
}

void
explorer_definition_view_activate_link (ExplorerDefinitionView *self,
                                        const char             *name)
{
  g_autofree char *full_name = NULL;

  g_return_if_fail (EXPLORER_IS_DEFINITION_VIEW (self));
  g_return_if_fail (name != NULL);

  if (self->interface == NULL)
    return;

  full_name = g_strconcat (varlink_interface_get_name (self->interface), ".", name, NULL);
  g_signal_emit (self, signals[NAVIGATE], 0, full_name);
}

guint
explorer_definition_view_get_n_problems (ExplorerDefinitionView *self)
{
  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), 0);

  return self->diagnostics ? self->diagnostics->len : 0;
}

void
explorer_definition_view_activate_problem (ExplorerDefinitionView *self,
                                           guint                   index)
{
  const VarlinkDiagnostic *diagnostic;

  g_return_if_fail (EXPLORER_IS_DEFINITION_VIEW (self));

  if (self->diagnostics == NULL || index >= self->diagnostics->len)
    return;

  diagnostic = g_ptr_array_index (self->diagnostics, index);
  gtk_stack_set_visible_child_name (self->view_stack, "source");
  place_cursor (self, diagnostic->line, diagnostic->column, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

GtkBox *
explorer_definition_view_get_extra_area (ExplorerDefinitionView *self)
{
  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), NULL);

  return self->extra_area;
}

void
explorer_definition_view_set_service (ExplorerDefinitionView *self,
                                      ExplorerService        *service)
{
  g_return_if_fail (EXPLORER_IS_DEFINITION_VIEW (self));
  g_return_if_fail (service == NULL || EXPLORER_IS_SERVICE (service));

  g_set_object (&self->service, service);
}

ExplorerCallPage *
explorer_definition_view_get_call_page (ExplorerDefinitionView *self)
{
  g_return_val_if_fail (EXPLORER_IS_DEFINITION_VIEW (self), NULL);

  return self->call_page;
}

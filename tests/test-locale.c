/* test-locale.c: the window in German and in Simplified Chinese shows the translations
 * built into BUILDDIR/po, and none of the English they replace (needs a display: run under
 * xvfb-run). The argument (de or zh_CN) becomes LANGUAGE; LC_ALL stays C.UTF-8, with which
 * glibc's gettext honours LANGUAGE (it ignores it only for "C"), so that no locale needs to
 * be generated.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "explorer-tree-item.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

typedef struct
{
  const char *english;
  const char *de;
  const char *zh_CN;
} Expected;

/* A label of the sidebar (.ui), the empty page's title (.ui, inside AdwStatusPage). */
static const Expected window_labels[] = {
  { "Services", "Dienste", "服务" },
  { "No Service Selected", "Kein Dienst ausgewählt", "未选择服务" },
};

/* The tooltip of the sidebar's icon-only refresh button (.ui). */
static const Expected refresh_tooltip =
  { "Look for Services Again", "Erneut nach Diensten suchen", "重新查找服务" };

/* The group rows under an interface in the tree (C). */
static const Expected tree_groups[] = {
  { "Methods", "Methoden", "方法" },
  { "Types", "Typen", "类型" },
  { "Errors", "Fehler", "错误" },
};

static const char *
language (void)
{
  return g_getenv ("LANGUAGE");
}

static const char *
translated (const Expected *expected)
{
  if (g_strcmp0 (language (), "de") == 0)
    return expected->de;
  if (g_strcmp0 (language (), "zh_CN") == 0)
    return expected->zh_CN;
  g_assert_not_reached ();
}

static gboolean
find_tooltip (GtkWidget  *widget,
              const char *text)
{
  if (gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (find_tooltip (child, text))
        return TRUE;
    }

  return FALSE;
}

static gboolean
tree_has_row (GListModel *tree,
              guint       depth,
              const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (tree); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, i);
      ExplorerTreeItem *item = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) == depth &&
          g_strcmp0 (explorer_tree_item_get_title (item), title) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The catalogue itself, before any widget: a failure here means it was not found or not
 * built, not that a view forgot to translate. */
static void
test_catalogue (void)
{
  g_autofree char *replies = NULL;

  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Services"), ==, translated (&window_labels[0]));
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Methods"), ==, translated (&tree_groups[0]));

  replies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reply", "%u replies", 3), 3);
  if (g_strcmp0 (language (), "de") == 0)
    g_assert_cmpstr (replies, ==, "3 Antworten");
  else
    g_assert_cmpstr (replies, ==, "3 条回复");
}

static void
test_window (void)
{
  ExplorerWindow *window = explorer_window_new (NULL);
  ExplorerService *service;
  GListModel *tree;

  gtk_window_present (GTK_WINDOW (window));
  explorer_test_iterate_for (300);

  for (guint i = 0; i < G_N_ELEMENTS (window_labels); i++)
    {
      g_test_message ("label %s", translated (&window_labels[i]));
      g_assert_true (explorer_test_find_label (GTK_WIDGET (window), translated (&window_labels[i])));
      g_assert_false (explorer_test_find_label (GTK_WIDGET (window), window_labels[i].english));
    }

  g_assert_true (find_tooltip (GTK_WIDGET (window), translated (&refresh_tooltip)));
  g_assert_false (find_tooltip (GTK_WIDGET (window), refresh_tooltip.english));

  explorer_test_save_screenshot (window, language ());

  /* Strings set from C once a service is read. */
  explorer_window_open_demo (window);
  service = explorer_window_get_service (window);
  explorer_test_wait_until_settled (service, 20);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_READY);
  /* Selecting a member expands its interface. */
  g_assert_true (explorer_window_select (window, "org.example.demo.Count"));
  explorer_test_iterate_for (300);

  tree = explorer_window_get_tree (window);
  for (guint i = 0; i < G_N_ELEMENTS (tree_groups); i++)
    {
      g_test_message ("tree row %s", translated (&tree_groups[i]));
      g_assert_true (tree_has_row (tree, 1, translated (&tree_groups[i])));
      g_assert_false (tree_has_row (tree, 1, tree_groups[i].english));
    }

  explorer_test_save_screenshot (window, language ());
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int n_args = 1;

  /* The language is the one argument that is not an option of GTest. */
  g_unsetenv ("LANGUAGE");
  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "de") == 0 || g_strcmp0 (argv[i], "zh_CN") == 0)
        g_setenv ("LANGUAGE", argv[i], TRUE);
      else
        argv[n_args++] = argv[i];
    }
  argv[n_args] = NULL;
  argc = n_args;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (language () == NULL)
    {
      g_printerr ("usage: test-locale [GTEST-OPTION…] de|zh_CN\n");
      return 2;
    }

  /* What main.c does, with the catalogues of the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() asks for en_US.UTF-8 (which falls back to "C" where it is not
   * generated); the app runs in the user's locale, which is C.UTF-8 here. */
  g_assert_nonnull (setlocale (LC_ALL, ""));
  adw_init ();

  g_test_add_func ("/locale/catalogue", test_catalogue);
  g_test_add_func ("/locale/window", test_window);

  return g_test_run ();
}

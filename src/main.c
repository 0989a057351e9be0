/* main.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "explorer-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ExplorerApplication) application = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* Lets a build tree's catalogues (BUILDDIR/po) be used before they are installed. */
  localedir = g_getenv ("VARLINK_EXPLORER_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = explorer_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}

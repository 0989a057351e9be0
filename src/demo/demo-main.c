/* demo-main.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "demo-service.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) addresses = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VarlinkService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  gboolean activated;
  const GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &addresses,
      N_("Listen on ADDRESS (unix:/path, unix:@name, tcp:host:port); may be repeated"),
      N_("ADDRESS") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("The demo service of Varlink Explorer: org.example.demo, which "
                                  "shows every kind of Varlink call, and org.varlink.certification."));
  g_option_context_set_description (context,
                                    _("Give at least one --address, or start the service through "
                                          "socket activation (LISTEN_FDS), for example with the "
                                          "address exec:varlink-explorer-demo."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }

  service = demo_service_new (&error);
  if (service == NULL)
    {
      g_printerr (_("%s: the service could not be set up: %s\n"), g_get_prgname (), error->message);
      return 1;
    }

  activated = varlink_service_listen_activation (service, &error);
  if (error != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      if (!varlink_service_listen (service, addresses[i], &error))
        {
          g_printerr (_("%s: cannot listen on %s: %s\n"), g_get_prgname (), addresses[i],
                      error->message);
          return 1;
        }
    }

  if (!activated && (addresses == NULL || addresses[0] == NULL))
    {
      g_printerr (_("%s: no address to listen on. Give one with --address, for example "
                    "--address unix:/tmp/demo.sock, or start the service through socket "
                    "activation. See --help.\n"), g_get_prgname ());
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
